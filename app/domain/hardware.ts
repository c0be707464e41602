import type { ProfileCalibration } from './calibration';

/**
 * The normalized description of a machine. Every measured or looked-up value carries its source,
 * so the UI can show where a number came from and the user can correct it.
 */
export const VALUE_SOURCES = [
  'systeminformation',
  'nvidia-smi',
  'registry',
  'sysfs',
  'system_profiler',
  'sysctl',
  'llama-server',
  'os',
  'spec table',
  'measured',
  'user',
  'estimated',
] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

export type Confidence = 'high' | 'medium' | 'low';

export interface Sourced<T> {
  readonly value: T;
  readonly source: ValueSource;
  readonly confidence: Confidence;
  /** Free text: the command, file or table entry the value was read from. */
  readonly detail?: string | undefined;
}

export type GpuVendor = 'nvidia' | 'amd' | 'intel' | 'apple' | 'qualcomm' | 'other';
/** discrete: own VRAM; integrated: shares system RAM (iGPU / APU); unified: Apple-style SoC memory. */
export type GpuKind = 'discrete' | 'integrated' | 'unified';

export interface GpuDevice {
  /** Stable within one profile: "gpu0", "gpu1", ... */
  readonly id: string;
  readonly name: Sourced<string>;
  readonly vendor: GpuVendor;
  readonly kind: GpuKind;
  readonly vramTotalBytes: Sourced<number> | null;
  readonly vramFreeBytes: Sourced<number> | null;
  /** System memory an integrated GPU may also map (Linux GTT): with its carve-out, what it can hold. */
  readonly sharedMemoryBytes: Sourced<number> | null;
  readonly bandwidthBytesPerSec: Sourced<number> | null;
  /** Dense FP16 matrix throughput, FLOP/s. */
  readonly fp16FlopsPerSec: Sourced<number> | null;
  /** Id of the matching entry in the GPU table, or null when the card is unknown. */
  readonly specId: string | null;
  readonly busId: string | null;
  readonly driverVersion: string | null;
  readonly computeCapability: string | null;
  /** False for an iGPU listed beside a discrete GPU: shown, but not planned on. */
  readonly usedForOffload: boolean;
}

export interface CpuInfo {
  readonly name: Sourced<string>;
  readonly vendor: string;
  readonly physicalCores: Sourced<number>;
  readonly logicalCores: Sourced<number>;
  /** Instruction-set extensions that matter to llama.cpp's CPU backend: avx, avx2, fma, f16c, avx512f, avx512_vnni, avx512_bf16, amx, neon, sve, dotprod, i8mm. */
  readonly isa: readonly string[];
  readonly arch: string;
  /**
   * The CPU's base clock (Hz): what its cores sustain under an all-core vector load, the rate llama.cpp's CPU
   * kernels run at. Null where the OS reports none (VMs report 0); absent in profiles saved before it existed.
   */
  readonly clockHz?: Sourced<number> | null | undefined;
}

export interface MemoryInfo {
  readonly totalBytes: Sourced<number>;
  readonly availableBytes: Sourced<number>;
  readonly bandwidthBytesPerSec: Sourced<number> | null;
  readonly type: Sourced<string> | null;
}

export interface OsInfo {
  readonly platform: string;
  readonly release: string;
  readonly arch: string;
  readonly virtual: boolean;
}

export interface HardwareProfile {
  readonly schemaVersion: 1;
  /** ISO 8601 time of the scan. */
  readonly capturedAt: string;
  /** Human label: the host description, or the name of a loaded profile. */
  readonly label: string;
  readonly os: OsInfo;
  readonly cpu: CpuInfo;
  readonly memory: MemoryInfo;
  readonly gpus: readonly GpuDevice[];
  /** Problems met while probing (a timed-out probe, a value that made no sense). */
  readonly warnings: readonly string[];
  /** Speed corrections measured on this machine with real llama.cpp (`llm-sizer bench`); absent when never measured. */
  readonly calibration?: ProfileCalibration | undefined;
}
