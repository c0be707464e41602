import type { ModelArchitecture } from '../domain/model';
import type { GgmlType } from '../estimator/ggml-types';
import { isMoeLayer, layerBlock } from '../estimator/tensors';
import type { TensorDesc } from '../estimator/tensors';
import type { GgufEntry, GgufTensorPlan } from './gguf-encode';
import { ATTENTION_SLOTS, f32Tensor, ffnSlots, planBySlots, u32 } from './synthetic-layout';
import type { OwnArchWriter, Slot } from './synthetic-layout';

/**
 * The synthetic writer's short-convolution hybrids: llama.cpp's lfm2 (LFM2 350M, 1.2B) and lfm2moe (LFM2 8B-A1B),
 * with the names, shapes and keys of the bundled build's src/models/lfm2.cpp and lfm2moe.cpp (keys as
 * conversion/lfm2.py writes them). Each layer is a gated short convolution (shortconv.in_proj [hidden, 3 hidden],
 * shortconv.conv [l_cache, hidden], shortconv.out_proj) or attention, behind attn_norm, then ffn_norm and a SwiGLU
 * MLP, or (lfm2moe, after the leading dense layers) sigmoid-routed experts. The final norm is token_embd_norm.
 *
 * The estimator's tensors keep their types and bytes. Added beyond them, all F32 (llama.cpp requires them):
 * attn_q_norm and attn_k_norm [head size] on each attention layer, and exp_probs_b.bias [experts] (the sigmoid
 * router's selection bias) on each lfm2moe MoE layer.
 *
 * Values: zeros, except the ffn_norm of each MoE layer (it feeds the router), random; see `lfm2RandomTensor`. The
 * short convolution is linear in its zero inputs (B, C and x from a zero in_proj, B x x, the convolution, C x that)
 * and the q / k RMS norms divide zero by sqrt(eps): every value stays finite and ggml's kernels take no shortcut.
 */

/** llama.cpp architectures written here. */
export const LFM2_WRITTEN_ARCHS: readonly string[] = ['lfm2', 'lfm2moe'];

/** llama.cpp llama_expert_gating_func_type: sigmoid (conversion/lfm2.py LFM2MoeModel). */
const GATING_SIGMOID = 2;

/** Whether this model is written by this module (a short-convolution hybrid of a llama.cpp arch listed above). */
export function writesLfm2(a: ModelArchitecture): boolean {
  return a.linearAttention?.kind === 'short-conv' && LFM2_WRITTEN_ARCHS.includes(a.ggufArch);
}

/** Why a short-convolution hybrid cannot be written as its llama.cpp arch, or null. */
export function lfm2UnsupportedReason(a: ModelArchitecture): string | null {
  const l = a.linearAttention;
  if (!l || !writesLfm2(a)) return `${a.ggufArch} is not a short-convolution hybrid this writer knows`;
  // lfm2.cpp graph: GGML_ASSERT(hparams.n_shortconv_l_cache > 1)
  if (l.convKernel < 2) return 'a short convolution needs at least 2 taps';
  if (a.layerPattern && !a.layerPattern.mixerFfn) return `llama.cpp's ${a.ggufArch} puts an FFN after every layer's mixer`;
  // lfm2.cpp load_arch_tensors: attn_q and attn_output are {n_embd, n_embd}; GGML_ASSERT(n_embd_v_gqa == n_embd_k_gqa)
  if (a.attentionHeads * a.headDim !== a.hiddenSize) return `llama.cpp's ${a.ggufArch} needs query heads x head size equal to the hidden size`;
  if (a.valueHeadDim !== a.headDim) return 'different key and value head sizes are not written for this architecture';
  if (!a.ffnGated) return `llama.cpp's ${a.ggufArch} has gated (SwiGLU) feed-forward layers only`;
  if (a.slidingWindow || a.globalAttention || a.mla || a.perLayerEmbedding || a.altUp || a.kvSharing) return `llama.cpp's ${a.ggufArch} has no sliding-window, latent-attention or per-layer-embedding layers`;
  const moe = a.moe;
  if ((a.ggufArch === 'lfm2moe') !== (moe !== null)) return a.ggufArch === 'lfm2moe' ? 'lfm2moe needs experts' : 'an lfm2 model with experts is written as lfm2moe';
  if (moe) {
    // lfm2moe.cpp: every layer from leading_dense_block_count on is MoE, without a shared expert
    if (moe.moeLayerStep !== 1 || moe.latentSize !== undefined) return "llama.cpp's lfm2moe routes every layer after the dense ones to its experts";
    if (moe.sharedExperts > 0 && moe.sharedExpertIntermediateSize > 0) return "llama.cpp's lfm2moe has no shared expert";
    if (moe.denseLayers > 0 && !a.intermediateSize) return 'dense layers need a feed-forward width';
  }
  return null;
}

/** Metadata these archs need beyond the common keys (llama-arch.cpp LLM_KV_*; conversion/lfm2.py). */
function lfm2Metadata(a: ModelArchitecture): [string, GgufEntry][] {
  const l = a.linearAttention;
  if (!l) return [];
  const arch = a.ggufArch;
  const m: [string, GgufEntry][] = [
    [`${arch}.shortconv.l_cache`, u32(l.convKernel)],
    // a layer is a short convolution when its head_count_kv is 0 (lfm2.cpp load_arch_hparams)
    [`${arch}.attention.head_count_kv`, { type: 'array', of: 'u32', value: Uint32Array.from({ length: a.layers }, (_, i) => (layerBlock(a, i) === '*' ? a.kvHeads : 0)) }],
  ];
  const moe = a.moe;
  if (moe) {
    m.push(
      // the dense layers' width (the common key holds the experts' for MoE models)
      [`${arch}.feed_forward_length`, u32(a.intermediateSize ?? moe.expertIntermediateSize)],
      [`${arch}.expert_feed_forward_length`, u32(moe.expertIntermediateSize)],
      [`${arch}.leading_dense_block_count`, u32(moe.denseLayers)],
      [`${arch}.expert_gating_func`, u32(GATING_SIGMOID)],
    );
  }
  return m;
}

/** Whether a tensor is written random as a whole: the ffn_norm of each MoE layer, the router's input (as in synthetic-mamba2.ts). */
function lfm2RandomTensor(a: ModelArchitecture, name: string): boolean {
  const m = /^blk\.(\d+)\.ffn_norm\.weight$/.exec(name);
  return m !== null && isMoeLayer(a, Number(m[1]));
}

const SHORT_CONV: readonly Slot[] = [
  ['norm', 'attn_norm.weight'],
  ['ssm', 'shortconv.in_proj.weight'],
  ['router', 'shortconv.conv.weight'],
  ['ssm', 'shortconv.out_proj.weight'],
];
const DENSE_FFN = ffnSlots('ffn_norm.weight', 'dense');
const MOE_FFN = ffnSlots('ffn_norm.weight', 'experts');

/** llama.cpp's tensors for the estimator's list `all` of an LFM2 model (see planBySlots). */
function lfm2Plans(a: ModelArchitecture, all: readonly TensorDesc[], typeOf: (x: TensorDesc) => GgmlType): GgufTensorPlan[] {
  const experts = a.moe?.experts ?? 0;
  const slotsOf = (layer: number): Slot[] => [...(layerBlock(a, layer) === 'M' ? SHORT_CONV : ATTENTION_SLOTS), ...(isMoeLayer(a, layer) ? MOE_FFN : DENSE_FFN)];
  // Not in the estimator's list, required by llama.cpp: the attention layers' q / k RMS norms [head size] and the
  // MoE layers' selection bias exp_probs_b [experts]
  const extras = (layer: number, name: string): GgufTensorPlan[] => {
    if (name === 'attn_output.weight') return [f32Tensor(`blk.${layer}.attn_q_norm.weight`, a.headDim), f32Tensor(`blk.${layer}.attn_k_norm.weight`, a.headDim)];
    if (name === 'ffn_gate_inp.weight') return [f32Tensor(`blk.${layer}.exp_probs_b.bias`, experts)];
    return [];
  };
  // llama-arch.cpp LLM_TENSOR_OUTPUT_NORM_LFM2: "token_embd_norm" ("fix for wrong tensor name")
  return planBySlots(a, all, typeOf, slotsOf, extras, 'token_embd_norm.weight');
}

export const LFM2_WRITER: OwnArchWriter = { writes: writesLfm2, plans: lfm2Plans, metadata: lfm2Metadata, randomTensor: lfm2RandomTensor };
