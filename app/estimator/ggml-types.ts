/**
 * ggml tensor storage types: elements per block and bytes per block.
 * Source: ggml/src/ggml-common.h block structs and ggml.c type_traits (llama.cpp ec98e2002),
 * summarized in docs/research/quant-facts.md section 1.
 */
export const GGML_TYPES = {
  F32: { blockElements: 1, blockBytes: 4 },
  F16: { blockElements: 1, blockBytes: 2 },
  BF16: { blockElements: 1, blockBytes: 2 },
  Q4_0: { blockElements: 32, blockBytes: 18 },
  Q4_1: { blockElements: 32, blockBytes: 20 },
  Q5_0: { blockElements: 32, blockBytes: 22 },
  Q5_1: { blockElements: 32, blockBytes: 24 },
  Q8_0: { blockElements: 32, blockBytes: 34 },
  Q2_K: { blockElements: 256, blockBytes: 84 },
  Q3_K: { blockElements: 256, blockBytes: 110 },
  Q4_K: { blockElements: 256, blockBytes: 144 },
  Q5_K: { blockElements: 256, blockBytes: 176 },
  Q6_K: { blockElements: 256, blockBytes: 210 },
  IQ1_S: { blockElements: 256, blockBytes: 50 },
  IQ1_M: { blockElements: 256, blockBytes: 56 },
  IQ2_XXS: { blockElements: 256, blockBytes: 66 },
  IQ2_XS: { blockElements: 256, blockBytes: 74 },
  IQ2_S: { blockElements: 256, blockBytes: 82 },
  IQ3_XXS: { blockElements: 256, blockBytes: 98 },
  IQ3_S: { blockElements: 256, blockBytes: 110 },
  IQ4_NL: { blockElements: 32, blockBytes: 18 },
  IQ4_XS: { blockElements: 256, blockBytes: 136 },
  TQ1_0: { blockElements: 256, blockBytes: 54 },
  TQ2_0: { blockElements: 256, blockBytes: 66 },
  MXFP4: { blockElements: 32, blockBytes: 17 },
} as const satisfies Record<string, { blockElements: number; blockBytes: number }>;

export type GgmlType = keyof typeof GGML_TYPES;

export function isGgmlType(name: string): name is GgmlType {
  return Object.prototype.hasOwnProperty.call(GGML_TYPES, name);
}

export function bitsPerWeight(type: GgmlType): number {
  const t = GGML_TYPES[type];
  return (t.blockBytes * 8) / t.blockElements;
}

/** Bytes of `elements` values stored as `type` (exact when elements is a multiple of the block). */
export function typeBytes(type: GgmlType, elements: number): number {
  const t = GGML_TYPES[type];
  return (elements / t.blockElements) * t.blockBytes;
}

/**
 * Fallback when a row length is not a multiple of the block size (llama-quant.cpp, quant-facts.md 2.6):
 * K- and I-quants fall back to a 32-element type; if that does not divide either, F16.
 */
export function fallbackForRow(type: GgmlType, rowElements: number): GgmlType {
  if (rowElements % GGML_TYPES[type].blockElements === 0) return type;
  const map: Partial<Record<GgmlType, GgmlType>> = {
    IQ2_XXS: 'IQ4_NL', IQ2_XS: 'IQ4_NL', IQ2_S: 'IQ4_NL', IQ3_XXS: 'IQ4_NL', IQ3_S: 'IQ4_NL',
    IQ1_S: 'IQ4_NL', IQ1_M: 'IQ4_NL', IQ4_XS: 'IQ4_NL', Q2_K: 'IQ4_NL', Q3_K: 'IQ4_NL',
    TQ1_0: 'Q4_0', TQ2_0: 'Q4_0', Q4_K: 'Q5_0', Q5_K: 'Q5_1', Q6_K: 'Q8_0',
  };
  const next = map[type];
  if (next !== undefined && rowElements % GGML_TYPES[next].blockElements === 0) return next;
  return 'F16';
}
