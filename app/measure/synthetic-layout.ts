import type { TensorDesc } from '../estimator/tensors';
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

/** What an architecture with a layout of its own gets: the layout, or why its catalog entry cannot be expressed. */
export type LayoutResult = { readonly layout: SyntheticLayout } | { readonly reason: string };

/** A 1-D or 2-D F32 tensor plan (llama.cpp keeps biases, sinks and norms in F32). */
export function f32Tensor(name: string, ...shape: number[]): GgufTensorPlan {
  return { name, type: 'F32', shape };
}

export const u32 = (value: number): GgufEntry => ({ type: 'u32', value });
export const f32 = (value: number): GgufEntry => ({ type: 'f32', value });
