import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ggufToModel } from '../../../app/estimator/gguf-model';
import { readGgufHeader } from '../../../main/services/local-models/gguf-header';
import { fuzzIterations, fuzzRng, fuzzTimeoutMs } from '../../helpers/fuzz';
import { buildGgufHeader, tinyModel } from '../../helpers/gguf-writer';
import type { TinyKind } from '../../helpers/gguf-writer';

const KINDS: readonly TinyKind[] = ['llama', 'qwen3moe', 'gemma3', 'deepseek2', 'qwen3next', 'granitehybrid'];
const N = fuzzIterations(1000);

describe('fuzz: GGUF headers', () => {
  it(`${N} mutated headers: an answer within 2 s each, never a throw; what reads is turned into a model or an error`, async () => {
    const rng = fuzzRng(1);
    const dir = mkdtempSync(join(tmpdir(), 'sizer-fuzz-gguf-'));
    const valid = KINDS.map((k) => buildGgufHeader(tinyModel(k)));
    let read = 0;
    for (let i = 0; i < N; i++) {
      const base = rng.pick(valid);
      const bytes = Buffer.from(base.header);
      const roll = rng();
      let content: Buffer;
      if (roll < 0.4) {
        // flip a few bytes, mostly in counts and lengths near the start
        for (let k = 0, edits = 1 + rng.int(6); k < edits; k++) bytes[rng() < 0.5 ? rng.int(Math.min(64, bytes.length)) : rng.int(bytes.length)] = rng.int(256);
        content = bytes;
      } else if (roll < 0.6) {
        content = bytes.subarray(0, rng.int(bytes.length));
      } else if (roll < 0.8) {
        // a huge count or length written over an 8-byte field
        const at = 8 * rng.int(Math.floor(bytes.length / 8));
        bytes.writeBigUInt64LE(BigInt(rng.pick([2 ** 20, 2 ** 26, 2 ** 32, 2 ** 40, 2 ** 53])), at);
        content = bytes;
      } else {
        content = Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), rng.bytes(rng.int(2048))]);
      }
      // keep the claimed tensor data: a sparse tail of the file's original size
      const file = join(dir, `case-${i % 50}.gguf`);
      writeFileSync(file, content);
      const started = Date.now();
      const r = await readGgufHeader(file);
      expect(Date.now() - started, `case ${i}`).toBeLessThan(2000);
      if (r.ok) {
        read++;
        const model = ggufToModel(r.value, 'case.gguf');
        expect(typeof model.ok).toBe('boolean');
      } else {
        expect(r.error.code).toBe('READ_FAILED');
      }
    }
    expect(read).toBeLessThan(N);
  }, fuzzTimeoutMs(N, 100));
});
