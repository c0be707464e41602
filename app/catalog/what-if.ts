import { err, ok } from '../api/result';
import type { Result } from '../api/result';
import type { GpuDevice, HardwareProfile } from '../domain/hardware';
import { appleGpuBudgetBytes } from './apple-budget';
import { llamaCppFp16Flops } from './gpu-compute';
import { matchGpu } from './gpu-match';
import type { GpuIndex } from './gpu-match';

const GIB = 1024 ** 3;

export interface WhatIfSpec {
  /** GPU or chip names as a person types them ("RTX 4070 Laptop", "Apple M3 Max 40-core GPU"); repeat a name for several cards. */
  readonly gpuNames: readonly string[];
  /** System RAM; for Apple and other unified chips, the unified memory size. */
  readonly ramBytes: number;
  /** VRAM when the card comes in several sizes (default: the largest option). */
  readonly vramBytes?: number | undefined;
  readonly ramBandwidthBytesPerSec?: number | undefined;
  readonly cpuCores?: number | undefined;
  /** CPU base clock in Hz, for CPU prompt and generation speed. */
  readonly cpuClockHz?: number | undefined;
  readonly label?: string | undefined;
}

/**
 * Builds a hardware profile from the GPU table without scanning ("RTX 4070 Laptop + 32 GB"). Every
 * value says where it came from: the table, or the user. An unknown name is an error, never a guess.
 */
export function profileFromSpec(index: GpuIndex, spec: WhatIfSpec, capturedAt: string): Result<HardwareProfile> {
  if (!Number.isFinite(spec.ramBytes) || spec.ramBytes <= 0) return err('IMPOSSIBLE_VALUE', 'RAM must be a positive size.');
  const gpus: GpuDevice[] = [];
  let unifiedChip = false;
  for (const [i, name] of spec.gpuNames.entries()) {
    const gpu = matchGpu(index, name);
    if (!gpu) return err('UNKNOWN_GPU', `"${name}" is not in the GPU table. Run "llm-sizer gpus" to list the known names.`);
    const unified = gpu.unifiedMemory;
    const fp16 = llamaCppFp16Flops(gpu);
    unifiedChip ||= unified;
    const options = gpu.memoryGiB.map((g) => g * GIB);
    let vram: number;
    if (unified) {
      // Apple: macOS's GPU working-set default. An x86 APU on Linux: the TTM default of half the RAM
      // (ttm_global_init; raised with ttm.pages_limit). GB10 and other unified SoCs: the whole RAM.
      vram =
        gpu.vendor === 'apple'
          ? appleGpuBudgetBytes(spec.ramBytes, null)
          : gpu.segment === 'apu'
            ? Math.floor(spec.ramBytes / 2)
            : spec.ramBytes;
    } else if (spec.vramBytes !== undefined) {
      vram = spec.vramBytes;
    } else {
      vram = Math.max(...options);
    }
    gpus.push({
      id: `gpu${i}`,
      name: { value: gpu.name, source: 'spec table', confidence: 'high' },
      vendor: gpu.vendor,
      kind: gpu.vendor === 'apple' || gpu.vendor === 'qualcomm' ? 'unified' : unified ? 'integrated' : 'discrete',
      vramTotalBytes: {
        value: vram,
        source: unified ? 'estimated' : spec.vramBytes !== undefined ? 'user' : 'spec table',
        confidence: unified ? 'medium' : 'high',
        detail: !unified
          ? undefined
          : gpu.vendor === 'apple'
            ? 'macOS default GPU working-set limit for this RAM size'
            : gpu.segment === 'apu'
              ? 'Linux TTM default: half of the RAM (raise with ttm.pages_limit)'
              : 'unified memory: the whole RAM',
      },
      vramFreeBytes: null,
      sharedMemoryBytes: null,
      bandwidthBytesPerSec: { value: gpu.bandwidthGBps * 1e9, source: 'spec table', confidence: 'medium', detail: gpu.name },
      fp16FlopsPerSec: fp16 === null ? null : { value: fp16.flopsPerSec, source: 'spec table', confidence: 'medium', detail: fp16.detail },
      specId: gpu.id,
      busId: null,
      driverVersion: null,
      computeCapability: gpu.computeCapability,
      usedForOffload: true,
    });
  }
  const firstUnified = gpus.find((g) => g.kind !== 'discrete');
  const ramBandwidth =
    spec.ramBandwidthBytesPerSec !== undefined
      ? { value: spec.ramBandwidthBytesPerSec, source: 'user' as const, confidence: 'high' as const }
      : unifiedChip && firstUnified?.bandwidthBytesPerSec
        ? { ...firstUnified.bandwidthBytesPerSec }
        : null;
  const cores = spec.cpuCores ?? 8;
  return ok({
    schemaVersion: 1,
    capturedAt,
    label: spec.label ?? [...spec.gpuNames, `${Math.round(spec.ramBytes / GIB)} GB RAM`].join(' + '),
    os: { platform: 'what-if', release: '', arch: 'unknown', virtual: false },
    cpu: {
      name: { value: 'Unspecified CPU', source: 'user', confidence: 'low' },
      vendor: '',
      physicalCores: { value: cores, source: spec.cpuCores !== undefined ? 'user' : 'estimated', confidence: 'low' },
      logicalCores: { value: cores, source: spec.cpuCores !== undefined ? 'user' : 'estimated', confidence: 'low' },
      isa: ['avx2'],
      arch: 'unknown',
      clockHz: spec.cpuClockHz !== undefined ? { value: spec.cpuClockHz, source: 'user', confidence: 'medium' } : null,
    },
    memory: {
      totalBytes: { value: spec.ramBytes, source: 'user', confidence: 'high' },
      availableBytes: { value: Math.floor(spec.ramBytes * 0.9), source: 'estimated', confidence: 'low', detail: '90% of RAM: the OS and apps keep the rest' },
      bandwidthBytesPerSec: ramBandwidth,
      type: null,
    },
    gpus,
    warnings: [],
  });
}
