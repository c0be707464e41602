import { describe, expect, it } from 'vitest';
import type { MemoryObservation } from '../../../../../../main/services/hardware/observations';
import { parseUdevDmi, ramBandwidthFromLayout } from '../../../../../../main/services/hardware/parsers/dmi-memory';
import { fixtureText } from '../../../../../helpers/fixtures';

const GiB = 1024 ** 3;
const dmi = (machine: string): MemoryObservation | null => parseUdevDmi(fixtureText('hardware', machine, 'udev-dmi.txt'));

describe('parseUdevDmi', () => {
  it('reads four DDR4 DIMMs at their configured (not rated) speed', () => {
    expect(dmi('linux-two-nvidia')).toEqual({
      source: 'os',
      detail: '/run/udev/data/+dmi:id',
      type: 'DDR4',
      configuredMts: 3200,
      modules: 4,
      dataWidthBits: 64,
      totalBytes: 64 * GiB,
    });
  });

  it('skips empty slots (PRESENT=0)', () => {
    expect(dmi('linux-rx-7900-xtx')).toMatchObject({ type: 'DDR5', configuredMts: 6000, modules: 2, totalBytes: 64 * GiB });
  });

  it('reads soldered LPDDR5 packages', () => {
    expect(dmi('linux-strix-halo')).toMatchObject({ type: 'LPDDR5', configuredMts: 8000, modules: 8, dataWidthBits: 32, totalBytes: 128 * GiB });
  });

  it('accepts udevadm output with "E: " and bare KEY=VALUE lines', () => {
    expect(parseUdevDmi('E: MEMORY_DEVICE_1_SIZE=17179869184\nMEMORY_DEVICE_1_TYPE=DDR4\nE: MEMORY_DEVICE_1_CONFIGURED_SPEED_MTS=3000')).toMatchObject({
      type: 'DDR4',
      configuredMts: 3000,
      modules: 1,
      totalBytes: 16 * GiB,
    });
  });

  it('gives null for a VM, garbage or truncated input', () => {
    expect(parseUdevDmi('')).toBeNull();
    expect(parseUdevDmi('E:MEMORY_ARRAY_NUM_DEVICES=1\nE:MEMORY_DEVICE_0_PRESENT=0\n')).toBeNull();
    expect(parseUdevDmi('E:MEMORY_DEVICE_0_SIZE=abc\nE:MEMORY_DEVICE_0_TYPE=DDR5')).toBeNull();
    expect(parseUdevDmi('E:MEMORY_DEVICE_0_SIZE=17179869184\nE:MEMORY_DEVICE_0_TYPE=Unknown\nE:MEMORY_DEVICE_0_CONFIG')).toMatchObject({ type: null, configuredMts: null });
    expect(parseUdevDmi(null as unknown as string)).toBeNull();
  });
});

describe('ramBandwidthFromLayout', () => {
  const obs = (o: Partial<MemoryObservation>): MemoryObservation => ({
    source: 'os', detail: 'test', type: 'DDR5', configuredMts: 5600, modules: 2, dataWidthBits: 64, totalBytes: 32 * GiB, ...o,
  });

  it('counts 2 channels on a desktop with 4 DIMMs (DDR4-3200: 51.2 GB/s)', () => {
    const layout = dmi('linux-two-nvidia');
    expect(layout).not.toBeNull();
    expect(ramBandwidthFromLayout(layout as MemoryObservation, 'desktop')?.bytesPerSec).toBe(51.2e9);
  });

  it('DDR5-6000 dual channel is 96 GB/s; one DIMM is one channel', () => {
    expect(ramBandwidthFromLayout(dmi('linux-rx-7900-xtx') as MemoryObservation, 'desktop')?.bytesPerSec).toBe(96e9);
    expect(ramBandwidthFromLayout(obs({ modules: 1 }), 'laptop')?.bytesPerSec).toBe(44.8e9);
  });

  it('counts one channel per DIMM on a server', () => {
    expect(ramBandwidthFromLayout(obs({ type: 'DDR5', configuredMts: 4800, modules: 12 }), 'server')?.bytesPerSec).toBe(12 * 8 * 4800e6);
  });

  it('uses the bus width for LPDDR (Strix Halo 256-bit LPDDR5X-8000 = 256 GB/s, Lunar Lake 128-bit 8533 = 136.5 GB/s)', () => {
    const r = ramBandwidthFromLayout(dmi('linux-strix-halo') as MemoryObservation, 'laptop');
    expect(r?.bytesPerSec).toBe(256e9);
    expect(r?.explanation).toContain('256-bit');
    expect(ramBandwidthFromLayout(obs({ type: 'LPDDR5X', configuredMts: 8533, modules: 8, dataWidthBits: 16 }), 'laptop')?.bytesPerSec).toBeCloseTo(136.528e9, -6);
  });

  it('gives null when type, speed or LPDDR width is missing', () => {
    expect(ramBandwidthFromLayout(obs({ type: null }), 'desktop')).toBeNull();
    expect(ramBandwidthFromLayout(obs({ configuredMts: null }), 'desktop')).toBeNull();
    expect(ramBandwidthFromLayout(obs({ type: 'LPDDR5', dataWidthBits: null }), 'laptop')).toBeNull();
    expect(ramBandwidthFromLayout(obs({ type: 'HBM3' }), 'server')).toBeNull();
    expect(ramBandwidthFromLayout(obs({ configuredMts: Number.NaN }), 'desktop')).toBeNull();
  });
});
