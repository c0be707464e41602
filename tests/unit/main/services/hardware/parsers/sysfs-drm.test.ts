import { describe, expect, it } from 'vitest';
import { emptyObservation } from '../../../../../../main/services/hardware/observations';
import { parseSysfsDrm, type SysfsDrmCard } from '../../../../../../main/services/hardware/parsers/sysfs-drm';
import { fixtureJson } from '../../../../../helpers/fixtures';

const cards = (machine: string): SysfsDrmCard[] => fixtureJson<SysfsDrmCard[]>('hardware', machine, 'sysfs-drm.json');
const MiB = 1024 * 1024;

describe('parseSysfsDrm', () => {
  it('reads the RX 7900 XTX from amdgpu sysfs (24 GB, not the 32 GB BAR) and flags the Raphael iGPU as integrated', () => {
    expect(parseSysfsDrm(cards('linux-rx-7900-xtx'))).toEqual([
      {
        ...emptyObservation('sysfs', '/sys/class/drm/card1/device (amdgpu)'),
        vendor: 'amd',
        pciId: '1002:744c',
        busId: '0000:03:00.0',
        vramTotalBytes: 25753026560,
        vramUsedBytes: 1119043584,
        vramFreeBytes: 25753026560 - 1119043584,
        sharedMemoryBytes: 33671925760,
        integrated: false,
      },
      {
        ...emptyObservation('sysfs', '/sys/class/drm/card2/device (amdgpu)'),
        vendor: 'amd',
        pciId: '1002:164e',
        busId: '0000:13:00.0',
        vramTotalBytes: 512 * MiB,
        vramUsedBytes: 32858112,
        vramFreeBytes: 512 * MiB - 32858112,
        sharedMemoryBytes: 33671925760,
        integrated: true,
      },
    ]);
  });

  it('reads the Strix Halo carve-out and GTT and knows the APU by its device id despite 4 GiB of VRAM', () => {
    const [gpu, ...rest] = parseSysfsDrm(cards('linux-strix-halo'));
    expect(rest).toEqual([]);
    expect(gpu).toMatchObject({ pciId: '1002:1586', busId: '0000:c3:00.0', vramTotalBytes: 4294967296, sharedMemoryBytes: 103079215104, integrated: true });
  });

  it('lists NVIDIA cards without inventing memory, and skips connector entries', () => {
    const gpus = parseSysfsDrm(cards('linux-two-nvidia'));
    expect(gpus.map((g) => [g.pciId, g.busId, g.vramTotalBytes, g.integrated, g.vendor])).toEqual([
      ['10de:2204', '0000:01:00.0', null, null, 'nvidia'],
      ['10de:2504', '0000:05:00.0', null, null, 'nvidia'],
    ]);
    expect(parseSysfsDrm(cards('linux-nvidia-smi-hangs'))).toHaveLength(1);
  });

  it('reads Intel xe per-tile physical VRAM; i915 without it is discrete by id, an iGPU is integrated', () => {
    const gpus = parseSysfsDrm([
      { card: 'card0', files: { vendor: '0x8086', device: '0xe20b', uevent: 'DRIVER=xe\nPCI_SLOT_NAME=0000:03:00.0', 'tile0/physical_vram_size_bytes': '12884901888\n' } },
      { card: 'card1', files: { vendor: '0x8086', device: '0x56a0', uevent: 'DRIVER=i915\nPCI_SLOT_NAME=0000:04:00.0' } },
      { card: 'card2', files: { vendor: '0x8086', device: '0xa7a0', uevent: 'DRIVER=i915\nPCI_SLOT_NAME=0000:00:02.0' } },
    ]);
    expect(gpus.map((g) => [g.vendor, g.vramTotalBytes, g.integrated])).toEqual([
      ['intel', 12884901888, false],
      ['intel', null, false],
      ['intel', null, true],
    ]);
  });

  it('knows the 2026 Battlemage G31 cards (Arc Pro B70 e223, B65 e222) and the last G21 ids (e215, e216) as discrete', () => {
    const gpus = parseSysfsDrm(
      ['0xe223', '0xe222', '0xe216', '0xe215', '0xe224', '0xe217'].map((device, i) => ({
        card: `card${i}`,
        files: { vendor: '0x8086', device, uevent: `DRIVER=xe\nPCI_SLOT_NAME=0000:0${i}:00.0` },
      })),
    );
    // Ids outside Linux's INTEL_BMG_IDS (e217, e224) stay integrated, as every unlisted Intel display device.
    expect(gpus.map((g) => g.integrated)).toEqual([false, false, false, false, true, true]);
  });

  it('gives nothing for garbage, empty or truncated input, and never throws', () => {
    expect(parseSysfsDrm([])).toEqual([]);
    expect(parseSysfsDrm([{ card: 'card0', files: {} }])).toEqual([]);
    expect(parseSysfsDrm([{ card: 'card0', files: { vendor: 'garbage' } }])).toEqual([]);
    expect(parseSysfsDrm([{ card: 'card0-DP-1', files: { vendor: '0x1002' } }])).toEqual([]);
    expect(parseSysfsDrm(null as unknown as SysfsDrmCard[])).toEqual([]);
    expect(parseSysfsDrm([null, { card: 3 }, { card: 'card0' }] as unknown as SysfsDrmCard[])).toEqual([]);
    const [truncated] = parseSysfsDrm([{ card: 'card0', files: { vendor: '0x1002', mem_info_vram_total: '2575302', mem_info_vram_used: 'x' } }]);
    expect(truncated).toMatchObject({ vramTotalBytes: 2575302, vramUsedBytes: null, vramFreeBytes: null, pciId: null, busId: null });
  });

  it('does not mutate its input', () => {
    const input = cards('linux-rx-7900-xtx');
    const copy = structuredClone(input);
    parseSysfsDrm(input);
    expect(input).toEqual(copy);
  });
});
