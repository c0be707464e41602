import type { ModelArchitecture } from '../domain/model';
import type { GgmlType } from '../estimator/ggml-types';
import { isMoeLayer } from '../estimator/tensors';
import type { TensorDesc } from '../estimator/tensors';
import type { GgufEntry, GgufTensorPlan } from './gguf-encode';
import { f32Tensor, ffnSlots, planBySlots, u32 } from './synthetic-layout';
import type { OwnArchWriter, Slot } from './synthetic-layout';

/**
 * The synthetic writer's multi-head latent attention models: llama.cpp's deepseek2 (DeepSeek V2 Lite, Coder V2 Lite,
 * V3 / V3.1 / R1, Kimi K2.x, GLM-4.7-Flash) and its two DeepSeek Sparse Attention archs, deepseek32 (DeepSeek V3.2)
 * and glm-dsa (GLM-5, 5.1), each with the tensor names, shapes and keys of its load code in the bundled build
 * (src/models/deepseek2.cpp, deepseek32.cpp, glm-dsa.cpp; the keys as conversion/deepseek.py writes them).
 *
 * The estimator's tensors keep their types and bytes; it already sizes llama.cpp's split form of the latent up
 * projection (attn_k_b [nope, kv rank, heads], attn_v_b [kv rank, value, heads]) that the bundled build loads when
 * key_length_mla / value_length_mla are set. The only tensor added is exp_probs_b.bias [experts] (F32, zero: the
 * selection bias of sigmoid routing) on each MoE layer of the models routed by a sigmoid.
 *
 * Values: zeros, except what synthetic-gguf.ts writes random for every MoE model (the embedding rows, the routers and
 * each MoE layer's ffn_norm, which feeds the router). Zeros stay finite on the latent path: attn_kv_a_mqa and
 * attn_q_a are zero, so the latent and the query are zero, and the RMS norms attn_kv_a_norm / attn_q_a_norm divide
 * zero by sqrt(0 + eps); the indexer's k_norm is a LayerNorm of a zero vector, (0 - 0) / sqrt(0 + eps).
 */

/** llama.cpp architectures written here. */
export const MLA_WRITTEN_ARCHS: readonly string[] = ['deepseek2', 'deepseek32', 'glm-dsa'];
/** The DeepSeek Sparse Attention archs: the lightning indexer in every layer. */
const DSA_ARCHS: readonly string[] = ['deepseek32', 'glm-dsa'];

/** llama.cpp llama_expert_gating_func_type: softmax 1, sigmoid 2. */
const GATING_SOFTMAX = 1;
const GATING_SIGMOID = 2;

/** Whether this model is written by this module (multi-head latent attention in one of the archs above). */
function writesMla(a: ModelArchitecture): boolean {
  return a.mla !== null && MLA_WRITTEN_ARCHS.includes(a.ggufArch);
}

/**
 * Sigmoid routing with a selection bias (DeepSeek V3's noaux_tc; Kimi K2, GLM-4.7-Flash, V3.2, GLM-5) for the models
 * with a q LoRA, softmax (DeepSeek V2 Lite's scoring_func) for the ones without: the catalog does not store the
 * router's function. DeepSeek V2 236B (q LoRA, softmax) is not in the catalog; the two differ by one element-wise
 * op over [experts, tokens] and one bias add.
 */
function routesBySigmoid(a: ModelArchitecture): boolean {
  return (a.mla?.qLoraRank ?? null) !== null;
}

/**
 * llama.cpp's deepseek2 treats 26- and 27-layer files (and 48 layers with a 128256-token vocabulary) as "lite": it
 * reads no q_lora_rank and loads attn_q (deepseek2.cpp load_arch_hparams is_lite).
 */
function deepseek2Lite(a: ModelArchitecture): boolean {
  return a.layers === 26 || a.layers === 27 || (a.layers === 48 && a.vocabSize === 128256);
}

/** Why an MLA model cannot be written as its llama.cpp arch, or null. */
export function mlaUnsupportedReason(a: ModelArchitecture): string | null {
  const mla = a.mla;
  if (!mla) return `${a.ggufArch} has no latent attention`;
  if (!MLA_WRITTEN_ARCHS.includes(a.ggufArch)) return `multi-head latent attention is written only as llama.cpp's ${MLA_WRITTEN_ARCHS.join(', ')}, not ${a.ggufArch}`;
  if (a.linearAttention || a.slidingWindow || a.globalAttention || a.layerPattern || a.perLayerEmbedding || a.altUp || a.kvSharing)
    return `llama.cpp's ${a.ggufArch} has no recurrent, sliding-window, patterned or per-layer-embedding layers`;
  if (a.headDim !== mla.qkNopeHeadDim + mla.qkRopeHeadDim || a.valueHeadDim !== mla.valueHeadDim) return 'the head sizes disagree with the latent attention sizes';
  const moe = a.moe;
  // the loaders throw on n_expert == 0 in a layer after the leading dense ones; dense MLA models (Youtu) are not in the catalog
  if (!moe) return `llama.cpp's ${a.ggufArch} is written here with experts only`;
  if (moe.moeLayerStep !== 1 || moe.latentSize !== undefined) return `llama.cpp's ${a.ggufArch} makes every layer after the dense ones MoE`;
  // ffn_*_shexp are required, {n_embd, n_ff_exp x expert_shared_count}
  if (moe.sharedExperts <= 0 || moe.sharedExpertIntermediateSize !== moe.expertIntermediateSize) return `llama.cpp's ${a.ggufArch} needs shared experts as wide as a routed one`;
  if (!a.ffnGated) return 'ungated feed-forward layers are not written';
  const dsa = DSA_ARCHS.includes(a.ggufArch);
  if (dsa && (!a.sparseIndexer || mla.qLoraRank === null)) return `llama.cpp's ${a.ggufArch} needs the sparse-attention indexer and a q LoRA`;
  if (!dsa && a.sparseIndexer) return 'a sparse-attention indexer is written only as deepseek32 or glm-dsa';
  if (a.ggufArch === 'deepseek2' && mla.qLoraRank !== null && deepseek2Lite(a)) return "llama.cpp's deepseek2 reads no q LoRA rank for 26- or 27-layer models";
  return null;
}

/** Metadata these archs need beyond the common keys (llama-arch.cpp LLM_KV_*; conversion/deepseek.py DeepseekV2Model). */
function mlaMetadata(a: ModelArchitecture): [string, GgufEntry][] {
  const mla = a.mla;
  const moe = a.moe;
  if (!mla || !moe) return [];
  const arch = a.ggufArch;
  const sigmoid = routesBySigmoid(a);
  const m: [string, GgufEntry][] = [
    // MLA with the absorption optimization is MQA over the latent: one KV head of kv rank + rope, values of kv rank;
    // the per-head sizes after decompression go in the _mla keys (their presence selects attn_k_b / attn_v_b)
    [`${arch}.attention.head_count_kv`, u32(1)],
    [`${arch}.attention.key_length`, u32(mla.kvLoraRank + mla.qkRopeHeadDim)],
    [`${arch}.attention.value_length`, u32(mla.kvLoraRank)],
    [`${arch}.attention.key_length_mla`, u32(mla.qkNopeHeadDim + mla.qkRopeHeadDim)],
    [`${arch}.attention.value_length_mla`, u32(mla.valueHeadDim)],
    [`${arch}.attention.kv_lora_rank`, u32(mla.kvLoraRank)],
    // required by deepseek2 outside its "lite" layer counts; 0 selects attn_q (no q LoRA)
    [`${arch}.attention.q_lora_rank`, u32(mla.qLoraRank ?? 0)],
    [`${arch}.rope.dimension_count`, u32(mla.qkRopeHeadDim)],
    [`${arch}.leading_dense_block_count`, u32(moe.denseLayers)],
    [`${arch}.feed_forward_length`, u32(a.intermediateSize ?? moe.expertIntermediateSize)],
    [`${arch}.expert_feed_forward_length`, u32(moe.expertIntermediateSize)],
    [`${arch}.expert_shared_count`, u32(moe.sharedExperts)],
    [`${arch}.expert_gating_func`, u32(sigmoid ? GATING_SIGMOID : GATING_SOFTMAX)],
    // norm_topk_prob: true for the sigmoid-routed models, false for DeepSeek V2 Lite; routed_scaling_factor left
    // out (llama.cpp then skips the scaling, one element-wise op over [experts used, tokens])
    [`${arch}.expert_weights_norm`, { type: 'bool', value: sigmoid }],
  ];
  const dsa = a.sparseIndexer;
  if (dsa && DSA_ARCHS.includes(arch)) {
    m.push(
      [`${arch}.attention.indexer.head_count`, u32(dsa.heads)],
      [`${arch}.attention.indexer.key_length`, u32(dsa.headDim)],
      [`${arch}.attention.indexer.top_k`, u32(dsa.topK)],
    );
  }
  return m;
}

/** A layer's attention in the order tensors.ts lists it (attentionTensors, the `mla` branch). */
function attentionSlots(a: ModelArchitecture): Slot[] {
  const qLora = a.mla?.qLoraRank ?? null;
  const slots: Slot[] = [['norm', 'attn_norm.weight']];
  if (qLora !== null) slots.push(['attn_other', 'attn_q_a.weight'], ['norm', 'attn_q_a_norm.weight'], ['attn_other', 'attn_q_b.weight']);
  else slots.push(['attn_q', 'attn_q.weight']);
  slots.push(
    ['attn_other', 'attn_kv_a_mqa.weight'],
    ['norm', 'attn_kv_a_norm.weight'],
    ['attn_other', 'attn_k_b.weight'],
    ['attn_other', 'attn_v_b.weight'],
    ['attn_output', 'attn_output.weight'],
  );
  if (a.sparseIndexer && qLora !== null) {
    // the lightning indexer (llama-arch.cpp LLM_TENSOR_INDEXER_*); k_norm is a LayerNorm with a bias
    slots.push(
      ['attn_other', 'indexer.attn_q_b.weight'],
      ['attn_other', 'indexer.attn_k.weight'],
      ['norm', 'indexer.k_norm.weight'],
      ['norm', 'indexer.k_norm.bias'],
      ['attn_other', 'indexer.proj.weight'],
    );
  }
  return slots;
}

const DENSE_FFN = ffnSlots('ffn_norm.weight', 'dense');
const MOE_FFN = ffnSlots('ffn_norm.weight', 'shexp');

/** llama.cpp's tensors for the estimator's list `all` of an MLA model (see planBySlots). */
function mlaPlans(a: ModelArchitecture, all: readonly TensorDesc[], typeOf: (x: TensorDesc) => GgmlType): GgufTensorPlan[] {
  const experts = a.moe?.experts ?? 0;
  const bias = routesBySigmoid(a);
  const attention = attentionSlots(a);
  const slotsOf = (layer: number): Slot[] => [...attention, ...(isMoeLayer(a, layer) ? MOE_FFN : DENSE_FFN)];
  // Not in the estimator's list: the sigmoid router's selection bias (e_score_correction_bias), F32 [experts]
  const extras = (layer: number, name: string): GgufTensorPlan[] => (name === 'ffn_gate_inp.weight' && bias ? [f32Tensor(`blk.${layer}.exp_probs_b.bias`, experts)] : []);
  return planBySlots(a, all, typeOf, slotsOf, extras);
}

/** The norm in front of each MoE layer's router (ffn_norm), random so that tokens reach different experts. */
function mlaRandomTensor(a: ModelArchitecture, name: string): boolean {
  const m = /^blk\.(\d+)\.ffn_norm\.weight$/.exec(name);
  return m !== null && a.moe !== null && isMoeLayer(a, Number(m[1]));
}

export const MLA_WRITER: OwnArchWriter = { writes: writesMla, plans: mlaPlans, metadata: mlaMetadata, randomTensor: mlaRandomTensor };
