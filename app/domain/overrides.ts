import type { GpuDevice, HardwareProfile, Sourced } from './hardware';
import { ownValue } from '../catalog/own-key';

/** Hardware values a user can correct. GPU fields name the GPU by its key (bus id, else name and position). */
export const MEMORY_OVERRIDE_FIELDS = ['totalBytes', 'availableBytes', 'bandwidthBytesPerSec'] as const;
export const GPU_OVERRIDE_FIELDS = ['vramTotalBytes', 'vramFreeBytes', 'bandwidthBytesPerSec', 'fp16FlopsPerSec'] as const;
export type MemoryOverrideField = (typeof MEMORY_OVERRIDE_FIELDS)[number];
export type GpuOverrideField = (typeof GPU_OVERRIDE_FIELDS)[number];

export interface GpuOverrides {
  readonly vramTotalBytes?: number | undefined;
  readonly vramFreeBytes?: number | undefined;
  readonly bandwidthBytesPerSec?: number | undefined;
  readonly fp16FlopsPerSec?: number | undefined;
  /** The GPU table entry the user picked for this card. */
  readonly specId?: string | undefined;
  /** Whether the planner may offload to this GPU. */
  readonly usedForOffload?: boolean | undefined;
}

export interface HardwareOverrides {
  readonly memory: { readonly [K in MemoryOverrideField]?: number | undefined };
  readonly cpuCores?: number | undefined;
  readonly cpuClockHz?: number | undefined;
  readonly gpus: Readonly<Record<string, GpuOverrides>>;
}

export const NO_OVERRIDES: HardwareOverrides = { memory: {}, gpus: {} };

/** A key that finds the same GPU in the next scan: its bus id, else its name and position among GPUs of that name. */
export function gpuKey(gpu: GpuDevice, all: readonly GpuDevice[]): string {
  if (gpu.busId) return `bus:${gpu.busId.toLowerCase()}`;
  const same = all.filter((g) => g.name.value === gpu.name.value);
  return `name:${gpu.name.value}#${same.indexOf(gpu)}`;
}

function user(value: number, was: Sourced<number> | null): Sourced<number> {
  return { value, source: 'user', confidence: 'high', detail: was ? `was ${was.value} from ${was.source}` : 'set by the user' };
}

export interface SpecFacts {
  readonly id: string;
  readonly name: string;
  readonly bandwidthBytesPerSec: number;
  readonly fp16FlopsPerSec: number | null;
}

/**
 * Applies the user's corrections to a scanned profile: each corrected value becomes source "user"
 * and remembers what it replaced. Overrides for GPUs that are no longer present are ignored. Pure.
 */
export function applyOverrides(profile: HardwareProfile, o: HardwareOverrides, specOf: (id: string) => SpecFacts | null): HardwareProfile {
  const m = profile.memory;
  const memory = {
    ...m,
    totalBytes: o.memory.totalBytes !== undefined ? user(o.memory.totalBytes, m.totalBytes) : m.totalBytes,
    availableBytes: o.memory.availableBytes !== undefined ? user(o.memory.availableBytes, m.availableBytes) : m.availableBytes,
    bandwidthBytesPerSec:
      o.memory.bandwidthBytesPerSec !== undefined ? user(o.memory.bandwidthBytesPerSec, m.bandwidthBytesPerSec) : m.bandwidthBytesPerSec,
  };
  const gpus = profile.gpus.map((g) => {
    const go = ownValue(o.gpus, gpuKey(g, profile.gpus));
    if (!go) return g;
    const spec = go.specId ? specOf(go.specId) : null;
    let next: GpuDevice = g;
    if (spec) {
      next = {
        ...next,
        specId: spec.id,
        bandwidthBytesPerSec: { value: spec.bandwidthBytesPerSec, source: 'spec table', confidence: 'medium', detail: `${spec.name}, picked by the user` },
        fp16FlopsPerSec: spec.fp16FlopsPerSec === null ? null : { value: spec.fp16FlopsPerSec, source: 'spec table', confidence: 'medium', detail: `${spec.name}, picked by the user` },
      };
    }
    return {
      ...next,
      vramTotalBytes: go.vramTotalBytes !== undefined ? user(go.vramTotalBytes, next.vramTotalBytes) : next.vramTotalBytes,
      vramFreeBytes: go.vramFreeBytes !== undefined ? user(go.vramFreeBytes, next.vramFreeBytes) : next.vramFreeBytes,
      bandwidthBytesPerSec: go.bandwidthBytesPerSec !== undefined ? user(go.bandwidthBytesPerSec, next.bandwidthBytesPerSec) : next.bandwidthBytesPerSec,
      fp16FlopsPerSec: go.fp16FlopsPerSec !== undefined ? user(go.fp16FlopsPerSec, next.fp16FlopsPerSec) : next.fp16FlopsPerSec,
      usedForOffload: go.usedForOffload ?? next.usedForOffload,
    };
  });
  const cpu = {
    ...profile.cpu,
    ...(o.cpuCores !== undefined ? { physicalCores: user(o.cpuCores, profile.cpu.physicalCores) } : {}),
    ...(o.cpuClockHz !== undefined ? { clockHz: user(o.cpuClockHz, profile.cpu.clockHz ?? null) } : {}),
  };
  return { ...profile, memory, gpus, cpu };
}

/** One correction from the UI; `value: null` removes that correction. */
export type OverrideChange =
  | { readonly kind: 'memory'; readonly field: MemoryOverrideField; readonly value: number | null }
  | { readonly kind: 'cpuCores'; readonly value: number | null }
  | { readonly kind: 'cpuClock'; readonly value: number | null }
  | { readonly kind: 'gpu'; readonly gpuKey: string; readonly field: GpuOverrideField; readonly value: number | null }
  | { readonly kind: 'gpuSpec'; readonly gpuKey: string; readonly specId: string | null }
  | { readonly kind: 'gpuOffload'; readonly gpuKey: string; readonly usedForOffload: boolean | null };

function without<T extends object, K extends keyof T>(o: T, key: K): T {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

/** The overrides after one change. Pure. */
export function changeOverrides(o: HardwareOverrides, c: OverrideChange): HardwareOverrides {
  switch (c.kind) {
    case 'memory':
      return { ...o, memory: c.value === null ? without(o.memory, c.field) : { ...o.memory, [c.field]: c.value } };
    case 'cpuCores':
      return c.value === null ? without(o, 'cpuCores') : { ...o, cpuCores: c.value };
    case 'cpuClock':
      return c.value === null ? without(o, 'cpuClockHz') : { ...o, cpuClockHz: c.value };
    case 'gpu':
    case 'gpuSpec':
    case 'gpuOffload': {
      const current = ownValue(o.gpus, c.gpuKey) ?? {};
      let next: GpuOverrides;
      if (c.kind === 'gpu') next = c.value === null ? without(current, c.field) : { ...current, [c.field]: c.value };
      else if (c.kind === 'gpuSpec') next = c.specId === null ? without(current, 'specId') : { ...current, specId: c.specId };
      else next = c.usedForOffload === null ? without(current, 'usedForOffload') : { ...current, usedForOffload: c.usedForOffload };
      const gpus = { ...o.gpus, [c.gpuKey]: next };
      return { ...o, gpus: Object.keys(next).length === 0 ? without(gpus, c.gpuKey) : gpus };
    }
  }
}
