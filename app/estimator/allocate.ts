import type { ModelArchitecture } from '../domain/model';
import type { PlanDevice } from './devices';
import { denseAt, expertsAt } from './weights';
import type { WeightPrefix } from './weights';

/** What one layout puts where: layers [firstGpuLayer, layers) on the GPUs, the rest on the CPU. */
export interface Layout {
  /** Layers on GPUs (llama.cpp -ngl counts the output layer as one more). */
  readonly gpuLayers: number;
  readonly outputOnGpu: boolean;
  /** Of the GPU layers, how many keep their routed experts on the CPU (--n-cpu-moe, counted from layer 0). */
  readonly cpuMoeLayers: number;
  /** Bytes per device, index-aligned with the devices list. */
  readonly deviceBytes: readonly number[];
  /** Layers per device. */
  readonly deviceLayers: readonly number[];
  readonly cpuBytes: number;
}

export interface LayerCosts {
  readonly layerBytes: readonly number[];
  readonly layerExpertBytes: readonly number[];
  readonly layerKvBytes: readonly number[];
  readonly outputBytes: number;
  /**
   * What the output layer adds when it stays in host memory: a tied embedding is the same mmap'd matrix as
   * token_embd there (only a GPU needs its own copy), so only output_norm and the like.
   */
  readonly outputHostBytes: number;
  readonly tokenEmbdBytes: number;
  readonly gpuComputeMainBytes: number;
  readonly gpuComputeOtherBytes: number;
  /** Host compute buffer: the full graph when CPU-only, the logits too when the output stays on the CPU. */
  readonly hostComputeBytes: number;
  readonly logitsBytes: number;
  readonly visionBytes: number;
  /** Sums over layers [0, i) (length layers + 1) of dense weight and routed-expert bytes, and of KV bytes. */
  readonly prefixWeights: WeightPrefix;
  readonly prefixKvBytes: readonly number[];
}

/** One GPU or none: the same placement as layoutFor, from prefix sums in constant time. */
function singleDeviceLayout(L: number, device: PlanDevice | undefined, costs: LayerCosts, gpuLayers: number, cpuMoeLayers: number, marginBytes: number): Layout | null {
  const n = device ? Math.min(gpuLayers, L) : 0;
  const outputOnGpu = device !== undefined && gpuLayers > L;
  const first = L - n;
  const w = costs.prefixWeights;
  const kv = costs.prefixKvBytes;
  // Weights and KV of layers [0, first) and [0, L), from the prefix sums (no closures: this runs in binary searches).
  const below = denseAt(w, first) + expertsAt(w, first) + (kv[first] ?? 0);
  const all = denseAt(w, L) + expertsAt(w, L) + (kv[L] ?? 0);
  const expertsOnCpu = cpuMoeLayers > first ? expertsAt(w, Math.min(cpuMoeLayers, L)) - expertsAt(w, first) : 0;
  let gpu = all - below - expertsOnCpu;
  let cpu = costs.tokenEmbdBytes + below + expertsOnCpu;
  if (outputOnGpu) {
    gpu += costs.outputBytes + costs.gpuComputeMainBytes + costs.visionBytes;
    cpu += costs.hostComputeBytes;
  } else {
    cpu += costs.outputHostBytes + costs.logitsBytes + costs.hostComputeBytes + costs.visionBytes;
    if (n > 0) gpu += costs.gpuComputeOtherBytes;
  }
  if (!device) return { gpuLayers: 0, outputOnGpu: false, cpuMoeLayers, deviceBytes: [], deviceLayers: [], cpuBytes: cpu };
  if (gpu > device.capacityBytes - marginBytes) return null;
  return { gpuLayers, outputOnGpu, cpuMoeLayers, deviceBytes: [gpu], deviceLayers: [n], cpuBytes: cpu };
}

/**
 * Places layers the way llama.cpp does with -ngl N: the last N layers go to the GPUs (the output layer
 * only when N = layers + 1). With several GPUs the layers are split so that each GPU's bytes follow its room
 * (capacity less its fixed buffers): by bytes, not by layer count, so the light layers whose experts stay on
 * the CPU (--n-cpu-moe) do not leave the first GPU half empty. The split is printed as -ts (launch.ts).
 * Returns null when a GPU overflows.
 */
export function layoutFor(
  arch: ModelArchitecture,
  devices: readonly PlanDevice[],
  costs: LayerCosts,
  gpuLayers: number,
  cpuMoeLayers: number,
  /** Bytes to keep free on every GPU (llama.cpp's --fit margin for partial offloads). */
  marginBytes = 0,
): Layout | null {
  const L = arch.layers;
  if (devices.length <= 1) return singleDeviceLayout(L, devices[0], costs, gpuLayers, cpuMoeLayers, marginBytes);
  const n = Math.min(gpuLayers, L);
  const outputOnGpu = gpuLayers > L;
  const first = L - n;
  const last = devices.length - 1;
  const deviceBytes = devices.map(() => 0);
  const deviceLayers = devices.map(() => 0);
  let cpuBytes = costs.tokenEmbdBytes;
  // What each GPU holds besides its layers, and the room left for layers.
  const fixed = devices.map((_, i) => (outputOnGpu && i === last ? costs.outputBytes + costs.gpuComputeMainBytes + costs.visionBytes : costs.gpuComputeOtherBytes));
  const room = devices.map((d, i) => Math.max(0, d.capacityBytes - marginBytes - (fixed[i] ?? 0)));
  const totalRoom = room.reduce((a, b) => a + b, 0);
  let layerTotal = 0;
  for (let i = first; i < L; i++) {
    const expertsOnCpu = i < cpuMoeLayers ? (costs.layerExpertBytes[i] ?? 0) : 0;
    layerTotal += (costs.layerBytes[i] ?? 0) + (costs.layerKvBytes[i] ?? 0) - expertsOnCpu;
  }
  // Contiguous runs: a layer goes to the device whose cumulative share of the layer bytes its midpoint falls in.
  let deviceIndex = 0;
  let cumulativeTarget = totalRoom > 0 ? ((room[0] ?? 0) / totalRoom) * layerTotal : layerTotal;
  let placed = 0;
  for (let i = 0; i < L; i++) {
    const layer = (costs.layerBytes[i] ?? 0) + (costs.layerKvBytes[i] ?? 0);
    if (i < first) {
      cpuBytes += layer;
      continue;
    }
    const expertsOnCpu = i < cpuMoeLayers ? (costs.layerExpertBytes[i] ?? 0) : 0;
    const onGpu = layer - expertsOnCpu;
    while (deviceIndex < last && placed + onGpu / 2 > cumulativeTarget) {
      deviceIndex++;
      cumulativeTarget += totalRoom > 0 ? ((room[deviceIndex] ?? 0) / totalRoom) * layerTotal : 0;
    }
    deviceBytes[deviceIndex] = (deviceBytes[deviceIndex] ?? 0) + onGpu;
    deviceLayers[deviceIndex] = (deviceLayers[deviceIndex] ?? 0) + 1;
    cpuBytes += expertsOnCpu;
    placed += onGpu;
  }
  const used = deviceLayers.map((c) => c > 0);
  if (outputOnGpu) {
    deviceBytes[last] = (deviceBytes[last] ?? 0) + costs.outputBytes + costs.gpuComputeMainBytes + costs.visionBytes;
    used[last] = true;
    cpuBytes += costs.hostComputeBytes;
  } else {
    cpuBytes += costs.outputHostBytes + costs.logitsBytes + costs.hostComputeBytes + costs.visionBytes;
  }
  for (let i = 0; i < devices.length; i++) {
    if (used[i] && !(outputOnGpu && i === last)) deviceBytes[i] = (deviceBytes[i] ?? 0) + costs.gpuComputeOtherBytes;
  }
  for (let i = 0; i < devices.length; i++) {
    if ((deviceBytes[i] ?? 0) > (devices[i]?.capacityBytes ?? 0) - marginBytes) return null;
  }
  return { gpuLayers, outputOnGpu, cpuMoeLayers, deviceBytes, deviceLayers, cpuBytes };
}
