import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { builtInCatalog } from '../../../../app/catalog/models';
import { ggufToModel } from '../../../../app/estimator/gguf-model';
import { findQuant } from '../../../../app/estimator/quant-types';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { encodeGguf } from '../../../../app/measure/gguf-encode';
import { randomTensorData } from '../../../../app/measure/random-blocks';
import { SYNTHETIC_RANDOM_ROWS, synthesizeGguf, unsupportedReason } from '../../../../app/measure/synthetic-gguf';
import { writeSyntheticGguf } from '../../../../main/services/measure/synthetic-file';
import { readGgufHeader } from '../../../../main/services/local-models/gguf-header';

const dir = mkdtempSync(join(tmpdir(), 'synthetic-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: ModelArchitecture = {
  ggufArch: 'llama', layers: 6, hiddenSize: 512, intermediateSize: 1408, ffnGated: true, attentionHeads: 8, kvHeads: 2,
  headDim: 64, valueHeadDim: 64, vocabSize: 2048, tiedEmbeddings: false, moe: null, slidingWindow: null, mla: null, linearAttention: null, vision: null,
};
const moe: ModelArchitecture = { ...base, intermediateSize: null, moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 256, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1 } };
const swa: ModelArchitecture = { ...base, ggufArch: 'gemma3', tiedEmbeddings: true, slidingWindow: { windowTokens: 512, slidingLayers: 5 } };

async function roundTrip(arch: ModelArchitecture, quantId: string, name: string) {
  const quant = findQuant(quantId);
  if (!quant) throw new Error(quantId);
  const s = synthesizeGguf(arch, quant, { name, contextTokens: 4096 });
  if (!s.ok) throw new Error(s.error.message);
  const path = join(dir, `${name}.gguf`);
  const w = await writeSyntheticGguf(path, s.value, { dir });
  expect(w.ok).toBe(true);
  const header = await readGgufHeader(path);
  if (!header.ok) throw new Error(header.error.message);
  const model = ggufToModel(header.value, `${name}.gguf`);
  if (!model.ok) throw new Error(model.error.message);
  return { s: s.value, header: header.value, model: model.value, path, quant };
}

describe('synthetic GGUF writer', () => {
  it.each([
    ['dense GQA', base, 'Q4_K_M'],
    ['mixture of experts', moe, 'Q4_K_M'],
    ['sliding window', swa, 'Q8_0'],
    ['I-quant', base, 'IQ4_XS'],
    ['F16', base, 'F16'],
  ] as const)('%s: the project reader gets back the architecture and exactly the weights the estimator sizes', async (name, arch, q) => {
    const { s, header, model, path, quant } = await roundTrip(arch, q, name.replace(/\W/g, '-'));
    expect(header.fileBytes).toBe(s.fileBytes);
    expect(statSync(path).size).toBe(s.fileBytes);
    const a = model.architecture;
    expect([a.layers, a.hiddenSize, a.attentionHeads, a.kvHeads, a.headDim, a.vocabSize]).toEqual([arch.layers, arch.hiddenSize, arch.attentionHeads, arch.kvHeads, arch.headDim, arch.vocabSize]);
    expect(a.moe?.experts ?? 0).toBe(arch.moe?.experts ?? 0);
    expect(a.slidingWindow?.windowTokens ?? 0).toBe(arch.slidingWindow?.windowTokens ?? 0);
    // The written tensors are the estimator's tensor mix: same bytes in total and per type (gemma3 adds a few KB of norms).
    const expected = weightBreakdown(arch, quant);
    const extraNorms = arch.slidingWindow ? arch.layers * (2 * arch.headDim + 2 * arch.hiddenSize) * 4 : 0;
    expect(model.weights.totalBytes).toBe(expected.totalBytes + extraNorms);
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
    // A sparse file: what is on disk is the header and the random rows, not the whole length.
    expect(s.writtenBytes).toBeLessThan(s.fileBytes);
  });

  it('writes the token embedding rows and MoE routers as random data, everything else as a hole', async () => {
    const { s } = await roundTrip(moe, 'Q4_K_M', 'fills');
    const names = s.fills.map((f) => f.tensor);
    expect(names).toContain('token_embd.weight');
    expect(names.filter((n) => n.endsWith('ffn_gate_inp.weight'))).toHaveLength(moe.layers);
    const embd = s.fills.find((f) => f.tensor === 'token_embd.weight');
    expect(embd?.count).toBe(moe.hiddenSize * SYNTHETIC_RANDOM_ROWS);
  });

  it('random quantized blocks carry a finite, small fp16 scale and varied quants', () => {
    const data = randomTensorData('Q4_K', 512, 7);
    const view = new DataView(data.buffer);
    for (let b = 0; b < 2; b++) {
      expect(view.getUint16(b * 144, true)).toBe(0x1400); // d = 2^-10
      expect(view.getUint16(b * 144 + 2, true)).toBe(0x1400); // dmin
    }
    expect(new Set(data.subarray(16, 144)).size).toBeGreaterThan(50);
    const f16 = new DataView(randomTensorData('F16', 64, 3).buffer);
    for (let i = 0; i < 64; i++) expect((f16.getUint16(i * 2, true) >> 10) & 31).toBe(10); // exponent 2^-5: never NaN or Inf
    expect(() => randomTensorData('IQ1_M', 256, 1)).toThrow(/IQ1_M/);
  });

  it('refuses a tensor whose rows are not whole blocks, as llama.cpp would', () => {
    expect(() => encodeGguf([], [{ name: 'w', type: 'Q4_K', shape: [100, 4] }])).toThrow(/not a whole number of Q4_K blocks/);
  });

  it('says which architectures it cannot write instead of writing a wrong file', () => {
    const deepseek = builtInCatalog().models.find((m) => m.architecture.mla !== null);
    const hybrid = builtInCatalog().models.find((m) => m.architecture.linearAttention !== null);
    expect(deepseek && unsupportedReason(deepseek.architecture)).toMatch(/latent attention/);
    expect(hybrid && unsupportedReason(hybrid.architecture)).toMatch(/recurrent/);
    // A latent mixture of experts on a plain attention stack is refused too (the recurrent refusal would hide it on Super).
    const latentMoe = { ...base, moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 512, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1, latentSize: 256 }, intermediateSize: null };
    expect(unsupportedReason(latentMoe)).toMatch(/latent mixtures of experts/);
    expect(unsupportedReason({ ...latentMoe, moe: { ...latentMoe.moe, latentSize: undefined } })).toBeNull();
    const q = findQuant('Q4_K_M');
    if (!q || !deepseek) throw new Error('fixture');
    const r = synthesizeGguf(deepseek.architecture, q, { name: 'x', contextTokens: 4096 });
    expect(r.ok).toBe(false);
  });

  it('refuses a full disk with a clear message and leaves no file', async () => {
    const q = findQuant('Q4_K_M');
    if (!q) throw new Error('fixture');
    const s = synthesizeGguf(base, q, { name: 'full', contextTokens: 4096 });
    if (!s.ok) throw new Error(s.error.message);
    const path = join(dir, 'full.gguf');
    const w = await writeSyntheticGguf(path, s.value, { dir, free: () => Promise.resolve(1000) });
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.error.message).toMatch(/Not enough disk space/);
    expect(() => statSync(path)).toThrow();
    // Windows does not write sparse files: the whole length must fit there; elsewhere the written part is enough.
    const enough = () => Promise.resolve(s.value.writtenBytes + 256 * 1024 * 1024 + 1);
    expect((await writeSyntheticGguf(path, s.value, { dir, platform: 'win32', free: enough })).ok).toBe(false);
    expect((await writeSyntheticGguf(path, s.value, { dir, platform: 'linux', free: enough })).ok).toBe(true);
  });
});
