import type { LinearAttentionSpec, ModelArchitecture } from '../domain/model';
import type { SpeedEstimate } from '../domain/estimate';
import type { Layout } from './allocate';
import type { MeasuredCorrection, PlanCpu, PlanDevice } from './devices';
import { computeEfficiency } from './devices';
import { isGlobalShapedLayer } from './tensors';
import type { KvCacheSize } from './kv-cache';
import { ATTENTION_COMPUTE_FACTOR, BACKEND_SPEED, CPU_ATTENTION_FLOPS_PER_CYCLE, CPU_EFFICIENCY_OF_MEASURED, CPU_PROMPT_TYPE_REFERENCE, CPU_RECURRENT_PROMPT_CYCLES, CPU_TOKEN_OVERHEAD_CYCLES, DISK_BYTES_PER_SEC, EXPERT_TILE_HALF_COLUMNS, GEMMA_LAYER_ARCHS, MOE_LAYER_OVERHEAD, PCIE_BYTES_PER_SEC, RECURRENT_LAYER_OVERHEAD } from './speed-constants';
import type { Backend } from './speed-constants';
import { denseAt, expertsAt, moeLayersAt } from './weights';
import type { WeightBreakdown, WeightPrefix } from './weights';
import type { GgmlType } from './ggml-types';

export interface SpeedInputs {
  readonly arch: ModelArchitecture;
  readonly weights: WeightBreakdown;
  /** weightPrefix(weights), passed in so the hot path looks it up once. */
  readonly weightPrefix: WeightPrefix;
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
  /**
   * Parameters a prompt token is multiplied through: the active ones less the token embedding (a row lookup) and
   * the output layer (llama.cpp computes logits for the last prompt token only). Only a measured correction uses it
   * (docs/estimator.md 8); the formula's constants were set with activeParams. Defaults to activeParams.
   */
  readonly promptMatmulParams?: number | undefined;
}

/** What one device (or the CPU) holds and does per token. */
interface Share {
  layers: number;
  /** Active weight bytes read per generated token. */
  weightBytes: number;
  /** All weight bytes held (every expert), for the PCIe copy in prompt processing. */
  heldWeightBytes: number;
  /** Of those, the routed experts' bytes: read once per ubatch in prompt processing. */
  heldExpertBytes: number;
  /** KV bytes read per generated token at the requested depth. */
  kvBytes: number;
  /** Attention FLOPs per prompt token (QK and AV), and bytes of attention scores without flash attention. */
  attnFlops: number;
  /** Attention FLOPs per generated token at the requested depth (QK and AV over the cells each layer reads). */
  genAttnFlops: number;
  attnScoreBytes: number;
  /** Recurrent (Gated DeltaNet, Mamba2) layers, and the bytes of their F32 state, read and written once per token. */
  recurrentLayers: number;
  stateBytes: number;
  /** Layers with routed experts: each runs the router, top-k, gathers and a weighted sum besides its matrices. */
  moeLayers: number;
  /** Of those, the layers whose routed experts this device holds (and multiplies): --n-cpu-moe leaves some on the CPU. */
  expertLayers: number;
}


/** Prefix sums of KV bytes read per generated token at `depth`, and of the attention work over the cells attended to. */
interface KvSums {
  kvRead: number[];
  /** Attention FLOPs of a generated token at the depth (a sliding-window layer: at most its window), layer by layer. */
  genFlops: number[];
  /** Attention FLOPs of a prompt token, and its query heads x cells (for the F32 scores without flash attention). */
  promptFlops: number[];
  promptHeadCells: number[];
  /** Recurrent layers and their state bytes, as prefix sums. */
  recurrent: number[];
  state: number[];
}

/** Memo per KV-cache object: kvCacheSize builds one per architecture object, and only it is passed with `arch`. */
const kvPrefix = new WeakMap<KvCacheSize, Map<number, KvSums>>();
let lastSums: { readonly kv: KvCacheSize; readonly key: number; readonly sums: KvSums } | null = null;

/**
 * A layer's attention shape for its FLOPs: query heads, and the FLOPs per cached cell of a prompt token (QK and AV at
 * the key size, 4 per head and size) and of a generated token (QK over the key size, AV over the value size; MLA in
 * llama.cpp's absorbed form: keys of kv_lora_rank + rope, values of kv_lora_rank, deepseek2 graph). Full-attention
 * layers with their own shape (globalAttention: Gemma 4's head size, Step-3.5's query heads) use it.
 */
function attentionShape(arch: ModelArchitecture, layer: number): { heads: number; promptPerCell: number; genPerCell: number } {
  const mla = arch.mla;
  if (mla) {
    const heads = arch.attentionHeads;
    return { heads, promptPerCell: 4 * heads * (mla.qkNopeHeadDim + mla.qkRopeHeadDim), genPerCell: 2 * heads * (2 * mla.kvLoraRank + mla.qkRopeHeadDim) };
  }
  const g = arch.globalAttention;
  if (g && isGlobalShapedLayer(arch, layer)) {
    const heads = g.attentionHeads ?? arch.attentionHeads;
    return { heads, promptPerCell: 4 * heads * g.headDim, genPerCell: 4 * heads * g.headDim };
  }
  const heads = arch.attentionHeads;
  return { heads, promptPerCell: 4 * heads * arch.headDim, genPerCell: 2 * heads * (arch.headDim + arch.valueHeadDim) };
}

function kvSums(arch: ModelArchitecture, kv: KvCacheSize, depth: number, promptTokens: number): KvSums {
  // A prompt token attends, on average, to the depth and half the prompt before it.
  const promptCtx = depth + promptTokens / 2;
  // A numeric key (depth and prompt are whole token counts up to 2^24, checked by estimate()).
  const key = depth * 33_554_432 + promptTokens;
  // One model's quantizations share the KV cache object and come in a row: the last answer first.
  if (lastSums !== null && lastSums.kv === kv && lastSums.key === key) return lastSums.sums;
  let perKv = kvPrefix.get(kv);
  if (!perKv) {
    perKv = new Map();
    kvPrefix.set(kv, perKv);
  }
  const hit = perKv.get(key);
  if (hit) {
    lastSums = { kv, key, sums: hit };
    return hit;
  }
  const kvRead = [0];
  const genFlops = [0];
  const promptFlops = [0];
  const promptHeadCells = [0];
  const recurrent = [0];
  const state = [0];
  for (let i = 0; i < kv.layerCells.length; i++) {
    const perCell = kv.layerBytesPerCell[i] ?? 0;
    const cells = kv.layerCells[i] ?? 0;
    const shape = attentionShape(arch, i);
    const gen = perCell > 0 ? Math.min(cells, depth) : 0;
    const prompt = perCell > 0 ? Math.min(cells, promptCtx) : 0;
    kvRead.push((kvRead[i] ?? 0) + perCell * Math.min(cells, depth));
    genFlops.push((genFlops[i] ?? 0) + shape.genPerCell * gen);
    promptFlops.push((promptFlops[i] ?? 0) + shape.promptPerCell * prompt);
    promptHeadCells.push((promptHeadCells[i] ?? 0) + shape.heads * prompt);
    // A layer with no per-cell bytes but a size holds a recurrent state (kv-cache.ts).
    const isRecurrent = perCell === 0 && (kv.layerBytes[i] ?? 0) > 0;
    recurrent.push((recurrent[i] ?? 0) + (isRecurrent ? 1 : 0));
    state.push((state[i] ?? 0) + (isRecurrent ? (kv.layerBytes[i] ?? 0) : 0));
  }
  const sums = { kvRead, genFlops, promptFlops, promptHeadCells, recurrent, state };
  if (perKv.size >= 8) perKv.clear();
  perKv.set(key, sums);
  lastSums = { kv, key, sums };
  return sums;
}

/** Sum of a[from..to) from prefix sums a. */
function range(a: readonly number[], from: number, to: number): number {
  return (a[to] ?? 0) - (a[from] ?? 0);
}

/** The share of layers [from, to): dense weights, KV reads and attention work; routed experts when they are held here. */
function span(
  w: WeightPrefix,
  k: KvSums,
  from: number,
  to: number,
  expertsHere: boolean,
  expertShare: number,
  scoreBytesPerHeadCell: number,
): Share {
  const dense = denseAt(w, to) - denseAt(w, from);
  const experts = expertsHere ? expertsAt(w, to) - expertsAt(w, from) : 0;
  return {
    layers: to - from,
    weightBytes: dense + experts * expertShare,
    heldWeightBytes: dense + experts,
    heldExpertBytes: experts,
    kvBytes: range(k.kvRead, from, to),
    attnFlops: range(k.promptFlops, from, to),
    genAttnFlops: range(k.genFlops, from, to),
    attnScoreBytes: scoreBytesPerHeadCell * range(k.promptHeadCells, from, to),
    recurrentLayers: range(k.recurrent, from, to),
    stateBytes: range(k.state, from, to),
    moeLayers: moeLayersAt(w, to) - moeLayersAt(w, from),
    expertLayers: expertsHere ? moeLayersAt(w, to) - moeLayersAt(w, from) : 0,
  };
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
  const w = s.weightPrefix;
  // Attention FLOPs layer by layer (attentionShape): a model's full-attention layers may have their own heads.
  const k = kvSums(arch, kv, s.depthTokens, s.promptTokens);
  // Without flash attention the F32 scores are written, read and written by softmax, and read again: 16 bytes a head a cell.
  const scoreBytesPerHeadCell = s.flashAttention ? 0 : 16;
  const cpu = span(w, k, 0, first, true, share, scoreBytesPerHeadCell);
  const gpus: Share[] = [];
  let at = first;
  const moeEnd = Math.min(Math.max(layout.cpuMoeLayers, first), L);
  for (let i = 0; i < devices.length; i++) {
    const to = i === devices.length - 1 ? L : Math.min(L, at + (layout.deviceLayers[i] ?? 0));
    // Layers [at, to) on this GPU; their routed experts in [at, moeEnd) stay on the CPU.
    const cpuExpertsTo = Math.min(Math.max(moeEnd, at), to);
    const g = span(w, k, at, to, false, share, scoreBytesPerHeadCell);
    const gpuExperts = expertsAt(w, to) - expertsAt(w, cpuExpertsTo);
    g.weightBytes += gpuExperts * share;
    g.heldWeightBytes += gpuExperts;
    g.heldExpertBytes += gpuExperts;
    g.expertLayers = moeLayersAt(w, to) - moeLayersAt(w, cpuExpertsTo);
    const cpuExperts = expertsAt(w, cpuExpertsTo) - expertsAt(w, at);
    cpu.weightBytes += cpuExperts * share;
    cpu.heldWeightBytes += cpuExperts;
    cpu.heldExpertBytes += cpuExperts;
    cpu.expertLayers += moeLayersAt(w, cpuExpertsTo) - moeLayersAt(w, at);
    gpus.push(g);
    at = to;
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

function generationSec(
  share: Share,
  bandwidth: number,
  backend: Backend,
  flash: boolean,
  activeParams: number,
  measured = false,
  weightCeiling = Infinity,
  correction: MeasuredCorrection | null = null,
  /** The device's FLOP rate (the CPU's FP32, a GPU's FP16), for a measured correction's attention term. */
  flops: number | null = null,
  /** The device's share of its backend's stream efficiency (PlanDevice.streamScale: Intel under Vulkan, AMD GCN and RDNA1 under ROCm and Vulkan). */
  streamScale = 1,
  /** The device's fixed seconds per layer (PlanDevice.perLayerSec); the backend's constant when absent. */
  perLayerSec = BACKEND_SPEED[backend].perLayerSec,
  /** Extra fixed seconds per layer of this architecture on a GPU (GEMMA_LAYER_SEC), beside the backend's. */
  archLayerSec = 0,
  /** A CPU's rate for a generated token's attention over the cache (FLOP/s, cores x clock x CPU_ATTENTION_FLOPS_PER_CYCLE); 0 on a GPU. */
  cpuAttentionFlopsPerSec = 0,
): number {
  const b = BACKEND_SPEED[backend];
  // Large models stream less efficiently on Apple GPUs (sizeHalfParams): a 70B reaches ~0.87 of an 8B's rate.
  const e = ((measured ? CPU_EFFICIENCY_OF_MEASURED : bandwidthEfficiency(backend, bandwidth)) * streamScale) / (1 + activeParams / b.sizeHalfParams);
  const kvEff = flash ? e : (b.kvEfficiencyNoFlash * e) / b.bandwidthEfficiency;
  // The weight stream runs at the memory's pace, or at the cores' pace when they cannot keep up (CPU only).
  const weightRate = Math.min(bandwidth * e, weightCeiling);
  // A recurrent layer reads and writes its F32 state once per token, and runs more small kernels than an
  // attention layer (convolution, gating, norms, the state update): RECURRENT_LAYER_OVERHEAD extra layer costs.
  const weights = share.weightBytes / weightRate + (2 * share.stateBytes) / (bandwidth * e);
  const kv = share.kvBytes / (bandwidth * kvEff);
  // An MoE layer's routing adds as many small GPU kernels again (MOE_LAYER_OVERHEAD); a CPU launches no kernels.
  const layerCosts = share.layers + share.recurrentLayers * RECURRENT_LAYER_OVERHEAD + (backend === 'cpu' ? 0 : share.moeLayers * MOE_LAYER_OVERHEAD);
  // A measured correction (llm-sizer bench) rescales the weight and KV streams and replaces the fixed costs (docs/estimator.md 8).
  if (correction) {
    // On a CPU attention over the context is compute (dot products with every cached key and value), not the
    // bytes of the KV cache: measured, it scales with query heads x head size x depth (docs/estimator.md 8).
    const attention = flops && flops > 0 ? (share.genAttnFlops / flops) * correction.attentionScale : 0;
    // The architecture's extra layer time follows the measured cost per layer, in proportion to the device's own
    // constant, so the fit's layer term reads it back (calibration-shapes.ts formulaTimes) and a term probe without
    // a layer cost carries none of it.
    const archLayers = perLayerSec > 0 ? (share.layers * archLayerSec) / perLayerSec : 0;
    return weights * correction.streamScale + kv * correction.kvScale + attention + (layerCosts + archLayers) * correction.perLayerSec + correction.perTokenSec;
  }
  // A CPU also computes the attention of the token over every cached cell at a small fraction of its vector peak
  // (CPU_ATTENTION_FLOPS_PER_CYCLE), on top of reading the KV cache's bytes: at depth it is most of the slowdown.
  const cpuAttention = cpuAttentionFlopsPerSec > 0 ? share.genAttnFlops / cpuAttentionFlopsPerSec : 0;
  return weights + kv + cpuAttention + layerCosts * perLayerSec + share.layers * archLayerSec;
}

function promptSecPerToken(
  share: Share,
  flops: number,
  bandwidth: number,
  backend: Backend,
  s: SpeedInputs,
  matmulFlops: number,
  /** The CPU's int8 rate for quantized matrices (efficiency included); GPUs use their FP16 rate. */
  quantizedOpsPerSec?: number,
  correction: MeasuredCorrection | null = null,
  /** A GPU's quantized matrix rate relative to its FP16 figure (PlanDevice.quantizedMatrixRatio). */
  quantizedRatio = 1,
  /** Whose matrix constants the products follow (PlanDevice.matrixConstants). */
  matrixBackend: Backend = backend,
): number {
  const b = BACKEND_SPEED[backend];
  const mb = BACKEND_SPEED[matrixBackend];
  const e = computeEfficiency(matrixBackend, flops);
  // Int8 tensor-core kernels (quantizedRatio > 1: CUDA's MMQ) keep their efficiency on big chips, unlike cuBLAS's
  // F16 GEMMs (the 2025-26 fit rows: ~0.22 of the int8 peak on a 330 and a 504 TFLOPS card alike). A CUDA GPU without
  // int8 tensor cores dequantizes at its own factor, and so does an NVIDIA GPU under Vulkan (matrixBackend 'cuda':
  // NV_coopmat2 dequantizes tiles to FP16 for the tensor cores).
  const quantizedRate =
    quantizedRatio > 1 ? flops * mb.computeEfficiency * mb.quantizedComputeFactor * quantizedRatio : flops * e * (mb.dequantizedComputeFactor ?? mb.quantizedComputeFactor);
  const dense =
    !s.floatWeights && quantizedOpsPerSec !== undefined
      ? matmulFlops / quantizedOpsPerSec
      : matmulFlops / (s.floatWeights ? flops * e : quantizedRate);
  const matmul = b.expertTileHalfColumns !== undefined && !correction ? dense * expertTileFactor(share, s, b.expertTileHalfColumns) : dense;
  // A backend with its own attention efficiency runs flash attention at that fraction of the FP16 tensor rate; the
  // others at ATTENTION_COMPUTE_FACTOR of their matrix rate.
  const attnRate = b.attentionEfficiency !== undefined ? flops * b.attentionEfficiency : flops * e * ATTENTION_COMPUTE_FACTOR;
  const attention = share.attnFlops / attnRate + share.attnScoreBytes / (bandwidth * bandwidthEfficiency(backend, bandwidth));
  if (correction) {
    // The routed experts' share of the matrix work (FLOPs follow the active bytes, as promptFlops apportions them),
    // at the measured expert efficiency: each expert multiplies only the tokens routed to it (docs/estimator.md 8).
    const moe = s.arch.moe;
    const expertShare = moe ? expertShareOf(share, moe) : 0;
    const matrices = matmul * (1 - expertShare + expertShare * correction.promptExpertScale);
    return (matrices + attention) * correction.promptScale + (share.weightBytes / bandwidth) * correction.promptStreamScale + share.layers * correction.promptPerLayerSec;
  }
  return matmul + attention + (share.layers * b.perLayerSec) / s.ubatchTokens + expertDispatchSecPerToken(share, s, b.expertCallSec ?? 0);
}

/**
 * A CPU's prompt matrix rate for a model's mix of quantized types, relative to a Q4_K_M model's: the weights-weighted
 * harmonic mean of the types' rates (each weight is multiplied at its own type's pace, so the times add) over
 * CPU_PROMPT_TYPE_REFERENCE. Float types take the float path and count neither way; a type without a rate counts at 1;
 * without rates (an ISA not measured) the scale is 1.
 *
 * @example
 * // all Q8_0 on x86: 0.636 / 0.835 = 0.762; all Q6_K: 0.423 / 0.835 = 0.507
 */
export function cpuPromptTypeScale(
  elementsByType: Readonly<Partial<Record<GgmlType, number>>> | undefined,
  rates: Readonly<Partial<Record<GgmlType, number>>> | null,
): number {
  if (!rates || !elementsByType) return 1;
  // Memoized per type mix and rate table: the catalog's estimates ask for the same pairs again and again.
  let perMix = typeScaleCache.get(elementsByType);
  if (!perMix) {
    perMix = new Map();
    typeScaleCache.set(elementsByType, perMix);
  }
  const hit = perMix.get(rates);
  if (hit !== undefined) return hit;
  let weights = 0;
  let time = 0;
  for (const [type, n] of quantizedEntries(elementsByType)) {
    weights += n;
    time += n / rateOf(rates, type);
  }
  const scale = weights > 0 && time > 0 ? weights / time / CPU_PROMPT_TYPE_REFERENCE : 1;
  perMix.set(rates, scale);
  return scale;
}

const typeScaleCache = new WeakMap<object, Map<object, number>>();

/**
 * The quantized types of a mix that a CPU multiplies at under 0.8 of a Q4_K_M model's prompt rate, most weights first,
 * and their share of the quantized weights; null without rates or without such a type (the estimate's CPU note).
 */
export function slowCpuPromptTypes(
  elementsByType: Readonly<Partial<Record<GgmlType, number>>>,
  rates: Readonly<Partial<Record<GgmlType, number>>> | null,
): { readonly types: readonly string[]; readonly share: number } | null {
  if (!rates) return null;
  const entries = quantizedEntries(elementsByType);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  const slow = entries.filter(([type]) => rateOf(rates, type) / CPU_PROMPT_TYPE_REFERENCE < 0.8).sort((a, b) => b[1] - a[1]);
  if (slow.length === 0 || !(total > 0)) return null;
  return { types: slow.map(([t]) => t), share: slow.reduce((a, [, n]) => a + n, 0) / total };
}

/** A mix's quantized entries with weights: float types take the float path and count neither way. */
function quantizedEntries(elementsByType: Readonly<Partial<Record<GgmlType, number>>>): [GgmlType, number][] {
  return (Object.entries(elementsByType) as [GgmlType, number | undefined][]).filter((e): e is [GgmlType, number] => e[1] !== undefined && e[1] > 0 && e[0] !== 'F32' && e[0] !== 'F16' && e[0] !== 'BF16');
}

/** A type's rate in a table; a type without one (or a bad one) counts at 1. */
function rateOf(rates: Readonly<Partial<Record<GgmlType, number>>>, type: GgmlType): number {
  const r = rates[type];
  return r !== undefined && r > 0 ? r : 1;
}

/**
 * A CPU's per-token cost of its recurrent layers' state updates in a prompt: the F32 state elements it holds x
 * CPU_RECURRENT_PROMPT_CYCLES for the kind / (cores x clock). Not part of a measured correction (the calibration
 * shapes have no recurrent layers), so it is added unscaled.
 *
 * @example
 * // Qwen3.5 0.8B on 2 cores at 2.5 GHz: 18 layers x 280,576 elements x 3.1 cycles / 5e9 = 3.13 ms a token
 */
export function cpuRecurrentPromptSec(
  share: Pick<Share, 'stateBytes'>,
  arch: Pick<ModelArchitecture, 'linearAttention'>,
  coreCyclesPerSec: number,
  cycles: Readonly<Record<LinearAttentionSpec['kind'], number>> = CPU_RECURRENT_PROMPT_CYCLES,
): number {
  const kind = arch.linearAttention?.kind;
  if (!kind || !(share.stateBytes > 0) || !(coreCyclesPerSec > 0)) return 0;
  return ((share.stateBytes / 4) * cycles[kind]) / coreCyclesPerSec;
}

/**
 * A backend that multiplies a prompt's routed experts one at a time (SYCL: `ggml_sycl_mul_mat_id` sorts the batch's
 * rows by expert, then calls `ggml_sycl_mul_mat` once for every expert that got a row) pays a fixed cost for every
 * expert a batch touches, in every MoE layer whose experts the device holds, besides the matrix work: per prompt
 * token, those layers x experts touched x `callSec` / batch. Every expert is touched once batch x expertsPerToken reaches the expert count (512 tokens x 8
 * of 256 experts).
 *
 * @example
 * // 40 MoE layers of 256 experts, 8 active, ubatch 512, 58 us a call: 40 x 256 x 58e-6 / 512 = 1.16 ms a token
 */
export function expertDispatchSecPerToken(share: Pick<Share, 'expertLayers'>, s: Pick<SpeedInputs, 'arch' | 'promptTokens' | 'ubatchTokens'>, callSec: number): number {
  const moe = s.arch.moe;
  if (!(callSec > 0) || !moe || !(moe.experts > 0) || !(share.expertLayers > 0)) return 0;
  const batch = promptBatch(s);
  const touched = Math.min(moe.experts, batch * Math.max(1, moe.expertsPerToken || 1));
  return (share.expertLayers * touched * callSec) / batch;
}

/** The tokens a prompt's batch multiplies at once: the ubatch, or the whole prompt when it is shorter (at least 1). */
function promptBatch(s: Pick<SpeedInputs, 'promptTokens' | 'ubatchTokens'>): number {
  return Math.max(1, Math.min(s.ubatchTokens, s.promptTokens));
}

/** The routed experts' share of a device's matrix work: FLOPs follow the active bytes, as promptFlops apportions them. */
function expertShareOf(share: Pick<Share, 'heldExpertBytes' | 'weightBytes'>, moe: { readonly expertsPerToken: number; readonly experts: number }): number {
  return share.weightBytes > 0 && moe.experts > 0 ? Math.min(1, (share.heldExpertBytes * moe.expertsPerToken) / moe.experts / share.weightBytes) : 0;
}

/**
 * A GPU multiplies each routed expert's matrices by the few tokens routed to it: batch x expertsPerToken / experts
 * columns (16 for gpt-oss-120b at ubatch 512, 256 for gpt-oss-20b at ubatch 2048), and a matrix product with few
 * columns reaches a fraction n / (n + n_half) of the rate a wide one does. llama.cpp's own batch-size sweep of its
 * quantized matrix kernels shows that curve with n_half ~ 64 (PR #7716, RTX 4090, Llama 3 8B Q5_1, pp2048 at ubatch
 * 16 to 1024: 1282, 2100, 2930, 4123, 4949, 5510, 5714 tok/s, that is 0.22, 0.37, 0.51, 0.72, 0.87, 0.96, 1 of the
 * 1024 figure against 0.21, 0.35, 0.53, 0.71, 0.85, 0.94, 1 for n / (n + 64)). The dense constants were set at the
 * batch itself, so the experts' share of the matrix time is scaled by (1 + n_half / n_expert) / (1 + n_half / batch).
 * Returns the factor on the matrix time: 1 without routed experts here.
 *
 * @example
 * // gpt-oss-120b (128 experts, 4 active) at ubatch 512, experts 70 % of the active bytes:
 * // 16 columns an expert: (1 + 4) / (1 + 0.125) = 4.44, so 0.3 + 0.7 x 4.44 = 3.41
 */
export function expertTileFactor(
  share: Pick<Share, 'heldExpertBytes' | 'weightBytes'>,
  s: Pick<SpeedInputs, 'arch' | 'promptTokens' | 'ubatchTokens'>,
  halfColumns: number = EXPERT_TILE_HALF_COLUMNS,
): number {
  const moe = s.arch.moe;
  if (!moe || moe.experts <= 0 || share.weightBytes <= 0 || share.heldExpertBytes <= 0) return 1;
  const batch = promptBatch(s);
  // An expert sees at most the whole batch (a malformed expertsPerToken > experts must not make it faster).
  const columns = Math.min(batch, Math.max(1, (batch * moe.expertsPerToken) / moe.experts));
  const expertShare = expertShareOf(share, moe);
  const slower = (1 + halfColumns / columns) / (1 + halfColumns / batch);
  return 1 - expertShare + expertShare * slower;
}

/**
 * Prompt processing on a GPU also reads the routed experts it holds once per ubatch, and that read does not hide behind
 * the math: each expert multiplies only ubatch x expertsPerToken / experts tokens (16 for gpt-oss-120b at ubatch 512,
 * 64 for gpt-oss-20b), too few to reuse a weight as often as a dense matrix does, so those matrices run at the memory's
 * pace. Dense weights are read once per ubatch too, but under hundreds of FLOPs per byte, behind the math. A prompt
 * shorter than the ubatch is one smaller batch, which touches only the experts its tokens pick. Seconds per prompt token.
 *
 * @example
 * // 10 GB of experts, 256 GB/s with Vulkan (e_bw 0.8915), 128 experts with 4 active, a 512-token prompt: 85.6 µs a token
 * expertStreamSecPerToken(10e9, 256e9, 'vulkan', 512, 512, { expertsPerToken: 4, experts: 128 })
 */
export function expertStreamSecPerToken(
  expertBytes: number,
  bandwidth: number,
  backend: Backend,
  promptTokens: number,
  ubatchTokens: number,
  moe: { readonly expertsPerToken: number; readonly experts: number } | null,
): number {
  if (expertBytes <= 0 || !moe || moe.experts <= 0) return 0;
  const batch = promptBatch({ ubatchTokens, promptTokens });
  const touched = Math.min(1, (batch * moe.expertsPerToken) / moe.experts);
  return (expertBytes * touched) / (bandwidth * bandwidthEfficiency(backend, bandwidth)) / batch;
}

/**
 * Generation is bound by the bytes read per token over each device's bandwidth (the active weights,
 * and the KV cache up to the current depth) plus a fixed per-layer cost; the devices work one after
 * another on each token. Prompt processing is bound by compute (2 FLOPs per active weight per token,
 * plus attention), and weights held on the CPU are copied to the GPU once per ubatch (llama.cpp offloads
 * large batches to the GPU) unless computing them on the CPU is faster. docs/estimator.md section 5.
 */
export function estimateSpeed(s: SpeedInputs): SpeedEstimate | null {
  const { devices, cpu } = s;
  const { gpus, cpu: cpuShare } = shares(s);
  // Matrix FLOPs per prompt token follow the active weights each device holds (2 per weight): layer counts
  // would miss routed experts kept on the CPU under --n-cpu-moe, and the output layer.
  let activeBytes = cpuShare.weightBytes;
  for (const g of gpus) activeBytes += g.weightBytes;
  const matmulFlops = (share: Share) => (activeBytes > 0 ? (2 * s.activeParams * share.weightBytes) / activeBytes : 0);
  // A measured correction is fitted to the matrix work a prompt token really does: no embedding, no output layer.
  const promptParams = s.promptMatmulParams ?? s.activeParams;
  const promptFlops = (share: Share, c: MeasuredCorrection | null) =>
    c && activeBytes > 0 ? (2 * promptParams * share.weightBytes) / activeBytes : matmulFlops(share);
  // A share's prompt time on a GPU, with the device's own matrix path and correction: its own layers, or the CPU's
  // layers it multiplies (op offload). One place, so both uses take the same constants.
  const gpuPromptSecPerToken = (share: Share, d: PlanDevice, flops: number, bandwidth: number): number =>
    promptSecPerToken(share, flops * d.matrixScale, bandwidth, d.backend, s, promptFlops(share, d.correction), undefined, d.correction, d.quantizedMatrixRatio, d.matrixConstants);
  let genSec = 0;
  let ppSec = 0;
  /** A GPU without an FP16 figure leaves prompt processing unknown; generation needs only bandwidth. */
  let ppKnown = true;
  let uncertainty = 0;
  /** The prompt range's half-width: the backend's, or a measured correction's spread. */
  let promptUncertainty = 0;
  /** The lowest promptLowFraction of the backends that take part in prompt processing. */
  let promptLow = 1;
  /** The backends whose measured corrections took part, in order (an array: no Set made per estimate), and the oldest measurement among them. */
  const calibrated: string[] = [];
  let measuredAt = '';
  const useCorrection = (c: MeasuredCorrection | null) => {
    if (!c) return;
    if (!calibrated.includes(c.backend)) calibrated.push(c.backend);
    if (measuredAt === '' || c.measuredAt < measuredAt) measuredAt = c.measuredAt;
  };
  let bound = 'CPU RAM bandwidth';
  let slowest = 0;
  let firstGpu: PlanDevice | undefined;
  for (const d of devices) {
    if (d.flopsPerSec !== null && d.bandwidthBytesPerSec !== null) {
      firstGpu = d;
      break;
    }
  }
  // Gemma 3 / 3n / 4 layers run more small kernels than the layers the GPU constants were set on (GEMMA_LAYER_SEC,
  // on the devices rows measured it: PlanDevice.gemmaLayerSec).
  const gemmaArch = GEMMA_LAYER_ARCHS.has(s.arch.ggufArch);
  for (let i = 0; i < gpus.length; i++) {
    const g = gpus[i];
    if (!g || (g.layers === 0 && g.weightBytes === 0)) continue;
    const d = devices[i];
    if (!d || d.bandwidthBytesPerSec === null) return null;
    const c = d.correction;
    useCorrection(c);
    const t = generationSec(g, d.bandwidthBytesPerSec, d.backend, s.flashAttention, matmulFlops(g) / 2, false, Infinity, c, d.flopsPerSec, d.streamScale, d.perLayerSec, gemmaArch ? d.gemmaLayerSec : 0);
    genSec += t;
    if (d.flopsPerSec === null) ppKnown = false;
    else
      ppSec +=
        gpuPromptSecPerToken(g, d, d.flopsPerSec, d.bandwidthBytesPerSec) +
        // A measured correction's promptScale covers the whole prompt time it was fitted on, this read included.
        expertStreamSecPerToken(g.heldExpertBytes, d.bandwidthBytesPerSec, d.backend, s.promptTokens, s.ubatchTokens, s.arch.moe) * (c ? c.promptScale : 1);
    uncertainty = Math.max(uncertainty, c ? c.generationSpread : BACKEND_SPEED[d.backend].uncertainty);
    promptUncertainty = Math.max(promptUncertainty, c ? c.promptSpread : BACKEND_SPEED[d.backend].uncertainty);
    promptLow = Math.min(promptLow, c ? 1 - c.promptSpread : BACKEND_SPEED[d.backend].promptLowFraction);
    if (t > slowest) {
      slowest = t;
      bound = d.bandwidthBound;
    }
  }
  if (cpuShare.layers > 0 || cpuShare.weightBytes > 0) {
    const c = cpu.correction;
    useCorrection(c);
    // A model run on the CPU alone also pays a fixed cost per token (graph building, waking the thread pool, logits);
    // a measured correction carries its own.
    const cpuAlone = devices.length === 0 || gpus.every((g) => g.layers === 0);
    const attentionRate = cpu.coreCyclesPerSec * CPU_ATTENTION_FLOPS_PER_CYCLE;
    const t =
      generationSec(cpuShare, cpu.bandwidthBytesPerSec, 'cpu', s.flashAttention, matmulFlops(cpuShare) / 2, cpu.bandwidthMeasured, cpu.decodeBytesPerSec, c, cpu.flopsPerSec, 1, BACKEND_SPEED.cpu.perLayerSec, 0, attentionRate) +
      (cpuAlone && !c ? CPU_TOKEN_OVERHEAD_CYCLES / cpu.clockHz : 0);
    genSec += t;
    uncertainty = Math.max(uncertainty, c ? c.generationSpread : BACKEND_SPEED.cpu.uncertainty + (cpu.bandwidthEstimated ? 0.15 : 0));
    promptUncertainty = Math.max(promptUncertainty, c ? c.promptSpread : BACKEND_SPEED.cpu.uncertainty + (cpu.bandwidthEstimated ? 0.15 : 0));
    promptLow = Math.min(promptLow, c ? 1 - c.promptSpread : BACKEND_SPEED.cpu.promptLowFraction);
    if (t > slowest) {
      slowest = t;
      // At depth a CPU's attention over the context can take most of a token (CPU_ATTENTION_FLOPS_PER_CYCLE).
      const attention = c ? 0 : cpuShare.genAttnFlops / attentionRate;
      bound = attention > t / 2 ? 'CPU attention over the context' : cpu.bandwidthEstimated ? 'CPU RAM bandwidth (estimated)' : 'CPU RAM bandwidth';
    }
    const typeScale = cpuPromptTypeScale(s.weights.layerElementsByType, cpu.promptTypeRates);
    const onCpu = promptSecPerToken(cpuShare, cpu.flopsPerSec, cpu.bandwidthBytesPerSec, 'cpu', s, promptFlops(cpuShare, c), cpu.quantizedOpsPerSec * typeScale, c) + cpuRecurrentPromptSec(cpuShare, s.arch, cpu.coreCyclesPerSec);
    if (firstGpu && firstGpu.flopsPerSec !== null && firstGpu.bandwidthBytesPerSec !== null) {
      const onGpu =
        gpuPromptSecPerToken(cpuShare, firstGpu, firstGpu.flopsPerSec, firstGpu.bandwidthBytesPerSec) +
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
    promptUncertainty = Math.max(promptUncertainty, 0.6);
  }
  const gen = 1 / genSec;
  const pp = 1 / ppSec;
  const ttft = s.promptTokens / pp;
  const ppLow = Math.min(1 - promptUncertainty, promptLow);
  const generationTokensPerSec = { value: gen, low: gen * (1 - uncertainty), high: gen * (1 + uncertainty) };
  const promptTokensPerSec = ppKnown ? { value: pp, low: pp * ppLow, high: pp * (1 + promptUncertainty) } : null;
  const timeToFirstTokenSec = ppKnown ? { value: ttft, low: ttft / (1 + promptUncertainty), high: ttft / ppLow } : null;
  // Two literals rather than a spread of an empty object: this runs once per estimate.
  if (calibrated.length === 0) return { generationTokensPerSec, promptTokensPerSec, timeToFirstTokenSec, boundBy: bound };
  return { generationTokensPerSec, promptTokensPerSec, timeToFirstTokenSec, boundBy: bound, calibration: { backends: calibrated, measuredAt } };
}
