import type { ModelArchitecture } from '../domain/model';
import { padContext } from './kv-cache';

/**
 * llama.cpp reserves the worst-case graph of one ubatch (llama-context.cpp; runtime-facts.md 2.1).
 * The live peak is the largest of: the logits of the ubatch (4 x n_vocab x n_ubatch, on the device
 * holding output.weight), the attention scores without flash attention (4 x n_kv x n_ubatch x n_head,
 * F32), and the FFN activations (gate and up, 4 x n_ubatch x n_ff x 2). Each device also keeps
 * one F32 hidden state of the ubatch (4 x n_ubatch x n_embd). Checked against llama.cpp log lines:
 * Llama 3 8B 258.5 MiB with flash attention and 560 MiB at 8k without (runtime-facts.md 2.5).
 */
export interface ComputeBufferOptions {
  readonly contextTokens: number;
  readonly ubatchTokens: number;
  readonly flashAttention: boolean;
}

export interface ComputeBuffers {
  /** On the GPU that holds the output layer (or the only device when CPU-only). */
  readonly mainDeviceBytes: number;
  /** On each other device that holds layers, and the host buffer during partial offload. */
  readonly otherDeviceBytes: number;
  readonly logitsBytes: number;
}

export function computeBuffers(arch: ModelArchitecture, o: ComputeBufferOptions): ComputeBuffers {
  const ub = Math.min(o.ubatchTokens, padContext(o.contextTokens));
  const nKv = padContext(o.contextTokens);
  const E = arch.hiddenSize;
  const heads = arch.attentionHeads;
  const ff = arch.moe
    ? Math.max(arch.intermediateSize ?? 0, arch.moe.expertIntermediateSize * arch.moe.expertsPerToken)
    : (arch.intermediateSize ?? 0);
  const hidden = 4 * ub * E; // one F32 hidden state of the ubatch
  const logitsBytes = 4 * arch.vocabSize * ub;
  // Without flash attention each layer materializes its F32 scores, heads x cells x ubatch: the full context's on a
  // full-attention layer. Where the full layers have their own (fewer) query heads (Step-3.5-Flash: 64 against the
  // sliding layers' 96), the peak is the larger of theirs over the whole context and the sliding ones' over the window.
  const g = arch.globalAttention;
  const sw = arch.slidingWindow;
  const headCells =
    g?.attentionHeads !== undefined && sw ? Math.max(g.attentionHeads * nKv, heads * Math.min(nKv, padContext(sw.windowTokens + ub))) : heads * nKv;
  const scores = o.flashAttention ? 2 * nKv * ub : 4 * headCells * ub + 2 * nKv * ub;
  const ffn = 4 * ub * ff * 2;
  const layerPeak = Math.max(scores, ffn) + hidden;
  return {
    mainDeviceBytes: Math.max(layerPeak, logitsBytes + hidden),
    otherDeviceBytes: layerPeak,
    logitsBytes,
  };
}
