import type { ModelArchitecture } from '../domain/model';
import type { GgmlType } from '../estimator/ggml-types';
import { isEvenlySpacedLast } from '../estimator/tensors';
import type { TensorDesc, TensorRole } from '../estimator/tensors';
import type { GgufEntry, GgufTensorPlan } from './gguf-encode';
import { f32, f32Tensor, ffnSlots, shapeOf, u32 } from './synthetic-layout';
import type { OwnArchWriter, Slot } from './synthetic-layout';

/**
 * The synthetic writer's Gemma 4 (llama.cpp's own `gemma4`: src/models/gemma4.cpp load_arch_hparams,
 * load_arch_tensors and its graph; conversion/gemma.py Gemma4Model for the keys a real file carries). Sliding layers
 * with one head size, full-attention layers with their own (key_length vs key_length_swa, a per-layer head_count_kv,
 * K = V where the estimator lists no attn_v), a MoE layer's dense MLP named ffn_{gate,up,down} beside the experts,
 * and the E models' per-layer embeddings and KV sharing.
 *
 * The estimator's tensors keep their bytes and types; only their names change. llama.cpp also requires tensors the
 * estimator does not count, all F32 and a few KB a layer: attn_q_norm and attn_k_norm [the layer's head size],
 * post_attention_norm and post_ffw_norm [hidden] on every layer; on MoE layers ffn_gate_inp.scale [hidden] (the
 * router's input scale), pre_ffw_norm_2, post_ffw_norm_1, post_ffw_norm_2 [hidden] and ffn_down_exps.scale
 * [experts] (real files carry it, from router.per_expert_scale; optional); once per file rope_freqs [full head
 * size / 2] (the full layers' proportional RoPE). Left out: layer_output_scale [1], optional (one multiply of the
 * hidden state a layer): a zero there would zero the residual stream, and with it every router's input.
 *
 * Values: zeros, except rope_freqs and ffn_gate_inp.scale, written random (see `gemma4RandomTensor`). Gemma 4's norms
 * multiply by their weight as stored (the converter's norm_shift is 0, unlike Gemma 3's 1 + w), so a zero norm gives
 * zero, never NaN: every attention and FFN output is zero and the hidden state stays the (random) token embedding
 * through the residual adds; the logits are zero and the final softcap tanh(0) = 0.
 */

/** Gemma 4's final_logit_softcapping (config.json text_config; as Gemma 2 and 3n). */
const GEMMA4_LOGIT_SOFTCAP = 30;
/** config.json rope_parameters: rope_theta 1e6 on the full layers, 1e4 on the sliding ones. */
const GEMMA4_ROPE_BASE = 1e6;
const GEMMA4_ROPE_BASE_SWA = 1e4;

/** Whether this model is written by this module. */
export function writesGemma4(a: ModelArchitecture): boolean {
  return a.ggufArch === 'gemma4';
}

/** Full-attention layers: spread evenly, the last of each group (as tensors.ts and kv-cache.ts place them). */
function isFullLayer(a: ModelArchitecture, layer: number): boolean {
  const sw = a.slidingWindow;
  return !sw || isEvenlySpacedLast(layer, a.layers - sw.slidingLayers, a.layers);
}

/** The full layers' head size, KV heads and query heads. */
function fullShape(a: ModelArchitecture): { headDim: number; kvHeads: number; heads: number } {
  const g = a.globalAttention;
  return { headDim: g?.headDim ?? a.headDim, kvHeads: g?.kvHeads ?? a.kvHeads, heads: g?.attentionHeads ?? a.attentionHeads };
}

/** Why a gemma4 catalog entry cannot be written as llama.cpp's gemma4, or null. */
export function gemma4UnsupportedReason(a: ModelArchitecture): string | null {
  const sw = a.slidingWindow;
  // llama.cpp's gemma4 is always sliding-window (swa_type standard; the KV cache asserts a sliding layer)
  if (!sw || sw.slidingLayers <= 0 || sw.slidingLayers >= a.layers) return "llama.cpp's gemma4 needs both sliding and full-attention layers";
  if (a.valueHeadDim !== a.headDim) return "llama.cpp's gemma4 needs key and value heads of one size";
  if (a.mla || a.linearAttention || a.layerPattern || a.altUp || a.attentionOutputGate) return "llama.cpp's gemma4 has plain attention layers only";
  if (!a.ffnGated) return "llama.cpp's gemma4 has gated feed-forward layers only";
  const moe = a.moe;
  if (moe) {
    // gemma4.cpp: a MoE layer runs the dense MLP (ffn_gate/up/down at feed_forward_length) beside the experts
    if (moe.sharedExperts !== 1 || moe.sharedExpertIntermediateSize <= 0) return "llama.cpp's gemma4 runs one dense MLP beside its experts (one shared expert)";
    if (moe.denseLayers > 0 || moe.moeLayerStep !== 1 || moe.latentSize !== undefined) return "llama.cpp's gemma4 writes experts in every layer";
  }
  const ple = a.perLayerEmbedding;
  if (ple && ple.vocabSize !== a.vocabSize) return "llama.cpp's gemma4 sizes the per-layer embedding by the model's vocabulary";
  const kv = a.kvSharing;
  if (kv) {
    // llama-model.cpp: a shared sliding layer reuses layer (first shared - 2), a shared full layer (first shared - 1)
    const from = a.layers - kv.layers;
    if (from < 2 || !isFullLayer(a, from - 1) || isFullLayer(a, from - 2))
      return "llama.cpp's gemma4 reuses the KV cache of the last sliding and full layers before the shared ones, and this model's layers are not so placed";
  }
  return null;
}

/** Metadata gemma4 needs beyond the common keys (llama-arch.cpp LLM_KV_*; gemma4.cpp load_arch_hparams). */
function gemma4Metadata(a: ModelArchitecture): [string, GgufEntry][] {
  const p = 'gemma4.';
  const full = fullShape(a);
  const layers = Array.from({ length: a.layers }, (_, i) => i);
  const perLayer = (f: (i: number) => number): GgufEntry => ({ type: 'array', of: 'u32', value: Uint32Array.from(layers, f) });
  const moe = a.moe;
  const base = moe ? moe.sharedExperts * moe.sharedExpertIntermediateSize : (a.intermediateSize ?? 0);
  const kv = a.kvSharing;
  const m: [string, GgufEntry][] = [
    // one flag per layer, 1 = sliding (the converter writes bools; llama.cpp's get_arr reads u32 the same way)
    [`${p}attention.sliding_window_pattern`, perLayer((i) => (isFullLayer(a, i) ? 0 : 1))],
    [`${p}attention.key_length`, u32(full.headDim)],
    [`${p}attention.value_length`, u32(full.headDim)],
    [`${p}attention.key_length_swa`, u32(a.headDim)],
    [`${p}attention.value_length_swa`, u32(a.headDim)],
    [`${p}attention.head_count_kv`, perLayer((i) => (isFullLayer(a, i) ? full.kvHeads : a.kvHeads))],
    // the full layers rotate their whole head, with rope_freqs masking part of it (proportional RoPE)
    [`${p}rope.dimension_count`, u32(full.headDim)],
    [`${p}rope.dimension_count_swa`, u32(a.headDim)],
    [`${p}rope.freq_base`, f32(GEMMA4_ROPE_BASE)],
    [`${p}rope.freq_base_swa`, f32(GEMMA4_ROPE_BASE_SWA)],
    [`${p}final_logit_softcapping`, f32(GEMMA4_LOGIT_SOFTCAP)],
    [`${p}embedding_length_per_layer_input`, u32(a.perLayerEmbedding?.hiddenSize ?? 0)],
    [`${p}attention.shared_kv_layers`, u32(kv?.layers ?? 0)],
    // the dense MLP's width (MoE: the always-on MLP beside the experts); E2B's KV-sharing layers twice as wide
    [`${p}feed_forward_length`, kv?.doubleWideMlp ? perLayer((i) => (i >= a.layers - kv.layers ? 2 * base : base)) : u32(base)],
  ];
  if (full.heads !== a.attentionHeads) m.push([`${p}attention.head_count`, perLayer((i) => (isFullLayer(a, i) ? full.heads : a.attentionHeads))]);
  if (moe) m.push([`${p}expert_feed_forward_length`, u32(moe.expertIntermediateSize)]);
  return m;
}

/**
 * Whether a tensor is written random as a whole. rope_freqs: RoPE divides each angle by its factor, and 0/0 at
 * position 0 (x/0 elsewhere) makes cos and sin NaN, which 0 x NaN carries into q and k; random F32 in +-1 keeps
 * every angle finite. ffn_gate_inp.scale: it multiplies the router's input, so a zero scale would send every token
 * to the same experts.
 */
function gemma4RandomTensor(name: string): boolean {
  return name === 'rope_freqs.weight' || /^blk\.\d+\.ffn_gate_inp\.scale$/.test(name);
}


const PER_LAYER_INPUTS: readonly Slot[] = [
  ['per_layer_embd', 'per_layer_token_embd.weight'],
  ['unquantized', 'per_layer_model_proj.weight'],
  ['norm', 'per_layer_proj_norm.weight'],
];
const DENSE_FFN = ffnSlots('ffn_norm.weight', 'dense');
/** tensors.ts ffnTensors of a MoE layer: the norm, the router, the experts, then the unrouted (dense) MLP. */
const MOE_FFN = ffnSlots('ffn_norm.weight', 'dense-beside');
const PER_LAYER_EMBEDDING: readonly Slot[] = [
  ['attn_other', 'inp_gate.weight'],
  ['attn_other', 'proj.weight'],
  ['norm', 'post_norm.weight'],
];


/**
 * llama.cpp's gemma4 tensors for the estimator's list `all`, each of the type `typeOf` gives (the caller's walk of
 * the estimator's quantization mix), plus the F32 tensors named above. Throws if the list is not laid out as this
 * module expects, so a change to tensors.ts cannot silently write a wrong file.
 */
function gemma4Plans(a: ModelArchitecture, all: readonly TensorDesc[], typeOf: (x: TensorDesc) => GgmlType): GgufTensorPlan[] {
  const plans: GgufTensorPlan[] = [];
  const E = a.hiddenSize;
  let i = 0;
  const next = (layer: number | null, role: TensorRole, name: string): TensorDesc => {
    const x = all[i++];
    if (x?.layer !== layer || x.role !== role) throw new Error(`${layer === null ? 'file' : `layer ${layer}`}: expected a ${role} tensor for ${name}, the estimator lists ${x ? `a ${x.role}` : 'nothing'}`);
    plans.push({ name: layer === null ? name : `blk.${layer}.${name}`, type: typeOf(x), shape: shapeOf(x) });
    return x;
  };
  const take = (layer: number | null, slots: readonly Slot[]) => {
    for (const [role, name] of slots) next(layer, role, name);
  };
  next(null, 'token_embd', 'token_embd.weight');
  if (a.perLayerEmbedding) take(null, PER_LAYER_INPUTS);
  const full = fullShape(a);
  // required once (gemma4.cpp: the first full layer's rope_freqs; the others duplicate it)
  plans.push(f32Tensor('rope_freqs.weight', full.headDim / 2));
  for (let layer = 0; layer < a.layers; layer++) {
    const p = `blk.${layer}.`;
    const headDim = isFullLayer(a, layer) ? full.headDim : a.headDim;
    take(layer, [
      ['norm', 'attn_norm.weight'],
      ['attn_q', 'attn_q.weight'],
      ['attn_k', 'attn_k.weight'],
    ]);
    // K = V on full layers: no attn_v (llama.cpp then uses K as V)
    if (all[i]?.role === 'attn_v') next(layer, 'attn_v', 'attn_v.weight');
    next(layer, 'attn_output', 'attn_output.weight');
    plans.push(f32Tensor(`${p}attn_q_norm.weight`, headDim), f32Tensor(`${p}attn_k_norm.weight`, headDim), f32Tensor(`${p}post_attention_norm.weight`, E));
    take(layer, a.moe ? MOE_FFN : DENSE_FFN);
    plans.push(f32Tensor(`${p}post_ffw_norm.weight`, E));
    if (a.moe) {
      plans.push(
        f32Tensor(`${p}ffn_gate_inp.scale`, E),
        f32Tensor(`${p}pre_ffw_norm_2.weight`, E),
        f32Tensor(`${p}post_ffw_norm_1.weight`, E),
        f32Tensor(`${p}post_ffw_norm_2.weight`, E),
        f32Tensor(`${p}ffn_down_exps.scale`, a.moe.experts),
      );
    }
    if (a.perLayerEmbedding) take(layer, PER_LAYER_EMBEDDING);
  }
  next(null, 'norm', 'output_norm.weight');
  if (i < all.length) next(null, 'output', 'output.weight');
  if (i < all.length) throw new Error(`unexpected ${all[i]?.role ?? 'missing'} tensor after the layers`);
  return plans;
}

export const GEMMA4_WRITER: OwnArchWriter = { writes: writesGemma4, plans: gemma4Plans, metadata: gemma4Metadata, randomTensor: (_a, name) => gemma4RandomTensor(name) };
