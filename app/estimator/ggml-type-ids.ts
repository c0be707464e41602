import { GGML_TYPES, isGgmlType } from './ggml-types';

/** ggml type ids and llama.cpp file-type ids as they appear in GGUF files. */
export interface GgmlTypeInfo {
  readonly name: string;
  readonly blockElements: number;
  readonly blockBytes: number;
}

/**
 * ggml type ids (ggml.h enum ggml_type) with their block sizes: ggml.c type_traits, docs/research/quant-facts.md
 * section 1. NVFP4 (40) is the 2026 upstream layout the same notes mark "likely". Removed repack types
 * (31..33, 36..38) never appear in files.
 */
const TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 6: 'Q5_0', 7: 'Q5_1', 8: 'Q8_0', 9: 'Q8_1', 10: 'Q2_K', 11: 'Q3_K',
  12: 'Q4_K', 13: 'Q5_K', 14: 'Q6_K', 15: 'Q8_K', 16: 'IQ2_XXS', 17: 'IQ2_XS', 18: 'IQ3_XXS', 19: 'IQ1_S',
  20: 'IQ4_NL', 21: 'IQ3_S', 22: 'IQ2_S', 23: 'IQ4_XS', 24: 'I8', 25: 'I16', 26: 'I32', 27: 'I64', 28: 'F64',
  29: 'IQ1_M', 30: 'BF16', 34: 'TQ1_0', 35: 'TQ2_0', 39: 'MXFP4', 40: 'NVFP4',
};
const EXTRA_TYPES: Readonly<Record<string, { blockElements: number; blockBytes: number }>> = {
  Q8_1: { blockElements: 32, blockBytes: 36 },
  Q8_K: { blockElements: 256, blockBytes: 292 },
  I8: { blockElements: 1, blockBytes: 1 },
  I16: { blockElements: 1, blockBytes: 2 },
  I32: { blockElements: 1, blockBytes: 4 },
  I64: { blockElements: 1, blockBytes: 8 },
  F64: { blockElements: 1, blockBytes: 8 },
  NVFP4: { blockElements: 64, blockBytes: 36 },
};

/** The type of ggml type id `id`, or null when unknown. */
export function ggmlTypeById(id: number): GgmlTypeInfo | null {
  const name = TYPE_NAMES[id];
  if (name === undefined) return null;
  const size = isGgmlType(name) ? GGML_TYPES[name] : EXTRA_TYPES[name];
  return size ? { name, ...size } : null;
}

/** The ggml type id of a type name (the inverse of `ggmlTypeById`), or null. */
export function ggmlTypeId(name: string): number | null {
  for (const [id, n] of Object.entries(TYPE_NAMES)) if (n === name) return Number(id);
  return null;
}

/**
 * Bytes of a tensor: ggml_nbytes for a contiguous tensor, elements / block * block bytes. Null when the row
 * length is not a multiple of the block or the size is not a safe integer (a malformed shape).
 */
export function ggmlTensorBytes(type: GgmlTypeInfo, shape: readonly number[]): number | null {
  const row = shape[0];
  if (row === undefined || row % type.blockElements !== 0) return null;
  let elements = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return null;
    elements *= d;
  }
  const bytes = (elements / type.blockElements) * type.blockBytes;
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** llama.h enum llama_ftype -> name (quant-facts.md 2.2). The 1024 bit (LLAMA_FTYPE_GUESSED) is masked off. */
const FTYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 7: 'Q8_0', 8: 'Q5_0', 9: 'Q5_1', 10: 'Q2_K', 11: 'Q3_K_S', 12: 'Q3_K_M',
  13: 'Q3_K_L', 14: 'Q4_K_S', 15: 'Q4_K_M', 16: 'Q5_K_S', 17: 'Q5_K_M', 18: 'Q6_K', 19: 'IQ2_XXS', 20: 'IQ2_XS',
  21: 'Q2_K_S', 22: 'IQ3_XS', 23: 'IQ3_XXS', 24: 'IQ1_S', 25: 'IQ4_NL', 26: 'IQ3_S', 27: 'IQ3_M', 28: 'IQ2_S',
  29: 'IQ2_M', 30: 'IQ4_XS', 31: 'IQ1_M', 32: 'BF16', 36: 'TQ1_0', 37: 'TQ2_0', 38: 'MXFP4_MOE', 39: 'NVFP4',
};

/** The ftype name of general.file_type, e.g. 15 -> 'Q4_K_M'; null when unknown. */
export function ftypeName(fileType: number): string | null {
  return FTYPE_NAMES[fileType & ~1024] ?? null;
}
