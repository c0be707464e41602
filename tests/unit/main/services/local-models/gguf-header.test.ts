import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { MAX_KEPT_ARRAY_LENGTH, readGgufHeader } from '../../../../../main/services/local-models/gguf-header';
import { buildGgufHeader, tinyModel, writeGguf } from '../../../../helpers/gguf-writer';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gguf-header-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** mulberry32: a small seeded PRNG so the fuzz cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function u64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

async function file(name: string, content: Buffer | string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

describe('readGgufHeader on valid files', () => {
  it('reads version, JSON-safe metadata and the tensor table', async () => {
    const spec = tinyModel('llama', 'Q4_K_M');
    const p = join(dir, 'llama.gguf');
    const written = await writeGguf(p, {
      ...spec,
      metadata: {
        ...spec.metadata,
        'test.u64': 12345678901n,
        'test.huge': { type: 'u64', value: 2n ** 63n },
        'test.i64': { type: 'i64', value: -5n },
        'test.f64': { type: 'f64', value: 0.5 },
        'test.bool': true,
        'test.long': Array.from({ length: MAX_KEPT_ARRAY_LENGTH + 1 }, (_, i) => i),
        'test.long_strings': Array.from({ length: 5000 }, (_, i) => `tok${i}`),
      },
    });
    const r = await readGgufHeader(p);
    if (!r.ok) throw new Error(r.error.message);
    const h = r.value;
    expect(h.version).toBe(3);
    expect(h.fileBytes).toBe(written.fileBytes);
    expect(h.dataOffset).toBe(written.dataOffset);
    expect(h.metadata['general.architecture']).toBe('llama');
    expect(h.metadata['tokenizer.ggml.tokens']).toEqual(['<unk>', '<s>', '</s>', 'a', 'b', 'c', 'hello', 'world']);
    expect(h.metadata['test.u64']).toBe(12345678901);
    expect(h.metadata['test.huge']).toBe('9223372036854775808');
    expect(h.metadata['test.i64']).toBe(-5);
    expect(h.metadata['test.f64']).toBe(0.5);
    expect(h.metadata['test.bool']).toBe(true);
    expect(h.metadata['test.long']).toBe(MAX_KEPT_ARRAY_LENGTH + 1);
    expect(h.metadata['test.long_strings']).toBe(5000);
    expect(JSON.parse(JSON.stringify(h))).toEqual(h);
    const embd = h.tensors.find((t) => t.name === 'token_embd.weight');
    expect(embd).toEqual({ name: 'token_embd.weight', type: 12, typeName: 'Q4_K', shape: [256, 8], bytes: 8 * 144, offset: 0 });
    expect(h.tensors.reduce((a, t) => a + t.bytes, 0)).toBe(written.tensorBytes);
  });
});

describe('readGgufHeader on bad files: an err, never a throw', () => {
  const cases: [string, () => Promise<string>, RegExp][] = [
    ['empty', () => file('empty.gguf', Buffer.alloc(0)), /empty\.gguf: empty file/],
    ['not GGUF', () => file('text.gguf', 'hello world, not a model'), /not a GGUF file/],
    ['bad version', () => file('v9.gguf', Buffer.concat([Buffer.from('GGUF'), u32(9), u64(0n), u64(0n)])), /unsupported GGUF version 9/],
    ['2^60 tensors', () => file('tensors.gguf', Buffer.concat([Buffer.from('GGUF'), u32(3), u64(2n ** 60n), u64(0n)])), /claims 1152921504606846976 tensors/],
    ['2^60 KV pairs', () => file('kv.gguf', Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(2n ** 60n)])), /claims 1152921504606846976 key-value pairs/],
    ['counts beyond the file', () => file('many.gguf', Buffer.concat([Buffer.from('GGUF'), u32(3), u64(50_000n), u64(0n)])), /more than the file can hold/],
    [
      'string longer than the file',
      () => file('str.gguf', Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(2n ** 40n), Buffer.alloc(64)])),
      /string of 1099511627776 bytes is longer than the rest of the file/,
    ],
    [
      'array longer than the file',
      () => file('arr.gguf', Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(1n), Buffer.from('k'), u32(9), u32(4), u64(2n ** 50n)])),
      /array of 1125899906842624 items/,
    ],
  ];
  for (const [label, make, message] of cases) {
    it(label, async () => {
      const r = await readGgufHeader(await make());
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('READ_FAILED');
        expect(r.error.message).toMatch(message);
      }
    });
  }

  it('a directory, a missing file', async () => {
    await mkdir(join(dir, 'folder.gguf'));
    expect(await readGgufHeader(join(dir, 'folder.gguf'))).toEqual({ ok: false, error: { code: 'READ_FAILED', message: 'folder.gguf: is a directory' } });
    expect(await readGgufHeader(join(dir, 'nope.gguf'))).toEqual({ ok: false, error: { code: 'READ_FAILED', message: 'nope.gguf: file not found' } });
  });

  it('a named pipe is refused without blocking', async () => {
    const fifo = join(dir, 'pipe.gguf');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return; // no mkfifo on this platform
    expect(await readGgufHeader(fifo)).toEqual({ ok: false, error: { code: 'READ_FAILED', message: 'pipe.gguf: not a regular file' } });
  });

  it('a file cut after the header, or inside it', async () => {
    const p = join(dir, 'cut.gguf');
    await writeGguf(p, { ...tinyModel('qwen3moe'), writeData: false });
    const r = await readGgufHeader(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/cut\.gguf: truncated/);
    const { header } = buildGgufHeader(tinyModel('qwen3moe'));
    const inside = await readGgufHeader(await file('inside.gguf', header.subarray(0, 200)));
    expect(inside).toMatchObject({ ok: false, error: { code: 'READ_FAILED' } });
  });

  it('respects the limits', async () => {
    const p = join(dir, 'limits.gguf');
    await writeGguf(p, tinyModel('llama'));
    expect(await readGgufHeader(p, { maxTensors: 3 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/limit 3/) as unknown } });
    expect(await readGgufHeader(p, { maxKv: 2 })).toMatchObject({ ok: false });
    expect(await readGgufHeader(p, { maxBytes: 100 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/100-byte limit/) as unknown } });
  });

  it('refuses arrays of arrays, which gguf.cpp never reads (they cost 30 s and 1.2 GB before)', async () => {
    const nested = Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(1n), Buffer.from('k'), u32(9), u32(9), u64(2n), u32(4), u64(1n), u32(7), u32(4), u64(1n), u32(7), Buffer.alloc(64)]);
    const r = await readGgufHeader(await file('nested.gguf', nested));
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/arrays of arrays/) as unknown } });
  });

  it('refuses more tensors than any llama.cpp file holds, at once', async () => {
    const many = Buffer.concat([Buffer.from('GGUF'), u32(3), u64(70_000n), u64(0n), Buffer.alloc(70_000 * 40)]);
    const started = Date.now();
    const r = await readGgufHeader(await file('many-tensors.gguf', many));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/claims 70000 tensors \(limit 65536\)/) as unknown } });
  });

  it('refuses fifty million empty strings within 2 s (they took 26 s before)', async () => {
    const p = join(dir, 'empty-strings.gguf');
    const n = 50_000_000n;
    await writeFile(p, Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(1n), Buffer.from('k'), u32(9), u32(8), u64(n)]));
    await truncate(p, 64 + Number(n) * 8); // sparse: zeros read as empty strings, no disk used
    const started = Date.now();
    const r = await readGgufHeader(p);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/array of 50000000 items \(limit/) as unknown } });
  });

  it('reads a million-string vocabulary quickly and stops at once when cancelled', async () => {
    const p = join(dir, 'vocab.gguf');
    const n = 1_000_000;
    await writeFile(p, Buffer.concat([Buffer.from('GGUF'), u32(3), u64(0n), u64(1n), u64(1n), Buffer.from('k'), u32(9), u32(8), u64(BigInt(n))]));
    await truncate(p, 64 + n * 8);
    const started = Date.now();
    expect(await readGgufHeader(p)).toMatchObject({ ok: true, value: { metadata: { k: n } } });
    expect(Date.now() - started).toBeLessThan(2000);
    const controller = new AbortController();
    controller.abort();
    expect(await readGgufHeader(p, {}, controller.signal)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('fuzz: 300 random and truncated buffers give an err quickly', async () => {
    const random = prng(20261128);
    const { header } = buildGgufHeader(tinyModel('deepseek2'));
    for (let i = 0; i < 300; i++) {
      let bytes: Buffer;
      const kind = i % 3;
      if (kind === 0) {
        bytes = Buffer.from(Array.from({ length: Math.floor(random() * 512) }, () => Math.floor(random() * 256)));
        if (random() < 0.5 && bytes.length >= 8) {
          bytes.write('GGUF', 0, 'ascii');
          bytes.writeUInt32LE(1 + Math.floor(random() * 3), 4);
        }
      } else if (kind === 1) {
        bytes = Buffer.from(header.subarray(0, Math.floor(random() * header.length)));
      } else {
        // a valid header with a few random bytes flipped, then cut before its tensor data
        bytes = Buffer.from(header);
        for (let k = 0; k < 4; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      const p = join(dir, `fuzz-${i}.gguf`);
      await writeFile(p, bytes);
      const started = Date.now();
      const r = await readGgufHeader(p, { timeoutMs: 2000 });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(r.ok, `case ${i}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('READ_FAILED');
    }
  });
});
