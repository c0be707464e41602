import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BandwidthCache } from '../../../../../main/services/hardware/bandwidth-cache';

const NOW = new Date('2026-11-28T12:00:00Z');

describe('BandwidthCache', () => {
  it('returns what was stored for the same machine', async () => {
    const cache = new BandwidthCache(mkdtempSync(join(tmpdir(), 'sizer-bw-')));
    expect(await cache.get('EPYC|24GiB', NOW)).toBeNull();
    await cache.put('EPYC|24GiB', 7.5e10, NOW);
    expect(await cache.get('EPYC|24GiB', NOW)).toEqual({ bytesPerSec: 7.5e10, measuredAt: NOW.toISOString() });
  });

  it('measures again for other memory, after 30 days, or when the file is corrupt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-bw-'));
    const cache = new BandwidthCache(dir);
    await cache.put('EPYC|24GiB', 7.5e10, NOW);
    expect(await cache.get('EPYC|48GiB', NOW)).toBeNull();
    expect(await cache.get('EPYC|24GiB', new Date(NOW.getTime() + 31 * 86_400_000))).toBeNull();
    writeFileSync(join(dir, 'ram-bandwidth.json'), '{"machine": "EPYC|24GiB", "bytesPerSec": -1');
    expect(await cache.get('EPYC|24GiB', NOW)).toBeNull();
  });

  it('a cache that cannot be written is no error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sizer-bw-')), 'a-file');
    writeFileSync(file, 'x');
    await expect(new BandwidthCache(file).put('m', 1e10, NOW)).resolves.toBeUndefined();
  });
});
