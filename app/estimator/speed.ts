import type { ModelArchitecture } from '../domain/model';
import type { SpeedEstimate } from '../domain/estimate';
import type { Layout } from './allocate';
import type { PlanCpu, PlanDevice } from './devices';
import { computeEfficiency } from './devices';
import type { KvCacheSize } from './kv-cache';
import { BACKEND_SPEED, CPU_EFFICIENCY_OF_MEASURED, DISK_BYTES_PER_SEC, PCIE_BYTES_PER_SEC } from './speed-constants';
import type { Backend } from './speed-constants';
import type { WeightBreakdown } from './weights';

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
  readonly flashAttention: boolean;
  /** F16/BF16/F32 weights (cuBLAS GEMM) rather than quantized ones. */
  readonly floatWeights: boolean;
  /** Bytes that do not fit in RAM and are read from disk through mmap. */
  readonly diskBytes: number;
  readonly activeParams: number;
}

/** What one device (or the CPU) holds and does per token. */
interface Share {
  layers: number;
  /** Active weight bytes read per generated token. */
  weightBytes: number;
  /** All weight bytes held (every expert), for the PCIe copy in prompt processing. */
  heldWeightBytes: number;
  /** KV bytes read per generated token at the requested depth. */
  kvBytes: number;
  /** Attention FLOPs per prompt token (QK and AV), and bytes of attention scores without flash attention. */
  attnFlops: number;
  attnScoreBytes: number;
}

const empty = (): Share => ({ layers: 0, weightBytes: 0, heldWeightBytes: 0, kvBytes: 0, attnFlops: 0, attnScoreBytes: 0 });

/** Splits the work of each layer between the GPUs (in layout order) and the CPU. */
function shares(s: SpeedInputs): { gpus: Share[]; cpu: Share } {
  const { arch, weights, kv, layout, devices } = s;
  const L = arch.layers;
  const first = L - Math.min(layout.gpuLayers, L);
  const share = arch.moe ? arch.moe.expertsPerToken / arch.moe.experts : 1;
  const gpus = devices.map(empty);
  const cpu = empty();
  const attnDim = arch.attentionHeads * (arch.mla ? arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim : arch.headDim);
  const promptCtx = s.depthTokens + s.promptTokens / 2;
  let device = 0;
  let onDevice = 0;
  for (let i = 0; i < L; i++) {
    const experts = weights.layerExpertBytes[i] ?? 0;
    const dense = (weights.layerBytes[i] ?? 0) - experts;
    const perCell = kv.layerBytesPerCell[i] ?? 0;
    const cells = kv.layerCells[i] ?? 0;
    const kvRead = perCell * Math.min(cells, s.depthTokens);
    const promptCells = perCell > 0 ? Math.min(cells, promptCtx) : 0;
    const attnFlops = 4 * attnDim * promptCells;
    // Without flash attention the F32 scores are written, read and written by softmax, and read again.
    const attnScoreBytes = s.flashAttention ? 0 : 16 * arch.attentionHeads * promptCells;
    if (i < first || devices.length === 0) {
      cpu.layers++;
      cpu.weightBytes += dense + experts * share;
      cpu.heldWeightBytes += dense + experts;
      cpu.kvBytes += kvRead;
      cpu.attnFlops += attnFlops;
      cpu.attnScoreBytes += attnScoreBytes;
      continue;
    }
    while (device < devices.length - 1 && onDevice >= (layout.deviceLayers[device] ?? 0)) {
      device++;
      onDevice = 0;
    }
    const g = gpus[device] ?? empty();
    const expertsOnCpu = i < layout.cpuMoeLayers;
    g.layers++;
    g.weightBytes += dense + (expertsOnCpu ? 0 : experts * share);
    g.heldWeightBytes += dense + (expertsOnCpu ? 0 : experts);
    g.kvBytes += kvRead;
    g.attnFlops += attnFlops;
    g.attnScoreBytes += attnScoreBytes;
    if (expertsOnCpu) {
      cpu.weightBytes += experts * share;
      cpu.heldWeightBytes += experts;
    }
    onDevice++;
  }
  const last = gpus[gpus.length - 1];
  if (layout.outputOnGpu && last) last.weightBytes += weights.outputBytes;
  else cpu.weightBytes += weights.outputBytes;
  return { gpus, cpu };
}

/** Fraction of peak bandwidth a backend reaches on a memory of this speed. */
export function bandwidthEfficiency(backend: Backend, bandwidth: number): number {
  const b = BACKEND_SPEED[backend];
  return b.bandwidthEfficiency / (1 + bandwidth / b.bandwidthHalfPoint);
}

function generationSec(share: Share, bandwidth: number, backend: Backend, flash: boolean, measured = false): number {
  const b = BACKEND_SPEED[backend];
  const e = measured ? CPU_EFFICIENCY_OF_MEASURED : bandwidthEfficiency(backend, bandwidth);
  const kvEff = flash ? e : (b.kvEfficiencyNoFlash * e) / b.bandwidthEfficiency;
  return share.weightBytes / (bandwidth * e) + share.kvBytes / (bandwidth * kvEff) + share.layers * b.perLayerSec;
}

function promptSecPerToken(share: Share, flops: number, bandwidth: number, backend: Backend, s: SpeedInputs, matmulFlops: number): number {
  const b = BACKEND_SPEED[backend];
  const e = computeEfficiency(backend, flops);
  const matmul = matmulFlops / (flops * e * (s.floatWeights ? 1 : b.quantizedComputeFactor));
  const attention = share.attnFlops / (flops * e) + share.attnScoreBytes / (bandwidth * bandwidthEfficiency(backend, bandwidth));
  return matmul + attention + (share.layers * b.perLayerSec) / s.ubatchTokens;
}

/**
 * Generation is bound by the bytes read per token over each device's bandwidth (the active weights,
 * and the KV cache up to the current depth) plus a fixed per-layer cost; the devices work one after
 * another on each token. Prompt processing is bound by compute (2 FLOPs per active weight per token,
 * plus attention), and weights held on the CPU are copied to the GPU once per ubatch (llama.cpp offloads
 * large batches to the GPU) unless computing them on the CPU is faster. docs/estimator.md section 5.
 */
export function estimateSpeed(s: SpeedInputs): SpeedEstimate | null {
  const { devices, cpu, arch } = s;
  const { gpus, cpu: cpuShare } = shares(s);
  const matmulPerLayer = (2 * s.activeParams) / Math.max(1, arch.layers);
  let genSec = 0;
  let ppSec = 0;
  let uncertainty = 0;
  let bound = 'CPU RAM bandwidth';
  let slowest = 0;
  const firstGpu = devices.find((d) => d.flopsPerSec !== null && d.bandwidthBytesPerSec !== null);
  for (const [i, g] of gpus.entries()) {
    if (g.layers === 0 && g.weightBytes === 0) continue;
    const d = devices[i];
    if (!d || d.bandwidthBytesPerSec === null || d.flopsPerSec === null) return null;
    const t = generationSec(g, d.bandwidthBytesPerSec, d.backend, s.flashAttention);
    genSec += t;
    ppSec += promptSecPerToken(g, d.flopsPerSec, d.bandwidthBytesPerSec, d.backend, s, matmulPerLayer * g.layers);
    uncertainty = Math.max(uncertainty, BACKEND_SPEED[d.backend].uncertainty);
    if (t > slowest) {
      slowest = t;
      bound = `${d.name} memory bandwidth`;
    }
  }
  if (cpuShare.layers > 0 || cpuShare.weightBytes > 0) {
    const t = generationSec(cpuShare, cpu.bandwidthBytesPerSec, 'cpu', s.flashAttention, cpu.bandwidthMeasured);
    genSec += t;
    uncertainty = Math.max(uncertainty, BACKEND_SPEED.cpu.uncertainty + (cpu.bandwidthEstimated ? 0.15 : 0));
    if (t > slowest) {
      slowest = t;
      bound = cpu.bandwidthEstimated ? 'CPU RAM bandwidth (estimated)' : 'CPU RAM bandwidth';
    }
    const onCpu = promptSecPerToken(cpuShare, cpu.flopsPerSec, cpu.bandwidthBytesPerSec, 'cpu', s, matmulPerLayer * cpuShare.layers);
    if (firstGpu && firstGpu.flopsPerSec !== null && firstGpu.bandwidthBytesPerSec !== null) {
      const onGpu =
        promptSecPerToken(cpuShare, firstGpu.flopsPerSec, firstGpu.bandwidthBytesPerSec, firstGpu.backend, s, matmulPerLayer * cpuShare.layers) +
        cpuShare.heldWeightBytes / PCIE_BYTES_PER_SEC / s.ubatchTokens;
      ppSec += Math.min(onCpu, onGpu);
    } else {
      ppSec += onCpu;
    }
  }
  if (s.diskBytes > 0) {
    // Weights evicted from the page cache are read again from disk for every token that needs them.
    genSec += (s.diskBytes * Math.min(1, s.weights.activeBytesPerToken / s.weights.totalBytes)) / DISK_BYTES_PER_SEC;
    ppSec += s.diskBytes / DISK_BYTES_PER_SEC / s.ubatchTokens;
    bound = 'disk reads (mmap)';
    uncertainty = Math.max(uncertainty, 0.6);
  }
  const gen = 1 / genSec;
  const pp = 1 / ppSec;
  const range = (v: number) => ({ value: v, low: v * (1 - uncertainty), high: v * (1 + uncertainty) });
  const ttft = s.promptTokens / pp;
  return {
    generationTokensPerSec: range(gen),
    promptTokensPerSec: range(pp),
    timeToFirstTokenSec: { value: ttft, low: ttft / (1 + uncertainty), high: ttft / (1 - uncertainty) },
    boundBy: bound,
  };
}
