import type { ModelArchitecture } from '../domain/model';

/** The part a tensor plays, as llama.cpp's quantizer and offloader tell tensors apart by name. */
export type TensorRole =
  | 'token_embd'
  | 'output'
  | 'attn_q'
  | 'attn_k'
  | 'attn_v'
  | 'attn_output'
  | 'attn_other'
  | 'ffn_gate'
  | 'ffn_up'
  | 'ffn_down'
  /** LatentMoE's projections into and out of the experts' latent space (ffn_latent_down / ffn_latent_up): llama-quant.cpp matches no ffn_* rule on these names, so they take the file type. */
  | 'ffn_latent'
  | 'ssm'
  /** A Gated DeltaNet layer's fused q/k/v in-projection, named attn_qkv in llama.cpp (and quantized as one). */
  | 'attn_qkv'
  | 'router'
  /** Per-layer embeddings (Gemma 3n / Gemma 4 E models): rows gathered per token on the host, like token_embd. */
  | 'per_layer_embd'
  /** Tensors llama.cpp never quantizes but keeps in the converter's 16-bit type: per_layer_model_proj, Gemma 3n's altup and laurel. */
  | 'unquantized'
  | 'norm';

export interface TensorDesc {
  readonly role: TensorRole;
  /** Layer index, or null for token_embd / output / output_norm. */
  readonly layer: number | null;
  /** Row length (input dimension), rows (output dimension), experts (1 for 2-D tensors). */
  readonly ne0: number;
  readonly ne1: number;
  readonly ne2: number;
  /** 1-D tensors, routers and conv kernels stay F32 (llama-quant.cpp eligibility, quant-facts.md 2.1). */
  readonly quantizable: boolean;
  /** The type a tensor that is not quantized keeps: F32, or F16 for the 2-D 'unquantized' role (the converter's 16-bit output). */
  readonly keptType: 'F32' | 'F16';
  /** Routed-expert tensor: only expertsPerToken of ne2 experts are read per token. */
  readonly routedExperts: boolean;
}

function t(role: TensorRole, layer: number | null, ne0: number, ne1: number, ne2 = 1, routedExperts = false): TensorDesc {
  const quantizable = ne1 > 1 && role !== 'norm' && role !== 'router' && role !== 'unquantized';
  // convert_hf_to_gguf writes 1-D tensors in F32 and other matrices in the output type (F16/BF16, 2 bytes)
  const keptType = role === 'unquantized' && ne1 > 1 ? 'F16' : 'F32';
  return { role, layer, ne0, ne1, ne2, quantizable, keptType, routedExperts };
}

/**
 * Whether the GGUF file has a separate output.weight: untied models, and tied ones whose checkpoint still stores
 * lm_head.weight (llama.cpp's converter writes it, conversion/qwen.py Qwen3Model has no tied-head skip). Without
 * one, llama-quant.cpp quantizes token_embd with the output rule and llama.cpp loads it twice.
 */
export function ggufHasOutput(a: ModelArchitecture): boolean {
  return !a.tiedEmbeddings || a.lmHeadStored === true;
}

/**
 * Whether `index` is one of `count` positions spread evenly over `total`, each at the end of its group:
 * positions floor(k * total / count) - 1 for k = 1..count (Gemma's every-6th global layer, Qwen3-Next's
 * every-4th attention layer).
 */
export function isEvenlySpacedLast(index: number, count: number, total: number): boolean {
  if (count <= 0) return false;
  if (count >= total) return true;
  const position = (k: number) => Math.floor((k * total) / count) - 1;
  const k = Math.floor(((index + 1) * count) / total);
  return position(k) === index || position(k + 1) === index;
}

/** A layer's block: 'M' recurrent mixer, '*' attention, '-' dense FFN only, 'E' MoE FFN only (LayerPatternSpec). */
export type LayerBlock = 'M' | '*' | '-' | 'E';

/**
 * Which block a layer holds: the layer pattern's letter when the model has one (Nemotron-H, LFM2), else recurrent
 * layers spread evenly with the attention layers last in each group (Qwen3-Next's every-4th attention layer).
 */
export function layerBlock(a: ModelArchitecture, layer: number): LayerBlock {
  const letter = a.layerPattern?.blocks[layer];
  if (letter === 'M' || letter === '*' || letter === '-' || letter === 'E') return letter;
  const linear = a.linearAttention;
  if (!linear) return '*';
  return isEvenlySpacedLast(layer, a.layers - linear.layers, a.layers) ? '*' : 'M';
}

/** Which layers use linear attention / a recurrent state. */
export function isRecurrentLayer(a: ModelArchitecture, layer: number): boolean {
  return layerBlock(a, layer) === 'M';
}

/** Whether a layer has an FFN: every layer, except the mixer layers of a pattern whose FFNs are layers of their own. */
export function hasFfn(a: ModelArchitecture, layer: number): boolean {
  if (!a.layerPattern || a.layerPattern.mixerFfn) return true;
  const block = layerBlock(a, layer);
  return block === '-' || block === 'E';
}

/**
 * A full-attention layer of a sliding-window model whose full layers have their own head shape (Gemma 4): the
 * sliding layers spread evenly, the global ones last in each group, as kv-cache.ts places them.
 */
export function isGlobalShapedLayer(a: ModelArchitecture, layer: number): boolean {
  const sw = a.slidingWindow;
  if (!a.globalAttention || !sw || a.linearAttention) return false;
  return isEvenlySpacedLast(layer, a.layers - sw.slidingLayers, a.layers);
}

export function isMoeLayer(a: ModelArchitecture, layer: number): boolean {
  const moe = a.moe;
  if (!moe) return false;
  // Nemotron-H style: the pattern says which FFN layers route to experts.
  if (a.layerPattern && !a.layerPattern.mixerFfn) return layerBlock(a, layer) === 'E';
  return layer >= moe.denseLayers && (layer + 1) % moe.moeLayerStep === 0;
}

function attentionTensors(a: ModelArchitecture, i: number): TensorDesc[] {
  const E = a.hiddenSize;
  const out: TensorDesc[] = [t('norm', i, E, 1)];
  const mla = a.mla;
  if (mla) {
    const H = a.attentionHeads;
    const qk = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
    if (mla.qLoraRank !== null) {
      out.push(t('attn_other', i, E, mla.qLoraRank), t('norm', i, mla.qLoraRank, 1), t('attn_other', i, mla.qLoraRank, H * qk));
    } else {
      out.push(t('attn_q', i, E, H * qk));
    }
    out.push(
      t('attn_other', i, E, mla.kvLoraRank + mla.qkRopeHeadDim), // attn_kv_a_mqa
      t('norm', i, mla.kvLoraRank, 1),
      t('attn_other', i, mla.qkNopeHeadDim, mla.kvLoraRank, H), // attn_k_b (split form)
      t('attn_other', i, mla.kvLoraRank, mla.valueHeadDim, H), // attn_v_b
      t('attn_output', i, H * mla.valueHeadDim, E),
    );
    const dsa = a.sparseIndexer;
    if (dsa && mla.qLoraRank !== null) {
      // DSA lightning indexer (llama.cpp deepseek32 / glm-dsa): indexer.attn_q_b, attn_k, k_norm (weight, bias), proj
      out.push(
        t('attn_other', i, mla.qLoraRank, dsa.heads * dsa.headDim),
        t('attn_other', i, E, dsa.headDim),
        t('norm', i, dsa.headDim, 1),
        t('norm', i, dsa.headDim, 1),
        t('attn_other', i, E, dsa.heads),
      );
    }
    return out;
  }
  const g = a.globalAttention;
  if (g && isGlobalShapedLayer(a, i)) {
    const heads = g.attentionHeads ?? a.attentionHeads;
    out.push(t('attn_q', i, E, heads * g.headDim), t('attn_k', i, E, g.kvHeads * g.headDim));
    if (!g.kEqV) out.push(t('attn_v', i, E, g.kvHeads * g.headDim));
    out.push(t('attn_output', i, heads * g.headDim, E));
    return out;
  }
  // Qwen3-Next / Qwen3.5 gated attention: q_proj also yields the output gate (llama.cpp wq {n_embd, n_embd_head_k * n_head * 2})
  const qRows = a.attentionHeads * a.headDim * (a.attentionOutputGate ? 2 : 1);
  out.push(
    t('attn_q', i, E, qRows),
    t('attn_k', i, E, a.kvHeads * a.headDim),
    t('attn_v', i, E, a.kvHeads * a.valueHeadDim),
    t('attn_output', i, a.attentionHeads * a.valueHeadDim, E),
  );
  return out;
}

function recurrentTensors(a: ModelArchitecture, i: number): TensorDesc[] {
  const l = a.linearAttention;
  const E = a.hiddenSize;
  if (!l) return [];
  if (l.kind === 'short-conv') {
    // LFM2 (llama-model.cpp LLM_ARCH_LFM2): shortconv.in_proj {n_embd, 3 n_embd}, shortconv.conv {L_cache, n_embd}, out_proj
    return [
      t('norm', i, E, 1),
      t('ssm', i, E, 3 * E), // shortconv.in_proj: the B and C gates and the value
      t('router', i, l.convKernel, E), // shortconv.conv: never quantized (llama-quant.cpp)
      t('ssm', i, E, E), // shortconv.out_proj
    ];
  }
  if (l.kind === 'gated-deltanet') {
    const kDim = (l.keyHeads ?? 0) * (l.keyHeadDim ?? 0);
    const vDim = (l.valueHeads ?? 0) * (l.valueHeadDim ?? 0);
    return [
      t('norm', i, E, 1),
      t('attn_qkv', i, E, 2 * kDim + vDim), // q, k, v projection (llama.cpp attn_qkv)
      t('ssm', i, E, vDim), // z (gate) projection (attn_gate)
      t('ssm', i, E, 2 * (l.valueHeads ?? 0)), // beta, alpha
      t('router', i, l.convKernel, 2 * kDim + vDim), // conv1d: never quantized
      t('norm', i, l.valueHeads ?? 0, 1), // ssm_dt (dt_bias), F32
      t('norm', i, l.valueHeads ?? 0, 1), // ssm_a, F32
      t('norm', i, l.valueHeadDim ?? 0, 1), // ssm_norm, F32
      t('ssm', i, vDim, E), // out projection
    ];
  }
  const dInner = (l.heads ?? 0) * (l.headDim ?? 0);
  const groupState = 2 * (l.groups ?? 0) * (l.stateSize ?? 0);
  return [
    t('norm', i, E, 1),
    t('ssm', i, E, 2 * dInner + groupState + (l.heads ?? 0)), // ssm_in
    t('router', i, l.convKernel, dInner + groupState), // ssm_conv1d
    // ssm_conv1d bias, ssm_dt bias, ssm_a, ssm_d and the grouped ssm_norm: 1-D F32 (llama.cpp mamba2 layers)
    t('norm', i, dInner + groupState, 1),
    t('norm', i, l.heads ?? 0, 1),
    t('norm', i, l.heads ?? 0, 1),
    t('norm', i, l.heads ?? 0, 1),
    t('norm', i, dInner, 1),
    t('ssm', i, dInner, E), // ssm_out
  ];
}

function ffnTensors(a: ModelArchitecture, i: number): TensorDesc[] {
  const E = a.hiddenSize;
  const out: TensorDesc[] = [t('norm', i, E, 1)];
  const moe = a.moe;
  if (moe && isMoeLayer(a, i)) {
    const F = moe.expertIntermediateSize;
    const X = moe.experts;
    // LatentMoE: the experts read and write a latentSize-wide vector; ffn_latent_down and ffn_latent_up move it
    // from and back to the hidden width (llama.cpp nemotron_h_moe: {n_embd, moe_latent} and {moe_latent, n_embd}).
    const D = moe.latentSize ?? E;
    out.push(t('router', i, E, X));
    if (moe.latentSize !== undefined) out.push(t('ffn_latent', i, E, D));
    if (a.ffnGated) out.push(t('ffn_gate', i, D, F, X, true));
    out.push(t('ffn_up', i, D, F, X, true), t('ffn_down', i, F, D, X, true));
    if (moe.latentSize !== undefined) out.push(t('ffn_latent', i, D, E));
    if (moe.sharedExperts > 0 && moe.sharedExpertIntermediateSize > 0) {
      const S = moe.sharedExperts * moe.sharedExpertIntermediateSize;
      // Nemotron-H's shared expert is squared-ReLU like its routed ones: up and down only
      if (a.ffnGated) out.push(t('ffn_gate', i, E, S));
      out.push(t('ffn_up', i, E, S), t('ffn_down', i, S, E));
    }
    return out;
  }
  const base = a.intermediateSize ?? moe?.expertIntermediateSize ?? 0;
  // Gemma 4 E2B: the KV-sharing layers' MLP is twice as wide (use_double_wide_mlp).
  const F = a.kvSharing?.doubleWideMlp && i >= a.layers - a.kvSharing.layers ? 2 * base : base;
  if (a.ffnGated) out.push(t('ffn_gate', i, E, F));
  out.push(t('ffn_up', i, E, F), t('ffn_down', i, F, E));
  return out;
}

/**
 * The tensors of a GGUF file for this architecture, named by role, with llama.cpp's shapes
 * (ne0 = row length). Vision encoders live in a separate mmproj file and are not listed.
 */
export function architectureTensors(a: ModelArchitecture): readonly TensorDesc[] {
  // Built once per architecture object: every quantization of a model walks the same list.
  const hit = tensorCache.get(a);
  if (hit) return hit;
  const built = buildTensors(a);
  tensorCache.set(a, built);
  return built;
}

const tensorCache = new WeakMap<ModelArchitecture, readonly TensorDesc[]>();

function buildTensors(a: ModelArchitecture): readonly TensorDesc[] {
  const E = a.hiddenSize;
  const tensors: TensorDesc[] = [t('token_embd', null, E, a.vocabSize)];
  const ple = a.perLayerEmbedding;
  if (ple) {
    // per_layer_token_embd [layers x ple, vocab], per_layer_model_proj [hidden, layers x ple] (kept 16-bit:
    // llama-quant.cpp never quantizes per_layer_model_proj) and per_layer_proj_norm (llama.cpp gemma3n/gemma4)
    tensors.push(
      t('per_layer_embd', null, a.layers * ple.hiddenSize, ple.vocabSize),
      t('unquantized', null, E, a.layers * ple.hiddenSize),
      t('norm', null, ple.hiddenSize, 1),
    );
  }
  const altUp = a.altUp;
  // Gemma 3n: altup_proj and altup_unembd_proj [hidden, hidden, inputs - 1], kept 16-bit
  if (altUp) tensors.push(t('unquantized', null, E, E, altUp.inputs - 1), t('unquantized', null, E, E, altUp.inputs - 1));
  for (let i = 0; i < a.layers; i++) {
    const block = layerBlock(a, i);
    if (block === 'M') tensors.push(...recurrentTensors(a, i));
    else if (block === '*') tensors.push(...attentionTensors(a, i));
    if (hasFfn(a, i)) tensors.push(...ffnTensors(a, i));
    // each layer's per-layer input gate [hidden, ple] and projection [ple, hidden]
    if (ple) tensors.push(t('attn_other', i, E, ple.hiddenSize), t('attn_other', i, ple.hiddenSize, E), t('norm', i, E, 1));
    if (altUp) tensors.push(...altUpTensors(E, altUp.inputs, altUp.laurelRank, i));
  }
  tensors.push(t('norm', null, E, 1));
  if (ggufHasOutput(a)) tensors.push(t('output', null, E, a.vocabSize));
  return tensors;
}

/**
 * One Gemma 3n layer's AltUp and LAuReL tensors (llama.cpp llama_model_gemma3n::load_arch_tensors): the coefficient
 * matrices F32 (convert_hf_to_gguf forces ALTUP_CORRECT_COEF / ALTUP_PREDICT_COEF to F32), the router and the
 * laurel pair 16-bit, their norms and the correction scale F32. None is quantized (llama-quant.cpp).
 */
function altUpTensors(E: number, n: number, rank: number, i: number): TensorDesc[] {
  return [
    t('norm', i, n, n), // altup_correct_coef [n, n], F32
    t('norm', i, E, 1), // altup_correct_scale
    t('norm', i, n, n * n), // altup_predict_coef [n, n^2], F32
    t('unquantized', i, E, n), // altup_router
    t('norm', i, E, 1), // altup_router_norm
    t('unquantized', i, E, rank), // laurel_l
    t('unquantized', i, rank, E), // laurel_r
    t('norm', i, E, 1), // laurel_post_norm
  ];
}

export function tensorElements(x: TensorDesc): number {
  return x.ne0 * x.ne1 * x.ne2;
}

const parameterCache = new WeakMap<ModelArchitecture, { total: number; active: number }>();

/** Parameters of the text model computed from its architecture, plus the vision encoder. Memoized per architecture object. */
export function countParameters(a: ModelArchitecture): { total: number; active: number } {
  const hit = parameterCache.get(a);
  if (hit) return hit;
  const counted = computeParameters(a);
  parameterCache.set(a, counted);
  return counted;
}

function computeParameters(a: ModelArchitecture): { total: number; active: number } {
  let total = 0;
  let active = 0;
  const share = a.moe ? a.moe.expertsPerToken / a.moe.experts : 1;
  for (const x of architectureTensors(a)) {
    // a stored lm_head of a tied model is a copy of token_embd, not parameters of its own
    if (x.role === 'output' && a.tiedEmbeddings) continue;
    const n = tensorElements(x);
    total += n;
    active += x.routedExperts ? n * share : n;
  }
  const vision = a.vision?.encoderParams ?? 0;
  return { total: total + vision, active: active + vision };
}
