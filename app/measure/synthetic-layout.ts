import type { ModelArchitecture } from '../domain/model';
import type { GgmlType } from '../estimator/ggml-types';
import type { TensorDesc, TensorRole } from '../estimator/tensors';
import type { GgufEntry, GgufTensorPlan } from './gguf-encode';

/**
 * How the synthetic writer lays out a model in one of llama.cpp's own architectures rather than the `llama` /
 * `gemma3` stand-ins: the architecture name, what the norm before the FFN is called, the small tensors llama.cpp
 * requires that the estimator does not count (biases, sinks, q/k norms: 1-D or per-expert vectors, F32), and the
 * metadata keys beyond the common ones (a key given here replaces the common one).
 */
export interface SyntheticLayout {
  readonly arch: string;
  /** llama.cpp's name of a layer's second norm: `ffn_norm`, or `post_attention_norm` (gpt-oss, glm4moe). */
  readonly ffnNormName: 'ffn_norm' | 'post_attention_norm';
  /** Tensors written right after the estimator's tensor `x` (same layer); [] for none. */
  readonly extras: (x: TensorDesc) => GgufTensorPlan[];
  readonly metadata: readonly [string, GgufEntry][];
}

/**
 * An architecture whose own module names every tensor (synthetic-qwen35.ts, -gemma4, -mla, -mamba2, -lfm2), where the
 * generic names of synthetic-gguf.ts do not apply: which models it writes, its tensors for the estimator's list, its
 * metadata keys (replacing common ones of the same name), and the tensors written random as a whole (the routers'
 * inputs, anything zeros would make NaN).
 */
export interface OwnArchWriter {
  readonly writes: (a: ModelArchitecture) => boolean;
  readonly plans: (a: ModelArchitecture, all: readonly TensorDesc[], typeOf: (x: TensorDesc) => GgmlType) => GgufTensorPlan[];
  readonly metadata: (a: ModelArchitecture) => [string, GgufEntry][];
  readonly randomTensor: (a: ModelArchitecture, name: string) => boolean;
}

/** What an architecture with a layout of its own gets: the layout, or why its catalog entry cannot be expressed. */
export type LayoutResult = { readonly layout: SyntheticLayout } | { readonly reason: string };

/** A 1-D or 2-D F32 tensor plan (llama.cpp keeps biases, sinks and norms in F32). */
export function f32Tensor(name: string, ...shape: number[]): GgufTensorPlan {
  return { name, type: 'F32', shape };
}

export const u32 = (value: number): GgufEntry => ({ type: 'u32', value });
export const f32 = (value: number): GgufEntry => ({ type: 'f32', value });

/**
 * One estimator tensor's llama.cpp name in a layer (without `blk.N.`), the role tensors.ts gives it, and, where
 * llama.cpp's shape differs from the estimator's ne0 x ne1 x ne2 with the same element count, llama.cpp's.
 */
export type Slot = readonly [role: TensorRole, name: string, shape?: (x: TensorDesc) => number[]];

/** A plain attention block as tensors.ts attentionTensors lists it: its norm, q, k, v and the output projection. */
export const ATTENTION_SLOTS: readonly Slot[] = [
  ['norm', 'attn_norm.weight'],
  ['attn_q', 'attn_q.weight'],
  ['attn_k', 'attn_k.weight'],
  ['attn_v', 'attn_v.weight'],
  ['attn_output', 'attn_output.weight'],
];

/**
 * The FFN tensors of a layer in the order tensors.ts ffnTensors lists them, with llama.cpp's names: the norm before it
 * (`norm`), then a dense MLP, or the router and the routed experts, followed for `shexp` by the shared expert and for
 * `dense-beside` by an always-on MLP named as a dense one (Gemma 4 26B-A4B).
 */
export function ffnSlots(norm: string, kind: 'dense' | 'experts' | 'shexp' | 'dense-beside'): readonly Slot[] {
  const mlp = (suffix: string): Slot[] => [
    ['ffn_gate', `ffn_gate${suffix}.weight`],
    ['ffn_up', `ffn_up${suffix}.weight`],
    ['ffn_down', `ffn_down${suffix}.weight`],
  ];
  if (kind === 'dense') return [['norm', norm], ...mlp('')];
  const experts: Slot[] = [['norm', norm], ['router', 'ffn_gate_inp.weight'], ...mlp('_exps')];
  if (kind === 'shexp') return [...experts, ...mlp('_shexp')];
  if (kind === 'dense-beside') return [...experts, ...mlp('')];
  return experts;
}

/** A tensor's shape as llama.cpp lists it: a norm as 1-D, ne2 only for 3-D (expert) tensors. */
export function shapeOf(x: TensorDesc): number[] {
  if (x.ne1 === 1 && x.role === 'norm') return [x.ne0];
  return x.ne2 > 1 ? [x.ne0, x.ne1, x.ne2] : [x.ne0, x.ne1];
}

/**
 * llama.cpp's tensors for the estimator's list `all`, walked layer by layer along `slotsOf(layer)`, each of the type
 * `typeOf` gives (the caller's walk of the estimator's quantization mix), with `extras(layer, name, plan)` written
 * right after the slot `name`'s plan. Throws if the list is not laid out as the slots expect, so a change to tensors.ts cannot
 * silently write a wrong file. `outputNorm` is llama.cpp's name of the final norm (LFM2: token_embd_norm.weight).
 */
export function planBySlots(
  a: ModelArchitecture,
  all: readonly TensorDesc[],
  typeOf: (x: TensorDesc) => GgmlType,
  slotsOf: (layer: number) => readonly Slot[],
  extras: (layer: number, name: string, plan: GgufTensorPlan) => GgufTensorPlan[],
  outputNorm = 'output_norm.weight',
): GgufTensorPlan[] {
  const plans: GgufTensorPlan[] = [];
  let i = 0;
  const head = all[i++];
  if (head?.role !== 'token_embd') throw new Error('the estimator lists no token embedding first');
  plans.push({ name: 'token_embd.weight', type: typeOf(head), shape: shapeOf(head) });
  for (let layer = 0; layer < a.layers; layer++) {
    for (const [role, name, shape] of slotsOf(layer)) {
      const x = all[i++];
      if (x?.layer !== layer || x.role !== role) throw new Error(`layer ${layer}: expected a ${role} tensor for ${name}, the estimator lists ${x ? `a ${x.role}` : 'nothing'}`);
      const plan: GgufTensorPlan = { name: `blk.${layer}.${name}`, type: typeOf(x), shape: shape ? shape(x) : shapeOf(x) };
      plans.push(plan, ...extras(layer, name, plan));
    }
  }
  for (; i < all.length; i++) {
    const x = all[i];
    if (x?.layer !== null || (x.role !== 'norm' && x.role !== 'output')) throw new Error(`unexpected ${x ? x.role : 'missing'} tensor after the layers`);
    plans.push({ name: x.role === 'norm' ? outputNorm : 'output.weight', type: typeOf(x), shape: shapeOf(x) });
  }
  return plans;
}
