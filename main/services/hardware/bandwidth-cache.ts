import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write';

/** How long a measured RAM bandwidth is reused: the memory of a machine rarely changes. */
export const BANDWIDTH_CACHE_DAYS = 30;

const cacheSchema = z.object({ machine: z.string(), bytesPerSec: z.number().positive(), measuredAt: z.string() });

export interface CachedBandwidth {
  readonly bytesPerSec: number;
  readonly measuredAt: string;
}

/**
 * The last measured RAM copy bandwidth of this machine, kept beside the settings so later scans (and every
 * CLI call) need not spend ~250 ms measuring again. Keyed by CPU and RAM size, so new memory is measured anew.
 */
export class BandwidthCache {
  private readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, 'ram-bandwidth.json');
  }

  async get(machine: string, now: Date): Promise<CachedBandwidth | null> {
    try {
      const parsed = cacheSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (!parsed.success || parsed.data.machine !== machine) return null;
      const age = now.getTime() - Date.parse(parsed.data.measuredAt);
      if (!(age >= 0) || age > BANDWIDTH_CACHE_DAYS * 86_400_000) return null;
      return { bytesPerSec: parsed.data.bytesPerSec, measuredAt: parsed.data.measuredAt };
    } catch {
      return null; // missing or unreadable: measure again
    }
  }

  async put(machine: string, bytesPerSec: number, now: Date): Promise<void> {
    try {
      await writeFileAtomic(this.path, `${JSON.stringify({ machine, bytesPerSec, measuredAt: now.toISOString() }, null, 2)}\n`);
    } catch {
      // a cache that cannot be written only costs the next scan a measurement
    }
  }
}
