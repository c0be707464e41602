import type { ModelArchitecture } from '../domain/model';
import type { GgmlType } from '../estimator/ggml-types';
import { hasFfn, isMoeLayer, layerBlock } from '../estimator/tensors';
import type { TensorDesc } from '../estimator/tensors';
import type { GgufEntry, GgufTensorPlan } from './gguf-encode';
import { f32, f32Tensor, planBySlots, u32 } from './synthetic-layout';
import type { OwnArchWriter, Slot } from './synthetic-layout';

/**
 * The synthetic writer's Mamba-2 hybrids, each with the names, shapes and keys of its load code in the bundled
 * llama.cpp: nemotron_h (Nemotron Nano 9B / 12B v2) and nemotron_h_moe (Nemotron 3 Nano 30B-A3B, Nemotron 3 Super
 * with its latent MoE), src/models/nemotron-h.cpp, where every layer is one block (Mamba-2, attention, or an FFN:
 * squared-ReLU MLP or experts with a shared expert); and granitehybrid (Granite 4.0 H), src/models/granite-hybrid.cpp,
 * where every layer is a Mamba-2 or attention mixer followed by a SwiGLU MLP or experts with a shared expert.
 *
 * A Mamba-2 layer: attn_norm, ssm_in [hidden, 2 inner + 2 groups x state + heads] (z, x, B, C, dt), ssm_conv1d
 * [kernel, inner + 2 groups x state] and its bias, ssm_dt.bias, ssm_a and ssm_d [1, heads], ssm_norm [inner / groups,
 * groups] (the grouped RMS norm) and ssm_out: the estimator's tensors, same types and bytes (it lists ssm_a / ssm_d
 * as [heads] and ssm_norm as [inner], the same elements). Added beyond them: exp_probs_b.bias [experts] (F32, the
 * sigmoid router's selection bias, required) on each nemotron_h_moe MoE layer. Layer types are told apart the way
 * llama.cpp does: head_count_kv 0 on the layers without attention and, for nemotron_h, feed_forward_length 0 on the
 * layers without an FFN (a recurrent layer has neither).
 *
 * Values: zeros, except the norm that feeds each router (nemotron_h_moe: the MoE layer's attn_norm; granitehybrid:
 * ffn_norm), random (see `mamba2RandomTensor`). Zeros keep the scan finite and costing what it costs: ssm_in is
 * zero, so x, B, C, z and dt are zero; the convolution and its zero bias give x = silu(0) = 0; dt + ssm_dt.bias = 0,
 * softplus(0) = ln 2, and ssm_a = 0 makes each step's decay exp(ln 2 x 0) = 1 (a real model's A is negative, a
 * decay below 1; either way no exp of a growing sum and no denormals, as the state stays zero: its update is
 * B x dt = 0); y = 0 + x ssm_d = 0, gated by silu(z) and put through the grouped RMS norm, 0 / sqrt(eps) = 0.
 * ggml_ssm_scan has no path that skips zeros, so the time is that of the real shapes.
 */

/** llama.cpp architectures written here. */
export const MAMBA2_WRITTEN_ARCHS: readonly string[] = ['nemotron_h', 'nemotron_h_moe', 'granitehybrid'];

const isNemotron = (a: ModelArchitecture): boolean => a.ggufArch === 'nemotron_h' || a.ggufArch === 'nemotron_h_moe';

/** Whether this model is written by this module (a Mamba-2 hybrid of a llama.cpp arch listed above). */
export function writesMamba2(a: ModelArchitecture): boolean {
  return a.linearAttention?.kind === 'mamba2' && MAMBA2_WRITTEN_ARCHS.includes(a.ggufArch);
}

/** Mamba-2's inner size (heads x head size) and the conv's channels (inner + B and C of every group). */
function mambaSizes(a: ModelArchitecture): { inner: number; convChannels: number } {
  const l = a.linearAttention;
  const inner = (l?.heads ?? 0) * (l?.headDim ?? 0);
  return { inner, convChannels: inner + 2 * (l?.groups ?? 0) * (l?.stateSize ?? 0) };
}

/** Why a Mamba-2 hybrid cannot be written as its llama.cpp arch, or null. */
export function mamba2UnsupportedReason(a: ModelArchitecture): string | null {
  const l = a.linearAttention;
  if (!l || !writesMamba2(a)) return `${a.ggufArch} is not a Mamba-2 hybrid this writer knows`;
  if (!l.heads || !l.headDim || !l.stateSize || !l.groups) return 'Mamba-2 layers need heads, a head size, a state size and groups';
  const { inner } = mambaSizes(a);
  // mamba-base.cpp build_mamba2_layer: GGML_ASSERT(d_inner % n_group == 0); the grouped norm is [inner / groups, groups]
  if (inner % l.groups !== 0) return 'the Mamba-2 inner size must be a multiple of its groups';
  // nemotron-h.cpp / granite-hybrid.cpp graph: GGML_ASSERT(n_embd_head_v == n_embd_head_k)
  if (a.valueHeadDim !== a.headDim) return 'different key and value head sizes are not written for this architecture';
  if (a.slidingWindow || a.globalAttention || a.mla || a.perLayerEmbedding || a.altUp || a.kvSharing) return `llama.cpp's ${a.ggufArch} has no sliding-window, latent-attention or per-layer-embedding layers`;
  const moe = a.moe;
  if (isNemotron(a)) {
    const blocks = a.layerPattern?.blocks;
    if (!blocks || a.layerPattern?.mixerFfn) return `llama.cpp's ${a.ggufArch} gives each layer one block: it needs a layer pattern whose FFNs are layers of their own`;
    const ffnLetter = a.ggufArch === 'nemotron_h_moe' ? 'E' : '-';
    if ([...blocks].some((b) => b !== 'M' && b !== '*' && b !== ffnLetter)) return `llama.cpp's ${a.ggufArch} takes layers M, * and ${ffnLetter} only (${a.ggufArch === 'nemotron_h_moe' ? 'every FFN layer routes to experts' : 'no experts'})`;
    if ((a.ggufArch === 'nemotron_h_moe') !== (moe !== null)) return a.ggufArch === 'nemotron_h_moe' ? 'nemotron_h_moe needs experts' : 'a nemotron_h model with experts is written as nemotron_h_moe';
    // nemotron-h.cpp build_ffn_layer: LLM_FFN_RELU_SQR, no gate tensor
    if (a.ffnGated) return `llama.cpp's ${a.ggufArch} has ungated (squared-ReLU) feed-forward layers only`;
    // ffn_{up,down}_shexp are required, {n_embd, n_ff_shexp}
    if (moe && (moe.sharedExperts <= 0 || moe.sharedExpertIntermediateSize <= 0)) return `llama.cpp's ${a.ggufArch} needs a shared expert`;
    return null;
  }
  // granitehybrid: an FFN after every mixer; granite-hybrid.cpp load_arch_tensors GGML_ASSERT(2 * n_embd == d_inner)
  if (a.layerPattern && !a.layerPattern.mixerFfn) return "llama.cpp's granitehybrid puts an FFN after every layer's mixer";
  if (inner !== 2 * a.hiddenSize) return "llama.cpp's granitehybrid needs a Mamba-2 inner size (heads x head size) of twice the hidden size";
  if (!a.ffnGated) return "llama.cpp's granitehybrid has gated (SwiGLU) feed-forward layers only";
  if (moe && (moe.denseLayers > 0 || moe.moeLayerStep !== 1 || moe.latentSize !== undefined)) return "llama.cpp's granitehybrid routes every layer to its experts (no dense or latent layers)";
  return null;
}

/** Metadata these archs need beyond the common keys (llama-arch.cpp LLM_KV_*; conversion/granite.py, nemotron.py). */
function mamba2Metadata(a: ModelArchitecture): [string, GgufEntry][] {
  const l = a.linearAttention;
  if (!l) return [];
  const arch = a.ggufArch;
  const moe = a.moe;
  const perLayer = (f: (i: number) => number): GgufEntry => ({ type: 'array', of: 'u32', value: Uint32Array.from({ length: a.layers }, (_, i) => f(i)) });
  const m: [string, GgufEntry][] = [
    [`${arch}.ssm.conv_kernel`, u32(l.convKernel)],
    // GraniteHybridModel / NemotronHModel: inner_size = heads x head dim, time_step_rank = heads
    [`${arch}.ssm.inner_size`, u32(mambaSizes(a).inner)],
    [`${arch}.ssm.state_size`, u32(l.stateSize ?? 0)],
    [`${arch}.ssm.group_count`, u32(l.groups ?? 0)],
    [`${arch}.ssm.time_step_rank`, u32(l.heads ?? 0)],
    // a layer is recurrent when its head_count_kv is 0 (and, for nemotron_h, its feed_forward_length too)
    [`${arch}.attention.head_count_kv`, perLayer((i) => (layerBlock(a, i) === '*' ? a.kvHeads : 0))],
  ];
  if (isNemotron(a)) {
    m.push(
      // conversion/nemotron.py: the MLP (or expert) width on FFN layers, 0 on the others
      [`${arch}.feed_forward_length`, perLayer((i) => (hasFfn(a, i) ? (moe?.expertIntermediateSize ?? a.intermediateSize ?? 0) : 0))],
      // required by nemotron-h.cpp load_arch_hparams (the MTP head's final LayerNorm), even without an MTP head
      [`${arch}.attention.layer_norm_epsilon`, f32(1e-5)],
    );
    if (moe) {
      m.push(
        [`${arch}.expert_feed_forward_length`, u32(moe.expertIntermediateSize)],
        [`${arch}.expert_shared_feed_forward_length`, u32(moe.sharedExperts * moe.sharedExpertIntermediateSize)],
        [`${arch}.expert_shared_count`, u32(moe.sharedExperts)],
        // norm_topk_prob (true in Nemotron 3); routed_scaling_factor left out (llama.cpp then skips one element-wise op)
        [`${arch}.expert_weights_norm`, { type: 'bool', value: true }],
      );
      if (moe.latentSize !== undefined) m.push([`${arch}.moe_latent_size`, u32(moe.latentSize)]);
    }
    return m;
  }
  // granitehybrid: no RoPE on the hybrids (conversion/granite.py writes rope.scaling.finetuned false unless Bamba)
  m.push([`${arch}.rope.scaling.finetuned`, { type: 'bool', value: false }]);
  if (moe && moe.sharedExperts > 0) m.push([`${arch}.expert_shared_feed_forward_length`, u32(moe.sharedExperts * moe.sharedExpertIntermediateSize)]);
  return m;
}

/**
 * Whether a tensor of these archs is written random as a whole: the norm in front of each router (nemotron_h_moe:
 * the MoE layer's only norm, attn_norm; granitehybrid: ffn_norm). With a zero norm every router sees a zero
 * vector, every expert scores the same and every token takes the same experts.
 */
function mamba2RandomTensor(a: ModelArchitecture, name: string): boolean {
  const m = /^blk\.(\d+)\.(attn_norm|ffn_norm)\.weight$/.exec(name);
  if (!m || !a.moe || !isMoeLayer(a, Number(m[1]))) return false;
  return m[2] === (isNemotron(a) ? 'attn_norm' : 'ffn_norm');
}

/** A Mamba-2 layer's mixer in the order tensors.ts lists it (recurrentTensors, 'mamba2'), after its norm. */
function mambaSlots(a: ModelArchitecture): Slot[] {
  const l = a.linearAttention;
  const heads = l?.heads ?? 0;
  const groups = l?.groups ?? 1;
  return [
    ['ssm', 'ssm_in.weight'],
    ['router', 'ssm_conv1d.weight'],
    ['norm', 'ssm_conv1d.bias'],
    ['norm', 'ssm_dt.bias'],
    // llama-arch.cpp LLM_TENSOR_SSM_A / SSM_D: no .weight suffix, loaded as {1, n_head}
    ['norm', 'ssm_a', () => [1, heads]],
    ['norm', 'ssm_d', () => [1, heads]],
    ['norm', 'ssm_norm.weight', (x) => [x.ne0 / groups, groups]],
    ['ssm', 'ssm_out.weight'],
  ];
}

const ATTENTION: readonly Slot[] = [
  ['attn_q', 'attn_q.weight'],
  ['attn_k', 'attn_k.weight'],
  ['attn_v', 'attn_v.weight'],
  ['attn_output', 'attn_output.weight'],
];

/** An FFN in the order tensors.ts lists it (ffnTensors), after its norm: dense, or routed experts and the shared expert. */
function ffnSlots(a: ModelArchitecture, layer: number): Slot[] {
  const gated = a.ffnGated;
  const g = (s: Slot): Slot[] => (gated ? [s] : []);
  if (!isMoeLayer(a, layer)) return [...g(['ffn_gate', 'ffn_gate.weight']), ['ffn_up', 'ffn_up.weight'], ['ffn_down', 'ffn_down.weight']];
  const latent = a.moe?.latentSize !== undefined;
  return [
    ['router', 'ffn_gate_inp.weight'],
    ...(latent ? ([['ffn_latent', 'ffn_latent_down.weight']] as Slot[]) : []),
    ...g(['ffn_gate', 'ffn_gate_exps.weight']),
    ['ffn_up', 'ffn_up_exps.weight'],
    ['ffn_down', 'ffn_down_exps.weight'],
    ...(latent ? ([['ffn_latent', 'ffn_latent_up.weight']] as Slot[]) : []),
    ...g(['ffn_gate', 'ffn_gate_shexp.weight']),
    ['ffn_up', 'ffn_up_shexp.weight'],
    ['ffn_down', 'ffn_down_shexp.weight'],
  ];
}

/** llama.cpp's tensors for the estimator's list `all` of a Mamba-2 hybrid (see planBySlots). */
function mamba2Plans(a: ModelArchitecture, all: readonly TensorDesc[], typeOf: (x: TensorDesc) => GgmlType): GgufTensorPlan[] {
  const nemotron = isNemotron(a);
  const mamba = mambaSlots(a);
  const experts = a.moe?.experts ?? 0;
  const slotsOf = (layer: number): Slot[] => {
    const block = layerBlock(a, layer);
    // nemotron_h: one block a layer, each behind its attn_norm; granitehybrid: the mixer, then ffn_norm and the FFN
    const slots: Slot[] = block === 'M' || block === '*' ? [['norm', 'attn_norm.weight'], ...(block === 'M' ? mamba : ATTENTION)] : [];
    if (hasFfn(a, layer)) slots.push(['norm', nemotron ? 'attn_norm.weight' : 'ffn_norm.weight'], ...ffnSlots(a, layer));
    return slots;
  };
  // Not in the estimator's list: nemotron_h_moe's required selection bias of the sigmoid router, F32 [experts]
  const extras = (layer: number, name: string): GgufTensorPlan[] => (nemotron && name === 'ffn_gate_inp.weight' ? [f32Tensor(`blk.${layer}.exp_probs_b.bias`, experts)] : []);
  return planBySlots(a, all, typeOf, slotsOf, extras);
}

export const MAMBA2_WRITER: OwnArchWriter = { writes: writesMamba2, plans: mamba2Plans, metadata: mamba2Metadata, randomTensor: mamba2RandomTensor };
