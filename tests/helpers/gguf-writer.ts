import { open } from 'node:fs/promises';
import { ftypeName, ggmlTensorBytes, ggmlTypeById, ggmlTypeId } from '../../app/estimator/ggml-type-ids';
import type { GgufHeader, GgufMetadataValue } from '../../app/estimator/gguf-model';
import { GGML_TYPES } from '../../app/estimator/ggml-types';
import type { GgmlType } from '../../app/estimator/ggml-types';
import { findQuant } from '../../app/estimator/quant-types';

/** GGUF value type names (gguf.h enum gguf_type) for values whose type cannot be inferred. */
export type GgufScalarType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'bool' | 'string' | 'u64' | 'i64' | 'f64';
const TYPE_TAG: Record<GgufScalarType, number> = {
  u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, u64: 10, i64: 11, f64: 12,
};
const ARRAY_TAG = 9;

/**
 * A metadata value: strings, booleans, integers (u32, or i32 when negative), fractions (f32), bigints (u64),
 * arrays of those, or an explicit `{ type, value }`.
 */
export type GgufValue =
  | string
  | boolean
  | number
  | bigint
  | readonly (string | boolean | number | bigint)[]
  | { readonly type: GgufScalarType; readonly value: number | bigint | boolean | string | readonly (number | bigint | boolean | string)[] };

export type GgmlTypeName = GgmlType;

export interface GgufTensorSpec {
  readonly name: string;
  readonly type: GgmlTypeName;
  /** ne0 (row length) first. */
  readonly shape: readonly number[];
}

export interface GgufSpec {
  readonly metadata: Readonly<Record<string, GgufValue>>;
  readonly tensors: readonly GgufTensorSpec[];
}

const ALIGNMENT = 32;

class ByteWriter {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  u64(v: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  scalar(type: GgufScalarType, v: number | bigint | boolean | string): void {
    const b = Buffer.alloc(8);
    switch (type) {
      case 'u8': b.writeUInt8(Number(v)); return this.push(b.subarray(0, 1));
      case 'i8': b.writeInt8(Number(v)); return this.push(b.subarray(0, 1));
      case 'u16': b.writeUInt16LE(Number(v)); return this.push(b.subarray(0, 2));
      case 'i16': b.writeInt16LE(Number(v)); return this.push(b.subarray(0, 2));
      case 'u32': b.writeUInt32LE(Number(v)); return this.push(b.subarray(0, 4));
      case 'i32': b.writeInt32LE(Number(v)); return this.push(b.subarray(0, 4));
      case 'f32': b.writeFloatLE(Number(v)); return this.push(b.subarray(0, 4));
      case 'bool': b.writeUInt8(v ? 1 : 0); return this.push(b.subarray(0, 1));
      case 'u64': b.writeBigUInt64LE(BigInt(v)); return this.push(b);
      case 'i64': b.writeBigInt64LE(BigInt(v)); return this.push(b);
      case 'f64': b.writeDoubleLE(Number(v)); return this.push(b);
      case 'string': return this.str(String(v));
    }
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function inferType(v: string | boolean | number | bigint): GgufScalarType {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'u64';
  if (!Number.isInteger(v)) return 'f32';
  return v < 0 ? 'i32' : 'u32';
}

function writeValue(w: ByteWriter, v: GgufValue): void {
  if (typeof v === 'object' && !Array.isArray(v) && 'type' in v) {
    const { type, value } = v as { type: GgufScalarType; value: unknown };
    if (Array.isArray(value)) {
      w.u32(ARRAY_TAG);
      w.u32(TYPE_TAG[type]);
      w.u64(value.length);
      for (const x of value as (number | bigint | boolean | string)[]) w.scalar(type, x);
    } else {
      w.u32(TYPE_TAG[type]);
      w.scalar(type, value as number | bigint | boolean | string);
    }
    return;
  }
  if (Array.isArray(v)) {
    const items = v as readonly (string | boolean | number | bigint)[];
    const first = items[0];
    const type: GgufScalarType =
      first === undefined ? 'u32' : items.some((x) => typeof x === 'number' && !Number.isInteger(x)) ? 'f32' : inferType(first);
    w.u32(ARRAY_TAG);
    w.u32(TYPE_TAG[type]);
    w.u64(items.length);
    for (const x of items) w.scalar(type, x);
    return;
  }
  const scalar = v as string | boolean | number | bigint;
  const type = inferType(scalar);
  w.u32(TYPE_TAG[type]);
  w.scalar(type, scalar);
}

function pad(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT;
}

/** Bytes of one tensor of the spec (ggml row size times rows). */
export function tensorSpecBytes(t: GgufTensorSpec): number {
  const info = ggmlTypeById(ggmlTypeId(t.type) ?? -1);
  const bytes = info ? ggmlTensorBytes(info, t.shape) : null;
  if (bytes === null) throw new Error(`tensor ${t.name}: shape [${t.shape.join(', ')}] does not fit ${t.type}`);
  return bytes;
}

/**
 * The header of a GGUF v3 file (gguf.cpp layout: magic, version, tensor and KV counts as uint64, the KV pairs,
 * the tensor infos, zero padding to general.alignment) and the size of the whole file.
 */
export function buildGgufHeader(spec: GgufSpec): { header: Buffer; fileBytes: number; tensorBytes: number; dataOffset: number } {
  const w = new ByteWriter();
  w.push(Buffer.from('GGUF', 'ascii'));
  w.u32(3);
  w.u64(spec.tensors.length);
  w.u64(Object.keys(spec.metadata).length);
  for (const [key, value] of Object.entries(spec.metadata)) {
    w.str(key);
    writeValue(w, value);
  }
  let offset = 0;
  let tensorBytes = 0;
  for (const t of spec.tensors) {
    w.str(t.name);
    w.u32(t.shape.length);
    for (const d of t.shape) w.u64(d);
    w.u32(ggmlTypeId(t.type) ?? 0);
    w.u64(offset);
    const bytes = tensorSpecBytes(t);
    tensorBytes += bytes;
    offset = pad(offset + bytes);
  }
  const dataOffset = pad(w.length);
  w.push(Buffer.alloc(dataOffset - w.length));
  // gguf.cpp pads every tensor's data, the last one included, to the alignment
  return { header: w.bytes(), fileBytes: dataOffset + offset, tensorBytes, dataOffset };
}

/**
 * Writes a valid GGUF v3 file: the header, then zeroed tensor data as a sparse tail (truncate), so the size is
 * exact but the disk use tiny. `writeData: false` stops after the header (a truncated file).
 */
export async function writeGguf(path: string, spec: GgufSpec & { readonly writeData?: boolean }): Promise<{ fileBytes: number; tensorBytes: number; dataOffset: number }> {
  const built = buildGgufHeader(spec);
  const handle = await open(path, 'w');
  try {
    await handle.write(built.header, 0, built.header.length, 0);
    if (spec.writeData !== false) await handle.truncate(built.fileBytes);
  } finally {
    await handle.close();
  }
  return { fileBytes: spec.writeData === false ? built.header.length : built.fileBytes, tensorBytes: built.tensorBytes, dataOffset: built.dataOffset };
}

function plain(v: GgufValue): GgufMetadataValue {
  const one = (x: string | boolean | number | bigint): GgufMetadataValue => (typeof x === 'bigint' ? Number(x) : x);
  if (Array.isArray(v)) return (v as readonly (string | boolean | number | bigint)[]).map(one);
  if (typeof v === 'object' && 'type' in v) return plain(v.value as GgufValue);
  return one(v as string | boolean | number | bigint);
}

/** The header `readGgufHeader` would return for `spec`, without a file (for pure tests of ggufToModel). */
export function specToHeader(spec: GgufSpec): GgufHeader {
  const built = buildGgufHeader(spec);
  let offset = 0;
  const tensors = spec.tensors.map((t) => {
    const bytes = tensorSpecBytes(t);
    const info = { name: t.name, type: ggmlTypeId(t.type) ?? 0, typeName: t.type, shape: [...t.shape], bytes, offset };
    offset = pad(offset + bytes);
    return info;
  });
  const metadata = Object.fromEntries(Object.entries(spec.metadata).map(([k, v]) => [k, plain(v)]));
  return { version: 3, metadata, tensors, dataOffset: built.dataOffset, tensorDataBytes: built.fileBytes - built.dataOffset, fileBytes: built.fileBytes };
}

export type TinyKind = 'llama' | 'qwen3moe' | 'gemma3' | 'deepseek2' | 'qwen3next' | 'granitehybrid';

const TOKENS = ['<unk>', '<s>', '</s>', 'a', 'b', 'c', 'hello', 'world'];

function ftypeIdOf(quantId: string): number {
  for (let i = 0; i < 64; i++) if (ftypeName(i) === quantId) return i;
  throw new Error(`no ftype for ${quantId}`);
}

/**
 * A tiny but structurally real model of `kind` (llama.cpp tensor names and shapes, a few layers, hidden 256)
 * quantized as `quant` (an id of QUANT_TYPES such as 'Q4_K_M'): 2-D weights get the quant's base type, or F16
 * when the row does not fit its block (as llama-quantize falls back); norms, routers and conv kernels stay F32.
 */
export function tinyModel(kind: TinyKind, quant = 'Q4_K_M'): GgufSpec {
  const q = findQuant(quant);
  if (!q || q.format !== 'gguf') throw new Error(`unknown GGUF quant ${quant}`);
  const base = q.baseType;
  const tensors: GgufTensorSpec[] = [];
  const W = (name: string, ...shape: number[]) => {
    const row = shape[0] ?? 1;
    tensors.push({ name, type: row % GGML_TYPES[base].blockElements === 0 ? base : 'F16', shape });
  };
  const F = (name: string, ...shape: number[]) => tensors.push({ name, type: 'F32', shape });
  const E = 256;
  const V = TOKENS.length;
  const meta: Record<string, GgufValue> = {
    'general.architecture': kind,
    'general.name': `Tiny ${kind}`,
    'general.file_type': ftypeIdOf(q.id),
    'general.alignment': ALIGNMENT,
    'tokenizer.ggml.model': 'gpt2',
    'tokenizer.ggml.tokens': TOKENS,
  };
  const k = (key: string, v: GgufValue) => {
    meta[`${kind}.${key}`] = v;
  };
  k('context_length', 4096);
  k('embedding_length', E);
  W('token_embd.weight', E, V);
  const attention = (i: number, H: number, KV: number, hd: number, qScale = 1) => {
    W(`blk.${i}.attn_q.weight`, E, H * hd * qScale);
    W(`blk.${i}.attn_k.weight`, E, KV * hd);
    W(`blk.${i}.attn_v.weight`, E, KV * hd);
    W(`blk.${i}.attn_output.weight`, H * hd, E);
  };
  const dense = (i: number, ff: number) => {
    F(`blk.${i}.ffn_norm.weight`, E);
    W(`blk.${i}.ffn_gate.weight`, E, ff);
    W(`blk.${i}.ffn_up.weight`, E, ff);
    W(`blk.${i}.ffn_down.weight`, ff, E);
  };
  const experts = (i: number, X: number, ff: number, sharedFf: number) => {
    F(`blk.${i}.ffn_norm.weight`, E);
    F(`blk.${i}.ffn_gate_inp.weight`, E, X);
    W(`blk.${i}.ffn_gate_exps.weight`, E, ff, X);
    W(`blk.${i}.ffn_up_exps.weight`, E, ff, X);
    W(`blk.${i}.ffn_down_exps.weight`, ff, E, X);
    if (sharedFf > 0) {
      W(`blk.${i}.ffn_gate_shexp.weight`, E, sharedFf);
      W(`blk.${i}.ffn_up_shexp.weight`, E, sharedFf);
      W(`blk.${i}.ffn_down_shexp.weight`, sharedFf, E);
    }
  };
  let tied = false;
  switch (kind) {
    case 'llama': {
      k('block_count', 2); k('feed_forward_length', 512); k('attention.head_count', 4); k('attention.head_count_kv', 2);
      k('rope.dimension_count', 64); k('attention.layer_norm_rms_epsilon', 1e-5);
      for (let i = 0; i < 2; i++) { F(`blk.${i}.attn_norm.weight`, E); attention(i, 4, 2, 64); dense(i, 512); }
      break;
    }
    case 'qwen3moe': {
      k('block_count', 2); k('feed_forward_length', 768); k('attention.head_count', 4); k('attention.head_count_kv', 2);
      k('attention.key_length', 64); k('attention.value_length', 64);
      k('expert_count', 8); k('expert_used_count', 2); k('expert_feed_forward_length', 256);
      for (let i = 0; i < 2; i++) {
        F(`blk.${i}.attn_norm.weight`, E); attention(i, 4, 2, 64);
        F(`blk.${i}.attn_q_norm.weight`, 64); F(`blk.${i}.attn_k_norm.weight`, 64);
        experts(i, 8, 256, 0);
      }
      break;
    }
    case 'gemma3': {
      tied = true;
      k('block_count', 6); k('feed_forward_length', 512); k('attention.head_count', 4); k('attention.head_count_kv', 1);
      k('attention.key_length', 256); k('attention.value_length', 256); k('attention.sliding_window', 512);
      for (let i = 0; i < 6; i++) {
        F(`blk.${i}.attn_norm.weight`, E); attention(i, 4, 1, 256);
        F(`blk.${i}.attn_q_norm.weight`, 256); F(`blk.${i}.attn_k_norm.weight`, 256);
        F(`blk.${i}.post_attention_norm.weight`, E); dense(i, 512); F(`blk.${i}.post_ffw_norm.weight`, E);
      }
      break;
    }
    case 'deepseek2': {
      const H = 4, qr = 256, kvr = 128, rope = 32, nope = 64, vd = 64;
      k('block_count', 3); k('feed_forward_length', 512); k('attention.head_count', 4); k('attention.head_count_kv', 1);
      k('attention.key_length', kvr + rope); k('attention.value_length', kvr);
      k('attention.key_length_mla', nope + rope); k('attention.value_length_mla', vd);
      k('attention.q_lora_rank', qr); k('attention.kv_lora_rank', kvr); k('rope.dimension_count', rope);
      k('leading_dense_block_count', 1); k('expert_count', 4); k('expert_used_count', 2); k('expert_shared_count', 1);
      k('expert_feed_forward_length', 256);
      for (let i = 0; i < 3; i++) {
        F(`blk.${i}.attn_norm.weight`, E);
        W(`blk.${i}.attn_q_a.weight`, E, qr); F(`blk.${i}.attn_q_a_norm.weight`, qr); W(`blk.${i}.attn_q_b.weight`, qr, H * (nope + rope));
        W(`blk.${i}.attn_kv_a_mqa.weight`, E, kvr + rope); F(`blk.${i}.attn_kv_a_norm.weight`, kvr);
        W(`blk.${i}.attn_k_b.weight`, nope, kvr, H); W(`blk.${i}.attn_v_b.weight`, kvr, vd, H);
        W(`blk.${i}.attn_output.weight`, H * vd, E);
        if (i === 0) dense(i, 512);
        else { experts(i, 4, 256, 256); F(`blk.${i}.exp_probs_b.bias`, 4); }
      }
      break;
    }
    case 'qwen3next': {
      const kHeads = 2, vHeads = 4, kd = 64, vd = 64, kDim = kHeads * kd, vDim = vHeads * vd;
      k('block_count', 4); k('feed_forward_length', 512); k('attention.head_count', 4); k('attention.head_count_kv', 2);
      k('attention.key_length', 64); k('attention.value_length', 64); k('full_attention_interval', 4);
      k('expert_count', 8); k('expert_used_count', 2); k('expert_feed_forward_length', 256); k('expert_shared_feed_forward_length', 256);
      k('ssm.conv_kernel', 4); k('ssm.state_size', kd); k('ssm.group_count', kHeads); k('ssm.time_step_rank', vHeads); k('ssm.inner_size', vDim);
      for (let i = 0; i < 4; i++) {
        F(`blk.${i}.attn_norm.weight`, E);
        if ((i + 1) % 4 === 0) {
          attention(i, 4, 2, 64, 2);
          F(`blk.${i}.attn_q_norm.weight`, 64); F(`blk.${i}.attn_k_norm.weight`, 64);
        } else {
          W(`blk.${i}.ssm_in.weight`, E, 2 * kDim + 2 * vDim); W(`blk.${i}.ssm_ba.weight`, E, 2 * vHeads);
          F(`blk.${i}.ssm_conv1d.weight`, 4, 2 * kDim + vDim); F(`blk.${i}.ssm_dt`, vHeads); F(`blk.${i}.ssm_a`, vHeads);
          F(`blk.${i}.ssm_norm.weight`, vd); W(`blk.${i}.ssm_out.weight`, vDim, E);
        }
        F(`blk.${i}.post_attention_norm.weight`, E);
        experts(i, 8, 256, 256); F(`blk.${i}.ffn_gate_inp_shexp.weight`, E);
      }
      break;
    }
    case 'granitehybrid': {
      tied = true;
      const heads = 8, dInner = 512, N = 64, G = 1;
      k('block_count', 4); k('feed_forward_length', 0); k('attention.head_count', 4);
      k('attention.head_count_kv', [0, 0, 0, 2]);
      k('expert_count', 4); k('expert_used_count', 2); k('expert_feed_forward_length', 256); k('expert_shared_feed_forward_length', 512);
      k('ssm.conv_kernel', 4); k('ssm.state_size', N); k('ssm.group_count', G); k('ssm.time_step_rank', heads); k('ssm.inner_size', dInner);
      for (let i = 0; i < 4; i++) {
        F(`blk.${i}.attn_norm.weight`, E);
        if (i === 3) attention(i, 4, 2, 64);
        else {
          W(`blk.${i}.ssm_in.weight`, E, 2 * dInner + 2 * G * N + heads);
          F(`blk.${i}.ssm_conv1d.weight`, 4, dInner + 2 * G * N); F(`blk.${i}.ssm_conv1d.bias`, dInner + 2 * G * N);
          F(`blk.${i}.ssm_dt.bias`, heads); F(`blk.${i}.ssm_a`, 1, heads); F(`blk.${i}.ssm_d`, 1, heads);
          F(`blk.${i}.ssm_norm.weight`, dInner / G, G); W(`blk.${i}.ssm_out.weight`, dInner, E);
        }
        experts(i, 4, 256, 512);
      }
      break;
    }
  }
  F('output_norm.weight', E);
  if (!tied) W('output.weight', E, V);
  return { metadata: meta, tensors };
}
