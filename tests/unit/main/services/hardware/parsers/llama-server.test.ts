import { describe, expect, it } from 'vitest';
import { emptyObservation } from '../../../../../../main/services/hardware/observations';
import { parseLlamaServerDevices } from '../../../../../../main/services/hardware/parsers/llama-server';
import { fixtureText } from '../../../../../helpers/fixtures';

const MiB = 1024 * 1024;

describe('parseLlamaServerDevices', () => {
  it('reads the CUDA device after the header, not the ggml_cuda_init log above it', () => {
    expect(parseLlamaServerDevices(fixtureText('hardware', 'windows-rtx-4090', 'llama-server-list-devices.txt'))).toEqual([
      {
        ...emptyObservation('llama-server', 'llama-server --list-devices (CUDA0)'),
        name: 'NVIDIA GeForce RTX 4090',
        vendor: 'nvidia',
        vramTotalBytes: 24563 * MiB,
        vramFreeBytes: 22994 * MiB,
        vramUsedBytes: (24563 - 22994) * MiB,
      },
    ]);
  });

  it('reads a ROCm device', () => {
    const [gpu] = parseLlamaServerDevices(fixtureText('hardware', 'linux-rx-7900-xtx', 'llama-server-list-devices.txt'));
    expect(gpu).toMatchObject({ name: 'AMD Radeon RX 7900 XTX', vendor: 'amd', vramTotalBytes: 24560 * MiB, vramFreeBytes: 23492 * MiB });
  });

  it('reads Vulkan, Metal and RPC devices and names with parentheses', () => {
    const text = [
      'Available devices:',
      '  Vulkan0: AMD Radeon RX 6600M (8176 MiB, 8176 MiB free)',
      '  Vulkan1: Intel(R) Arc(TM) A770 Graphics (DG2) (16225 MiB, 16225 MiB free)',
      '  MTL0: Apple M3 Max (110100 MiB, 110100 MiB free)',
      '  RPC[10.0.0.2:50052]: RPC[10.0.0.2:50052] (24000 MiB, 23000 MiB free)',
    ].join('\n');
    expect(parseLlamaServerDevices(text).map((g) => [g.detail, g.name, g.vendor, g.vramTotalBytes])).toEqual([
      ['llama-server --list-devices (Vulkan0)', 'AMD Radeon RX 6600M', 'amd', 8176 * MiB],
      ['llama-server --list-devices (Vulkan1)', 'Intel(R) Arc(TM) A770 Graphics (DG2)', 'intel', 16225 * MiB],
      ['llama-server --list-devices (MTL0)', 'Apple M3 Max', 'apple', 110100 * MiB],
    ]);
  });

  it('keeps the reported free value out of used when free exceeds total (the 5090 UMA bug, llama.cpp #17536)', () => {
    const [gpu] = parseLlamaServerDevices('Available devices:\n  CUDA0: NVIDIA GeForce RTX 5090 (32106 MiB, 55372 MiB free)\n');
    expect(gpu).toMatchObject({ vramTotalBytes: 32106 * MiB, vramFreeBytes: null, vramUsedBytes: null });
  });

  it('gives nothing for no devices, garbage or truncated output', () => {
    expect(parseLlamaServerDevices('Available devices:\n  (none)\n')).toEqual([]);
    expect(parseLlamaServerDevices('')).toEqual([]);
    expect(parseLlamaServerDevices('  CUDA0: NVIDIA GeForce RTX 4090 (24563 MiB, 22994 MiB free)')).toEqual([]); // no header
    expect(parseLlamaServerDevices('Available devices:\n  CUDA0: NVIDIA GeForce RTX 4090 (24563 MiB, 229')).toEqual([]);
    expect(parseLlamaServerDevices('error: unknown argument: --list-devices\n')).toEqual([]);
    expect(parseLlamaServerDevices(42 as unknown as string)).toEqual([]);
  });
});
