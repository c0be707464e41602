import { rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { err, errorMessage, ok } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import { hardwareOverridesSchema } from '../../app/api/schemas';
import { NO_OVERRIDES } from '../../app/domain/overrides';
import type { HardwareOverrides } from '../../app/domain/overrides';
import { makeDirectories, removeStaleTemporaryFiles, writeFileAtomic } from './atomic-write';
import { readSmallTextFile } from './read-small-file';
import { removeStaleLock, withFileLock } from './file-lock';

/** A settings file holds a few corrections: anything past this is not ours, and is not read into memory. */
export const MAX_SETTINGS_BYTES = 1024 * 1024;

const settingsFileSchema = z.looseObject({ schemaVersion: z.literal(1), overrides: hardwareOverridesSchema });
const KNOWN_SECTIONS = new Set(['schemaVersion', 'overrides']);

/** The sections of settings.json this version understands. */
export interface Settings {
  readonly overrides: HardwareOverrides;
}

export interface LoadedSettings extends Settings {
  /** Something the user should know (a file set aside, a file that cannot be read). */
  readonly notice: string | null;
  /** False when the file exists but cannot be read: corrections are then refused, never written over it. */
  readonly writable: boolean;
}

/** Where the user's settings live: settings.json, or memory only (the CLI's what-if runs, tests). */
export interface SettingsStorage {
  readonly path: string;
  load(): Promise<LoadedSettings>;
  /**
   * The one way to change settings: load → apply `fn` → save, serialized with every other load and update of
   * this store, so no acknowledged change is lost and the file always holds the last acknowledged state.
   */
  update(fn: (current: Settings) => Settings): Promise<Result<Settings>>;
}

const DEFAULTS: Settings = { overrides: NO_OVERRIDES };

/** Runs jobs one after another, each starting when the previous has settled. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

interface ReadState extends LoadedSettings {
  /** Top-level sections this version does not know, kept as they were. */
  readonly unknown: readonly (readonly [string, unknown])[];
}

/**
 * The user's settings in `<dir>/settings.json`, written atomically. A missing file means defaults. A file
 * that was read and is not valid JSON or not our schema is renamed aside (never deleted) and defaults are
 * used, with a notice. A file that exists but cannot be read (permissions, a folder, a FIFO, over
 * {@link MAX_SETTINGS_BYTES}) is left alone: defaults are shown and corrections are refused with the reason.
 * Top-level sections this version does not know are written back unchanged.
 */
export class SettingsStore implements SettingsStorage {
  readonly path: string;
  private readonly now: () => Date;
  private readonly queue = new Queue();
  /** The notice of a file set aside in this run: it stays visible after the next (clean) read. */
  private setAsideNotice: string | null = null;
  private cleaned = false;

  constructor(dir: string, now: () => Date = () => new Date()) {
    this.path = join(dir, 'settings.json');
    this.now = now;
  }

  load(): Promise<LoadedSettings> {
    return this.queue.run(async () => {
      const { unknown: _, ...loaded } = await this.read();
      return loaded;
    });
  }

  update(fn: (current: Settings) => Settings): Promise<Result<Settings>> {
    // the queue orders this process's updates; the lock file keeps another process's out of the same window
    return this.queue.run(async () => {
      try {
        await makeDirectories(dirname(this.path));
        return await withFileLock(this.lockPath, async () => {
          const current = await this.read();
          if (!current.writable) return err<Settings>('READ_FAILED', current.notice ?? `${this.path} cannot be read.`);
          const next = fn({ overrides: current.overrides });
          await writeFileAtomic(this.path, serialize(next, current.unknown));
          return ok(next);
        });
      } catch (e) {
        return err<Settings>('WRITE_FAILED', `The correction was not saved to ${this.path}: ${errorMessage(e)}`);
      }
    });
  }

  private get lockPath(): string {
    return `${this.path}.lock`;
  }

  private async read(): Promise<ReadState> {
    if (!this.cleaned) {
      this.cleaned = true;
      await removeStaleTemporaryFiles(this.path);
      await removeStaleTemporaryFiles(this.lockPath);
      await removeStaleLock(this.lockPath);
    }
    const text = await readSmallTextFile(this.path, MAX_SETTINGS_BYTES);
    if (text.kind === 'missing') return { ...DEFAULTS, notice: this.setAsideNotice, writable: true, unknown: [] };
    if (text.kind === 'unreadable') {
      return {
        ...DEFAULTS,
        notice: `Your settings file ${this.path} cannot be read (${text.reason}); defaults are in use and corrections are not saved until it is fixed or moved.`,
        writable: false,
        unknown: [],
      };
    }
    let problem: string;
    try {
      const json: unknown = JSON.parse(text.text);
      const parsed = settingsFileSchema.safeParse(json);
      if (parsed.success) {
        const unknown = Object.entries(json as Record<string, unknown>).filter(([k]) => !KNOWN_SECTIONS.has(k));
        return { overrides: parsed.data.overrides, notice: this.setAsideNotice, writable: true, unknown };
      }
      problem = `it does not match the settings format (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`;
    } catch (e) {
      problem = `it is not valid JSON (${errorMessage(e)})`;
    }
    const aside = `${this.path}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(this.path, aside);
    } catch (e) {
      return {
        ...DEFAULTS,
        notice: `Your settings file was unreadable: ${problem}, and could not be set aside (${errorMessage(e)}). Defaults are in use and corrections are not saved.`,
        writable: false,
        unknown: [],
      };
    }
    this.setAsideNotice = `Your settings file was unreadable: ${problem}. It was kept as ${aside}; defaults are in use.`;
    return { ...DEFAULTS, notice: this.setAsideNotice, writable: true, unknown: [] };
  }
}

/** Corrections for this run only, with the same serialized update as the file store. */
export class MemorySettings implements SettingsStorage {
  readonly path = '(not saved: this run only)';
  private settings: Settings = DEFAULTS;
  private readonly queue = new Queue();

  load(): Promise<LoadedSettings> {
    return this.queue.run(() => Promise.resolve({ ...this.settings, notice: null, writable: true }));
  }

  update(fn: (current: Settings) => Settings): Promise<Result<Settings>> {
    return this.queue.run(() => {
      this.settings = fn(this.settings);
      return Promise.resolve(ok(this.settings));
    });
  }
}

function serialize(settings: Settings, unknown: readonly (readonly [string, unknown])[]): string {
  // fromEntries defines own properties: a section named __proto__ is kept as data, not taken as a prototype
  const file = Object.fromEntries([['schemaVersion', 1], ['overrides', settings.overrides], ...unknown]);
  return `${JSON.stringify(file, null, 2)}\n`;
}
