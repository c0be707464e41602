/**
 * Corrections measured on one machine with real llama.cpp: what the estimator's speed model needs to match this
 * machine's measurements (docs/estimator.md section 8). One entry per backend (the CPU, or llama.cpp's GPU backend).
 */
export const CALIBRATED_BACKENDS = ['cpu', 'cuda', 'rocm', 'vulkan', 'metal', 'sycl'] as const;
export type CalibratedBackend = (typeof CALIBRATED_BACKENDS)[number];

export interface SpeedCorrection {
  /** Multiplies the time the formula gives for streaming the weights (and recurrent state) for one generated token. */
  readonly streamScale: number;
  /**
   * Multiplies the formula's time for reading the KV cache per generated token. Apart from the weights because on a
   * CPU attention over the context costs compute as well as bandwidth (2-core VM: a 0.1 GB model at 152 tok/s with 24
   * tokens of context, 66 tok/s with 520).
   */
  readonly kvScale: number;
  /**
   * Multiplies the attention compute of a generated token (4 x query heads x head size x cells read, over the
   * device's FLOP rate). The formula has no such term (0); a CPU fit uses it instead of kvScale: there attention
   * costs compute, scaling with query heads rather than with the KV heads' bytes. Absent in files written before it
   * existed (read as 0).
   */
  readonly attentionScale: number;
  /** Seconds per layer per generated token outside the weight stream; replaces the backend's constant. */
  readonly perLayerSec: number;
  /** Seconds per generated token outside the layers (graph building, the output, synchronisation). */
  readonly perTokenSec: number;
  /** Multiplies the formula's prompt-processing time per token. */
  readonly promptScale: number;
  /**
   * Multiplies the time to stream the active weights once (bytes over bandwidth), per prompt token: a matrix product
   * over a batch reads its weights again for each tile of tokens, so the prompt pays bytes as well as FLOPs (a CPU:
   * Q8_0 runs prompts slower per FLOP than Q4_K). The formula has no such term (0); absent in older files (0).
   */
  readonly promptStreamScale: number;
  /**
   * Multiplies the routed experts' matrix work in prompt processing: an expert multiplies only the tokens routed to
   * it (512 x 4 / 32 = 64 in the CPU calibration's MoE shape), less efficiently than a dense matrix multiplies the
   * whole batch. 1 (the formula) unless a mixture-of-experts shape was measured; absent in older files (1).
   */
  readonly promptExpertScale: number;
  /** Seconds per layer per prompt token outside the matrix work (norms, rope, activations, thread barriers). */
  readonly promptPerLayerSec: number;
  /** Half-width of the range shown, from the fit's residuals (0.08 = +-8 %). */
  readonly generationSpread: number;
  readonly promptSpread: number;
}

/** One measured shape: what the formula said before calibration, what llama.cpp measured, what the fit says. */
export interface CalibrationPoint {
  readonly label: string;
  readonly fileBytes: number;
  readonly layers: number;
  /** Generation: mean context depth of the timed tokens; null for prompt processing. */
  readonly depthTokens: number | null;
  readonly kind: 'generation' | 'prompt';
  readonly estimatedTokensPerSec: number;
  readonly measuredTokensPerSec: number;
  readonly calibratedTokensPerSec: number;
}

export interface BackendCalibration {
  readonly backend: CalibratedBackend;
  /** The devices measured, in words ("CPU: 2 threads", "NVIDIA H200"). */
  readonly device: string;
  /** What the measurement is bound to: a changed CPU, GPU, driver or RAM makes it stale. */
  readonly hardwareKey: string;
  /** ISO 8601 time of the measurement. */
  readonly measuredAt: string;
  /** node-llama-cpp and llama.cpp build used, or the llama-bench build of imported results. */
  readonly llamaCppBuild: string;
  readonly source: 'synthetic' | 'llama-bench' | 'ollama';
  /**
   * The version of the fit that produced `correction` (CALIBRATION_FIT_VERSION). A correction of another version
   * means something else (version 2 counts prompt FLOPs without the embedding and output layer): it goes stale.
   */
  readonly fitVersion?: number | undefined;
  /**
   * CPU threads llama.cpp generated with when measured (synthetic CPU runs: every core or one fewer, whichever was
   * faster). The speeds hold for that count; absent for imported results and GPU backends.
   */
  readonly generationThreads?: number | undefined;
  /** CPU threads prompt processing ran with (every core llama.cpp counts); absent as generationThreads is. */
  readonly promptThreads?: number | undefined;
  readonly correction: SpeedCorrection;
  readonly points: readonly CalibrationPoint[];
}

/**
 * 2 (2026-12-05): attention, prompt-bytes and expert terms; prompt FLOPs without the embedding and output layer.
 * 3 (2026-12-05, later): a layer with routed experts counts 1 + MOE_LAYER_OVERHEAD layer costs, so a per-layer cost
 * fitted on the MoE shape as plain layers would be applied twice over.
 * 4 (2026-12-05, sixth session): an NVIDIA GPU under Vulkan multiplies prompt matrices at CUDA's FP16 constants
 * (matrixConstantsFor, devices.ts), so a prompt scale fitted against the Vulkan constants would be off by their ratio.
 * Only Vulkan entries of version 3 are set aside for it; those of every other backend still hold (calibration-apply).
 * 5 (2026-12-05, seventh session): an Intel GPU under Vulkan streams weights at INTEL_VULKAN_STREAM_SCALE of the Vulkan
 * efficiency, and AMD's GCN and RDNA1 GPUs at AMD_GCN_STREAM_SCALE under ROCm and Vulkan, so a stream scale measured
 * on one against the old formula would count it twice. Only entries measured on those GPUs are set aside for it.
 * 6 (2026-12-05, eighth session): an Intel GPU under Vulkan multiplies prompt matrices at INTEL_VULKAN_MATRIX_SCALE of
 * the Vulkan rate, so a prompt scale measured on one against the old formula would count it twice. Only entries
 * measured on Intel GPUs under Vulkan are set aside for it.
 * 7 (2026-12-05, ninth session): the synthetic writer fills the norm in front of each MoE router with random values,
 * where a zero norm had sent every token to the same experts (the CPU MoE shape then generated 1.4-1.6x faster at
 * depth 48 than with realistic routing). Only CPU entries measured by `bench` (source synthetic: the CPU set is the
 * one with an MoE shape) are set aside; imported and Ollama entries, and GPU entries, hold.
 * 8 (2026-12-05, eleventh session): on x86 CPUs the formula multiplies a prompt's quantized matrices at each type's own
 * rate (CPU_PROMPT_TYPE_RATE_X86: Q8_0 at 0.64 of Q4_K, Q6_K at 0.42), so a CPU prompt scale fitted against the old
 * formula on a Q8_0 or Q6_K-heavy model would count the type twice. Every CPU entry (measured, imported or from Ollama)
 * is set aside; GPU entries hold.
 */
export const CALIBRATION_FIT_VERSION = 8;

/** What a profile carries: the corrections in force for its machine, and those set aside as stale. */
export interface ProfileCalibration {
  readonly entries: readonly BackendCalibration[];
  readonly stale: readonly { readonly backend: CalibratedBackend; readonly measuredAt: string; readonly reason: string }[];
}

/** Bounds a correction must stay within to be used (a fit outside them is a failed measurement, not a machine). */
export const CORRECTION_LIMITS = {
  streamScale: [0.2, 10],
  kvScale: [0, 100],
  attentionScale: [0, 10_000],
  promptScale: [0.05, 20],
  promptStreamScale: [0, 1000],
  promptExpertScale: [0.2, 20],
  promptPerLayerSec: [0, 0.01],
  perLayerSec: [0, 0.05],
  perTokenSec: [0, 0.5],
} as const;
