import type { ModelArchitecture, MoeSpec } from '../domain/model';
import type { TensorDesc } from '../estimator/tensors';
import type { GgufEntry, GgufTensorPlan } from './gguf-encode';
import { gptOssLayout } from './synthetic-gpt-oss';
import { f32, f32Tensor, u32 } from './synthetic-layout';
import type { LayoutResult, SyntheticLayout } from './synthetic-layout';

/**
 * Mixture-of-experts models written in their own llama.cpp architecture, for what the `llama` stand-in cannot
 * express: shared experts, leading dense layers, interleaved MoE layers, gpt-oss's sinks and biases. Each
 * architecture's tensors and keys follow its load code in the bundled llama.cpp (src/models/<arch>.cpp,
 * load_arch_hparams and load_arch_tensors); a catalog entry whose shape that code cannot hold (a shared expert
 * of another width than llama.cpp derives, a sliding window it does not have) is refused with the reason.
 *
 * Shared-expert tensors are the estimator's `ffn_{gate,up,down}` of a MoE layer that are not routed, named
 * `_shexp` by synthetic-gguf.ts. What is added beyond the estimator's tensors is listed per architecture below;
 * all of it is F32 and zero.
 */

/** Where a MoE architecture's layout comes from: gpt-oss's own, one of the shared-expert ones, or none (the stand-ins). */
export function moeLayout(a: ModelArchitecture): LayoutResult | null {
  if (!a.moe) return null;
  switch (a.ggufArch) {
    case 'gpt-oss':
      return gptOssLayout(a);
    case 'glm4moe':
      return glm4Moe(a, a.moe);
    case 'ernie4_5-moe':
      return ernieMoe(a, a.moe);
    case 'hunyuan-moe':
      return hunyuanMoe(a, a.moe);
    case 'llama4':
      return llama4(a, a.moe);
    default:
      return null;
  }
}

const none = (): GgufTensorPlan[] => [];
const sharedWidth = (moe: MoeSpec): number => (moe.sharedExpertIntermediateSize > 0 ? moe.sharedExperts * moe.sharedExpertIntermediateSize : 0);

function common(a: ModelArchitecture, moe: MoeSpec): [string, GgufEntry][] {
  return [
    [`${a.ggufArch}.expert_feed_forward_length`, u32(moe.expertIntermediateSize)],
    // the dense layers' width (the common key holds the experts' for MoE models)
    [`${a.ggufArch}.feed_forward_length`, u32(a.intermediateSize ?? moe.expertIntermediateSize)],
  ];
}

/**
 * GLM-4.5 / 4.6 / 4.7, INTELLECT-3 (src/models/glm4-moe.cpp): leading dense layers, then MoE layers with one
 * shared expert of n_ff_exp x expert_shared_count; sigmoid routing with a selection bias. Added: attn_{q,k,v}.bias
 * (config.json attention_bias) and ffn_exp_probs_b.bias [experts] (e_score_correction_bias). The MTP layer of the
 * real files (nextn_predict_layers 1) is left out: llama.cpp skips it unless asked to draft with it.
 */
function glm4Moe(a: ModelArchitecture, moe: MoeSpec): LayoutResult {
  if (a.slidingWindow) return { reason: "llama.cpp's glm4moe has no sliding window" };
  if (moe.moeLayerStep !== 1) return { reason: "llama.cpp's glm4moe makes every layer after the dense ones MoE" };
  if (moe.sharedExperts > 0 && moe.sharedExpertIntermediateSize !== moe.expertIntermediateSize)
    return { reason: "llama.cpp's glm4moe sizes a shared expert as a routed one" };
  const extras = (x: TensorDesc): GgufTensorPlan[] => {
    if (x.layer === null) return [];
    if (x.role === 'attn_q' || x.role === 'attn_k' || x.role === 'attn_v') return [f32Tensor(`blk.${x.layer}.${x.role}.bias`, x.ne1)];
    if (x.role === 'router') return [f32Tensor(`blk.${x.layer}.exp_probs_b.bias`, moe.experts)];
    return [];
  };
  const arch = a.ggufArch;
  const metadata: [string, GgufEntry][] = [
    ...common(a, moe),
    [`${arch}.expert_shared_count`, u32(moe.sharedExperts)],
    [`${arch}.leading_dense_block_count`, u32(moe.denseLayers)],
    // GLM-4.5's router: sigmoid (llama.cpp LLAMA_EXPERT_GATING_FUNC_TYPE_SIGMOID = 2), norm_topk_prob, scale 1
    [`${arch}.expert_gating_func`, u32(2)],
    [`${arch}.expert_weights_norm`, { type: 'bool', value: true }],
    [`${arch}.expert_weights_scale`, f32(1)],
    // partial_rotary_factor 0.5: RoPE on half of each head
    [`${arch}.rope.dimension_count`, u32(a.headDim / 2)],
  ];
  return { layout: { arch, ffnNormName: 'post_attention_norm', extras, metadata } };
}

/**
 * ERNIE 4.5 MoE (src/models/ernie4-5.cpp): leading dense layers, shared experts of
 * expert_shared_feed_forward_length, softmax routing with a selection bias. Added: ffn_exp_probs_b.bias [experts]
 * (moe_statics.e_score_correction_bias).
 */
function ernieMoe(a: ModelArchitecture, moe: MoeSpec): LayoutResult {
  if (a.slidingWindow) return { reason: "llama.cpp's ernie4_5-moe has no sliding window" };
  // its loader gives every layer after the dense ones experts, its graph only every moe_layer_step-th
  if (moe.moeLayerStep !== 1) return { reason: "llama.cpp's ernie4_5-moe loads experts in every layer after the dense ones" };
  const arch = a.ggufArch;
  const S = sharedWidth(moe);
  const extras = (x: TensorDesc): GgufTensorPlan[] => (x.layer !== null && x.role === 'router' ? [f32Tensor(`blk.${x.layer}.exp_probs_b.bias`, moe.experts)] : []);
  const metadata: [string, GgufEntry][] = [
    ...common(a, moe),
    [`${arch}.interleave_moe_layer_step`, u32(moe.moeLayerStep)],
    [`${arch}.leading_dense_block_count`, u32(moe.denseLayers)],
  ];
  if (S > 0) metadata.push([`${arch}.expert_shared_feed_forward_length`, u32(S)]);
  return { layout: { arch, ffnNormName: 'ffn_norm', extras, metadata } };
}

/**
 * Hunyuan-A13B (src/models/hunyuan-moe.cpp): every layer MoE with a shared MLP of expert_shared_feed_forward_length;
 * the routed experts' width is feed_forward_length. Added: attn_q_norm and attn_k_norm [head size] (required).
 */
function hunyuanMoe(a: ModelArchitecture, moe: MoeSpec): LayoutResult {
  if (a.slidingWindow) return { reason: "llama.cpp's hunyuan-moe has no sliding window" };
  if (moe.denseLayers > 0 || moe.moeLayerStep !== 1) return { reason: "llama.cpp's hunyuan-moe makes every layer MoE" };
  const S = sharedWidth(moe);
  if (S === 0) return { reason: "llama.cpp's hunyuan-moe needs a shared expert" };
  const arch = a.ggufArch;
  const extras = (x: TensorDesc): GgufTensorPlan[] =>
    x.layer !== null && x.role === 'attn_output' ? [f32Tensor(`blk.${x.layer}.attn_q_norm.weight`, a.headDim), f32Tensor(`blk.${x.layer}.attn_k_norm.weight`, a.headDim)] : [];
  // Not common(): hunyuan-moe reads the routed experts' width from feed_forward_length itself, and a second entry for
  // the key would rely on the later one winning.
  const metadata: [string, GgufEntry][] = [
    [`${arch}.expert_feed_forward_length`, u32(moe.expertIntermediateSize)],
    [`${arch}.feed_forward_length`, u32(moe.expertIntermediateSize)],
    [`${arch}.expert_shared_feed_forward_length`, u32(S)],
  ];
  return { layout: { arch, ffnNormName: 'ffn_norm', extras, metadata } };
}

/** llama.cpp's Llama 4 chunked attention (src/models/llama4.cpp): chunks of 8192, 3 chunked layers in 4. */
const LLAMA4_CHUNK_TOKENS = 8192;
const LLAMA4_SWA_PERIOD = 4;

/**
 * Llama 4 Scout / Maverick (src/models/llama4.cpp): every interleave_moe_layer_step-th layer MoE with one shared
 * expert as wide as a routed one, the others dense (feed_forward_length); chunked attention in 3 layers of 4.
 * Nothing added.
 */
function llama4(a: ModelArchitecture, moe: MoeSpec): LayoutResult {
  if (moe.denseLayers > 0) return { reason: "llama.cpp's llama4 has no leading dense layers" };
  if (sharedWidth(moe) !== moe.expertIntermediateSize) return { reason: "llama.cpp's llama4 has one shared expert as wide as a routed one" };
  const sw = a.slidingWindow;
  if (sw && (sw.windowTokens !== LLAMA4_CHUNK_TOKENS || sw.slidingLayers !== a.layers - Math.floor(a.layers / LLAMA4_SWA_PERIOD)))
    return { reason: `llama.cpp's llama4 chunks attention by ${LLAMA4_CHUNK_TOKENS} tokens in 3 layers of 4` };
  const arch = a.ggufArch;
  const metadata: [string, GgufEntry][] = [...common(a, moe), [`${arch}.interleave_moe_layer_step`, u32(moe.moeLayerStep)]];
  // without the key llama.cpp chunks attention; 0 turns it off. The period is llama.cpp's default, written so that
  // readers without llama4's default (gguf-model.ts) see the chunked layers too.
  if (!sw) metadata.push([`${arch}.attention.sliding_window`, u32(0)]);
  else metadata.push([`${arch}.attention.sliding_window_pattern`, u32(LLAMA4_SWA_PERIOD)]);
  return { layout: { arch, ffnNormName: 'ffn_norm', extras: none, metadata } };
}

export type { SyntheticLayout };
