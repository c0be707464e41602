import type { ModelArchitecture } from '../domain/model';
import { gptOssLayout } from './synthetic-gpt-oss';
import type { LayoutResult } from './synthetic-layout';

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
    default:
      return null;
  }
}

