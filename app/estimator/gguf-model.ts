import { err, ok } from '../api/result';
import { architectureSchema } from '../catalog/model-schema';
import { ownValue } from '../catalog/own-key';
import type { Result } from '../api/result';
import type { LayerPatternSpec, LinearAttentionSpec, MlaSpec, ModelArchitecture, MoeSpec, SlidingWindowSpec } from '../domain/model';
import { ftypeName } from './ggml-type-ids';
import { isGgmlType } from './ggml-types';
import type { GgmlType } from './ggml-types';
import { QUANT_TYPES } from './quant-types';
import type { WeightBreakdown } from './weights';

/** A metadata value made JSON-safe: 64-bit integers become numbers (or decimal strings when unsafe), long arrays their length. */
export type GgufMetadataValue = number | boolean | string | readonly GgufMetadataValue[];

export interface GgufTensorInfo {
  readonly name: string;
  /** ggml type id (ggml.h enum ggml_type). */
  readonly type: number;
  /** ggml type name, e.g. 'Q4_K'. */
  readonly typeName: string;
  /** ne0 (row length) first, as GGUF stores it. */
  readonly shape: readonly number[];
  readonly bytes: number;
  /** Offset of the data from the start of the tensor data section. */
  readonly offset: number;
}

/** What `readGgufHeader` returns: everything in a GGUF file but the tensor data. */
export interface GgufHeader {
  readonly version: number;
  readonly metadata: Readonly<Record<string, GgufMetadataValue>>;
  readonly tensors: readonly GgufTensorInfo[];
  /** Where the tensor data starts (the header padded to general.alignment). */
  readonly dataOffset: number;
  /** fileBytes - dataOffset: the tensor data with its alignment padding. */
  readonly tensorDataBytes: number;
  readonly fileBytes: number;
}

/**
 * Which layers slide when the file does not say (llama-model.cpp load_hparams): Gemma 2 and gpt-oss
 * alternate (set_swa_pattern(2)), Gemma 3 has one global layer in 6, Cohere 2 one in 4.
 */
const DEFAULT_SWA_PATTERN: Readonly<Record<string, number>> = { gemma2: 2, gemma3: 6, 'gpt-oss': 2, cohere2: 4 };
/** Architectures whose recurrent layers are Gated DeltaNet (qwen3next: llama-model.cpp, full_attention_interval 4). */
const DELTANET_ARCHS = new Set(['qwen3next', 'qwen35', 'qwen35moe']);
const DEFAULT_FULL_ATTENTION_INTERVAL = 4;
/**
 * Mamba-2 hybrids whose recurrent layers have head_count_kv 0 (llama-model.cpp: recurrent_layer_arr from
 * n_head_kv(il) == 0). Jamba (Mamba-1), Falcon-H1 (attention and SSM side by side) and others are not mapped.
 */
const MAMBA2_HYBRID_ARCHS = new Set(['granitehybrid', 'nemotron_h', 'nemotron_h_moe']);

export interface GgufModel {
  readonly architecture: ModelArchitecture;
  readonly weights: WeightBreakdown;
  readonly quantLabel: string;
  readonly contextTokens: number;
  readonly name: string;
  readonly parameters: { readonly total: number; readonly active: number };
}

class BadModel extends Error {}

type Meta = GgufHeader['metadata'];

function numberAt(meta: Meta, key: string): number | null {
  const v = meta[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** A number that only counts when positive (converters write 0 for "not used"). */
function positiveAt(meta: Meta, key: string): number | null {
  const v = numberAt(meta, key);
  return v !== null && v > 0 ? v : null;
}

/** A per-layer value: a number, or an array of numbers (one per layer). */
function perLayerAt(meta: Meta, key: string): number | number[] | null {
  const v = meta[key];
  if (Array.isArray(v)) return v.every((x): x is number => typeof x === 'number') ? v : null;
  return numberAt(meta, key);
}

function maxOf(v: number | number[] | null): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  return v.length === 0 ? null : Math.max(...v);
}

function requirePositive(value: number | null, key: string): number {
  if (value === null) throw new BadModel(`missing ${key}`);
  if (!Number.isInteger(value) || value <= 0) throw new BadModel(`${key} is ${value}, expected a positive integer`);
  return value;
}

/** A header whose numbers no real model has (block_count 2^31...) is corrupt: refused before any per-layer table is built. */
function plausible(a: ModelArchitecture): ModelArchitecture {
  const checked = architectureSchema.safeParse(a);
  if (checked.success) return a;
  const issue = checked.error.issues[0];
  throw new BadModel(`implausible architecture (${issue?.path.join('.') || 'architecture'}: ${issue?.message ?? 'invalid'})`);
}

function findTensor(header: GgufHeader, pattern: RegExp): GgufTensorInfo | undefined {
  return header.tensors.find((t) => pattern.test(t.name));
}

function vocabSize(header: GgufHeader, p: string): number {
  const tokens = header.metadata['tokenizer.ggml.tokens'];
  if (Array.isArray(tokens)) return tokens.length;
  if (typeof tokens === 'number') return tokens;
  const declared = numberAt(header.metadata, `${p}vocab_size`);
  if (declared !== null) return declared;
  return requirePositive(findTensor(header, /^token_embd\.weight$/)?.shape[1] ?? null, 'tokenizer.ggml.tokens');
}

function moeSpec(header: GgufHeader, p: string): MoeSpec | null {
  const meta = header.metadata;
  const experts = numberAt(meta, `${p}expert_count`) ?? 0;
  if (experts === 0) return null;
  const used = requirePositive(numberAt(meta, `${p}expert_used_count`), `${p}expert_used_count`);
  if (used > experts) throw new BadModel(`${p}expert_used_count ${used} exceeds ${p}expert_count ${experts}`);
  // fall back to the expert tensors' shapes: ffn_up_exps is [hidden, ff, experts], ffn_down_exps [ff, hidden, experts]
  const up = findTensor(header, /\.ffn_up_exps\.weight$/)?.shape[1];
  const down = findTensor(header, /\.ffn_down_exps\.weight$/)?.shape[0];
  const expertFf = requirePositive(positiveAt(meta, `${p}expert_feed_forward_length`) ?? up ?? down ?? null, `${p}expert_feed_forward_length`);
  const shexp = findTensor(header, /\.ffn_up_shexp\.weight$/) ?? findTensor(header, /\.ffn_down_shexp\.weight$/);
  // LatentMoE (nemotron_h_moe.moe_latent_size; ffn_latent_down is [hidden, latent])
  const latent = positiveAt(meta, `${p}moe_latent_size`) ?? findTensor(header, /\.ffn_latent_down\.weight$/)?.shape[1];
  const sharedExperts = numberAt(meta, `${p}expert_shared_count`) ?? (shexp ? 1 : 0);
  const shexpWidth = shexp ? (shexp.name.includes('ffn_up') ? shexp.shape[1] : shexp.shape[0]) : undefined;
  const sharedFf =
    sharedExperts === 0
      ? 0
      : (positiveAt(meta, `${p}expert_shared_feed_forward_length`) ??
        (shexpWidth !== undefined ? shexpWidth / sharedExperts : expertFf));
  return {
    experts,
    expertsPerToken: used,
    sharedExperts,
    expertIntermediateSize: expertFf,
    sharedExpertIntermediateSize: sharedFf,
    denseLayers: numberAt(meta, `${p}leading_dense_block_count`) ?? 0,
    moeLayerStep: numberAt(meta, `${p}interleave_moe_layer_step`) ?? 1,
    ...(latent !== undefined ? { latentSize: latent } : {}),
  };
}

function slidingSpec(header: GgufHeader, arch: string, p: string, layers: number): SlidingWindowSpec | null {
  const window = numberAt(header.metadata, `${p}attention.sliding_window`) ?? 0;
  if (window <= 0) return null;
  const pattern = header.metadata[`${p}attention.sliding_window_pattern`];
  if (Array.isArray(pattern)) {
    // one flag per layer, true = sliding (llama-model.cpp get_key_or_arr for swa_layers)
    return { windowTokens: window, slidingLayers: pattern.filter((x) => x === true || x === 1).length };
  }
  const every = typeof pattern === 'number' && pattern > 0 ? pattern : ownValue(DEFAULT_SWA_PATTERN, arch);
  if (every === undefined) return null;
  // layer il slides when il % n < n - 1: the last of every n layers is global (llama-hparams.cpp set_swa_pattern)
  return { windowTokens: window, slidingLayers: layers - Math.floor(layers / every) };
}

type Linear = { linear: LinearAttentionSpec | null; pattern: LayerPatternSpec | null };

/**
 * Per-layer blocks from head_count_kv and feed_forward_length, as llama.cpp tells them apart: a layer with
 * attention heads is attention; one with neither heads nor an FFN is recurrent (nemotron_h: recurrent_layer_arr
 * from n_head_kv(il) == 0 && n_ff(il) == 0); one with an FFN only is an FFN layer (MoE when the model has experts).
 */
function nemotronPattern(kvHeads: number[], ff: number | number[] | null, moe: boolean): LayerPatternSpec | null {
  if (!Array.isArray(ff) || ff.length !== kvHeads.length) return null;
  if (!kvHeads.some((kv, i) => kv === 0 && (ff[i] ?? 0) > 0)) return null;
  const blocks = kvHeads.map((kv, i) => (kv > 0 ? '*' : (ff[i] ?? 0) > 0 ? (moe ? 'E' : '-') : 'M')).join('');
  return { blocks, mixerFfn: false };
}

function linearSpec(header: GgufHeader, arch: string, p: string, layers: number, kvHeads: number | number[] | null, moe: boolean): Linear {
  const meta = header.metadata;
  const convKernel = numberAt(meta, `${p}ssm.conv_kernel`);
  const attentionFree = Array.isArray(kvHeads) && kvHeads.some((x) => x === 0);
  // LFM2 (lfm2, lfm2moe): short-convolution layers have head_count_kv 0 and keep shortconv.l_cache - 1 inputs.
  const lCache = numberAt(meta, `${p}shortconv.l_cache`);
  if (lCache !== null && Array.isArray(kvHeads) && attentionFree) {
    const blocks = kvHeads.map((kv) => (kv > 0 ? '*' : 'M')).join('');
    const recurrent = kvHeads.filter((x) => x === 0).length;
    if (recurrent >= layers) throw new BadModel(`${arch} has no attention layer`);
    return { linear: { kind: 'short-conv', layers: recurrent, convKernel: requirePositive(lCache, `${p}shortconv.l_cache`) }, pattern: { blocks, mixerFfn: true } };
  }
  if (convKernel === null) {
    if (attentionFree) throw new BadModel(`${arch}: layers without attention (head_count_kv 0) of a kind this estimator does not know`);
    return { linear: null, pattern: null };
  }
  if (!DELTANET_ARCHS.has(arch) && !MAMBA2_HYBRID_ARCHS.has(arch) && numberAt(meta, `${p}full_attention_interval`) === null) {
    throw new BadModel(`${arch}: recurrent (state-space) architecture not supported yet`);
  }
  const innerSize = requirePositive(numberAt(meta, `${p}ssm.inner_size`), `${p}ssm.inner_size`);
  const stateSize = requirePositive(numberAt(meta, `${p}ssm.state_size`), `${p}ssm.state_size`);
  const timeStepRank = requirePositive(numberAt(meta, `${p}ssm.time_step_rank`), `${p}ssm.time_step_rank`);
  const groups = numberAt(meta, `${p}ssm.group_count`) ?? 1;
  const interval = numberAt(meta, `${p}full_attention_interval`);
  if (DELTANET_ARCHS.has(arch) || interval !== null) {
    // qwen3next conversion: group_count = linear key heads, time_step_rank = linear value heads,
    // state_size = key head dim, inner_size = value heads * value head dim (convert_hf_to_gguf.py Qwen3NextModel)
    const every = interval ?? DEFAULT_FULL_ATTENTION_INTERVAL;
    return { pattern: null, linear: {
      kind: 'gated-deltanet',
      layers: layers - Math.floor(layers / every),
      convKernel,
      keyHeads: groups,
      valueHeads: timeStepRank,
      keyHeadDim: stateSize,
      valueHeadDim: innerSize / timeStepRank,
    } };
  }
  // Mamba-2 hybrids (granitehybrid, nemotron_h, falcon-h1): head_count_kv is 0 on the recurrent layers
  if (!Array.isArray(kvHeads)) throw new BadModel(`${p}attention.head_count_kv must list the attention layers of a hybrid model`);
  // Nemotron-H: FFN-only layers also have head_count_kv 0; their feed_forward_length tells them from Mamba layers.
  const pattern = arch.startsWith('nemotron_h') ? nemotronPattern(kvHeads, perLayerAt(meta, `${p}feed_forward_length`), moe) : null;
  const recurrent = pattern ? pattern.blocks.split('M').length - 1 : kvHeads.filter((x) => x === 0).length;
  if (recurrent >= layers) throw new BadModel(`${arch} has no attention layer (pure state-space models are not supported)`);
  return { pattern, linear: { kind: 'mamba2', layers: recurrent, convKernel, heads: timeStepRank, headDim: innerSize / timeStepRank, stateSize, groups } };
}

function architectureOf(header: GgufHeader): ModelArchitecture {
  const meta = header.metadata;
  const arch = meta['general.architecture'];
  if (typeof arch !== 'string' || arch === '') throw new BadModel('missing general.architecture');
  const p = `${arch}.`;
  const layers = requirePositive(numberAt(meta, `${p}block_count`), `${p}block_count`);
  const hiddenSize = requirePositive(numberAt(meta, `${p}embedding_length`), `${p}embedding_length`);
  const heads = requirePositive(maxOf(perLayerAt(meta, `${p}attention.head_count`)), `${p}attention.head_count`);
  const kvHeadsRaw = perLayerAt(meta, `${p}attention.head_count_kv`);
  let kvHeads = requirePositive(maxOf(kvHeadsRaw) ?? heads, `${p}attention.head_count_kv`);
  let headDim = numberAt(meta, `${p}attention.key_length`) ?? hiddenSize / heads;
  let valueHeadDim = numberAt(meta, `${p}attention.value_length`) ?? headDim;
  const moe = moeSpec(header, p);
  const kvLoraRank = numberAt(meta, `${p}attention.kv_lora_rank`) ?? 0;
  let mla: MlaSpec | null = null;
  if (kvLoraRank > 0) {
    const rope = requirePositive(numberAt(meta, `${p}rope.dimension_count`), `${p}rope.dimension_count`);
    // since the 2025 MLA conversion key_length is kv_lora_rank + rope and the per-head sizes move to *_mla
    const keyMla = numberAt(meta, `${p}attention.key_length_mla`);
    const valueMla = numberAt(meta, `${p}attention.value_length_mla`);
    if (keyMla !== null) headDim = keyMla;
    if (valueMla !== null) valueHeadDim = valueMla;
    kvHeads = heads;
    if (headDim <= rope) throw new BadModel(`${p}attention.key_length ${headDim} is not above ${p}rope.dimension_count ${rope}`);
    const qLoraRank = numberAt(meta, `${p}attention.q_lora_rank`) ?? 0;
    mla = { kvLoraRank, qLoraRank: qLoraRank > 0 ? qLoraRank : null, qkRopeHeadDim: rope, qkNopeHeadDim: headDim - rope, valueHeadDim };
  }
  // DeepSeek Sparse Attention (deepseek32, glm-dsa): the lightning indexer's heads, key size and top-k (llama-arch.cpp
  // LLM_KV_ATTENTION_INDEXER_*); its keys are cached beside the MLA latent
  const indexerHeads = mla ? numberAt(meta, `${p}attention.indexer.head_count`) : null;
  const sparseIndexer =
    indexerHeads !== null && indexerHeads > 0
      ? {
          heads: indexerHeads,
          headDim: requirePositive(numberAt(meta, `${p}attention.indexer.key_length`), `${p}attention.indexer.key_length`),
          topK: requirePositive(numberAt(meta, `${p}attention.indexer.top_k`), `${p}attention.indexer.top_k`),
        }
      : null;
  requirePositive(headDim, `${p}attention.key_length`);
  requirePositive(valueHeadDim, `${p}attention.value_length`);
  const ff = maxOf(perLayerAt(meta, `${p}feed_forward_length`));
  const needsDense = !moe || moe.denseLayers > 0 || moe.moeLayerStep > 1;
  const intermediateSize = needsDense ? requirePositive(ff, `${p}feed_forward_length`) : null;
  const { linear: linearAttention, pattern: layerPattern } = linearSpec(header, arch, p, layers, kvHeadsRaw, moe !== null);
  const slidingWindow = slidingSpec(header, arch, p, layers);
  // Gemma 4: sliding layers with key_length_swa and the largest head_count_kv, full layers with key_length and the
  // smallest (llama.cpp n_embd_head_k_swa, per-layer n_head_kv); without attn_v tensors on them, K projects V.
  const keySwa = numberAt(meta, `${p}attention.key_length_swa`);
  let globalAttention: ModelArchitecture['globalAttention'] = null;
  if (slidingWindow && keySwa !== null && keySwa > 0 && keySwa !== headDim && !mla) {
    const globalKv = requirePositive(Array.isArray(kvHeadsRaw) ? Math.min(...kvHeadsRaw.filter((x) => x > 0)) : kvHeads, `${p}attention.head_count_kv`);
    const attnV = header.tensors.filter((t) => /^blk\.\d+\.attn_v\.weight$/.test(t.name)).length;
    globalAttention = { kvHeads: globalKv, headDim, kEqV: attnV > 0 && attnV < layers };
    headDim = keySwa;
    valueHeadDim = numberAt(meta, `${p}attention.value_length_swa`) ?? keySwa;
  }
  // Step-3.5-Flash (step35): a per-layer head_count, fewer query heads on the full-attention layers (64) than on the
  // sliding ones (96). The full layers are the fewer; the model's heads are the sliding layers' (the largest).
  const headsRaw = perLayerAt(meta, `${p}attention.head_count`);
  if (slidingWindow && !globalAttention && !mla && Array.isArray(headsRaw)) {
    const fewer = Math.min(...headsRaw.filter((h) => h > 0));
    const full = headsRaw.map((h, i) => (h === fewer ? i : -1)).filter((i) => i >= 0);
    // Where the file flags its sliding layers, the fewer-head layers must be the others; the full layers' own KV heads.
    const flags = meta[`${p}attention.sliding_window_pattern`];
    const matchesPattern = !Array.isArray(flags) || full.every((i) => flags[i] === false || flags[i] === 0);
    if (fewer < heads && full.length === layers - slidingWindow.slidingLayers && matchesPattern) {
      const fullKv = Array.isArray(kvHeadsRaw) ? Math.max(...full.map((i) => kvHeadsRaw[i] ?? 0)) : kvHeads;
      globalAttention = { kvHeads: fullKv > 0 ? fullKv : kvHeads, headDim, kEqV: false, attentionHeads: fewer };
    }
  }
  // Gemma 3n / Gemma 4 E models: the last shared_kv_layers layers reuse an earlier layer's cache (gguf-py SHARED_KV_LAYERS)
  const sharedKv = numberAt(meta, `${p}attention.shared_kv_layers`) ?? 0;
  const kvSharing = sharedKv > 0 && sharedKv < layers ? { layers: sharedKv, doubleWideMlp: false } : null;
  const hasFfn = header.tensors.some((t) => /\.ffn_(up|down)/.test(t.name));
  const ffnGated = !hasFfn || header.tensors.some((t) => /\.ffn_gate(_exps|_shexp|_up_exps|_chexps)?\.weight$/.test(t.name));
  return {
    ggufArch: arch,
    layers,
    hiddenSize,
    intermediateSize,
    ffnGated,
    attentionHeads: heads,
    kvHeads,
    headDim,
    valueHeadDim,
    vocabSize: requirePositive(vocabSize(header, p), 'tokenizer.ggml.tokens'),
    tiedEmbeddings: !header.tensors.some((t) => t.name === 'output.weight'),
    moe,
    slidingWindow,
    globalAttention,
    kvSharing,
    mla,
    ...(sparseIndexer ? { sparseIndexer } : {}),
    linearAttention,
    ...(layerPattern ? { layerPattern } : {}),
    vision: null,
  };
}

/**
 * Weights exactly as the file stores them, with weights.ts's grouping: `blk.N.*` into layer N (routed experts,
 * names with `_exps`, also into layerExpertBytes), token_embd apart, everything else outside the layers
 * (output, output_norm, rope factors) as the output; a tied embedding counts again as the output.
 */
export function weightsFromTensors(header: GgufHeader, arch: ModelArchitecture): { weights: WeightBreakdown; parameters: { total: number; active: number } } {
  const layerBytes = new Array<number>(arch.layers).fill(0);
  const layerExpertBytes = new Array<number>(arch.layers).fill(0);
  const bytesByType: Partial<Record<GgmlType, number>> = {};
  const layerElementsByType: Partial<Record<GgmlType, number>> = {};
  const share = arch.moe ? arch.moe.expertsPerToken / arch.moe.experts : 1;
  let total = 0;
  let tokenEmbdBytes = 0;
  let outputBytes = 0;
  let outputCopyBytes = 0;
  let active = 0;
  let params = 0;
  let activeParams = 0;
  for (const t of header.tensors) {
    const elements = t.shape.reduce((a, b) => a * b, 1);
    total += t.bytes;
    params += elements;
    if (isGgmlType(t.typeName)) bytesByType[t.typeName] = (bytesByType[t.typeName] ?? 0) + t.bytes;
    const layerMatch = /^blk\.(\d+)\./.exec(t.name);
    if (!layerMatch) {
      activeParams += elements;
      if (t.name === 'token_embd.weight') {
        tokenEmbdBytes += t.bytes;
        if (!arch.tiedEmbeddings) continue;
        outputCopyBytes += t.bytes;
      } else if (t.name === 'per_layer_token_embd.weight') {
        // Gemma 3n / Gemma 4 E models: gathered row by row on the host like token_embd, never read whole per token
        tokenEmbdBytes += t.bytes;
        continue;
      }
      outputBytes += t.bytes;
      active += t.bytes;
      continue;
    }
    const layer = Number(layerMatch[1]);
    if (layer >= arch.layers) throw new BadModel(`tensor ${t.name} is past block_count ${arch.layers}`);
    layerBytes[layer] = (layerBytes[layer] ?? 0) + t.bytes;
    if (isGgmlType(t.typeName)) layerElementsByType[t.typeName] = (layerElementsByType[t.typeName] ?? 0) + elements * (t.name.includes('_exps') ? share : 1);
    if (t.name.includes('_exps')) {
      layerExpertBytes[layer] = (layerExpertBytes[layer] ?? 0) + t.bytes;
      active += t.bytes * share;
      activeParams += elements * share;
    } else {
      active += t.bytes;
      activeParams += elements;
    }
  }
  return {
    weights: { totalBytes: total, layerBytes, layerExpertBytes, tokenEmbdBytes, outputBytes, outputCopyBytes, activeBytesPerToken: active, bytesByType, layerElementsByType },
    parameters: { total: params, active: Math.round(activeParams) },
  };
}

function quantLabelOf(header: GgufHeader, fileName: string): string {
  const fileType = numberAt(header.metadata, 'general.file_type');
  const named = fileType !== null ? ftypeName(fileType) : null;
  if (named !== null) return named;
  const upper = fileName.toUpperCase();
  const ids = [...QUANT_TYPES.map((q) => q.id)].sort((a, b) => b.length - a.length);
  const fromName = ids.find((id) => new RegExp(`(^|[^A-Z0-9])${id}([^A-Z0-9]|$)`).test(upper));
  if (fromName !== undefined) return fromName;
  // the type holding the most bytes
  const byType = new Map<string, number>();
  for (const t of header.tensors) byType.set(t.typeName, (byType.get(t.typeName) ?? 0) + t.bytes);
  return [...byType.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
}

/**
 * Turns a GGUF header into the estimator's inputs: the architecture from the `{arch}.*` keys (llama.cpp
 * llama-arch.cpp LLM_KV names), the weights exactly from the tensor table, the quantization from
 * general.file_type. Missing or inconsistent keys give BAD_REQUEST naming the key.
 *
 * @example
 * const r = ggufToModel(header, 'Qwen3-8B-Q4_K_M.gguf');
 * if (r.ok) console.log(r.value.architecture.layers, r.value.weights.totalBytes, r.value.quantLabel);
 */
export function ggufToModel(header: GgufHeader, fileName: string): Result<GgufModel> {
  try {
    if (isMmproj(header)) return err('BAD_REQUEST', `${fileName}: a vision projector (mmproj), not a language model`);
    if (header.tensors.length === 0) return err('BAD_REQUEST', `${fileName}: no tensors`);
    const architecture = plausible(architectureOf(header));
    const { weights, parameters } = weightsFromTensors(header, architecture);
    const context = numberAt(header.metadata, `${architecture.ggufArch}.context_length`);
    const contextTokens = requirePositive(context, `${architecture.ggufArch}.context_length`);
    const declaredName = header.metadata['general.name'];
    const name = typeof declaredName === 'string' && declaredName.trim() !== '' ? declaredName.trim() : fileName.replace(/\.gguf$/i, '');
    return ok({ architecture, weights, quantLabel: quantLabelOf(header, fileName), contextTokens, name, parameters });
  } catch (e) {
    if (e instanceof BadModel) return err('BAD_REQUEST', `${fileName}: ${e.message}`);
    return err('INTERNAL', `${fileName}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Whether a header is a vision projector (llama.cpp mmproj: general.architecture 'clip'), not a language model. */
export function isMmproj(header: GgufHeader): boolean {
  const meta = header.metadata;
  if (meta['general.architecture'] === 'clip') return true;
  const type = meta['general.type'];
  if (typeof type === 'string' && type.toLowerCase() === 'mmproj') return true;
  const name = meta['general.name'];
  return typeof name === 'string' && name.toLowerCase().includes('mmproj');
}
