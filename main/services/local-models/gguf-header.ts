import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { err, errorMessage, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import { ggmlTensorBytes, ggmlTypeById } from '../../../app/estimator/ggml-type-ids';
import type { GgufHeader, GgufMetadataValue, GgufTensorInfo } from '../../../app/estimator/gguf-model';

export type { GgufHeader, GgufMetadataValue, GgufTensorInfo };

/**
 * Where header bytes come from: a local file handle, or anything with the same positional `read`
 * (HTTP range requests for a remote file). A read may return fewer bytes than asked, never fewer than needed.
 */
export interface GgufByteSource {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/**
 * Bounds for reading a header from an untrusted file. A GGUF header is small next to its tensor data
 * (a 150k-entry vocabulary and its merges are a few tens of MB), so anything far above these is malformed.
 */
export interface GgufReadLimits {
  /** Most tensor infos accepted (DeepSeek V3 has ~1,100; Kimi K2 a little more). */
  readonly maxTensors: number;
  /** Most key-value pairs accepted (real files hold 30..60). */
  readonly maxKv: number;
  /** Most items in one array (Gemma 3's vocabulary, the largest, has 262,144 tokens; Llama 3 has 280,147 merges). */
  readonly maxArrayLength: number;
  /** Most array items in the whole header (tokens, scores, types and merges of one vocabulary: ~1 M). */
  readonly maxArrayItems: number;
  /** Most header bytes read before giving up. */
  readonly maxBytes: number;
  /** Wall-clock limit for the whole read. */
  readonly timeoutMs: number;
}

/**
 * Far above any llama.cpp file, far below what takes long: with these a crafted header is refused within
 * about 2 s and 200 MB (tests/unit/main/services/local-models/gguf-header.test.ts measures it), while real
 * headers (a few thousand tensors, a few hundred thousand vocabulary strings, tens of MB) read in well under that.
 */
export const DEFAULT_GGUF_READ_LIMITS: GgufReadLimits = {
  maxTensors: 65_536,
  maxKv: 4096,
  maxArrayLength: 1024 * 1024,
  maxArrayItems: 4 * 1024 * 1024,
  maxBytes: 64 * 1024 * 1024,
  timeoutMs: 10_000,
};

/** Arrays longer than this are stored as their length only (token lists, merges, scores). */
export const MAX_KEPT_ARRAY_LENGTH = 1024;
/** Strings longer than this are stored cut to this many characters. */
const MAX_KEPT_STRING_CHARS = 1 << 20;
/** Characters kept in memory for the whole header (names, short arrays, templates: real files keep well under 4 M). */
const MAX_KEPT_CHARS_TOTAL = 16 * 1024 * 1024;
/** "GGUF" read as a little-endian uint32 (gguf.h GGUF_MAGIC). */
const GGUF_MAGIC = 0x46554747;
/** ggml.h GGML_MAX_DIMS is 4; be a little generous. */
const MAX_DIMS = 8;
/** gguf.cpp refuses arrays of arrays ("nested arrays not supported"): no llama.cpp file holds one. */
const MAX_ARRAY_DEPTH = 1;
const CHUNK_BYTES = 1 << 20;
/** gguf.h GGUF_DEFAULT_ALIGNMENT. */
const DEFAULT_ALIGNMENT = 32;

/** GGUF value type tags (gguf.h enum gguf_type), with the fixed byte size of scalars. */
const VALUE_SIZE: Readonly<Record<number, number>> = {
  0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8,
};
const TYPE_STRING = 8;
const TYPE_ARRAY = 9;

class HeaderError extends Error {}

/** Reads a file front to back through a small window, never holding more than one chunk plus one value. */
class Cursor {
  private buffer = new Uint8Array(0);
  private view = new DataView(this.buffer.buffer);
  private bufferStart = 0;
  /** Absolute offset of the next byte to read. */
  position = 0;

  constructor(
    private readonly handle: GgufByteSource,
    readonly fileBytes: number,
    private readonly limits: GgufReadLimits,
    private readonly deadline: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Array items read so far, against maxArrayItems. */
  arrayItems = 0;
  /** Characters of text kept so far, against MAX_KEPT_CHARS_TOTAL. */
  keptChars = 0;

  remaining(): number {
    return this.fileBytes - this.position;
  }

  private async ensure(n: number): Promise<void> {
    if (this.position + n > this.fileBytes) {
      throw new HeaderError(`truncated: needs ${n} bytes at offset ${this.position}, file has ${this.fileBytes}`);
    }
    if (this.position + n > this.limits.maxBytes) {
      throw new HeaderError(`header is larger than the ${this.limits.maxBytes}-byte limit`);
    }
    const have = this.bufferStart + this.buffer.length - this.position;
    if (this.position >= this.bufferStart && have >= n) return;
    this.checkTime();
    const size = Math.min(Math.max(n, CHUNK_BYTES), this.fileBytes - this.position);
    const next = new Uint8Array(size);
    const { bytesRead } = await this.handle.read(next, 0, size, this.position);
    if (bytesRead < n) throw new HeaderError(`truncated: read ${bytesRead} of ${n} bytes at offset ${this.position}`);
    this.buffer = next.subarray(0, bytesRead);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
    this.bufferStart = this.position;
  }

  private async at(n: number): Promise<number> {
    await this.ensure(n);
    const offset = this.position - this.bufferStart;
    this.position += n;
    return offset;
  }

  async u8(): Promise<number> {
    const o = await this.at(1);
    return this.view.getUint8(o);
  }
  async u32(): Promise<number> {
    const o = await this.at(4);
    return this.view.getUint32(o, true);
  }
  async u64(): Promise<bigint> {
    const o = await this.at(8);
    return this.view.getBigUint64(o, true);
  }

  /** Reads a scalar of GGUF value type `type`. */
  async scalar(type: number): Promise<number | boolean | bigint> {
    const o = await this.at(VALUE_SIZE[type] ?? 0);
    const v = this.view;
    switch (type) {
      case 0: return v.getUint8(o);
      case 1: return v.getInt8(o);
      case 2: return v.getUint16(o, true);
      case 3: return v.getInt16(o, true);
      case 4: return v.getUint32(o, true);
      case 5: return v.getInt32(o, true);
      case 6: return v.getFloat32(o, true);
      case 7: return v.getUint8(o) !== 0;
      case 10: return v.getBigUint64(o, true);
      case 11: return v.getBigInt64(o, true);
      case 12: return v.getFloat64(o, true);
      default: throw new HeaderError(`unknown value type ${type}`);
    }
  }

  /** Skips `n` bytes (checked against the file end and the byte limit). */
  async skip(n: number): Promise<void> {
    if (this.position + n > this.fileBytes) throw new HeaderError(`truncated: ${n} bytes claimed at offset ${this.position}`);
    if (this.position + n > this.limits.maxBytes) throw new HeaderError(`header is larger than the ${this.limits.maxBytes}-byte limit`);
    this.position += n;
  }

  async bytes(n: number): Promise<Uint8Array> {
    if (n <= CHUNK_BYTES) {
      const o = await this.at(n);
      return this.buffer.subarray(o, o + n);
    }
    if (this.position + n > this.fileBytes) throw new HeaderError(`truncated: ${n} bytes claimed at offset ${this.position}`);
    if (this.position + n > this.limits.maxBytes) throw new HeaderError(`header is larger than the ${this.limits.maxBytes}-byte limit`);
    const out = new Uint8Array(n);
    const { bytesRead } = await this.handle.read(out, 0, n, this.position);
    if (bytesRead < n) throw new HeaderError(`truncated: read ${bytesRead} of ${n} bytes at offset ${this.position}`);
    this.position += n;
    return out;
  }

  /** Stops a read that took too long or was cancelled (a local-models scan cancels inside a file, not only between files). */
  checkTime(): void {
    if (this.signal?.aborted) throw new HeaderError('cancelled');
    if (Date.now() > this.deadline) throw new HeaderError(`gave up after ${this.limits.timeoutMs} ms`);
  }

  /**
   * Skips up to `max` strings that lie wholly in the loaded chunk, synchronously (a vocabulary holds hundreds of
   * thousands: one await each would take seconds). Returns how many it skipped; the caller reads the rest slowly.
   */
  skipBufferedStrings(max: number, lengthBytes: 4 | 8): number {
    let skipped = 0;
    const end = this.bufferStart + this.buffer.length;
    while (skipped < max && this.position >= this.bufferStart) {
      const off = this.position - this.bufferStart;
      if (this.position + lengthBytes > end) break;
      const length = lengthBytes === 8 ? Number(this.view.getBigUint64(off, true)) : this.view.getUint32(off, true);
      const next = this.position + lengthBytes + length;
      if (next > end || next > this.limits.maxBytes) break;
      this.position = next;
      skipped++;
    }
    return skipped;
  }

  get maxArrayLength(): number {
    return this.limits.maxArrayLength;
  }

  countArrayItems(n: number): void {
    this.arrayItems += n;
    if (this.arrayItems > this.limits.maxArrayItems) throw new HeaderError(`header holds more than ${this.limits.maxArrayItems} array items (limit)`);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false });

function toSafeNumber(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new HeaderError(`${what} ${v} is absurd`);
  return Number(v);
}

/** Count field: uint32 in GGUF v1, uint64 from v2 on (gguf.cpp gguf_reader). */
async function readCount(c: Cursor, version: number, what: string): Promise<number> {
  const v = version === 1 ? BigInt(await c.u32()) : await c.u64();
  return toSafeNumber(v, what);
}

async function readString(c: Cursor, version: number, keep: boolean): Promise<string> {
  const length = await readCount(c, version, 'string length');
  if (length > c.remaining()) throw new HeaderError(`string of ${length} bytes is longer than the rest of the file`);
  if (!keep) {
    await c.skip(length);
    return '';
  }
  const kept = Math.min(length, MAX_KEPT_STRING_CHARS * 4);
  const text = decoder.decode(await c.bytes(kept));
  c.keptChars += Math.min(text.length, MAX_KEPT_STRING_CHARS);
  if (c.keptChars > MAX_KEPT_CHARS_TOTAL) throw new HeaderError(`header holds more than ${MAX_KEPT_CHARS_TOTAL} characters of names and short texts (limit)`);
  if (kept < length) await c.skip(length - kept);
  return text.length > MAX_KEPT_STRING_CHARS ? text.slice(0, MAX_KEPT_STRING_CHARS) : text;
}

function jsonSafe(v: number | boolean | bigint): number | boolean | string {
  if (typeof v !== 'bigint') return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v.toString();
}

async function readValue(c: Cursor, version: number, type: number, depth: number): Promise<GgufMetadataValue> {
  if (type === TYPE_STRING) return readString(c, version, true);
  if (type !== TYPE_ARRAY) {
    if (VALUE_SIZE[type] === undefined) throw new HeaderError(`unknown value type ${type}`);
    return jsonSafe(await c.scalar(type));
  }
  if (depth >= MAX_ARRAY_DEPTH) throw new HeaderError('arrays of arrays are not GGUF (gguf.cpp refuses them)');
  const itemType = await c.u32();
  const length = await readCount(c, version, 'array length');
  if (itemType === TYPE_ARRAY) throw new HeaderError('arrays of arrays are not GGUF (gguf.cpp refuses them)');
  if (length > c.maxArrayLength) throw new HeaderError(`array of ${length} items (limit ${c.maxArrayLength})`);
  const itemSize = itemType === TYPE_STRING ? (version === 1 ? 4 : 8) : itemType === TYPE_ARRAY ? 8 : VALUE_SIZE[itemType];
  if (itemSize === undefined) throw new HeaderError(`unknown array item type ${itemType}`);
  if (length * itemSize > c.remaining()) throw new HeaderError(`array of ${length} items is longer than the rest of the file`);
  const keep = length <= MAX_KEPT_ARRAY_LENGTH;
  if (!keep && itemType !== TYPE_STRING) {
    await c.skip(length * itemSize);
    return length;
  }
  c.countArrayItems(length);
  const items: GgufMetadataValue[] = [];
  for (let i = 0; i < length; i++) {
    c.checkTime();
    if (!keep && itemType === TYPE_STRING) {
      const skipped = c.skipBufferedStrings(length - i, version === 1 ? 4 : 8);
      if (skipped > 0) {
        i += skipped - 1;
        continue;
      }
    }
    if (itemType === TYPE_STRING) {
      const s = await readString(c, version, keep);
      if (keep) items.push(s);
    } else {
      const v = await readValue(c, version, itemType, depth + 1);
      if (keep) items.push(v);
    }
  }
  return keep ? items : length;
}

async function parse(c: Cursor, limits: GgufReadLimits): Promise<GgufHeader> {
  if (c.fileBytes === 0) throw new HeaderError('empty file');
  if (c.fileBytes < 8) throw new HeaderError('too short to be a GGUF file');
  if ((await c.u32()) !== GGUF_MAGIC) throw new HeaderError('not a GGUF file (no "GGUF" magic)');
  const version = await c.u32();
  if (version < 1 || version > 3) throw new HeaderError(`unsupported GGUF version ${version}`);
  const rawTensors = version === 1 ? BigInt(await c.u32()) : await c.u64();
  const rawKv = version === 1 ? BigInt(await c.u32()) : await c.u64();
  if (rawTensors > BigInt(limits.maxTensors)) throw new HeaderError(`header claims ${rawTensors} tensors (limit ${limits.maxTensors})`);
  if (rawKv > BigInt(limits.maxKv)) throw new HeaderError(`header claims ${rawKv} key-value pairs (limit ${limits.maxKv})`);
  const tensorCount = Number(rawTensors);
  const kvCount = Number(rawKv);
  // a tensor info takes at least name length + n_dims + one dim + type + offset; a KV at least key length + type + 1 byte
  const minBytes = tensorCount * (version === 1 ? 20 : 32) + kvCount * (version === 1 ? 9 : 13);
  if (minBytes > c.remaining()) throw new HeaderError(`header claims ${tensorCount} tensors and ${kvCount} key-value pairs, more than the file can hold`);

  // no prototype: a key such as "constructor" finds nothing it did not define
  const metadata: Record<string, GgufMetadataValue> = Object.create(null) as Record<string, GgufMetadataValue>;
  for (let i = 0; i < kvCount; i++) {
    c.checkTime();
    const key = await readString(c, version, true);
    const type = await c.u32();
    const value = await readValue(c, version, type, 0);
    // defineProperty: a key named __proto__ must not reach the prototype setter
    Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
  }

  const raw: { name: string; type: number; shape: number[]; offset: number }[] = [];
  for (let i = 0; i < tensorCount; i++) {
    if ((i & 0xff) === 0) c.checkTime();
    const name = await readString(c, version, true);
    const dims = await c.u32();
    if (dims < 1 || dims > MAX_DIMS) throw new HeaderError(`tensor ${name} has ${dims} dimensions`);
    const shape: number[] = [];
    for (let d = 0; d < dims; d++) {
      shape.push(await readCount(c, version, `tensor ${name} dimension`));
    }
    const type = await c.u32();
    const offset = toSafeNumber(await c.u64(), `tensor ${name} offset`);
    raw.push({ name, type, shape, offset });
  }

  const alignmentValue = metadata['general.alignment'];
  const alignment = typeof alignmentValue === 'number' && alignmentValue > 0 ? alignmentValue : DEFAULT_ALIGNMENT;
  if (!Number.isInteger(alignment) || (alignment & (alignment - 1)) !== 0) throw new HeaderError(`bad alignment ${alignment}`);
  const dataOffset = Math.ceil(c.position / alignment) * alignment;
  const tensorDataBytes = c.fileBytes - dataOffset;
  if (tensorDataBytes < 0) throw new HeaderError('truncated before the tensor data');

  const tensors: GgufTensorInfo[] = [];
  for (const t of raw) {
    const info = ggmlTypeById(t.type);
    if (!info) throw new HeaderError(`tensor ${t.name} has unknown ggml type ${t.type}`);
    const bytes = ggmlTensorBytes(info, t.shape);
    if (bytes === null) throw new HeaderError(`tensor ${t.name} has an impossible shape [${t.shape.join(', ')}] for ${info.name}`);
    if (t.offset + bytes > tensorDataBytes) {
      throw new HeaderError(`truncated: tensor ${t.name} ends at ${dataOffset + t.offset + bytes}, file has ${c.fileBytes} bytes`);
    }
    tensors.push({ name: t.name, type: t.type, typeName: info.name, shape: t.shape, bytes, offset: t.offset });
  }
  return { version, metadata, tensors, dataOffset, tensorDataBytes, fileBytes: c.fileBytes };
}

/**
 * Reads only the header of a local GGUF file (metadata and tensor table), never the tensor data and
 * never the network. The format is checked before anything is allocated: the magic, the version (1..3),
 * counts against the limits and against the bytes left in the file, and every string and array length
 * against the rest of the file, so a crafted file cannot make it allocate, loop or hang. Never throws.
 *
 * Written as its own reader rather than `gguf(path, { allowLocalFile: true })` of @huggingface/gguf 0.4.6:
 * that one treats a path starting with http(s):// as a URL, has no time limit, and reads 2 MB chunks
 * into a 50 MB buffer before it can fail; this one streams and stops at the first impossible field.
 *
 * @example
 * const r = await readGgufHeader('/models/qwen3-8b-Q4_K_M.gguf');
 * if (r.ok) console.log(r.value.metadata['general.architecture'], r.value.tensors.length);
 */
export async function readGgufHeader(path: string, limits: Partial<GgufReadLimits> = {}, signal?: AbortSignal): Promise<Result<GgufHeader>> {
  const l: GgufReadLimits = { ...DEFAULT_GGUF_READ_LIMITS, ...limits };
  const file = basename(path);
  let handle: FileHandle | null = null;
  try {
    // stat before open: opening a FIFO for reading would block until a writer appears
    const before = await stat(path);
    if (before.isDirectory()) return err('READ_FAILED', `${file}: is a directory`);
    if (!before.isFile()) return err('READ_FAILED', `${file}: not a regular file`);
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return err('READ_FAILED', `${file}: not a regular file`);
    const cursor = new Cursor(handle, info.size, l, Date.now() + l.timeoutMs, signal);
    const header = await withTimeout(parse(cursor, l), l.timeoutMs, signal);
    return ok(header);
  } catch (e) {
    if (signal?.aborted) return err('CANCELLED', `${file}: cancelled`);
    const reason = e instanceof HeaderError ? e.message : describeIoError(e);
    return err('READ_FAILED', `${file}: ${reason}`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Reads a GGUF header from any byte source of known length, with the same checks and limits as
 * `readGgufHeader` (used for remote files read through HTTP range requests). Never throws.
 *
 * @example
 * const r = await readGgufHeaderFrom(rangeReader, fileBytes, 'model-Q4_K_M.gguf');
 */
export async function readGgufHeaderFrom(
  source: GgufByteSource,
  fileBytes: number,
  name: string,
  limits: Partial<GgufReadLimits> = {},
): Promise<Result<GgufHeader>> {
  const l: GgufReadLimits = { ...DEFAULT_GGUF_READ_LIMITS, ...limits };
  try {
    const cursor = new Cursor(source, fileBytes, l, Date.now() + l.timeoutMs);
    return ok(await withTimeout(parse(cursor, l), l.timeoutMs));
  } catch (e) {
    return err('READ_FAILED', `${name}: ${e instanceof HeaderError ? e.message : errorMessage(e)}`);
  }
}

function describeIoError(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return errorMessage(e);
}

async function withTimeout<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HeaderError(`gave up after ${ms} ms`)), ms);
    onAbort = () => reject(new HeaderError('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
