import { readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { backendCalibrationSchema } from '../../../app/api/schemas';
import type { BackendCalibration } from '../../../app/domain/calibration';
import { writeFileAtomic } from '../atomic-write';

const fileSchema = z.object({ schemaVersion: z.literal(1), entries: z.array(backendCalibrationSchema).max(64) });

/** A calibration file is a few KB; anything past this is not ours. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface LoadedCalibration {
  readonly entries: readonly BackendCalibration[];
  readonly notice: string | null;
  /** False when the file exists but could not be read: it is left alone and nothing is saved over it. */
  readonly writable: boolean;
}

/** How many measurements are kept (newest first): the machine's backends, and a few stale ones to show. */
const KEEP = 16;

/**
 * The machine's measurements in `<config dir>/calibration.json`, beside settings.json: written atomically, one change at
 * a time (load, apply and save are serialized, so concurrent saves never lose one). A file that was read and is
 * invalid is renamed aside (never deleted); one that cannot be read (permissions, a directory, too large) is left alone
 * and saving is refused with a clear message.
 */
export class CalibrationStore {
  readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  constructor(dir: string, now: () => Date = () => new Date()) {
    this.path = join(dir, 'calibration.json');
    this.now = now;
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const next = this.queue.then(f, f);
    this.queue = next.catch(() => undefined);
    return next;
  }

  load(): Promise<LoadedCalibration> {
    return this.serial(() => this.read());
  }

  private async read(): Promise<LoadedCalibration> {
    let text: string;
    try {
      const s = await stat(this.path);
      if (!s.isFile()) return { entries: [], notice: `${this.path} is not a regular file; measurements are not used or saved.`, writable: false };
      if (s.size > MAX_FILE_BYTES) return { entries: [], notice: `${this.path} is over ${MAX_FILE_BYTES / 1024 / 1024} MB; it was left alone and measurements are not saved.`, writable: false };
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], notice: null, writable: true };
      return { entries: [], notice: `Measurements could not be read (${(e as Error).message}); they were left alone and are not used.`, writable: false };
    }
    let problem: string;
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { entries: parsed.data.entries, notice: null, writable: true };
      problem = `it does not match the format (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`;
    } catch (e) {
      problem = `it is not valid JSON (${(e as Error).message})`;
    }
    const aside = `${this.path}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(this.path, aside);
      return { entries: [], notice: `The measurements file was unreadable: ${problem}. It was kept as ${aside}.`, writable: true };
    } catch (e) {
      return { entries: [], notice: `The measurements file was unreadable: ${problem}, and could not be set aside (${(e as Error).message}).`, writable: false };
    }
  }

  /** Applies `change` to the stored entries and saves the result, serialized with every other load and save. */
  update(change: (entries: readonly BackendCalibration[]) => readonly BackendCalibration[]): Promise<readonly BackendCalibration[]> {
    return this.serial(async () => {
      const loaded = await this.read();
      if (!loaded.writable) throw new Error(loaded.notice ?? `${this.path} cannot be written`);
      const next = [...change(loaded.entries)].sort((a, b) => (a.measuredAt < b.measuredAt ? 1 : -1)).slice(0, KEEP);
      await writeFileAtomic(this.path, `${JSON.stringify({ schemaVersion: 1, entries: next }, null, 2)}\n`);
      return next;
    });
  }

  /** Stores a new measurement, replacing the one of the same backend on the same hardware. */
  add(entry: BackendCalibration): Promise<readonly BackendCalibration[]> {
    return this.update((entries) => [entry, ...entries.filter((e) => !(e.backend === entry.backend && e.hardwareKey === entry.hardwareKey))]);
  }

  /** Forgets every measurement. */
  reset(): Promise<readonly BackendCalibration[]> {
    return this.update(() => []);
  }
}
