import type { ModelArchitecture } from '../domain/model';
import type { GgmlType } from '../estimator/ggml-types';
import { isRecurrentLayer } from '../estimator/tensors';
import type { TensorDesc } from '../estimator/tensors';
import type { GgufEntry, GgufTensorPlan } from './gguf-encode';
import { ATTENTION_SLOTS, f32Tensor, ffnSlots, planBySlots, u32 } from './synthetic-layout';
import type { OwnArchWriter, Slot } from './synthetic-layout';

/**
 * The synthetic writer's Gated DeltaNet hybrids: llama.cpp's qwen35 (Qwen3.5 / 3.6 / 3.8 dense), qwen35moe (their
 * mixtures of experts) and qwen3next (Qwen3-Next, Qwen3-Coder-Next): three recurrent layers, then one gated full
 * attention layer (llama-model.cpp / models/qwen35.cpp, qwen35moe.cpp, qwen3next.cpp load_arch_tensors).
 *
 * The estimator's tensors keep their bytes and types; only their names change, and qwen35's beta/alpha pair, which
 * the estimator sizes as one [hidden, 2 x value heads] matrix (qwen3next's ssm_ba), is written as llama.cpp's two
 * halves ssm_beta and ssm_alpha [hidden, value heads], same type, same bytes. llama.cpp also requires a few tensors
 * the estimator does not count, all 1-D F32 (a few KB a layer): attn_q_norm and attn_k_norm [head dim] on the
 * attention layers and ffn_gate_inp_shexp [hidden] (the shared expert's sigmoid gate) on the MoE layers.
 *
 * Values: zeros, as in every synthetic file, except the post-attention norms of MoE layers, written random (see
 * `deltaNetRandomTensor`). Zeros keep the recurrent update finite and costing what it costs: attn_qkv is zero, so
 * q, k and v are zero and the state stays zero; ssm_a = 0 makes the decay exp(softplus(dt) x 0) = 1 on every token
 * (no exp of a growing positive sum, no underflow to denormals); the l2 and RMS norms of zero vectors divide by
 * max(norm, eps) or sqrt(mean + eps), finite. ggml's kernels have no path that skips zero data, so the time is that
 * of the real model's shapes.
 */

/** llama.cpp architectures written here. */
export const DELTANET_WRITTEN_ARCHS: readonly string[] = ['qwen35', 'qwen35moe', 'qwen3next'];

/** Whether this model is written by this module (a Gated DeltaNet hybrid of a llama.cpp arch listed above). */
export function writesDeltaNet(a: ModelArchitecture): boolean {
  return a.linearAttention?.kind === 'gated-deltanet' && DELTANET_WRITTEN_ARCHS.includes(a.ggufArch);
}

/** One full-attention layer every `interval` layers (llama.cpp full_attention_interval), or null if the layers are not so spread. */
export function fullAttentionInterval(a: ModelArchitecture): number | null {
  const l = a.linearAttention;
  if (!l) return null;
  const attention = a.layers - l.layers;
  if (attention <= 0 || a.layers % attention !== 0) return null;
  const every = a.layers / attention;
  // llama.cpp: layer i is recurrent unless (i + 1) % interval == 0; the estimator must place them the same way.
  for (let i = 0; i < a.layers; i++) if (isRecurrentLayer(a, i) !== ((i + 1) % every !== 0)) return null;
  return every;
}

/** Why a Gated DeltaNet hybrid cannot be written as its llama.cpp arch, or null. */
export function deltaNetUnsupportedReason(a: ModelArchitecture): string | null {
  const l = a.linearAttention;
  if (!l || !writesDeltaNet(a)) return `${a.ggufArch} is not a Gated DeltaNet hybrid this writer knows`;
  // models/qwen35.cpp: head_k_dim = head_v_dim = ssm_d_state; q and k heads are repeated to the value heads
  if (l.keyHeadDim === undefined || l.keyHeadDim !== l.valueHeadDim) return 'linear-attention key and value heads of different sizes are not written';
  if (!l.keyHeads || !l.valueHeads || l.valueHeads % l.keyHeads !== 0) return 'linear-attention value heads must be a multiple of its key heads';
  if (fullAttentionInterval(a) === null) return 'full-attention layers that are not every n-th layer are not written';
  // the attention layers' q projection always carries the output gate (n_embd_head_k * n_head * 2 rows)
  if (!a.attentionOutputGate) return 'attention without the output gate is not written for this architecture';
  const moe = a.moe;
  if (a.ggufArch === 'qwen35' && moe) return 'a qwen35 model with experts is written as qwen35moe, not qwen35';
  if (a.ggufArch !== 'qwen35') {
    if (!moe) return `${a.ggufArch} needs experts`;
    if (moe.sharedExperts !== 1 || moe.sharedExpertIntermediateSize <= 0) return `${a.ggufArch} has exactly one shared expert`;
    if (moe.denseLayers > 0 || moe.moeLayerStep !== 1 || moe.latentSize !== undefined) return `${a.ggufArch} routes every layer to its experts`;
  }
  if (a.slidingWindow || a.globalAttention || a.layerPattern) return 'sliding-window or patterned layers are not written for this architecture';
  return null;
}

/** Metadata these archs need beyond the common keys (llama-arch.cpp LLM_KV_*; models/qwen35.cpp load_arch_hparams). */
function deltaNetMetadata(a: ModelArchitecture): [string, GgufEntry][] {
  const l = a.linearAttention;
  if (!l) return [];
  const arch = a.ggufArch;
  const valueHeads = l.valueHeads ?? 0;
  // Qwen3-Next and Qwen3.5 rotate a quarter of each head (config.json partial_rotary_factor 0.25: 64 of 256)
  const rotary = Math.max(2, Math.floor(a.headDim / 4));
  const m: [string, GgufEntry][] = [
    [`${arch}.rope.dimension_count`, u32(rotary)],
    [`${arch}.ssm.conv_kernel`, u32(l.convKernel)],
    // convert_hf_to_gguf.py Qwen3NextModel: state_size = key head dim, group_count = key heads,
    // time_step_rank = value heads, inner_size = value heads x value head dim
    [`${arch}.ssm.state_size`, u32(l.keyHeadDim ?? 0)],
    [`${arch}.ssm.group_count`, u32(l.keyHeads ?? 0)],
    [`${arch}.ssm.time_step_rank`, u32(valueHeads)],
    [`${arch}.ssm.inner_size`, u32(valueHeads * (l.valueHeadDim ?? 0))],
    [`${arch}.full_attention_interval`, u32(fullAttentionInterval(a) ?? 4)],
  ];
  if (arch !== 'qwen3next') {
    // multimodal RoPE sections (required by qwen35/qwen35moe); Qwen3.5's mrope_section [11, 11, 10] of 32 pairs,
    // scaled to the rotary size. Text positions are equal in every section, so the split changes no value or time.
    const pairs = rotary / 2;
    const t = Math.round((pairs * 11) / 32);
    m.push([`${arch}.rope.dimension_sections`, { type: 'array', of: 'i32', value: Int32Array.from([t, t, pairs - 2 * t, 0]) }]);
  }
  const moe = a.moe;
  if (moe) {
    m.push(
      [`${arch}.expert_feed_forward_length`, u32(moe.expertIntermediateSize)],
      [`${arch}.expert_shared_feed_forward_length`, u32(moe.sharedExpertIntermediateSize)],
    );
  }
  return m;
}

/**
 * Whether a tensor of these archs is written random as a whole: the post-attention norms of MoE layers, which feed
 * the routers. With a zero norm weight every router sees a zero vector, every expert scores the same and every token
 * goes to the same experts; random F32 weights in +-1 give each token its own routing, as in a real model.
 */
function deltaNetRandomTensor(a: ModelArchitecture, name: string): boolean {
  return a.moe !== null && /^blk\.\d+\.post_attention_norm\.weight$/.test(name);
}

/** A recurrent layer's tensors in the order tensors.ts lists them (recurrentTensors, 'gated-deltanet'). */
const RECURRENT: readonly Slot[] = [
  ['norm', 'attn_norm.weight'],
  ['attn_qkv', 'attn_qkv.weight'],
  ['ssm', 'attn_gate.weight'], // z, the output gate
  ['ssm', 'ssm_ba.weight'], // beta and alpha (split for qwen35 / qwen35moe below)
  ['router', 'ssm_conv1d.weight'],
  ['norm', 'ssm_dt.bias'],
  ['norm', 'ssm_a'], // llama-arch.cpp LLM_TENSOR_SSM_A_NOSCAN: no .weight suffix
  ['norm', 'ssm_norm.weight'],
  ['ssm', 'ssm_out.weight'],
];
const DENSE_FFN = ffnSlots('post_attention_norm.weight', 'dense');
const MOE_FFN = ffnSlots('post_attention_norm.weight', 'shexp');

/** llama.cpp's tensors for the estimator's list `all` of a Gated DeltaNet hybrid (see planBySlots). */
function deltaNetPlans(a: ModelArchitecture, all: readonly TensorDesc[], typeOf: (x: TensorDesc) => GgmlType): GgufTensorPlan[] {
  // models/qwen35.cpp: ssm_beta and ssm_alpha, each [n_embd, n_v_heads]: the two halves of the estimator's matrix,
  // written as the beta slot (half the shape) followed by the alpha half in extras
  const recurrent: readonly Slot[] =
    a.ggufArch === 'qwen3next' ? RECURRENT : RECURRENT.map(([role, name]): Slot => (name === 'ssm_ba.weight' ? [role, 'ssm_beta.weight', (x) => [x.ne0, x.ne1 / 2]] : [role, name]));
  const slotsOf = (layer: number): Slot[] => [...(isRecurrentLayer(a, layer) ? recurrent : ATTENTION_SLOTS), ...(a.moe ? MOE_FFN : DENSE_FFN)];
  // Not in the estimator's list (1-D F32, required by llama.cpp): the attention layers' q and k RMS norms and the
  // shared expert's gate (ffn_gate_inp_shexp [n_embd]).
  const extras = (layer: number, name: string, plan: GgufTensorPlan): GgufTensorPlan[] => {
    if (name === 'ssm_beta.weight') return [{ ...plan, name: `blk.${layer}.ssm_alpha.weight` }];
    if (name === 'attn_output.weight') return [f32Tensor(`blk.${layer}.attn_q_norm.weight`, a.headDim), f32Tensor(`blk.${layer}.attn_k_norm.weight`, a.headDim)];
    if (name === 'ffn_gate_inp.weight') return [f32Tensor(`blk.${layer}.ffn_gate_inp_shexp.weight`, a.hiddenSize)];
    return [];
  };
  return planBySlots(a, all, typeOf, slotsOf, extras);
}

export const DELTA_NET_WRITER: OwnArchWriter = { writes: writesDeltaNet, plans: deltaNetPlans, metadata: deltaNetMetadata, randomTensor: deltaNetRandomTensor };
