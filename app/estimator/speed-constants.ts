import type { GgmlType } from './ggml-types';
import type { Backend } from '../domain/estimate';
import type { LinearAttentionSpec } from '../domain/model';

/**
 * Efficiencies of llama.cpp's backends: the fraction of peak memory bandwidth reached while streaming
 * weights for one generated token, a fixed per-layer cost per token (kernel launches and
 * synchronisation, which dominates small models on fast GPUs), and the fraction of peak FP16 matrix
 * throughput reached in prompt processing. CUDA's generation, quantized-prompt and attention constants and Metal's
 * generation constants are set on the 2025-26 "fit" rows of tests/fixtures/calibration/scoreboards.csv (RTX PRO 6000
 * and GB10; M4 Max 2026 builds: round three of issue #9, scripts/fit-speed.ts); the rest were fitted to the
 * single-GPU rows of ../shared/calibration/speed.csv (XiongjieDai/GPU-Benchmarks-on-LLM-Inference, llama-bench, May
 * 2024) with two parameters per backend, not per row; ROCm and Vulkan are set on the 2026 "fit" rows of
 * tests/fixtures/calibration/scoreboards.csv (RX 7900 XTX ROCm, RX 9070 XT Vulkan, and Strix Halo's Llama 2 7B with
 * ROCm 7.2.3 and RADV on May 2026 builds: prompt constants of builds with matrix-core quantized kernels, issue #9 round
 * two; the Vulkan prompt has no big-chip half point because its 2026 rows reach ~0.3-0.4 of peak from a 59 TFLOPS iGPU
 * to a 330 TFLOPS RTX 4090); SYCL's bandwidth efficiency, cost per layer, compute and attention efficiencies and
 * expert call time are set on the 39 "fit" rows of one source (PMZFX/intel-arc-pro-b70-benchmarks: an Arc Pro B70 on
 * Linux, llama.cpp ec6f7a6a5c of April 2026; 10 models from Qwen2.5 1.5B to Mistral Small 24B, dense, MoE and hybrid,
 * prompts of 512 to 32768 tokens; scripts/fit-speed.ts, issue #9 round eight), its other constants (bandwidth and
 * compute half points, KV efficiency without flash attention, quantized factor) and the CPU's come from the
 * sustained fractions in ../shared/notes/hardware-detection.md ("Sustained efficiency"). See docs/estimator.md.
 */
export type { Backend } from '../domain/estimate';

export interface BackendSpeed {
  /** Fraction of peak bandwidth reached while streaming weights (and, with flash attention, the KV cache), on a slow memory. */
  readonly bandwidthEfficiency: number;
  /** Peak bandwidth (bytes/s) at which that fraction halves: a kernel keeps a bounded number of bytes in flight (Little's law), so very fast memories are harder to saturate. */
  readonly bandwidthHalfPoint: number;
  /** Fraction of peak bandwidth reached reading the KV cache without flash attention (strided K/V matmuls). */
  readonly kvEfficiencyNoFlash: number;
  /** Seconds per layer per generated token spent outside the weight stream (launches, synchronisation). */
  readonly perLayerSec: number;
  /** Prompt processing: fraction of peak FP16 throughput reached by F16 matrices on a small chip. */
  readonly computeEfficiency: number;
  /** Peak FLOP/s at which that fraction halves (big chips are harder to keep busy). */
  readonly computeHalfPeak: number;
  /**
   * Quantized matrices (dequantizing or int8 kernels) relative to F16 ones in prompt processing. On CUDA's int8 tensor
   * cores (PlanDevice.quantizedMatrixRatio 2): the fraction of computeEfficiency x the int8 rate, with no big-chip
   * half point (speed.ts promptSecPerToken).
   */
  readonly quantizedComputeFactor: number;
  /**
   * Active parameters on the device at which the weight-stream efficiency halves: Apple GPUs stream large dense
   * models less efficiently than small ones (speed.csv: a 70B Q4_K_M on M1 Max / M2 Ultra / M3 Max runs 1.25 / 1.13 /
   * 1.04x slower relative to the same machine's 8B than bandwidth alone says). Infinity: no such effect measured.
   */
  readonly sizeHalfParams: number;
  /**
   * Prompt attention (QK and AV over the cache) as a fraction of the FP16 tensor rate, where it is set on its own:
   * CUDA on its 2025-26 fit rows at 4-32k depth (GB10 bench page), ROCm and Vulkan on the Strix Halo gpt-oss 20B
   * pp2048 @ 32768 rows of the kyuz0 run their other constants rest on, SYCL on the Arc Pro B70's pp4096-32768 fit rows
   * (docs/estimator.md 5). Unset (Metal, CPU), attention runs at ATTENTION_COMPUTE_FACTOR of the matrix rate.
   */
  readonly attentionEfficiency?: number;
  /**
   * Quantized prompt matrices on a CUDA GPU without int8 tensor cores (dequantized for cuBLAS), relative to F16:
   * the May 2024 fit of speed.csv (0.92), kept for GTX 16xx, Pascal and Volta, which the int8 factor does not cover.
   */
  readonly dequantizedComputeFactor?: number;
  /**
   * Columns at which an expert's matrix product reaches half its wide-batch rate (expertTileFactor, speed.ts), on the
   * backends where it was checked (CUDA, ROCm, Vulkan, SYCL); unset on Metal, whose prompt constants were fitted with
   * its MoE rows without it (with it the M4 Max and M2 Ultra MoE prompts fell to 0.53-0.58x).
   */
  readonly expertTileHalfColumns?: number;
  /**
   * Fixed seconds for every routed expert a prompt batch touches, in every MoE layer (expertDispatchSecPerToken,
   * speed.ts), on a backend that multiplies the experts one call at a time: SYCL only (its fit beside BACKEND_SPEED.sycl). CUDA, ROCm, Vulkan and Metal multiply all experts of a layer in one kernel (MUL_MAT_ID).
   */
  readonly expertCallSec?: number;
  /** Relative half-width of the low-high range shown to the user. */
  readonly uncertainty: number;
  /**
   * The low end of the prompt-processing range as a fraction of the estimate. Prompt speed on AMD and Intel
   * GPUs depends on the llama.cpp build far more than on the chip (tests/fixtures/calibration/scoreboards.csv:
   * Strix Halo with ROCm's rocBLAS in an August 2025 build 0.17x of the estimate, 0.9x in May 2026 builds; MI300X
   * 0.1x on a 2024 build; Intel Vulkan 2024 drivers 0.06x), so their range reaches far down.
   */
  readonly promptLowFraction: number;
}

/**
 * Columns at which a GPU's quantized matrix product reaches half its wide-batch rate (expertTileFactor, speed.ts):
 * llama.cpp PR #7716's batch-size sweep of its quantized kernels (RTX 4090, Llama 3 8B Q5_1, pp2048 at ubatch 16-1024:
 * 0.22, 0.37, 0.51, 0.72, 0.87, 0.96, 1 of the 1024 rate; n / (n + 64) gives 0.21, 0.35, 0.53, 0.71, 0.85, 0.94, 1).
 */
export const EXPERT_TILE_HALF_COLUMNS = 64;

export const BACKEND_SPEED: Readonly<Record<Backend, BackendSpeed>> = {
  cuda: { attentionEfficiency: 0.16, dequantizedComputeFactor: 0.92, expertTileHalfColumns: EXPERT_TILE_HALF_COLUMNS, bandwidthEfficiency: 0.86, bandwidthHalfPoint: 10e12, kvEfficiencyNoFlash: 0.4, perLayerSec: 24e-6, computeEfficiency: 0.6, computeHalfPeak: 480e12, quantizedComputeFactor: 0.34, sizeHalfParams: Infinity, uncertainty: 0.15, promptLowFraction: 0.85 },
  rocm: { attentionEfficiency: 0.28, expertTileHalfColumns: EXPERT_TILE_HALF_COLUMNS, bandwidthEfficiency: 0.9, bandwidthHalfPoint: 2e12, kvEfficiencyNoFlash: 0.3, perLayerSec: 60e-6, computeEfficiency: 0.55, computeHalfPeak: 600e12, quantizedComputeFactor: 0.8, sizeHalfParams: Infinity, uncertainty: 0.3, promptLowFraction: 0.15 },
  vulkan: { attentionEfficiency: 0.103, expertTileHalfColumns: EXPERT_TILE_HALF_COLUMNS, bandwidthEfficiency: 0.92, bandwidthHalfPoint: 8e12, kvEfficiencyNoFlash: 0.3, perLayerSec: 50e-6, computeEfficiency: 0.44, computeHalfPeak: 5000e12, quantizedComputeFactor: 0.75, sizeHalfParams: Infinity, uncertainty: 0.35, promptLowFraction: 0.25 },
  // SYCL's 58 us: fitted (scripts/fit-speed.ts) on the B70 fit rows with the other SYCL prompt constants. Against the
  // SYCL constants before that fit, its two MoE models' pp512 ran at 0.37x (Qwen3.5 35B-A3B: 256 experts, 40 MoE layers)
  // and 0.57x (Gemma 4 26B-A4B: 128 experts, 30 layers) of the estimate where its dense models ran at 1.3-1.6x: an
  // excess of 51 and 50 us per expert per layer per 512-token batch, alike for experts of 3.1 M and 5.9 M parameters.
  // SYCL's attention efficiency (0.018 of the FP16 matrix peak) is set on the same rows' long prompts (pp4096-32768 of
  // Qwen3.5 27B, Qwen3.6 35B-A3B and Gemma 4 31B: pp32768 at 0.31-0.79 of pp512).
  sycl: { attentionEfficiency: 0.018, expertCallSec: 58e-6, expertTileHalfColumns: EXPERT_TILE_HALF_COLUMNS, bandwidthEfficiency: 0.85, bandwidthHalfPoint: 8e12, kvEfficiencyNoFlash: 0.3, perLayerSec: 100e-6, computeEfficiency: 0.45, computeHalfPeak: 600e12, quantizedComputeFactor: 0.7, sizeHalfParams: Infinity, uncertainty: 0.35, promptLowFraction: 0.25 },
  metal: { bandwidthEfficiency: 0.83, bandwidthHalfPoint: 13e12, kvEfficiencyNoFlash: 0.2, perLayerSec: 67e-6, computeEfficiency: 0.88, computeHalfPeak: 690e12, quantizedComputeFactor: 0.8, sizeHalfParams: 470e9, uncertainty: 0.2, promptLowFraction: 0.8 },
  cpu: { bandwidthEfficiency: 0.65, bandwidthHalfPoint: 1e15, kvEfficiencyNoFlash: 0.5, perLayerSec: 150e-6, computeEfficiency: 0.5, computeHalfPeak: 1e16, quantizedComputeFactor: 0.8, sizeHalfParams: Infinity, uncertainty: 0.35, promptLowFraction: 0.65 },
};

/**
 * Intel GPUs under Vulkan stream weights in generation at this fraction of the Vulkan efficiency (the constants above
 * rest on AMD rows): the Vulkan mat-vec shaders run below the memory's pace on Intel's drivers (coopmat emulated or a
 * net loss on Mesa ANV and Xe-HPG, llama.cpp issue #12690 and PR #24404; the integer-dot mat-vec path tuned, then
 * disabled, on the Windows driver, PRs #19988 and #20672; Q4_K/Q5_K scale loads the ANV compiler cannot coalesce,
 * llama/21751). Set on the rows of one source, the 5 Windows generation "fit" rows of
 * tests/fixtures/calibration/scoreboards.csv (PR #14001's summary table: Arc B580, 140V and A770, builds 5583 and
 * 5589), to their median (0.84-1.33x, median 0.99x); the Windows rows of issue #17628 and PR #19988 (A770, builds
 * 7189-8191) stay held out, at 0.99-1.33x (docs/estimator.md section 7, round five). Linux's Mesa ANV driver measured
 * slower still in 2025 builds, which an estimate says in a note rather than a constant, as its rows span a threefold
 * change over 2025-26.
 */
export const INTEL_VULKAN_STREAM_SCALE = 0.55;

/**
 * Intel GPUs under Vulkan multiply prompt matrices (and run prompt attention) at this fraction of the Vulkan compute
 * rate, whose constants rest on AMD's KHR_coopmat rows: on the Windows driver the A770 reached ~15 % of its vector
 * FP16 rate (XMX unused, backendFp16Flops) and the B580 and 140V ~7 % of their XMX rate through KHR_coopmat, against
 * ~30 % on AMD. Set on the rows of one source, the 4 Windows prompt "fit" rows of
 * tests/fixtures/calibration/scoreboards.csv (PR #14001's summary table, Gemma 2 2B Q4_K_M pp512: A770 before and
 * after, B580 and 140V after build 5589's coopmat), to the geometric mean of their ratios (0.68-1.56x after, 1.00);
 * the A770 counts twice there (one measurement in both columns; one weight per GPU would give about 0.36). The other
 * sources, and the same table's Linux rows, stay held out (docs/estimator.md section 7, round six). A single scale for
 * two matrix paths (vector shaders on Xe-HPG, coopmat on Xe2), as its fit rows are one of each; attention takes it too,
 * by assumption (every fit row is at depth 0). It scales the peak rate before the backend's efficiency curve, which
 * on Vulkan (half peak 5000 TFLOPS) changes the result by under 2 %.
 */
export const INTEL_VULKAN_MATRIX_SCALE = 0.32;

/**
 * CUDA's fixed cost per layer per generated token on GPUs older than Volta (Pascal, Maxwell, Kepler), for which
 * llama.cpp does not use CUDA graphs (ggml-cuda.cu: "disabling CUDA graphs due to GPU architecture" below
 * GGML_CUDA_CC_VOLTA since PR #25749 of July 2026, which turned graphs on for Volta and Turing; below Ampere before
 * it): every kernel is launched one by one. The value is the CUDA per-layer cost fitted on
 * ../shared/calibration/speed.csv's May 2024 rows (110 µs, docs/estimator.md section 5), whose builds left 90-110 µs
 * a layer where the 2025-26 builds with CUDA graphs the current constant rests on leave 24-40. Its only check is two
 * Tesla P40 rows of one build (PR #16715's baseline, before that PR's GEMV fusion): an upper bound, not a fit.
 * Prompt processing keeps the backend's constant: llama.cpp uses CUDA graphs only for single-token batches.
 */
export const CUDA_NO_GRAPHS_LAYER_SEC = 110e-6;

/**
 * AMD's GCN and RDNA1 GPUs (no matrix units; wave64 GCN and the first RDNA) stream weights in generation at this
 * fraction of the ROCm and Vulkan efficiencies, which rest on RDNA3, RDNA3.5 and RDNA4 rows: all but one of the public
 * generation rows of these GPUs ran slower than those allow (MI50 0.93-1.37x, RX 5700 XT 1.33-1.35x, RX 470 1.22x).
 * Set on the rows of one source, the 4 "fit" rows of tests/fixtures/calibration/scoreboards.csv (MI50 with ROCm,
 * llama.cpp PR #16715, October 2025, two builds: Llama 3.1 8B Q4_0 and gpt-oss 20B), to their median (0.96-1.15x,
 * median 1.01x); the MI50 rows of another source (kyuz0's toolboxes, which alone would give about 0.83), the RX 5700 XT
 * and the RX 470 under Vulkan stay held out (docs/estimator.md section 7, round five).
 */
export const AMD_GCN_STREAM_SCALE = 0.76;

/**
 * Extra fixed cost of a recurrent layer (Gated DeltaNet, Mamba2) per generated token, in units of the backend's
 * per-layer cost: llama.cpp's decode graph for such a layer (qwen3next / mamba2 builders) runs about twice the
 * ggml ops of an attention layer (conv1d and its state copy, L2 norms, gates, the state update, gated norm).
 * Set so that Qwen3.5/3.6 hybrids and Qwen3-Next generate the ~1.35x slower than the bytes-only estimate that
 * issue #9 reports (docs/estimator.md section 5).
 */
export const RECURRENT_LAYER_OVERHEAD = 1.5;

/**
 * FLOPs a CPU core does per cycle on a generated token's attention over the cache (QK and AV, 4 x query heads x head
 * size x cells a layer): llama.cpp's CPU flash attention runs one query row a head at a small fraction of the vector
 * FMA peak (softmax, F16 loads, reductions), so at depth this compute, not the KV cache's bytes, slows a CPU down.
 * Set on the fit rows of tests/fixtures/calibration/cpu-depth.csv (NVIDIA GB10's 10 Cortex-X925 cores, Qwen3 4B at
 * Q4_K_M, Q6_K and Q8_0 to depth 16384, llama.cpp build 9870 of July 2026: the mistral.rs v0.9.0 campaign's raw
 * llama-bench output) so that generation at depth falls as it measured, relative to the shallowest row: median error
 * of that ratio 3.3 % (52 % with the bytes alone); held out, the same campaign's Sapphire Rapids rows (16 cores, flash
 * attention on and off, depths 128-16384) 4.8 % (62.5 %), and a Ryzen 9 7950X's DeepSeek V2 Lite without flash
 * attention (April 2025) 20 %. Rows with flash attention of builds before llama.cpp split it over the KV length
 * (PR #19209, January 2026) slow down up to 1.7x more at 16k than this says (median 23 %; reported apart,
 * docs/estimator.md section 7, round eight). Cores x clock as the scan reads them (section 5 says which clock).
 */
export const CPU_ATTENTION_FLOPS_PER_CYCLE = 5;

/**
 * Core cycles a CPU spends per prompt token on each F32 element of a recurrent layer's state (the state update of
 * a chunked Gated DeltaNet or a Mamba-2 scan, which the prompt's matrix FLOPs do not count): per token,
 * state elements x cycles / (cores x clock) for each recurrent layer (cpuRecurrentPromptSec, speed.ts). Measured on the
 * project's 2-core CI VM with `llm-sizer bench --model` (December 2026, tenth session; docs/estimator.md section 8),
 * each hybrid beside a transformer of its family measured the same hour, the hybrid's prompt time less its estimate at
 * the transformer's measured/estimated ratio: Qwen3.5 0.8B and 2B against Qwen3 0.6B and 1.7B, 160 and 189 µs per
 * Gated DeltaNet layer per token (2.85 and 3.37 cycles an element), Granite 4.0 H 350M and H Micro against Granite 4.0
 * 350M and 4.1 3B, 30 and 41 µs per Mamba-2 layer (0.74 and 0.38): their geometric means. LFM2's short convolutions
 * keep no scan state (0). GPUs are not charged: their hybrid prompt rows (RTX 4090 Qwen3.5/3.6, M4 Max) run at the
 * transformers' ratio. One machine: a measurement of another CPU may differ.
 */
export const CPU_RECURRENT_PROMPT_CYCLES: Readonly<Record<LinearAttentionSpec['kind'], number>> = { 'gated-deltanet': 3.1, mamba2: 0.53, 'short-conv': 0 };

/**
 * Extra fixed cost of a layer with routed experts per generated token, in units of the backend's per-layer cost:
 * llama.cpp's MoE block (llm_graph_context::build_moe_ffn) runs the router's matrix product, a softmax or sigmoid,
 * the top-k selection (argsort and a view), a gather of the selected weights, their normalisation, three
 * expert-indexed matrix products, the weighting and the sum over the k experts: about as many small kernels again as
 * the rest of an attention layer. Set on the 2025-26 "fit" rows (docs/estimator.md section 5). GPU backends only: a CPU
 * launches no kernels, and with it this machine's MoE calibration shape was calibrated at 0.80-0.86x of its measured
 * speed (two `bench:calibration --quick` runs refitted both ways: held-out median 13.3 / 9.6 % with it, 12.7 / 8.8 %
 * without).
 */
export const MOE_LAYER_OVERHEAD = 1;

/**
 * Extra fixed seconds per Gemma 3 / 3n / 4 layer per generated token on a GPU. A Gemma layer runs more small kernels
 * than a llama-style one: RMS norms before and after attention and before and after the FFN (with their weight
 * multiplications and the residual adds), per-head q and k norms, GELU, the embedding scale; Gemma 4's MoE layers add
 * an always-on dense MLP beside the routed experts (llama.cpp `src/models/gemma3.cpp`, `gemma4*.cpp` graph builders).
 * Measured against the formula in tests/fixtures/calibration/scoreboards.csv, each row against the median of the same
 * source's other models on the same machine: 47 us a layer on the GB10 (Gemma 3 4B, CUDA), 58 on the P40, 55 on the
 * RTX 5090 (Gemma 4 26B-A4B), 70 on the R9700 and 76 on the RX 7900 XTX (ROCm): about the same absolute time on chips
 * from 273 to 1792 GB/s, i.e. a cost per layer, not per byte. Set on the GB10's Gemma 3 4B "fit" rows alone (tg32 at
 * depths 0-32768: 37-44 us, median 41); the others stay held out (docs/estimator.md section 7, round seven). Applied on
 * CUDA, ROCm and Vulkan on NVIDIA and AMD GPUs, where the rows are (devices.ts gemmaLayerSecFor); not on Metal or SYCL
 * (no Gemma row), nor on an Intel GPU under Vulkan or to Gemma 2 (Gemma 2's only rows are Intel Vulkan ones, on which
 * INTEL_VULKAN_STREAM_SCALE was set, so that scale carries the cost), nor on a CPU, whose per-layer constant comes
 * from its own rows and launches no kernels.
 */
export const GEMMA_LAYER_SEC = 40e-6;

/** llama.cpp architectures that pay GEMMA_LAYER_SEC. */
export const GEMMA_LAYER_ARCHS: ReadonlySet<string> = new Set(['gemma3', 'gemma3n', 'gemma4']);

/** PCIe 4.0 x16 effective host-to-device rate: weights kept on the CPU are copied to the GPU per ubatch for prompt processing (llama.cpp op offload, batch >= 32). 32 GB/s peak, ~25 GB/s achieved. */
export const PCIE_BYTES_PER_SEC = 25e9;

/** Reading weights from an NVMe SSD through mmap when they do not fit in RAM: a fast PCIe 4.0 drive sustains ~3 GB/s of random 4k-64k reads at best. */
export const DISK_BYTES_PER_SEC = 3e9;

/**
 * A measured copy rate is already an achieved rate, not a theoretical peak: llama.cpp's CPU kernels reach
 * 0.65-0.7 of the theoretical DRAM bandwidth (hardware-detection.md) and a STREAM-style copy about 0.8 of
 * it, so against a measured rate the CPU efficiency is 0.65 / 0.8 ~ 0.8.
 */
export const CPU_EFFICIENCY_OF_MEASURED = 0.8;

/** Fallback RAM bandwidth when neither a DIMM layout nor a measurement is available: dual-channel DDR4-3200 (2 x 8 bytes x 3200 MT/s). */
export const FALLBACK_RAM_BYTES_PER_SEC = 51.2e9;

/** CPU FP32 FLOPs per cycle per core by ISA: AVX-512 2 x 16 FMA lanes x 2, AVX2 2 x 8 x 2, NEON 4 x 4 x 2 (Arm cores with 4 NEON pipes). */
export const CPU_FLOPS_PER_CYCLE: Readonly<Record<'avx512f' | 'avx2' | 'neon' | 'base', number>> = {
  avx512f: 64,
  avx2: 32,
  neon: 32,
  base: 8,
};

/**
 * CPU int8 multiply-accumulate throughput per core per cycle (ops = 2 per MAC), for quantized matrices: llama.cpp's
 * CPU kernels quantize the activations to 8 bits and use integer dot products. AVX-512 VNNI: VPDPBUSD zmm, 64 MACs
 * at 1 per cycle = 128; AVX-VNNI: VPDPBUSD ymm, 32 MACs at 2 per cycle = 128; AVX2: VPMADDUBSW + VPMADDWD pairs,
 * half that = 64 (uops.info throughput tables); Arm with the dot-product extension: SDOT, 16 MACs on 4 NEON pipes
 * = 128, without it 64 (Arm Neoverse V1/V2 software optimization guides; Apple's P-cores have 4 pipes too);
 * no SIMD: 16.
 */
export const CPU_INT8_OPS_PER_CYCLE: Readonly<Record<'vnni' | 'avx2' | 'dotprod' | 'neon' | 'base', number>> = {
  vnni: 128,
  avx2: 64,
  dotprod: 128,
  neon: 64,
  base: 16,
};

/**
 * Fraction of that int8 peak llama.cpp's CPU prompt processing reaches: the median over the CPU rows of
 * tests/fixtures/calibration/cpu-scoreboard.csv (10 CPUs from a 4-core laptop to a 64-core EPYC: 0.15-0.65, at the
 * base clock), for a Q4_K_M model (on x86 other types at CPU_PROMPT_TYPE_RATE_X86 of it). See docs/estimator.md section 7.
 */
export const CPU_INT8_EFFICIENCY = 0.3;

/**
 * A quantized tensor type's CPU prompt (matrix-matrix) rate relative to Q4_K's, on x86 CPUs with AVX-512 (cpuPromptTypeScale,
 * speed.ts). llama.cpp multiplies each type by a different kernel (the bundled build of 2026-09-12, 80fb11ac:
 * ggml-cpu/repack.cpp, iqp.cpp, llamafile/sgemm.cpp): Q4_0, Q4_K, IQ4_NL and MXFP4 are repacked into 8x8
 * interleaved blocks for a GEMM kernel (Q2_K too, with AVX-512); the grid I-quants (IQ1-IQ3, IQ4_XS) are decoded to
 * int8 panels (iqp.cpp); Q8_0 and Q5_0 go through llamafile's tinyBLAS; Q4_1, Q5_1, Q3_K, Q5_K and Q6_K through the
 * generic row-by-row dot products. Measured on this project's 2-core CI VM (AMD EPYC, AVX-512 VNNI, node-llama-cpp
 * 3.21.1): pp512 of one synthetic shape (12 layers, hidden 2048, FFN 5632, 16 heads of 128, 8 KV heads) written at each
 * file type, 2 threads, 3 rounds, 2026-12-05; a mix's rate solved for its minor types from the pure files (Q4_K from
 * Q4_K_S 275 tok/s with its 5.6 % Q5_K; Q4_0 from 337-348 with 4.1 % Q4_1). Tok/s of the pure files: Q4_0 411 (solved),
 * Q4_K 303 (solved), IQ4_XS 375, IQ3_S 345, IQ4_NL 323, Q8_0 168-217, Q5_0 134 (solved), Q6_K 127-130, Q5_K 107,
 * Q3_K 100, Q4_1 74, Q5_1 65. Mixes not used to solve, predicted from these: Q3_K_M 131 (measured 131), Q4_K_M 253
 * (measured 218-270 over 14 runs), the IQ2_S file 268 (296), but Q5_K_M 110 (82, one run). Independent mainline runs agree on the slow path (llama.cpp PRs #19706,
 * #19707, #22250, 2026, a 6-thread AVX-512 machine on Llama 2 7B: Q6_K 40.0, Q5_K_M 36.3, Q5_0 54.9 tok/s, against
 * Q4_K_M 84.0 in PR #12829). Types without a file of their own take their kernel class's: IQ2_S the mean of the IQ2 files' (IQ2_XS 256, IQ2_XXS
 * 328, solved; IQ3_XXS 270 is solved with it), MXFP4 IQ4_NL's (the same 8x8 repack). AVX2-only x86 CPUs (Q2_K is not
 * repacked there, and the GEMM kernels have AVX-512 paths) and ARM (its repacks cover Q5_K, Q6_K and Q8_0 too) keep
 * one rate for every type: not measured (cpuPromptTypeRates, devices.ts).
 */
export const CPU_PROMPT_TYPE_RATE_X86: Readonly<Partial<Record<GgmlType, number>>> = {
  Q4_0: 1.36,
  Q4_1: 0.245,
  Q5_0: 0.44,
  Q5_1: 0.214,
  Q8_0: 0.636,
  Q2_K: 0.91,
  Q3_K: 0.331,
  Q4_K: 1,
  Q5_K: 0.353,
  Q6_K: 0.423,
  IQ4_NL: 1.066,
  IQ4_XS: 1.238,
  IQ3_S: 1.139,
  IQ3_XXS: 0.891,
  IQ2_XXS: 1.083,
  IQ2_XS: 0.845,
  IQ2_S: 0.96,
  IQ1_S: 0.95,
  IQ1_M: 0.987,
  MXFP4: 1.066,
};

/**
 * The type scale of a Q4_K_M model at these rates (85.5 % Q4_K and 14.5 % Q6_K weights in the measured shape:
 * 1 / (0.855 + 0.145 / 0.423) = 0.835): cpuPromptTypeScale divides by it, so a Q4_K_M model keeps the rate
 * CPU_INT8_EFFICIENCY was set with and every other type moves relative to it.
 */
export const CPU_PROMPT_TYPE_REFERENCE = 0.835;

/**
 * The rate of a prompt's attention (QK and AV over the cache, flash attention) relative to its matrix products:
 * attention kernels are not as efficient as GEMMs (FlashAttention-2, arXiv 2307.08691, abstract: FlashAttention
 * reached 25-40 % of A100 peak, FlashAttention-2 50-73 %, "close to the efficiency of GEMM"; llama.cpp's kernels sit
 * between). Set on the one CUDA row at 32k depth (llama.cpp PR #17505, RTX 3090 Llama 8B Q4_0 pp512 @ d32768: 1.27x
 * too fast at 1, 1.02x at 0.67). Since round three CUDA, ROCm and Vulkan set their own attentionEfficiency on their
 * depth rows; this factor is left to Metal and the CPU (docs/estimator.md 5).
 */
export const ATTENTION_COMPUTE_FACTOR = 0.67;

/**
 * Bytes of quantized weights one core streams through dequantization and dot products per cycle while generating:
 * a core-bound ceiling that shows when few threads face fast memory (Ryzen 9 7950X with 2 threads: 5.8 B/cycle;
 * Core Ultra 7 258V with 4: 5.0; M2 Max with 2-4 threads: 5.1-7.9, cpu-scoreboard.csv). Below it, RAM bandwidth binds.
 */
export const CPU_DECODE_BYTES_PER_CYCLE = 6;

/**
 * Fixed work per generated token when the CPU runs the whole model (graph building and scheduling, waking the thread
 * pool, the logits): 3.75 M cycles (1.5 ms at 2.5 GHz). From ../shared/notes/measuring.md: on the 2-core development
 * machine a 0.11 GB model generated 98 tok/s where bytes and layers allow 246, and 0.69 / 0.75 GB models ran 1-2 ms a
 * token slower than estimated; with it and CPU t_layer 150 µs, the 28 rows of cpu-scoreboard.csv move from a 19 % to
 * a ~13 % median error in generation.
 */
export const CPU_TOKEN_OVERHEAD_CYCLES = 3.75e6;

/** Assumed sustained all-core clock when the OS does not report one (VMs report 0). */
export const FALLBACK_CPU_CLOCK_HZ = 2.5e9;
