import type { ModelArchitecture } from '../domain/model';
import type { SpeedEstimate } from '../domain/estimate';
import type { Layout } from './allocate';
import type { PlanCpu, PlanDevice } from './devices';
import { computeEfficiency } from './devices';
import type { KvCacheSize } from './kv-cache';
import { BACKEND_SPEED, CPU_EFFICIENCY_OF_MEASURED, DISK_BYTES_PER_SEC, PCIE_BYTES_PER_SEC } from './speed-constants';
import type { Backend } from './speed-constants';
import { weightPrefix } from './weights';
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


/** Prefix sums of KV bytes read per generated token at `depth`, and of the cells a prompt token attends to. */
const kvPrefix = new WeakMap<KvCacheSize, Map<string, { kvRead: number[]; promptCells: number[] }>>();

function kvSums(kv: KvCacheSize, depth: number, promptCtx: number): { kvRead: number[]; promptCells: number[] } {
  let perKv = kvPrefix.get(kv);
  if (!perKv) {
    perKv = new Map();
    kvPrefix.set(kv, perKv);
  }
  const key = `${depth}|${promptCtx}`;
  const hit = perKv.get(key);
  if (hit) return hit;
  const kvRead = [0];
  const promptCells = [0];
  for (let i = 0; i < kv.layerCells.length; i++) {
    const perCell = kv.layerBytesPerCell[i] ?? 0;
    const cells = kv.layerCells[i] ?? 0;
    kvRead.push((kvRead[i] ?? 0) + perCell * Math.min(cells, depth));
    promptCells.push((promptCells[i] ?? 0) + (perCell > 0 ? Math.min(cells, promptCtx) : 0));
  }
  const sums = { kvRead, promptCells };
  if (perKv.size >= 8) perKv.clear();
  perKv.set(key, sums);
  return sums;
}

/**
 * Splits the work between the GPUs (consecutive runs of layers, in layout order) and the CPU (the first
 * layers, and the routed experts of the first cpuMoeLayers layers), from prefix sums: no walk over layers.
 */
function shares(s: SpeedInputs): { gpus: Share[]; cpu: Share } {
  const { arch, weights, kv, layout, devices } = s;
  const L = arch.layers;
  const first = devices.length === 0 ? L : L - Math.min(layout.gpuLayers, L);
  const share = arch.moe ? arch.moe.expertsPerToken / arch.moe.experts : 1;
  const attnDim = arch.attentionHeads * (arch.mla ? arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim : arch.headDim);
  const w = weightPrefix(weights);
  const k = kvSums(kv, s.depthTokens, s.depthTokens + s.promptTokens / 2);
  const range = (a: number[], from: number, to: number) => (a[to] ?? 0) - (a[from] ?? 0);
  // Without flash attention the F32 scores are written, read and written by softmax, and read again: 16 bytes a head a cell.
  const scorePerCell = s.flashAttention ? 0 : 16 * arch.attentionHeads;
  const span = (from: number, to: number, expertsHere: boolean): Share => {
    const cells = range(k.promptCells, from, to);
    const experts = expertsHere ? range(w.experts, from, to) : 0;
    return {
      layers: to - from,
      weightBytes: range(w.dense, from, to) + experts * share,
      heldWeightBytes: range(w.dense, from, to) + experts,
      kvBytes: range(k.kvRead, from, to),
      attnFlops: 4 * attnDim * cells,
      attnScoreBytes: scorePerCell * cells,
    };
  };
  const cpu = span(0, first, true);
  const gpus: Share[] = [];
  let at = first;
  const moeEnd = Math.min(Math.max(layout.cpuMoeLayers, first), L);
  devices.forEach((_, i) => {
    const to = i === devices.length - 1 ? L : Math.min(L, at + (layout.deviceLayers[i] ?? 0));
    // Layers [at, to) on this GPU; their routed experts in [at, moeEnd) stay on the CPU.
    const cpuExpertsTo = Math.min(Math.max(moeEnd, at), to);
    const g = span(at, to, false);
    const gpuExperts = range(w.experts, cpuExpertsTo, to);
    g.weightBytes += gpuExperts * share;
    g.heldWeightBytes += gpuExperts;
    const cpuExperts = range(w.experts, at, cpuExpertsTo);
    cpu.weightBytes += cpuExperts * share;
    cpu.heldWeightBytes += cpuExperts;
    gpus.push(g);
    at = to;
  });
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
  /** A GPU without an FP16 figure leaves prompt processing unknown; generation needs only bandwidth. */
  let ppKnown = true;
  let uncertainty = 0;
  let bound = 'CPU RAM bandwidth';
  let slowest = 0;
  const firstGpu = devices.find((d) => d.flopsPerSec !== null && d.bandwidthBytesPerSec !== null);
  for (const [i, g] of gpus.entries()) {
    if (g.layers === 0 && g.weightBytes === 0) continue;
    const d = devices[i];
    if (!d || d.bandwidthBytesPerSec === null) return null;
    const t = generationSec(g, d.bandwidthBytesPerSec, d.backend, s.flashAttention);
    genSec += t;
    if (d.flopsPerSec === null) ppKnown = false;
    else ppSec += promptSecPerToken(g, d.flopsPerSec, d.bandwidthBytesPerSec, d.backend, s, matmulPerLayer * g.layers);
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
    promptTokensPerSec: ppKnown ? range(pp) : null,
    timeToFirstTokenSec: ppKnown ? { value: ttft, low: ttft / (1 + uncertainty), high: ttft / (1 - uncertainty) } : null,
    boundBy: bound,
  };
}
