import { describe, expect, it } from 'vitest';
import { NVIDIA_SMI_FIELDS, parseNvidiaSmi } from '../../../../../main/services/hardware/nvidia-smi';

describe('parseNvidiaSmi', () => {
  it('reads our own query', () => {
    const rows = parseNvidiaSmi('0, NVIDIA H200, 00000000:00:06.0, 143771, 616, 0, 143156, 9.0, 580.159.04\n', NVIDIA_SMI_FIELDS);
    expect(rows).toEqual([
      {
        index: 0,
        name: 'NVIDIA H200',
        busId: '00000000:00:06.0',
        memoryTotalMiB: 143771,
        memoryReservedMiB: 616,
        memoryUsedMiB: 0,
        memoryFreeMiB: 143156,
        computeCapability: '9.0',
        driverVersion: '580.159.04',
      },
    ]);
  });

  it('turns [N/A] memory (GB10 unified memory) into null, not a number', () => {
    const rows = parseNvidiaSmi('0, NVIDIA GB10, 0000000F:01:00.0, [N/A], [N/A], [N/A], [N/A], 12.1, 580.95.05', NVIDIA_SMI_FIELDS);
    expect(rows[0]?.memoryTotalMiB).toBeNull();
    expect(rows[0]?.memoryFreeMiB).toBeNull();
  });

  it('ignores error text and truncated lines instead of inventing GPUs', () => {
    expect(parseNvidiaSmi('NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver.', NVIDIA_SMI_FIELDS)).toEqual([]);
    expect(parseNvidiaSmi('0, NVIDIA H200, 00000000:00:06.0', NVIDIA_SMI_FIELDS)).toEqual([]);
    expect(parseNvidiaSmi('', NVIDIA_SMI_FIELDS)).toEqual([]);
  });

  it('rejects negative or non-numeric memory', () => {
    const rows = parseNvidiaSmi('0, NVIDIA X, 00000000:01:00.0, -5, 0, 0, abc, 8.9, 1', NVIDIA_SMI_FIELDS);
    expect(rows[0]?.memoryTotalMiB).toBeNull();
    expect(rows[0]?.memoryFreeMiB).toBeNull();
  });
});
