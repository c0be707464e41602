import { GGML_TYPES } from '../estimator/ggml-types';
import type { GgmlType } from '../estimator/ggml-types';

/**
 * Random but valid tensor data, for the few tensors of a synthetic model that must not be zero: token embeddings
 * (a zero embedding makes every hidden state zero, so every router would pick the same experts) and the routers of
 * mixture-of-experts layers. Quantized blocks get random quants with a small, finite fp16 scale written where
 * ggml-common.h puts each block's scale fields, so no value is NaN or infinite.
 */

/** A small seeded generator (mulberry32): the same seed writes the same file. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** fp16 0.0009765625 (2^-10): a block scale that keeps every dequantized value well inside +-1. */
const SMALL_F16 = 0x1400;

/**
 * Byte offsets of the fp16 scale fields inside one block (ggml-common.h block_* structs). Every other byte of a
 * block is quant bits, grid indices or 6-bit sub-scales, for which any value is valid.
 */
const F16_FIELDS: Partial<Record<GgmlType, readonly number[]>> = {
  Q4_0: [0], // d, qs[16]
  Q4_1: [0, 2], // d, m, qs[16]
  Q5_0: [0], // d, qh[4], qs[16]
  Q5_1: [0, 2], // d, m, qh[4], qs[16]
  Q8_0: [0], // d, qs[32]
  Q2_K: [80, 82], // scales[16], qs[64], d, dmin
  Q3_K: [108], // hmask[32], qs[64], scales[12], d
  Q4_K: [0, 2], // d, dmin, scales[12], qs[128]
  Q5_K: [0, 2], // d, dmin, scales[12], qh[32], qs[128]
  Q6_K: [208], // ql[128], qh[64], scales[16], d
  IQ4_NL: [0], // d, qs[16]
  IQ4_XS: [0], // d, scales_h, scales_l[4], qs[128]
  IQ2_XXS: [0], // d, qs[32] (uint16)
  IQ2_XS: [0], // d, qs[32], scales[8]
  IQ2_S: [0], // d, qs[64], qh[8], scales[8]
  IQ3_XXS: [0], // d, qs[96]
  IQ3_S: [0], // d, qs[64], qh[8], signs[32], scales[4]
  IQ1_S: [0], // d, qs[32], qh[8]
  TQ1_0: [52], // qs[48], qh[4], d
  TQ2_0: [64], // qs[64], d
};

/** Types for which randomRows can write valid data. */
export function canRandomize(type: GgmlType): boolean {
  return type === 'F32' || type === 'F16' || type === 'BF16' || type === 'MXFP4' || F16_FIELDS[type] !== undefined;
}

/**
 * `count` values (or the blocks holding them) of `type`, random and valid. F32 values are uniform in +-scale;
 * F16/BF16 values lie in +-[2^-5, 2^-4); quantized blocks as described above.
 */
export function randomTensorData(type: GgmlType, count: number, seed: number, f32Scale = 1): Uint8Array {
  const info = GGML_TYPES[type];
  if (count % info.blockElements !== 0) throw new Error(`${count} values are not whole ${type} blocks`);
  const bytes = (count / info.blockElements) * info.blockBytes;
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  const rand = seededRandom(seed);
  if (type === 'F32') {
    for (let i = 0; i < count; i++) view.setFloat32(i * 4, (rand() * 2 - 1) * f32Scale, true);
    return out;
  }
  if (type === 'F16') {
    // sign | exponent 10 (2^-5) | random mantissa
    for (let i = 0; i < count; i++) view.setUint16(i * 2, ((rand() < 0.5 ? 1 : 0) << 15) | (10 << 10) | Math.floor(rand() * 1024), true);
    return out;
  }
  if (type === 'BF16') {
    // sign | exponent 122 (2^-5) | random mantissa
    for (let i = 0; i < count; i++) view.setUint16(i * 2, ((rand() < 0.5 ? 1 : 0) << 15) | (122 << 7) | Math.floor(rand() * 128), true);
    return out;
  }
  for (let i = 0; i < bytes; i++) out[i] = Math.floor(rand() * 256);
  const blocks = bytes / info.blockBytes;
  if (type === 'MXFP4') {
    // block_mxfp4: e (an E8M0 exponent byte), qs[16]; 123 = 2^-4
    for (let b = 0; b < blocks; b++) out[b * info.blockBytes] = 123;
    return out;
  }
  const fields = F16_FIELDS[type];
  if (!fields) throw new Error(`cannot write random ${type} blocks`);
  for (let b = 0; b < blocks; b++) for (const f of fields) view.setUint16(b * info.blockBytes + f, SMALL_F16, true);
  return out;
}
