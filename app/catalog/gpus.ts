import gpuTable from '../../resources/gpus.json';
import { gpuTableSchema } from './gpu-schema';
import type { GpuSpec } from './gpu-schema';
import { buildGpuIndex } from './gpu-match';
import type { GpuIndex } from './gpu-match';

let cached: GpuIndex | null = null;

/** The GPU and chip table from resources/gpus.json, validated once. */
export function gpuIndex(): GpuIndex {
  if (cached === null) cached = buildGpuIndex(gpuTableSchema.parse(gpuTable).gpus);
  return cached;
}

export function allGpus(): readonly GpuSpec[] {
  return gpuIndex().all;
}
