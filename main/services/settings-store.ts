import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { hardwareOverridesSchema } from '../../app/api/schemas';
import { NO_OVERRIDES } from '../../app/domain/overrides';
import type { HardwareOverrides } from '../../app/domain/overrides';
import { writeFileAtomic } from './atomic-write';

const settingsFileSchema = z.object({ schemaVersion: z.literal(1), overrides: hardwareOverridesSchema });

export interface LoadedSettings {
  readonly overrides: HardwareOverrides;
  readonly notice: string | null;
}

/**
 * The user's settings in `<dir>/settings.json`, written atomically. A missing file means defaults; a
 * file that is not valid JSON or not our schema is renamed aside (never deleted) and defaults are used,
 * with a notice for the user.
 */
export class SettingsStore {
  readonly path: string;
  private readonly now: () => Date;

  constructor(dir: string, now: () => Date = () => new Date()) {
    this.path = join(dir, 'settings.json');
    this.now = now;
  }

  async load(): Promise<LoadedSettings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { overrides: NO_OVERRIDES, notice: null };
      return { overrides: NO_OVERRIDES, notice: `Settings could not be read (${(e as Error).message}); defaults are in use.` };
    }
    let problem: string;
    try {
      const parsed = settingsFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { overrides: parsed.data.overrides, notice: null };
      problem = `it does not match the settings format (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`;
    } catch (e) {
      problem = `it is not valid JSON (${(e as Error).message})`;
    }
    const aside = `${this.path}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(this.path, aside);
      return { overrides: NO_OVERRIDES, notice: `Your settings file was unreadable: ${problem}. It was kept as ${aside}; defaults are in use.` };
    } catch (e) {
      return { overrides: NO_OVERRIDES, notice: `Your settings file was unreadable: ${problem}, and could not be set aside (${(e as Error).message}). Defaults are in use.` };
    }
  }

  async save(overrides: HardwareOverrides): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify({ schemaVersion: 1, overrides }, null, 2)}\n`);
  }
}
