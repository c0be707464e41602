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
// gpt-oss-20b's shape scaled down: hidden not a multiple of 256 (2880 in the real model), expert width = hidden.
const gptOss: ModelArchitecture = {
  ...base, ggufArch: 'gpt-oss', layers: 4, hiddenSize: 288, intermediateSize: null, headDim: 64, valueHeadDim: 64,
  moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 288, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1 },
  slidingWindow: { windowTokens: 128, slidingLayers: 2 },
};

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

  it.each(['MXFP4_MOE', 'Q4_K_M'])('gpt-oss %s: llama.cpp gpt-oss names, sinks and biases, the estimator\'s weights, MXFP4 experts', async (q) => {
    const { s, header, model, quant } = await roundTrip(gptOss, q, `gpt-oss-${q}`);
    const E = gptOss.hiddenSize;
    const H = gptOss.attentionHeads;
    const X = gptOss.moe?.experts ?? 0;
    const F = gptOss.moe?.expertIntermediateSize ?? 0;
    expect(s.writtenArch).toBe('gpt-oss');
    expect(header.metadata['general.architecture']).toBe('gpt-oss');
    expect(header.metadata['gpt-oss.expert_feed_forward_length']).toBe(F);
    expect(header.metadata['gpt-oss.attention.sliding_window']).toBe(128);
    const tensor = (name: string) => header.tensors.find((t) => t.name === name);
    expect(tensor('blk.0.attn_sinks.weight')?.shape).toEqual([H]);
    expect(tensor('blk.0.attn_q.bias')?.shape).toEqual([H * 64]);
    expect(tensor('blk.0.attn_k.bias')?.shape).toEqual([gptOss.kvHeads * 64]);
    expect(tensor('blk.0.attn_output.bias')?.shape).toEqual([E]);
    expect(tensor('blk.3.ffn_gate_inp.bias')?.shape).toEqual([X]);
    expect(tensor('blk.3.ffn_up_exps.bias')?.shape).toEqual([F, X]);
    expect(tensor('blk.3.ffn_down_exps.bias')?.shape).toEqual([E, X]);
    expect(tensor('blk.3.post_attention_norm.weight')?.shape).toEqual([E]);
    expect(tensor('blk.3.ffn_norm.weight')).toBeUndefined();
    // experts stay MXFP4 at every file type (quant-mix.ts), as in the published GGUF files
    for (const role of ['gate', 'up', 'down']) expect(tensor(`blk.2.ffn_${role}_exps.weight`)?.typeName).toBe('MXFP4');
    expect(model.architecture.moe).toEqual(gptOss.moe);
    expect(model.architecture.slidingWindow).toEqual(gptOss.slidingWindow);
    // the estimator's bytes exactly, plus the F32 biases and sinks it does not count
    const expected = weightBreakdown(gptOss, quant);
    const extraPerLayer = H * 64 + 2 * gptOss.kvHeads * 64 + E + H + X + 2 * F * X + E * X;
    expect(model.weights.totalBytes).toBe(expected.totalBytes + gptOss.layers * extraPerLayer * 4);
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
    expect(s.fills.filter((f) => f.tensor.endsWith('ffn_gate_inp.weight'))).toHaveLength(gptOss.layers);
  });

  it('writes the catalog gpt-oss models, and refuses a gpt-oss whose layers do not alternate', () => {
    for (const id of ['gpt-oss-20b', 'gpt-oss-120b']) {
      const m = builtInCatalog().models.find((x) => x.id === id);
      expect(m && unsupportedReason(m.architecture)).toBeNull();
    }
    expect(unsupportedReason({ ...gptOss, slidingWindow: { windowTokens: 128, slidingLayers: 3 } })).toMatch(/alternates sliding and full layers/);
    expect(unsupportedReason({ ...gptOss, tiedEmbeddings: true })).toMatch(/output matrix/);
    // other sliding-window mixtures of experts keep the stand-in's refusal
    expect(unsupportedReason({ ...gptOss, ggufArch: 'qwen3moe' })).toMatch(/sliding-window layers are written only as gpt-oss/);
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
