import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeScan } from '../../../../../main/services/hardware/normalize';
import { tableLookup } from '../../../../../main/services/hardware/scan';
import { FIXTURES, fixtureJson, fixtureText, rawScan, rawScanFromFixture } from '../../../../helpers/fixtures';
import type { SiSnapshot } from '../../../../../main/services/hardware/raw-scan';

interface Expected {
  readonly gpus: readonly {
    readonly name: string;
    readonly vendor: string;
    readonly kind: string;
    readonly vramTotalBytes: number | null;
    readonly vramSource: string | null;
    readonly usedForOffload: boolean;
  }[];
  readonly ramTotalBytes: number;
  readonly nvidiaSmiHangs?: boolean;
}

const machines = readdirSync(join(FIXTURES, 'hardware')).filter((m) => {
  try {
    fixtureJson('hardware', m, 'expected.json');
    return true;
  } catch {
    return false;
  }
});

describe('every recorded machine normalizes to the facts its README documents', () => {
  it('has the machines the issue lists', () => {
    expect(machines.length).toBeGreaterThanOrEqual(10);
  });

  for (const machine of machines) {
    it(machine, () => {
      const expected = fixtureJson<Expected>('hardware', machine, 'expected.json');
      const warnings = expected.nvidiaSmiHangs ? ['nvidia-smi did not answer within 4000 ms'] : [];
      const profile = normalizeScan(rawScanFromFixture(machine, warnings), tableLookup);
      expect(profile.memory.totalBytes.value).toBe(expected.ramTotalBytes);
      const actual = profile.gpus.map((g) => ({
        vendor: g.vendor,
        kind: g.kind,
        vramTotalBytes: g.vramTotalBytes?.value ?? null,
        vramSource: g.vramTotalBytes?.source ?? null,
        usedForOffload: g.usedForOffload,
      }));
      const wanted = expected.gpus.map((g) => ({
        vendor: g.vendor,
        kind: g.kind,
        vramTotalBytes: g.vramTotalBytes,
        vramSource: g.vramSource,
        usedForOffload: g.usedForOffload,
      }));
      const byKey = (a: { vendor: string; kind: string }, b: { vendor: string; kind: string }) => `${a.vendor}${a.kind}`.localeCompare(`${b.vendor}${b.kind}`);
      expect([...actual].sort(byKey)).toEqual([...wanted].sort(byKey));
      for (const g of expected.gpus.filter((x) => x.kind !== 'integrated')) {
        const found = profile.gpus.find((x) => x.vendor === g.vendor && x.kind === g.kind);
        const key = g.name.replace(/\(.*\)|NVIDIA |AMD |Intel\(R\) |\(R\)/g, '').trim().split(' ').slice(0, 3).join(' ');
        expect(found?.name.value, machine).toContain(key.split(' ')[0]);
      }
      if (expected.nvidiaSmiHangs) expect(profile.warnings.join(' ')).toContain('nvidia-smi');
    });
  }
});

describe('RAM bandwidth from the memory layout', () => {
  const cases: [string, number, string][] = [
    ['windows-laptop-intel-igpu-rtx-4060', 83.2e9, 'DDR5-5200, 2 channels: Win32_PhysicalMemory'],
    ['linux-rx-7900-xtx', 96e9, 'DDR5 configured at 6000 MT/s (EXPO), 2 channels: udev DMI'],
    ['linux-strix-halo', 256e9, 'LPDDR5X-8000 on a 256-bit bus'],
    ['linux-two-nvidia', 51.2e9, 'DDR4-3200, 2 channels'],
  ];
  for (const [machine, bytesPerSec, why] of cases) {
    it(`${machine}: ${why}`, () => {
      const profile = normalizeScan(rawScanFromFixture(machine), tableLookup);
      expect(profile.memory.bandwidthBytesPerSec?.value).toBeCloseTo(bytesPerSec, -6);
      expect(profile.memory.bandwidthBytesPerSec?.source).toBe('os');
    });
  }

  it('Apple Silicon takes the chip table bandwidth of its GPU bin (M3 Max 40-core: 400 GB/s)', () => {
    const profile = normalizeScan(rawScanFromFixture('macos-m3-max'), tableLookup);
    expect(profile.memory.bandwidthBytesPerSec).toMatchObject({ value: 400e9, source: 'spec table' });
  });

  // The scan reports the chip name and the GPU core count (system_profiler sppci_cores); the pair picks the bin.
  // The M3 Max recording with its chip and core count rewritten, as a binned M3 / M4 / M5 Max reports itself.
  const binned = (chip: string, cores: number) => {
    const swap = (text: string) => text.replaceAll('Apple M3 Max', `Apple ${chip}`).replaceAll('"M3 Max"', `"${chip}"`).replace(/("(?:sppci_)?cores"\s*:\s*)"40"/g, `$1"${cores}"`);
    const si = JSON.parse(swap(fixtureText('hardware', 'macos-m3-max', 'systeminformation.json'))) as SiSnapshot;
    const scan = rawScan({ si, appleSysctl: swap(fixtureText('hardware', 'macos-m3-max', 'sysctl.txt')), appleDisplays: swap(fixtureText('hardware', 'macos-m3-max', 'system-profiler-displays.json')) });
    return normalizeScan(scan, tableLookup);
  };

  it.each([
    ['M3 Max', 30, 'apple-m3-max-30-core-gpu', 300e9],
    ['M3 Max', 40, 'apple-m3-max-40-core-gpu', 400e9],
    ['M4 Max', 32, 'apple-m4-max-32-core-gpu', 410e9],
    ['M4 Max', 40, 'apple-m4-max-40-core-gpu', 546e9],
    ['M5 Max', 32, 'apple-m5-max-32-core-gpu', 460.8e9],
    ['M5 Max', 40, 'apple-m5-max', 614e9],
  ])('a binned %s with a %i-core GPU gets its own entry and bandwidth', (chip, cores, id, bytesPerSec) => {
    const profile = binned(chip, cores);
    expect(profile.gpus[0]?.specId).toBe(id);
    expect(profile.gpus[0]?.bandwidthBytesPerSec?.value).toBeCloseTo(bytesPerSec, -6);
    expect(profile.memory.bandwidthBytesPerSec).toMatchObject({ value: bytesPerSec, source: 'spec table' });
  });
});
