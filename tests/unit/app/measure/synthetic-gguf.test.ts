import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { builtInCatalog } from '../../../../app/catalog/models';
import { findQuant } from '../../../../app/estimator/quant-types';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { encodeGguf } from '../../../../app/measure/gguf-encode';
import { randomTensorData } from '../../../../app/measure/random-blocks';
import { SYNTHETIC_RANDOM_ROWS, synthesizeGguf, unsupportedReason } from '../../../../app/measure/synthetic-gguf';
import { writeSyntheticGguf } from '../../../../main/services/measure/synthetic-file';
import { base, extraNormBytes, gemma4, granite, graniteMoe, hybridExtraBytes, lfm2, lfm2moe, mamba2Spec, moeSpec, nemotron, nemotronMoe, qwen35, qwen35moe, qwen3next, syntheticWriter } from '../../../helpers/synthetic';

const { dir, roundTrip } = syntheticWriter();

const moe: ModelArchitecture = { ...base, intermediateSize: null, moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 256, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1 } };
const swa: ModelArchitecture = { ...base, ggufArch: 'gemma3', tiedEmbeddings: true, slidingWindow: { windowTokens: 512, slidingLayers: 5 } };

describe('synthetic GGUF writer', () => {
  it.each([
    ['dense GQA', base, 'Q4_K_M'],
    ['mixture of experts', moe, 'Q4_K_M'],
    ['sliding window', swa, 'Q8_0'],
    ['I-quant', base, 'IQ4_XS'],
    ['F16', base, 'F16'],
    ['qwen35 Gated DeltaNet hybrid', qwen35, 'Q4_K_M'],
    ['qwen35 hybrid IQ4_XS', qwen35, 'IQ4_XS'],
    ['qwen35moe hybrid with a shared expert', qwen35moe, 'Q4_K_M'],
    ['qwen3next hybrid', qwen3next, 'Q6_K'],
  ] as const)('%s: the project reader gets back the architecture and exactly the weights the estimator sizes', async (name, arch, q) => {
    const { s, header, model, path, quant } = await roundTrip(arch, q, name.replace(/\W/g, '-'));
    expect(header.fileBytes).toBe(s.fileBytes);
    expect(statSync(path).size).toBe(s.fileBytes);
    const a = model.architecture;
    expect([a.layers, a.hiddenSize, a.attentionHeads, a.kvHeads, a.headDim, a.vocabSize]).toEqual([arch.layers, arch.hiddenSize, arch.attentionHeads, arch.kvHeads, arch.headDim, arch.vocabSize]);
    expect(a.moe?.experts ?? 0).toBe(arch.moe?.experts ?? 0);
    expect(a.slidingWindow?.windowTokens ?? 0).toBe(arch.slidingWindow?.windowTokens ?? 0);
    expect(a.ggufArch).toBe(arch.linearAttention ? arch.ggufArch : arch.slidingWindow ? 'gemma3' : 'llama');
    expect(a.linearAttention).toEqual(arch.linearAttention);
    expect(a.moe?.sharedExperts ?? 0).toBe(arch.moe?.sharedExperts ?? 0);
    // The written tensors are the estimator's tensor mix: same bytes in total and per type (gemma3 and the hybrids add a few KB of norms).
    const expected = weightBreakdown(arch, quant);
    expect(model.weights.totalBytes).toBe(expected.totalBytes + extraNormBytes(arch));
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
    // A sparse file: what is on disk is the header and the random rows, not the whole length.
    expect(s.writtenBytes).toBeLessThan(s.fileBytes);
  });

  it('writes the token embedding rows and MoE routers as random data, everything else as a hole', async () => {
    const { s } = await roundTrip(moe, 'Q4_K_M', 'fills');
    const names = s.fills.map((f) => f.tensor);
    expect(names).toContain('token_embd.weight');
    expect(names.filter((n) => n.endsWith('ffn_gate_inp.weight'))).toHaveLength(moe.layers);
    // each router's input norm too: zero, every token would take the same experts
    expect(names.filter((n) => n.endsWith('ffn_norm.weight'))).toHaveLength(moe.layers);
    expect(names.some((n) => n.endsWith('attn_norm.weight'))).toBe(false);
    const embd = s.fills.find((f) => f.tensor === 'token_embd.weight');
    expect(embd?.count).toBe(moe.hiddenSize * SYNTHETIC_RANDOM_ROWS);
  });

  it('writes every Mamba-2 and short-convolution hybrid of the catalog at the estimator\'s size plus the required biases and norms', () => {
    const ids = [
      'nvidia-nemotron-nano-9b-v2', 'nvidia-nemotron-nano-12b-v2', 'nvidia-nemotron-3-nano-30b-a3b', 'nvidia-nemotron-3-super-120b-a12b',
      'granite-4.0-h-350m', 'granite-4.0-h-micro', 'granite-4.0-h-tiny', 'granite-4.0-h-small', 'lfm2-350m', 'lfm2-1.2b', 'lfm2-8b-a1b',
    ];
    const hybrids = builtInCatalog().models.filter((m) => m.architecture.linearAttention?.kind === 'mamba2' || m.architecture.linearAttention?.kind === 'short-conv');
    expect(hybrids.map((m) => m.id).sort()).toEqual([...ids].sort());
    const q = findQuant('Q4_K_M');
    if (!q) throw new Error('fixture');
    for (const m of hybrids) {
      expect(unsupportedReason(m.architecture), m.id).toBeNull();
      const s = synthesizeGguf(m.architecture, q, { name: m.id, contextTokens: 4096 });
      if (!s.ok) throw new Error(`${m.id}: ${s.error.message}`);
      expect(s.value.writtenArch, m.id).toBe(m.architecture.ggufArch);
      const bytes = s.value.tensors.reduce((p, t) => p + t.bytes, 0);
      expect(bytes, m.id).toBe(weightBreakdown(m.architecture, q).totalBytes + hybridExtraBytes(m.architecture));
    }
    // Nemotron 3 Super's latent MoE: 40 MoE layers, each with the latent projections and the 512-expert selection bias
    const superArch = hybrids.find((m) => m.id === 'nvidia-nemotron-3-super-120b-a12b')?.architecture;
    expect(superArch && hybridExtraBytes(superArch)).toBe(40 * 512 * 4);
  });

  it('refuses Mamba-2 and short-convolution hybrids that llama.cpp\'s archs cannot hold, with the reason', () => {
    const moe = nemotronMoe.moe;
    if (!moe) throw new Error('fixture');
    const layerPattern = { blocks: 'M-M*M-M', mixerFfn: false };
    expect(unsupportedReason({ ...nemotron, layerPattern: undefined })).toMatch(/needs a layer pattern whose FFNs are layers of their own/);
    expect(unsupportedReason({ ...nemotron, layerPattern: { ...layerPattern, mixerFfn: true } })).toMatch(/needs a layer pattern/);
    expect(unsupportedReason({ ...nemotron, layerPattern: { ...layerPattern, blocks: 'M-M*MEM' } })).toMatch(/takes layers M, \* and - only/);
    expect(unsupportedReason({ ...nemotronMoe, layerPattern })).toMatch(/takes layers M, \* and E only/);
    expect(unsupportedReason({ ...nemotronMoe, ggufArch: 'nemotron_h' })).toMatch(/takes layers M, \* and - only/);
    expect(unsupportedReason({ ...nemotronMoe, moe: null })).toMatch(/nemotron_h_moe needs experts/);
    expect(unsupportedReason({ ...nemotron, ffnGated: true })).toMatch(/ungated \(squared-ReLU\)/);
    expect(unsupportedReason({ ...nemotronMoe, moe: { ...moe, sharedExperts: 0, sharedExpertIntermediateSize: 0 } })).toMatch(/needs a shared expert/);
    expect(unsupportedReason({ ...nemotron, valueHeadDim: 128 })).toMatch(/different key and value head sizes/);
    expect(unsupportedReason({ ...nemotron, linearAttention: { ...mamba2Spec, groups: 3 } })).toMatch(/multiple of its groups/);
    expect(unsupportedReason({ ...nemotron, linearAttention: { ...mamba2Spec, stateSize: undefined } })).toMatch(/need heads, a head size, a state size and groups/);
    // granitehybrid: d_inner = 2 x n_embd asserted by its loader, an FFN after every mixer, SwiGLU, every layer MoE
    expect(unsupportedReason({ ...granite, linearAttention: { ...mamba2Spec, heads: 8 } })).toMatch(/inner size .* of twice the hidden size/);
    expect(unsupportedReason({ ...granite, layerPattern: { blocks: 'MMM*', mixerFfn: false } })).toMatch(/FFN after every layer's mixer/);
    expect(unsupportedReason({ ...granite, ffnGated: false })).toMatch(/gated \(SwiGLU\)/);
    expect(unsupportedReason({ ...graniteMoe, moe: moeSpec({ denseLayers: 1 }) })).toMatch(/routes every layer to its experts/);
    expect(unsupportedReason({ ...granite, slidingWindow: { windowTokens: 128, slidingLayers: 2 } })).toMatch(/no sliding-window/);
    // lfm2: attention of hidden width, a conv of 2 taps or more, no shared expert, MoE as lfm2moe
    expect(unsupportedReason({ ...lfm2, attentionHeads: 4 })).toMatch(/query heads x head size equal to the hidden size/);
    expect(unsupportedReason({ ...lfm2, linearAttention: { kind: 'short-conv', layers: 4, convKernel: 1 } })).toMatch(/at least 2 taps/);
    expect(unsupportedReason({ ...lfm2moe, moe: moeSpec({ denseLayers: 1 }) })).toMatch(/no shared expert/);
    expect(unsupportedReason({ ...lfm2moe, ggufArch: 'lfm2' })).toMatch(/written as lfm2moe/);
    expect(unsupportedReason({ ...lfm2, ffnGated: false })).toMatch(/gated \(SwiGLU\)/);
    // the same layers under an arch llama.cpp lays out otherwise: refused, not written as another
    expect(unsupportedReason({ ...granite, ggufArch: 'falcon-h1' })).toMatch(/recurrent layers are written only as .*granitehybrid.*, not falcon-h1/);
    expect(unsupportedReason({ ...lfm2, ggufArch: 'lfm2-vl' })).toMatch(/not lfm2-vl/);
    expect(unsupportedReason(nemotronMoe)).toBeNull();
    expect(unsupportedReason(lfm2moe)).toBeNull();
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
    // Mamba-2 layers in an arch without a layout here (Falcon-H1 runs attention and SSM side by side)
    const hybrid = builtInCatalog().models.find((m) => m.architecture.linearAttention?.kind === 'mamba2');
    if (!hybrid) throw new Error('fixture');
    const falcon = { ...hybrid.architecture, ggufArch: 'falcon-h1' };
    expect(unsupportedReason(falcon)).toMatch(/recurrent/);
    // Gated DeltaNet outside llama.cpp's layout: refused, not written wrongly
    const linear = qwen35.linearAttention;
    if (!linear) throw new Error('fixture');
    expect(unsupportedReason({ ...qwen35, linearAttention: { ...linear, keyHeadDim: 128 } })).toMatch(/different sizes/);
    expect(unsupportedReason({ ...qwen35, linearAttention: { ...linear, layers: 5 } })).toMatch(/every n-th layer/);
    expect(unsupportedReason({ ...qwen35, attentionOutputGate: false })).toMatch(/output gate/);
    expect(unsupportedReason({ ...qwen35, ggufArch: 'kimi-linear' })).toMatch(/recurrent/);
    expect(unsupportedReason({ ...qwen35moe, moe: { ...(qwen35moe.moe ?? moe.moe!), sharedExperts: 0 } })).toMatch(/one shared expert/);
    expect(unsupportedReason(qwen35moe)).toBeNull();
    // full-attention layers of their own head size load only in llama.cpp's gemma4: as gemma3 they would fail to load
    expect(unsupportedReason({ ...gemma4, ggufArch: 'gemma3' })).toMatch(/written only as llama.cpp's gemma4, not gemma3/);
    // Gemma 3n's per-layer embeddings come with AltUp and LAuReL, which are not written
    const gemma3n = builtInCatalog().models.find((m) => m.architecture.ggufArch === 'gemma3n');
    expect(gemma3n && unsupportedReason(gemma3n.architecture)).toMatch(/per-layer embeddings are written only as llama.cpp's gemma4/);
    // A latent mixture of experts on a plain attention stack is refused too (the recurrent refusal would hide it on Super).
    const latentMoe = { ...base, moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 512, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1, latentSize: 256 }, intermediateSize: null };
    expect(unsupportedReason(latentMoe)).toMatch(/latent mixtures of experts/);
    expect(unsupportedReason({ ...latentMoe, moe: { ...latentMoe.moe, latentSize: undefined } })).toBeNull();
    const q = findQuant('Q4_K_M');
    if (!q) throw new Error('fixture');
    const r = synthesizeGguf(falcon, q, { name: 'x', contextTokens: 4096 });
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
