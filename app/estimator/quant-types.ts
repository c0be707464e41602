import type { GgmlType } from './ggml-types';
import { ownValue } from '../catalog/own-key';

/**
 * The quantizations a user can pick. GGUF file types map to llama.cpp's LLAMA_FTYPE_MOSTLY_* and
 * their default tensor type (llama-quant.cpp, quant-facts.md 2.2). MLX types store `bits` plus an fp16
 * scale and bias per group of 64 weights: bits + 32/64 bits per weight (mlx-lm, quant-facts.md 4).
 *
 * Quality: mean KL divergence against FP16 on Llama 3 8B, wikitext-2, from llama.cpp's
 * tools/perplexity/README.md "LLaMA 3 8b Scoreboard" (PR #6936; quant-facts.md 3.2). Rows marked
 * imatrix use the WT 10m importance-matrix run, as the GGUF repos people download (bartowski, unsloth)
 * are quantized with an importance matrix. MLX rows borrow the GGUF row of equal bits per weight
 * (no published MLX KLD table): marked `estimated`.
 */
export interface QuantType {
  readonly id: string;
  readonly format: 'gguf' | 'mlx';
  readonly baseType: GgmlType;
  /** MLX: quantized bits; GGUF: null. */
  readonly mlxBits: number | null;
  readonly meanKld: number;
  readonly kldBasis: 'no imatrix' | 'imatrix' | 'estimated' | 'reference';
}

export const QUANT_TYPES: readonly QuantType[] = [
  { id: 'F32', format: 'gguf', baseType: 'F32', mlxBits: null, meanKld: 0, kldBasis: 'reference' },
  { id: 'F16', format: 'gguf', baseType: 'F16', mlxBits: null, meanKld: 0.000551, kldBasis: 'reference' },
  { id: 'BF16', format: 'gguf', baseType: 'BF16', mlxBits: null, meanKld: 0.000551, kldBasis: 'reference' },
  { id: 'Q8_0', format: 'gguf', baseType: 'Q8_0', mlxBits: null, meanKld: 0.001355, kldBasis: 'no imatrix' },
  { id: 'Q6_K', format: 'gguf', baseType: 'Q6_K', mlxBits: null, meanKld: 0.005452, kldBasis: 'no imatrix' },
  { id: 'Q5_K_M', format: 'gguf', baseType: 'Q5_K', mlxBits: null, meanKld: 0.010762, kldBasis: 'no imatrix' },
  { id: 'Q5_K_S', format: 'gguf', baseType: 'Q5_K', mlxBits: null, meanKld: 0.016595, kldBasis: 'no imatrix' },
  // Q5_1 and Q4_1 are not in the KLD scoreboard: placed by their perplexity increase in llama.cpp's quantize README
  // (LLaMA 7B: Q5_1 +0.0415 between Q5_K_S +0.0353 and Q5_0 +0.0796; Q4_1 +0.1846 between Q4_K_S +0.1149 and Q4_0
  // +0.2166), interpolating those neighbours' KLD linearly.
  { id: 'Q5_1', format: 'gguf', baseType: 'Q5_1', mlxBits: null, meanKld: 0.0174, kldBasis: 'estimated' },
  { id: 'Q5_0', format: 'gguf', baseType: 'Q5_0', mlxBits: null, meanKld: 0.022239, kldBasis: 'no imatrix' },
  { id: 'Q4_K_M', format: 'gguf', baseType: 'Q4_K', mlxBits: null, meanKld: 0.028152, kldBasis: 'imatrix' },
  { id: 'Q4_K_S', format: 'gguf', baseType: 'Q4_K', mlxBits: null, meanKld: 0.031951, kldBasis: 'imatrix' },
  { id: 'IQ4_NL', format: 'gguf', baseType: 'IQ4_NL', mlxBits: null, meanKld: 0.035742, kldBasis: 'imatrix' },
  { id: 'IQ4_XS', format: 'gguf', baseType: 'IQ4_XS', mlxBits: null, meanKld: 0.036334, kldBasis: 'imatrix' },
  { id: 'Q4_1', format: 'gguf', baseType: 'Q4_1', mlxBits: null, meanKld: 0.0593, kldBasis: 'estimated' },
  { id: 'Q4_0', format: 'gguf', baseType: 'Q4_0', mlxBits: null, meanKld: 0.07194, kldBasis: 'no imatrix' },
  { id: 'MXFP4_MOE', format: 'gguf', baseType: 'MXFP4', mlxBits: null, meanKld: 0.07194, kldBasis: 'estimated' },
  { id: 'Q3_K_L', format: 'gguf', baseType: 'Q3_K', mlxBits: null, meanKld: 0.073077, kldBasis: 'imatrix' },
  { id: 'Q3_K_M', format: 'gguf', baseType: 'Q3_K', mlxBits: null, meanKld: 0.084358, kldBasis: 'imatrix' },
  { id: 'IQ3_M', format: 'gguf', baseType: 'IQ3_S', mlxBits: null, meanKld: 0.102534, kldBasis: 'imatrix' },
  { id: 'IQ3_S', format: 'gguf', baseType: 'IQ3_S', mlxBits: null, meanKld: 0.111278, kldBasis: 'imatrix' },
  { id: 'IQ3_XS', format: 'gguf', baseType: 'IQ3_S', mlxBits: null, meanKld: 0.138693, kldBasis: 'imatrix' },
  { id: 'IQ3_XXS', format: 'gguf', baseType: 'IQ3_XXS', mlxBits: null, meanKld: 0.183625, kldBasis: 'imatrix' },
  { id: 'Q3_K_S', format: 'gguf', baseType: 'Q3_K', mlxBits: null, meanKld: 0.199821, kldBasis: 'imatrix' },
  { id: 'IQ2_M', format: 'gguf', baseType: 'IQ2_S', mlxBits: null, meanKld: 0.325989, kldBasis: 'imatrix' },
  { id: 'Q2_K', format: 'gguf', baseType: 'Q2_K', mlxBits: null, meanKld: 0.332223, kldBasis: 'imatrix' },
  { id: 'Q2_K_S', format: 'gguf', baseType: 'Q2_K', mlxBits: null, meanKld: 0.40336, kldBasis: 'imatrix' },
  { id: 'IQ2_S', format: 'gguf', baseType: 'IQ2_XS', mlxBits: null, meanKld: 0.439197, kldBasis: 'imatrix' },
  { id: 'IQ2_XS', format: 'gguf', baseType: 'IQ2_XS', mlxBits: null, meanKld: 0.54629, kldBasis: 'imatrix' },
  { id: 'IQ2_XXS', format: 'gguf', baseType: 'IQ2_XXS', mlxBits: null, meanKld: 0.812022, kldBasis: 'imatrix' },
  { id: 'IQ1_M', format: 'gguf', baseType: 'IQ1_M', mlxBits: null, meanKld: 1.393084, kldBasis: 'imatrix' },
  { id: 'IQ1_S', format: 'gguf', baseType: 'IQ1_S', mlxBits: null, meanKld: 2.211278, kldBasis: 'imatrix' },
  { id: 'MLX_8BIT', format: 'mlx', baseType: 'Q8_0', mlxBits: 8, meanKld: 0.001355, kldBasis: 'estimated' },
  { id: 'MLX_6BIT', format: 'mlx', baseType: 'Q6_K', mlxBits: 6, meanKld: 0.005452, kldBasis: 'estimated' },
  { id: 'MLX_4BIT', format: 'mlx', baseType: 'Q4_K', mlxBits: 4, meanKld: 0.031951, kldBasis: 'estimated' },
];

const BY_ID = new Map(QUANT_TYPES.map((q) => [q.id.toUpperCase(), q]));

/** Case-insensitive lookup; "Q4_K" and "Q5_K" are llama-quantize's aliases of the _M types. */
export function findQuant(id: string): QuantType | null {
  const key = id.trim().toUpperCase().replace(/-/g, '_');
  const alias: Record<string, string> = { Q4_K: 'Q4_K_M', Q5_K: 'Q5_K_M', Q3_K: 'Q3_K_M', MXFP4: 'MXFP4_MOE' };
  return BY_ID.get(ownValue(alias, key) ?? key) ?? null;
}

/**
 * The quantizations the recommendation considers by default: the GGUF types people download, down to
 * 3 bits. Below that (Q2_K, IQ2_*, IQ1_*: mean KLD 0.33 to 2.2 on Llama 3 8B, perplexity +2.4 to +52) a
 * model loses more than a smaller model at 4 bits typically does, so 2-bit files are only recommended
 * when asked for (LOW_BIT_QUANT_IDS).
 */
export const DEFAULT_QUANT_IDS = ['Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'IQ4_XS', 'Q3_K_M', 'IQ3_XXS'] as const;
export const LOW_BIT_QUANT_IDS = ['Q2_K', 'IQ2_M', 'IQ2_XXS'] as const;
/** What MLX (mlx-lm, LM Studio's MLX engine) runs: 8, 6 and 4 bits with group size 64. */
export const MLX_QUANT_IDS = ['MLX_8BIT', 'MLX_6BIT', 'MLX_4BIT'] as const;

/** The quantizations recommendations consider for a runtime. */
export function recommendedQuantIds(runtime: string, lowBit = false): readonly string[] {
  if (runtime === 'mlx') return MLX_QUANT_IDS;
  return lowBit ? [...DEFAULT_QUANT_IDS, ...LOW_BIT_QUANT_IDS] : DEFAULT_QUANT_IDS;
}
