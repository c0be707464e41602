import type { GpuVendor, ValueSource } from '../../../app/domain/hardware';

/**
 * What one probe saw of one GPU, before the observations of all probes are merged into GpuDevice
 * entries (one physical GPU seen by several probes is one GPU). Every field is null when that probe
 * cannot tell. Parsers in ./parsers/ turn raw probe output into these; they are pure.
 */
export interface GpuObservation {
  readonly source: ValueSource;
  /** The command or file it came from, for the UI's "where did this come from". */
  readonly detail: string;
  readonly name: string | null;
  readonly vendor: GpuVendor | null;
  /** PCI vendor:device, lowercase hex, e.g. "1002:744c". */
  readonly pciId: string | null;
  /** PCI bus address normalized to "dddd:bb:dd.f", lowercase, e.g. "0000:03:00.0". */
  readonly busId: string | null;
  /** Dedicated memory of the GPU (VRAM, or the BIOS carve-out of an APU). */
  readonly vramTotalBytes: number | null;
  readonly vramUsedBytes: number | null;
  readonly vramFreeBytes: number | null;
  /** System memory the GPU may also map (Linux GTT, Windows shared GPU memory). */
  readonly sharedMemoryBytes: number | null;
  /** True for an iGPU/APU, false for a discrete card, null when unknown. */
  readonly integrated: boolean | null;
  /** True when this reading is known to be capped or wrong (Windows AdapterRAM at 4 GB, a PCI BAR size). */
  readonly untrustedVram: boolean;
  readonly driverVersion: string | null;
  readonly computeCapability: string | null;
  /** Apple: GPU core count (selects the bandwidth bin in the GPU table). */
  readonly gpuCores: number | null;
}

/** What a probe saw of the system memory (for RAM bandwidth). */
export interface MemoryObservation {
  readonly source: ValueSource;
  readonly detail: string;
  /** DDR4, DDR5, LPDDR5, LPDDR5X, ... */
  readonly type: string | null;
  /** Configured (not rated) transfer rate, MT/s. */
  readonly configuredMts: number | null;
  /** Populated DIMM / memory-device count. */
  readonly modules: number | null;
  /** Total data width of one module in bits when known (64 for a DIMM; LPDDR packages vary). */
  readonly dataWidthBits: number | null;
  readonly totalBytes: number | null;
}

/** Apple Silicon facts from sysctl and system_profiler. */
export interface AppleObservation {
  readonly detail: string;
  /** "Apple M3 Max" */
  readonly chip: string;
  readonly gpuCores: number | null;
  readonly ramBytes: number;
  /** sysctl iogpu.wired_limit_mb; null or 0 when unset. */
  readonly wiredLimitMb: number | null;
}

export function emptyObservation(source: ValueSource, detail: string): GpuObservation {
  return {
    source,
    detail,
    name: null,
    vendor: null,
    pciId: null,
    busId: null,
    vramTotalBytes: null,
    vramUsedBytes: null,
    vramFreeBytes: null,
    sharedMemoryBytes: null,
    integrated: null,
    untrustedVram: false,
    driverVersion: null,
    computeCapability: null,
    gpuCores: null,
  };
}
