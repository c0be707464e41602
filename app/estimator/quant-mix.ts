import type { ModelArchitecture } from '../domain/model';
import { fallbackForRow } from './ggml-types';
import type { GgmlType } from './ggml-types';
import type { QuantType } from './quant-types';
import { ggufHasOutput } from './tensors';
import type { TensorDesc } from './tensors';

/**
 * llama.cpp's choice of tensor type inside a GGUF file of a given file type: llama-quant.cpp
 * `llama_tensor_get_type` (ec98e2002), rules A–L in docs/research/quant-facts.md 2.4. We assume an
 * importance matrix was used, as in the GGUF repos people download, and a non-Falcon architecture.
 */

/** The first and last eighth of layers, and every third layer in between. */
export function useMoreBits(i: number, n: number): boolean {
  const eighth = Math.floor(n / 8);
  return i < eighth || i >= Math.floor((7 * n) / 8) || (i - eighth) % 3 === 2;
}

const IQ_LOW = new Set(['IQ2_XXS', 'IQ2_XS', 'IQ2_S', 'IQ2_M', 'IQ1_S', 'IQ1_M']);

export interface MixContext {
  readonly arch: ModelArchitecture;
  readonly quant: QuantType;
  /** Index of this tensor among attn_v tensors, and n_attention_wv (see attnVCount). */
  readonly attnVIndex: number;
  readonly attnVCount: number;
}

/**
 * llama-quant.cpp's n_attention_wv: tensors named attn_v.weight or attn_qkv.weight (quant-facts.md 2.3). In the
 * quantizer the estimator follows (ec98e2002) only attn_v tensors advance i_attention_wv, so in a Gated DeltaNet
 * hybrid the attn_qkv tensors stretch the use_more_bits spacing of the attn_v ones (Qwen3.5 27B: 16 attn_v among 64).
 */
export function attnVCount(tensors: readonly TensorDesc[]): number {
  let n = 0;
  for (const x of tensors) if (x.role === 'attn_v' || x.role === 'attn_qkv') n++;
  return n;
}

function outputType(ftype: string, T: GgmlType): GgmlType {
  if (ftype === 'MXFP4_MOE') return 'Q8_0';
  if (['IQ2_XXS', 'IQ2_XS', 'IQ3_XXS', 'IQ1_S', 'IQ2_S', 'IQ2_M', 'IQ1_M'].includes(ftype)) return 'Q5_K';
  if (T === 'Q8_0' || T === 'F16' || T === 'BF16') return T;
  return 'Q6_K';
}

function tokenEmbdType(ftype: string, T: GgmlType): GgmlType {
  if (['IQ2_XXS', 'IQ2_XS', 'IQ1_S', 'IQ1_M'].includes(ftype)) return 'Q2_K';
  if (['IQ2_S', 'IQ2_M', 'IQ3_XXS'].includes(ftype)) return 'IQ3_S';
  return T;
}

function ruleType(x: TensorDesc, c: MixContext): GgmlType {
  const ftype = c.quant.id;
  const T = c.quant.baseType;
  const a = c.arch;
  const nExpert = a.moe?.experts ?? 0;
  const nGqa = a.attentionHeads / a.kvHeads;
  const i = x.layer ?? 0;
  const n = a.layers;
  // llama-quant.cpp: without an output.weight (has_tied_embeddings) token_embd doubles as the output and gets its rule
  if (x.role === 'output' || (x.role === 'token_embd' && !ggufHasOutput(a))) return outputType(ftype, T);
  if (ftype === 'MXFP4_MOE') return x.ne2 > 1 ? 'MXFP4' : 'Q8_0';
  if (x.role === 'token_embd' || x.role === 'per_layer_embd') return tokenEmbdType(ftype, T);
  if (IQ_LOW.has(ftype)) {
    const iq2s = ftype === 'IQ2_S' || ftype === 'IQ2_M';
    if (x.role === 'attn_v') return nGqa >= 4 || nExpert >= 4 ? 'Q4_K' : iq2s ? 'IQ3_S' : 'Q2_K';
    if (x.role === 'attn_k' && nExpert === 8) return 'Q4_K';
    if (x.role === 'ffn_down') return i < n / 8 ? (iq2s ? 'IQ3_S' : 'Q2_K') : T;
    if (x.role === 'attn_output') {
      if (nExpert === 8) return 'Q5_K';
      if (ftype === 'IQ1_S' || ftype === 'IQ1_M') return 'IQ2_XXS';
      if (iq2s) return 'IQ3_S';
    }
    return T;
  }
  if (x.role === 'attn_qkv') {
    // llama-quant.cpp: attn_qkv.weight gets Q4_K in Q3_K_M / Q3_K_L / IQ3_M, Q5_K in Q4_K_M, Q6_K in Q5_K_M
    if (ftype === 'Q3_K_M' || ftype === 'Q3_K_L' || ftype === 'IQ3_M') return 'Q4_K';
    if (ftype === 'Q4_K_M') return 'Q5_K';
    if (ftype === 'Q5_K_M') return 'Q6_K';
    return T;
  }
  if (x.role === 'attn_v') {
    let type: GgmlType = T;
    if (ftype === 'Q2_K') type = nGqa >= 4 ? 'Q4_K' : 'Q3_K';
    else if (ftype === 'Q2_K_S' && nGqa >= 4) type = 'Q4_K';
    else if (ftype === 'IQ3_XXS') type = nGqa >= 4 ? 'Q4_K' : 'IQ3_XXS';
    else if ((ftype === 'IQ3_XS' || ftype === 'IQ3_S') && nGqa >= 4) type = 'Q4_K';
    else if (ftype === 'IQ3_M') type = 'Q4_K';
    else if (ftype === 'Q3_K_M') type = c.attnVIndex < 2 ? 'Q5_K' : 'Q4_K';
    else if (ftype === 'Q3_K_L') type = 'Q5_K';
    else if ((ftype === 'IQ4_NL' || ftype === 'IQ4_XS') && nGqa >= 4) type = 'Q5_K';
    else if ((ftype === 'Q4_K_M' || ftype === 'Q5_K_M') && useMoreBits(c.attnVIndex, c.attnVCount)) type = 'Q6_K';
    else if (ftype === 'Q4_K_S' && c.attnVIndex < 4) type = 'Q5_K';
    // llama.cpp's LLM_TYPE_70B (a llama-arch model with 80 layers and GQA) bumps attn_v: its 8 shared heads make it small.
    if (a.ggufArch === 'llama' && n === 80 && nGqa > 1 && (type === 'Q3_K' || type === 'Q4_K')) type = 'Q5_K';
    if (nExpert === 8) type = 'Q8_0';
    return type;
  }
  if (x.role === 'attn_k') {
    if (nExpert === 8) return 'Q8_0';
    if (ftype === 'IQ3_XS') return 'IQ3_XXS';
    if (ftype === 'IQ3_XXS') return 'IQ2_S';
    return T;
  }
  if (x.role === 'attn_q') {
    if (ftype === 'IQ3_XS') return 'IQ3_XXS';
    if (ftype === 'IQ3_XXS') return 'IQ2_S';
    return T;
  }
  if (x.role === 'ffn_down') {
    if (ftype === 'Q2_K') return 'Q3_K';
    if (ftype === 'Q2_K_S') return i < n / 8 ? 'Q4_K' : T;
    if (ftype === 'Q3_K_M') return i < n / 16 ? 'Q5_K' : 'Q4_K';
    if (ftype === 'IQ3_M') return i < n / 8 || (nExpert === 8 && useMoreBits(i, n)) ? 'Q4_K' : T;
    if (ftype === 'Q3_K_L') return 'Q5_K';
    if (ftype === 'Q4_K_M') return useMoreBits(i, n) ? 'Q6_K' : T;
    if (ftype === 'Q5_K_M') return useMoreBits(i, n) ? 'Q6_K' : T;
    if (ftype === 'Q4_K_S') return i < n / 8 ? 'Q5_K' : T;
    if (ftype === 'Q4_0') return i < n / 8 ? 'Q4_1' : T;
    if (ftype === 'Q5_0') return i < n / 8 ? 'Q5_1' : T;
    return T;
  }
  if (x.role === 'attn_output') {
    if (nExpert === 8) {
      return ['Q2_K', 'IQ3_XS', 'IQ3_XXS', 'Q3_K_S', 'Q3_K_M', 'IQ4_NL', 'Q4_K_S', 'Q4_K_M', 'IQ3_S', 'IQ3_M', 'IQ4_XS'].includes(ftype)
        ? 'Q5_K'
        : T;
    }
    if (ftype === 'Q2_K') return 'Q3_K';
    if (ftype === 'IQ3_XXS') return 'IQ3_S';
    if (ftype === 'Q3_K_M' || ftype === 'IQ3_M') return 'Q4_K';
    if (ftype === 'Q3_K_L') return 'Q5_K';
    return T;
  }
  if ((x.role === 'ffn_gate' || x.role === 'ffn_up') && ftype === 'IQ3_XS') {
    return i >= n / 8 && i < (7 * n) / 8 ? 'IQ3_XXS' : T;
  }
  return T;
}

/** The storage type of one tensor in a GGUF file of this quantization. */
export function tensorType(x: TensorDesc, c: MixContext): GgmlType {
  if (!x.quantizable) return c.quant.baseType === 'F32' ? 'F32' : x.keptType;
  // gpt-oss ships its experts in MXFP4 and GGUF files keep them so at every file type: unsloth's
  // gpt-oss-20b F16 file is 13.8 GB and its Q4_K_M 11.6 GB, not 42 GB and ~12.5 GB (resources/models/gpt-oss.json).
  if (x.routedExperts && c.arch.ggufArch === 'gpt-oss' && c.quant.format === 'gguf') return 'MXFP4';
  const T = c.quant.baseType;
  if (T === 'F16' || T === 'BF16' || T === 'F32') return T; // no mixing rules for float files
  if (c.quant.format === 'mlx') return T; // MLX quantizes every linear and embedding alike
  return fallbackForRow(ruleType(x, c), x.ne0);
}
