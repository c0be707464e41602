import type { ModelArchitecture } from '../domain/model';
import type { SpeedEstimate } from '../domain/estimate';
import type { Layout } from './allocate';
import type { PlanCpu, PlanDevice } from './devices';
import { computeEfficiency } from './devices';
import { BACKEND_SPEED, DISK_BYTES_PER_SEC, PCIE_BYTES_PER_SEC } from './speed-constants';
import type { WeightBreakdown } from './weights';
import type { KvCacheSize } from './kv-cache';

export interface SpeedInputs {
  readonly arch: ModelArchitecture;
  readonly weights: WeightBreakdown;
  readonly kv: KvCacheSize;
  readonly layout: Layout;
  readonly devices: readonly PlanDevice[];
  readonly cpu: PlanCpu;
  readonly depthTokens: number;
  readonly promptTokens: number;
  readonly ubatchTokens: number;
  /** Bytes that do not fit in RAM and are read from disk through mmap. */
  readonly diskBytes: number;
  readonly activeParams: number;
}

interface Share {
  weightBytes: number;
  kvBytesAtDepth: number;
  layers: number;
  attnFlopsPerToken: number;
  matmulParams: number;
  /** Full bytes of weights held here (all experts), for the PCIe copy during prompt processing. */
  heldWeightBytes: number;
}

function emptyShare(): Share {
  return { weightBytes: 0, kvBytesAtDepth: 0, layers: 0, attnFlopsPerToken: 0, matmulParams: 0, heldWeightBytes: 0 };
}

/**
 * Generation is bound by bytes read per token over each device's bandwidth (weights of the active
 * experts, plus the KV cache up to the current depth), plus a fixed per-layer cost; the devices run
 * one after another for each token. Prompt processing is bound by compute (2 FLOPs per active weight
 * per token plus attention), and weights held on the CPU cross PCIe once per ubatch.
 */
export function estimateSpeed(s: SpeedInputs): SpeedEstimate | null {
  const { arch, weights, kv, layout, devices, cpu } = s;
  const L = arch.layers;
  const first = L - Math.min(layout.gpuLayers, L);
  const share = arch.moe ? arch.moe.expertsPerToken / arch.moe.experts : 1;
  const gpuShares = devices.map(() => emptyShare());
  const cpuShare = emptyShare();
  const attnDim = arch.attentionHeads * (arch.mla ? arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim : arch.headDim);
  const avgPromptCtx = s.depthTokens + s.promptTokens / 2;
  let cursor = 0;
  let deviceIndex = 0;
  for (let i = 0; i < L; i++) {
    const dense = (weights.layerBytes[i] ?? 0) - (weights.layerExpertBytes[i] ?? 0);
    const experts = (weights.layerExpertBytes[i] ?? 0) * share;
    const cells = Math.min(kv.layerCells[i] ?? 0, Math.max(1, s.depthTokens));
    const kvRead = (kv.layerBytesPerCell[i] ?? 0) * cells;
    const attnCells = Math.min(kv.layerCells[i] ?? 0, avgPromptCtx);
    const attnFlops = (kv.layerBytesPerCell[i] ?? 0) > 0 ? 4 * attnDim * attnCells : 0;
    if (i < first || devices.length === 0) {
      cpuShare.weightBytes += dense + experts;
      cpuShare.heldWeightBytes += weights.layerBytes[i] ?? 0;
      cpuShare.kvBytesAtDepth += kvRead;
      cpuShare.layers++;
      cpuShare.attnFlopsPerToken += attnFlops;
      continue;
    }
    while (deviceIndex < devices.length - 1 && cursor >= (layout.deviceLayers[deviceIndex] ?? 0)) {
      deviceIndex++;
      cursor = 0;
    }
    const g = gpuShares[deviceIndex] ?? emptyShare();
    const expertsOnCpu = i < layout.cpuMoeLayers;
    g.weightBytes += dense + (expertsOnCpu ? 0 : experts);
    if (expertsOnCpu) {
      cpuShare.weightBytes += experts;
      cpuShare.heldWeightBytes += weights.layerExpertBytes[i] ?? 0;
    }
    g.kvBytesAtDepth += kvRead;
    g.layers++;
    g.attnFlopsPerToken += attnFlops;
    cursor++;
  }
  const outputReadBytes = weights.outputBytes;
  const lastGpu = gpuShares.length - 1;
  if (layout.outputOnGpu && lastGpu >= 0) (gpuShares[lastGpu] as Share).weightBytes += outputReadBytes;
  else cpuShare.weightBytes += outputReadBytes;

  let genSec = 0;
  let uncertainty = 0;
  let bound = 'CPU RAM bandwidth';
  let slowest = 0;
  for (const [i, g] of gpuShares.entries()) {
    if (g.layers === 0 && g.weightBytes === 0) continue;
    const d = devices[i];
    if (!d || d.bandwidthBytesPerSec === null) return null;
    const b = BACKEND_SPEED[d.backend];
    const t = (g.weightBytes + g.kvBytesAtDepth) / (d.bandwidthBytesPerSec * b.bandwidthEfficiency) + g.layers * b.perLayerSec;
    genSec += t;
    uncertainty = Math.max(uncertainty, b.uncertainty);
    if (t > slowest) {
      slowest = t;
      bound = `${d.name} memory bandwidth`;
    }
  }
  const cpuSpeed = BACKEND_SPEED.cpu;
  if (cpuShare.weightBytes > 0 || cpuShare.layers > 0) {
    const t =
      (cpuShare.weightBytes + cpuShare.kvBytesAtDepth) / (cpu.bandwidthBytesPerSec * cpuSpeed.bandwidthEfficiency) +
      cpuShare.layers * cpuSpeed.perLayerSec;
    genSec += t;
    uncertainty = Math.max(uncertainty, cpuSpeed.uncertainty + (cpu.bandwidthEstimated ? 0.15 : 0));
    if (t > slowest) {
      slowest = t;
      bound = cpu.bandwidthEstimated ? 'CPU RAM bandwidth (estimated)' : 'CPU RAM bandwidth';
    }
  }
  if (s.diskBytes > 0) {
    // Under memory pressure every token touches the weights that were evicted: read them from disk again.
    const t = (s.diskBytes * Math.min(1, weights.activeBytesPerToken / weights.totalBytes)) / DISK_BYTES_PER_SEC;
    genSec += t;
    bound = 'disk reads (mmap)';
    uncertainty = Math.max(uncertainty, 0.6);
  }

  // Prompt processing: compute on each device; CPU-held weights cross PCIe per ubatch when a GPU exists.
  const matmulFlopsPerToken = 2 * s.activeParams;
  const totalLayers = Math.max(1, L);
  let ppSecPerToken = 0;
  for (const [i, g] of gpuShares.entries()) {
    if (g.layers === 0) continue;
    const d = devices[i];
    if (!d || d.flopsPerSec === null || d.bandwidthBytesPerSec === null) return null;
    const flops = (matmulFlopsPerToken * g.layers) / totalLayers + g.attnFlopsPerToken;
    ppSecPerToken += flops / (d.flopsPerSec * computeEfficiency(d.backend, d.flopsPerSec));
    ppSecPerToken += (g.layers * BACKEND_SPEED[d.backend].perLayerSec) / s.ubatchTokens;
  }
  if (cpuShare.layers > 0 || cpuShare.weightBytes > 0) {
    const gpu = devices.find((d) => d.flopsPerSec !== null);
    if (gpu && gpu.flopsPerSec !== null) {
      const flops = (matmulFlopsPerToken * cpuShare.layers) / totalLayers + cpuShare.attnFlopsPerToken;
      const compute = flops / (gpu.flopsPerSec * computeEfficiency(gpu.backend, gpu.flopsPerSec));
      const transfer = cpuShare.heldWeightBytes / PCIE_BYTES_PER_SEC / s.ubatchTokens;
      ppSecPerToken += Math.max(compute, transfer);
    } else {
      const flops = (matmulFlopsPerToken * cpuShare.layers) / totalLayers + cpuShare.attnFlopsPerToken;
      ppSecPerToken += flops / (cpu.flopsPerSec * computeEfficiency('cpu', cpu.flopsPerSec));
    }
  }
  if (s.diskBytes > 0) ppSecPerToken += s.diskBytes / DISK_BYTES_PER_SEC / s.ubatchTokens;

  const gen = 1 / genSec;
  const pp = 1 / ppSecPerToken;
  const range = (v: number) => ({ value: v, low: v * (1 - uncertainty), high: v * (1 + uncertainty) });
  const ttft = s.promptTokens / pp;
  return {
    generationTokensPerSec: range(gen),
    promptTokensPerSec: range(pp),
    timeToFirstTokenSec: { value: ttft, low: ttft / (1 + uncertainty), high: ttft / (1 - uncertainty) },
    boundBy: bound,
  };
}
