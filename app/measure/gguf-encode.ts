import { GGML_TYPES } from '../estimator/ggml-types';
import type { GgmlType } from '../estimator/ggml-types';
import { ggmlTypeId } from '../estimator/ggml-type-ids';

/**
 * A GGUF v3 header encoder (pure: bytes in a Uint8Array, no Buffer, no files). Layout from ggml's gguf.cpp:
 * "GGUF", version 3, tensor and key-value counts as uint64, the key-value pairs, the tensor infos (name, dims,
 * ne[], ggml type, offset), zero padding to general.alignment; each tensor's data is padded to the alignment too.
 */

/** gguf.h enum gguf_type. */
const TAG = { u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12 } as const;

export type GgufScalar =
  | { readonly type: 'u32' | 'i32' | 'f32' | 'u64'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string };

export type GgufEntry =
  | GgufScalar
  | { readonly type: 'array'; readonly of: 'string'; readonly value: readonly string[] }
  | { readonly type: 'array'; readonly of: 'f32' | 'i32' | 'u32'; readonly value: ArrayLike<number> };

export interface GgufTensorPlan {
  readonly name: string;
  readonly type: GgmlType;
  /** ne0 (the row length) first. */
  readonly shape: readonly number[];
}

export interface EncodedGguf {
  readonly header: Uint8Array;
  /** Where the tensor data starts (the header, padded). */
  readonly dataOffset: number;
  /** The whole file: data offset plus every tensor's padded data. */
  readonly fileBytes: number;
  /** Each tensor's bytes and its offset from dataOffset. */
  readonly tensors: readonly (GgufTensorPlan & { readonly bytes: number; readonly offset: number })[];
}

/** gguf.cpp GGUF_DEFAULT_ALIGNMENT. */
export const GGUF_ALIGNMENT = 32;

/** UTF-8 bytes of a string (app/ has neither TextEncoder nor Buffer: no DOM or Node types). */
export function utf8Bytes(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

class Bytes {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  i32(v: number): void {
    this.room(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }
  f32(v: number): void {
    this.room(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }
  u64(v: number): void {
    this.room(8);
    this.view.setBigUint64(this.length, BigInt(v), true);
    this.length += 8;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v;
  }
  str(s: string): void {
    const b = utf8Bytes(s);
    this.u64(b.length);
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  zeros(n: number): void {
    this.room(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function scalar(w: Bytes, type: 'u32' | 'i32' | 'f32' | 'u64', v: number): void {
  if (type === 'u32') w.u32(v);
  else if (type === 'i32') w.i32(v);
  else if (type === 'f32') w.f32(v);
  else w.u64(v);
}

function entry(w: Bytes, e: GgufEntry): void {
  if (e.type === 'array') {
    w.u32(TAG.array);
    w.u32(TAG[e.of]);
    w.u64(e.value.length);
    if (e.of === 'string') for (const s of e.value as readonly string[]) w.str(s);
    else {
      const values = e.value as ArrayLike<number>;
      for (let i = 0; i < values.length; i++) scalar(w, e.of, values[i] ?? 0);
    }
    return;
  }
  w.u32(TAG[e.type]);
  if (e.type === 'string') w.str(e.value);
  else if (e.type === 'bool') w.u8(e.value ? 1 : 0);
  else scalar(w, e.type, e.value);
}

export function padTo(n: number, alignment = GGUF_ALIGNMENT): number {
  return Math.ceil(n / alignment) * alignment;
}

/**
 * Bytes of a tensor of this type and shape, or an error when the row is not whole blocks (llama.cpp refuses such
 * a file: ggml_row_size asserts ne0 % block size == 0).
 */
export function tensorBytes(t: GgufTensorPlan): number {
  const info = GGML_TYPES[t.type];
  const row = t.shape[0] ?? 0;
  if (row % info.blockElements !== 0)
    throw new Error(`tensor ${t.name}: a row of ${row} values is not a whole number of ${t.type} blocks (${info.blockElements} values each)`);
  let elements = 1;
  for (const d of t.shape) elements *= d;
  return (elements / info.blockElements) * info.blockBytes;
}

/** Encodes a GGUF v3 header for these metadata entries and tensors; throws on a tensor llama.cpp would refuse. */
export function encodeGguf(metadata: readonly (readonly [string, GgufEntry])[], tensors: readonly GgufTensorPlan[]): EncodedGguf {
  const w = new Bytes();
  for (const c of 'GGUF') w.u8(c.charCodeAt(0));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, value] of metadata) {
    w.str(key);
    entry(w, value);
  }
  let offset = 0;
  const placed: (GgufTensorPlan & { bytes: number; offset: number })[] = [];
  for (const t of tensors) {
    const bytes = tensorBytes(t);
    const id = ggmlTypeId(t.type);
    if (id === null) throw new Error(`tensor ${t.name}: ggml type ${t.type} has no id`);
    w.str(t.name);
    w.u32(t.shape.length);
    for (const d of t.shape) w.u64(d);
    w.u32(id);
    w.u64(offset);
    placed.push({ ...t, bytes, offset });
    offset = padTo(offset + bytes);
  }
  const dataOffset = padTo(w.length);
  w.zeros(dataOffset - w.length);
  return { header: w.bytes(), dataOffset, fileBytes: dataOffset + offset, tensors: placed };
}
