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
const moeSpec = (o: Partial<NonNullable<ModelArchitecture['moe']>>) => ({ experts: 8, expertsPerToken: 2, sharedExperts: 1, expertIntermediateSize: 256, sharedExpertIntermediateSize: 256, denseLayers: 0, moeLayerStep: 1, ...o });
// Shared experts and dense layers in each architecture's own llama.cpp layout, and what each adds in F32 per layer / MoE layer.
const ownArchs: [string, ModelArchitecture, (layer: number) => number][] = [
  // GLM-4.5: one leading dense layer, a shared expert as wide as a routed one; q/k/v biases, exp_probs_b
  ['glm4moe', { ...base, ggufArch: 'glm4moe', layers: 4, intermediateSize: 1024, moe: moeSpec({ denseLayers: 1 }) }, (i) => 8 * 64 + 2 * 2 * 64 + (i >= 1 ? 8 : 0)],
  // ERNIE 4.5: two shared experts, a dense first layer, tied embeddings; exp_probs_b
  ['ernie4_5-moe', { ...base, ggufArch: 'ernie4_5-moe', layers: 3, tiedEmbeddings: true, intermediateSize: 1024, moe: moeSpec({ sharedExperts: 2, denseLayers: 1 }) }, (i) => (i >= 1 ? 8 : 0)],
  // Hunyuan-A13B: every layer MoE, a shared MLP twice a routed expert; q/k norms
  ['hunyuan-moe', { ...base, ggufArch: 'hunyuan-moe', intermediateSize: null, moe: moeSpec({ sharedExpertIntermediateSize: 512 }) }, () => 2 * 64],
  // Llama 4 Maverick: MoE every second layer, chunked attention in 3 layers of 4; nothing added
  ['llama4', { ...base, ggufArch: 'llama4', layers: 4, intermediateSize: 1024, moe: moeSpec({ expertsPerToken: 1, moeLayerStep: 2 }), slidingWindow: { windowTokens: 8192, slidingLayers: 3 } }, () => 0],
];
// Gated DeltaNet hybrids: three linear-attention layers, then one gated full-attention layer (Qwen3.5's pattern).
const qwen35: ModelArchitecture = {
  ...base, ggufArch: 'qwen35', layers: 8, tiedEmbeddings: true, attentionOutputGate: true,
  linearAttention: { kind: 'gated-deltanet', layers: 6, convKernel: 4, keyHeads: 2, valueHeads: 4, keyHeadDim: 64, valueHeadDim: 64 },
};
const qwen35moe: ModelArchitecture = { ...qwen35, ggufArch: 'qwen35moe', tiedEmbeddings: false, intermediateSize: null, moe: { experts: 8, expertsPerToken: 2, sharedExperts: 1, expertIntermediateSize: 256, sharedExpertIntermediateSize: 256, denseLayers: 0, moeLayerStep: 1 } };
const qwen3next: ModelArchitecture = { ...qwen35moe, ggufArch: 'qwen3next' };
// Multi-head latent attention: DeepSeek V2 Lite's shape (no q LoRA, two shared experts, softmax routing), V3's (a q
// LoRA, one shared expert, a leading dense layer, sigmoid routing), and the sparse-attention indexer of V3.2 / GLM-5.
const mlaSpec = { kvLoraRank: 256, qLoraRank: null, qkRopeHeadDim: 64, qkNopeHeadDim: 128, valueHeadDim: 128 };
const mlaLite: ModelArchitecture = { ...base, ggufArch: 'deepseek2', layers: 3, kvHeads: 8, headDim: 192, valueHeadDim: 128, intermediateSize: 1024, mla: mlaSpec, moe: moeSpec({ sharedExperts: 2, denseLayers: 1 }) };
const mlaV3: ModelArchitecture = { ...mlaLite, layers: 4, mla: { ...mlaSpec, qLoraRank: 384 }, moe: moeSpec({ denseLayers: 1 }) };
const mlaDsa: ModelArchitecture = { ...mlaV3, ggufArch: 'deepseek32', sparseIndexer: { heads: 4, headDim: 128, topK: 256 } };
/** The F32 selection bias exp_probs_b [experts] llama.cpp loads on each MoE layer of the sigmoid-routed (q LoRA) MLA models. */
function mlaExtraBytes(a: ModelArchitecture): number {
  const moe = a.moe;
  if (!a.mla || a.mla.qLoraRank === null || !moe) return 0;
  return (a.layers - moe.denseLayers) * moe.experts * 4;
}

// Mamba-2 hybrids: granitehybrid (a Mamba-2 or attention mixer, then an FFN, in every layer: 3 Mamba-2 layers, the
// 4th attention; inner = 2 x hidden), its MoE with a shared expert; nemotron_h (one block a layer: M, *, -) and
// nemotron_h_moe (M, *, E) with Nemotron 3 Super's latent MoE. Short convolutions: lfm2, lfm2moe (a dense first layer).
const mamba2Spec = { kind: 'mamba2' as const, layers: 3, convKernel: 4, heads: 16, headDim: 64, stateSize: 64, groups: 1 };
const granite: ModelArchitecture = { ...base, ggufArch: 'granitehybrid', layers: 4, tiedEmbeddings: true, linearAttention: mamba2Spec };
const graniteMoe: ModelArchitecture = { ...granite, intermediateSize: null, moe: moeSpec({ sharedExpertIntermediateSize: 512 }) };
const nemotron: ModelArchitecture = {
  ...base, ggufArch: 'nemotron_h', layers: 7, ffnGated: false, linearAttention: { ...mamba2Spec, layers: 4, groups: 4 }, layerPattern: { blocks: 'M-M*M-M', mixerFfn: false },
};
const nemotronMoe: ModelArchitecture = {
  ...nemotron, ggufArch: 'nemotron_h_moe', intermediateSize: null, moe: moeSpec({ sharedExpertIntermediateSize: 512, latentSize: 128 }), layerPattern: { blocks: 'MEM*MEM', mixerFfn: false },
};
const lfm2: ModelArchitecture = { ...base, ggufArch: 'lfm2', layers: 6, tiedEmbeddings: true, linearAttention: { kind: 'short-conv', layers: 4, convKernel: 3 }, layerPattern: { blocks: 'MM*MM*', mixerFfn: true } };
const lfm2moe: ModelArchitecture = { ...lfm2, ggufArch: 'lfm2moe', moe: moeSpec({ sharedExperts: 0, sharedExpertIntermediateSize: 0, denseLayers: 1 }) };
/**
 * The F32 tensors llama.cpp requires beside the estimator's list of these hybrids: exp_probs_b [experts] on each
 * MoE layer of nemotron_h_moe and lfm2moe; attn_q_norm and attn_k_norm [head size] on each lfm2 attention layer.
 */
function hybridExtraBytes(a: ModelArchitecture): number {
  const blocks = a.layerPattern?.blocks ?? '';
  const moeLayers = a.ggufArch === 'nemotron_h_moe' ? [...blocks].filter((b) => b === 'E').length : a.ggufArch === 'lfm2moe' ? a.layers - (a.moe?.denseLayers ?? 0) : 0;
  const attention = a.ggufArch.startsWith('lfm2') ? a.layers - (a.linearAttention?.layers ?? 0) : 0;
  return (moeLayers * (a.moe?.experts ?? 0) + attention * 2 * a.headDim) * 4;
}

// Gemma 4 (llama.cpp gemma4): 5 sliding layers of head 64, the last full with 1 KV head of 128 and K = V; its MoE with
// the dense MLP beside the experts; an E model with per-layer embeddings, the last 2 layers sharing KV, a double-wide MLP.
const gemma4: ModelArchitecture = {
  ...base, ggufArch: 'gemma4', tiedEmbeddings: true, slidingWindow: { windowTokens: 512, slidingLayers: 5 }, globalAttention: { kvHeads: 1, headDim: 128, kEqV: true },
};
const gemma4Moe: ModelArchitecture = { ...gemma4, intermediateSize: null, moe: moeSpec({ sharedExpertIntermediateSize: 768 }) };
const gemma4E: ModelArchitecture = {
  ...gemma4, layers: 4, slidingWindow: { windowTokens: 512, slidingLayers: 2 }, globalAttention: { kvHeads: 2, headDim: 128, kEqV: false },
  perLayerEmbedding: { hiddenSize: 256, vocabSize: 2048 }, kvSharing: { layers: 2, doubleWideMlp: true },
};

/** Bytes of the F32 tensors gemma4 requires beside the estimator's list: per layer q/k norms [head], two norms [hidden]; MoE norms, scales; rope_freqs. */
function gemma4ExtraBytes(a: ModelArchitecture, full: (layer: number) => boolean): number {
  const g = a.globalAttention;
  let values = (g?.headDim ?? a.headDim) / 2;
  for (let i = 0; i < a.layers; i++) {
    values += 2 * (full(i) ? (g?.headDim ?? a.headDim) : a.headDim) + 2 * a.hiddenSize;
    if (a.moe) values += 4 * a.hiddenSize + a.moe.experts;
  }
  return values * 4;
}

/** Bytes of the 1-D F32 tensors llama.cpp requires beside the estimator's list (gemma3's and the DeltaNet hybrids' extra norms). */
function extraNormBytes(a: ModelArchitecture): number {
  if (a.slidingWindow) return a.layers * (2 * a.headDim + 2 * a.hiddenSize) * 4;
  if (!a.linearAttention) return 0;
  const attentionLayers = a.layers - a.linearAttention.layers;
  // attn_q_norm and attn_k_norm [head dim] on each attention layer; ffn_gate_inp_shexp [hidden] on each MoE layer
  return attentionLayers * 2 * a.headDim * 4 + (a.moe ? a.layers * a.hiddenSize * 4 : 0);
}

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
    expect(unsupportedReason({ ...gptOss, ggufArch: 'qwen3moe' })).toMatch(/sliding-window layers are written only as gpt-oss and llama4/);
  });

  it.each(ownArchs)('%s: shared experts and dense layers in llama.cpp\'s own names, exactly the estimator\'s weights', async (arch, a, extraPerLayer) => {
    const { s, header, model, quant } = await roundTrip(a, 'Q4_K_M', `own-${arch}`);
    const moe = a.moe;
    if (!moe) throw new Error('fixture');
    expect(s.writtenArch).toBe(arch);
    expect(header.metadata['general.architecture']).toBe(arch);
    const tensor = (name: string) => header.tensors.find((t) => t.name === name);
    const moeLayers = [...Array(a.layers).keys()].filter((i) => i >= moe.denseLayers && (i + 1) % moe.moeLayerStep === 0);
    const S = moe.sharedExperts * moe.sharedExpertIntermediateSize;
    for (let i = 0; i < a.layers; i++) {
      const isMoe = moeLayers.includes(i);
      expect(tensor(`blk.${i}.ffn_gate_inp.weight`) !== undefined).toBe(isMoe);
      expect(tensor(`blk.${i}.ffn_gate.weight`)?.shape).toEqual(isMoe ? undefined : [a.hiddenSize, a.intermediateSize]);
      if (isMoe) {
        expect(tensor(`blk.${i}.ffn_up_exps.weight`)?.shape).toEqual([a.hiddenSize, moe.expertIntermediateSize, moe.experts]);
        expect(tensor(`blk.${i}.ffn_gate_shexp.weight`)?.shape).toEqual([a.hiddenSize, S]);
        expect(tensor(`blk.${i}.ffn_down_shexp.weight`)?.shape).toEqual([S, a.hiddenSize]);
      }
    }
    expect(tensor('blk.0.post_attention_norm.weight') !== undefined).toBe(arch === 'glm4moe');
    expect(s.fills.filter((f) => f.tensor.endsWith('ffn_gate_inp.weight'))).toHaveLength(moeLayers.length);
    // the norm in front of each router is random, on MoE layers only
    const normName = arch === 'glm4moe' ? 'post_attention_norm' : 'ffn_norm';
    expect(s.fills.filter((f) => f.tensor.endsWith(`${normName}.weight`)).map((f) => f.tensor)).toEqual(moeLayers.map((i) => `blk.${i}.${normName}.weight`));
    // the project's reader gets the same mixture of experts back
    const back = model.architecture.moe;
    expect([back?.experts, back?.expertsPerToken, back?.expertIntermediateSize, back?.denseLayers, back?.moeLayerStep]).toEqual([moe.experts, moe.expertsPerToken, moe.expertIntermediateSize, moe.denseLayers, moe.moeLayerStep]);
    expect((back?.sharedExperts ?? 0) * (back?.sharedExpertIntermediateSize ?? 0)).toBe(S);
    expect(model.architecture.slidingWindow).toEqual(a.slidingWindow);
    const expected = weightBreakdown(a, quant);
    let extra = 0;
    for (let i = 0; i < a.layers; i++) extra += extraPerLayer(i) * 4;
    expect(model.weights.totalBytes).toBe(expected.totalBytes + extra);
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
  });

  it('writes the catalog models with shared experts or dense layers it has an architecture for, and says why not for the rest', () => {
    const reason = (id: string) => {
      const m = builtInCatalog().models.find((x) => x.id === id);
      if (!m) throw new Error(id);
      return unsupportedReason(m.architecture);
    };
    for (const id of ['glm-4.5-air', 'glm-4.5', 'glm-4.6', 'glm-4.7', 'intellect-3', 'ernie-4.5-21b-a3b', 'hunyuan-a13b-instruct', 'llama-4-scout-17b-16e-instruct', 'llama-4-maverick-17b-128e-instruct'])
      expect(reason(id), id).toBeNull();
    const [glm, , hunyuan, l4] = ownArchs.map(([, a]) => a);
    if (!glm?.moe || !hunyuan?.moe || !l4?.moe) throw new Error('fixture');
    expect(unsupportedReason({ ...glm, moe: { ...glm.moe, sharedExpertIntermediateSize: 512 } })).toMatch(/sizes a shared expert as a routed one/);
    expect(unsupportedReason({ ...glm, slidingWindow: { windowTokens: 128, slidingLayers: 2 } })).toMatch(/no sliding window/);
    expect(unsupportedReason({ ...hunyuan, moe: { ...hunyuan.moe, sharedExperts: 0, sharedExpertIntermediateSize: 0 } })).toMatch(/needs a shared expert/);
    expect(unsupportedReason({ ...l4, slidingWindow: { windowTokens: 4096, slidingLayers: 3 } })).toMatch(/chunks attention by 8192/);
    expect(unsupportedReason({ ...glm, ggufArch: 'qwen2moe' })).toMatch(/written only in llama.cpp's own glm4moe/);
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

  it('writes a Gated DeltaNet hybrid with llama.cpp qwen35 names, shapes and keys', async () => {
    const { s, header } = await roundTrip(qwen35moe, 'Q4_K_M', 'qwen35-names');
    const shape = (name: string) => s.tensors.find((t) => t.name === name)?.shape;
    const E = qwen35moe.hiddenSize;
    // layer 0 is linear attention: fused qkv (2 x 2 key heads + 4 value heads, of 64), the z gate, beta and alpha
    // split, a 4-tap convolution, per-value-head dt bias and A, a per-head-dim gated norm, the out projection
    expect(shape('blk.0.attn_qkv.weight')).toEqual([E, 2 * 128 + 256]);
    expect(shape('blk.0.attn_gate.weight')).toEqual([E, 256]);
    expect(shape('blk.0.ssm_beta.weight')).toEqual([E, 4]);
    expect(shape('blk.0.ssm_alpha.weight')).toEqual([E, 4]);
    expect(shape('blk.0.ssm_conv1d.weight')).toEqual([4, 512]);
    expect(shape('blk.0.ssm_dt.bias')).toEqual([4]);
    expect(shape('blk.0.ssm_a')).toEqual([4]);
    expect(shape('blk.0.ssm_norm.weight')).toEqual([64]);
    expect(shape('blk.0.ssm_out.weight')).toEqual([256, E]);
    expect(shape('blk.0.attn_q.weight')).toBeUndefined();
    // layer 3 is full attention: q carries the output gate (2 x heads x head size), q and k have RMS norms
    expect(shape('blk.3.attn_q.weight')).toEqual([E, 2 * 8 * 64]);
    expect(shape('blk.3.attn_q_norm.weight')).toEqual([64]);
    expect(shape('blk.3.attn_k_norm.weight')).toEqual([64]);
    expect(shape('blk.3.ssm_out.weight')).toBeUndefined();
    // every layer: post_attention_norm, the router, the routed experts and the shared expert with its gate
    for (const name of ['post_attention_norm.weight', 'ffn_gate_inp.weight', 'ffn_up_exps.weight', 'ffn_gate_inp_shexp.weight', 'ffn_down_shexp.weight'])
      expect(shape(`blk.7.${name}`), name).toBeDefined();
    expect(shape('blk.7.ffn_gate_inp_shexp.weight')).toEqual([E]);
    expect(s.tensors.some((t) => t.name.includes('ffn_norm'))).toBe(false);
    const meta = header.metadata;
    expect([meta['qwen35moe.ssm.state_size'], meta['qwen35moe.ssm.group_count'], meta['qwen35moe.ssm.time_step_rank'], meta['qwen35moe.ssm.inner_size']]).toEqual([64, 2, 4, 256]);
    expect([meta['qwen35moe.ssm.conv_kernel'], meta['qwen35moe.full_attention_interval'], meta['qwen35moe.expert_shared_feed_forward_length']]).toEqual([4, 4, 256]);
    expect(meta['qwen35moe.rope.dimension_count']).toBe(16);
    expect(Array.from(meta['qwen35moe.rope.dimension_sections'] as ArrayLike<number>)).toEqual([3, 3, 2, 0]);
    // the routers' inputs: post-attention norms random, so tokens reach different experts
    const filled = s.fills.map((f) => f.tensor);
    expect(filled.filter((n) => n.endsWith('post_attention_norm.weight'))).toHaveLength(qwen35moe.layers);
    expect(filled.filter((n) => n.endsWith('ffn_gate_inp.weight'))).toHaveLength(qwen35moe.layers);
    expect(filled.some((n) => n.includes('shexp') || n.includes('ssm_'))).toBe(false);
  });

  it('writes qwen3next with its fused beta/alpha and no RoPE sections; dense qwen35 without random norms', () => {
    const q = findQuant('Q4_K_M');
    if (!q) throw new Error('fixture');
    const next = synthesizeGguf(qwen3next, q, { name: 'next', contextTokens: 4096 });
    const dense = synthesizeGguf(qwen35, q, { name: 'dense', contextTokens: 4096 });
    if (!next.ok || !dense.ok) throw new Error('not written');
    expect(next.value.tensors.find((t) => t.name === 'blk.0.ssm_ba.weight')?.shape).toEqual([qwen3next.hiddenSize, 8]);
    expect(next.value.tensors.some((t) => t.name.includes('ssm_beta'))).toBe(false);
    expect(dense.value.writtenArch).toBe('qwen35');
    expect(dense.value.tensors.some((t) => t.name === 'output.weight')).toBe(false); // tied: llama.cpp reuses token_embd
    expect(dense.value.fills.map((f) => f.tensor)).toEqual(['token_embd.weight']);
  });

  it('writes every Gated DeltaNet hybrid of the catalog (Q4_K_M) at the estimator\'s size plus the norms', () => {
    const hybrids = builtInCatalog().models.filter((m) => m.architecture.linearAttention?.kind === 'gated-deltanet');
    expect(hybrids.length).toBeGreaterThanOrEqual(10);
    for (const m of hybrids) {
      expect(unsupportedReason(m.architecture), m.id).toBeNull();
      for (const id of ['Q4_K_M']) {
        const q = findQuant(id);
        if (!q) throw new Error(id);
        const s = synthesizeGguf(m.architecture, q, { name: m.id, contextTokens: 4096 });
        if (!s.ok) throw new Error(`${m.id} ${id}: ${s.error.message}`);
        const bytes = s.value.tensors.reduce((p, t) => p + t.bytes, 0);
        expect(bytes, `${m.id} ${id}`).toBe(weightBreakdown(m.architecture, q).totalBytes + extraNormBytes(m.architecture));
      }
    }
  });

  it('writes Gemma 4 with llama.cpp gemma4 names, per-layer head sizes and keys, K = V, and its extra norms', async () => {
    const { s, header, model, quant } = await roundTrip(gemma4, 'Q4_K_M', 'gemma4-names');
    const shape = (name: string) => s.tensors.find((t) => t.name === name)?.shape;
    const E = gemma4.hiddenSize;
    expect(s.writtenArch).toBe('gemma4');
    // layers 0-4 slide (8 query heads, 2 KV heads of 64, a V projection); layer 5 is full (8 x 128, 1 KV head, K = V)
    expect([shape('blk.0.attn_q.weight'), shape('blk.0.attn_k.weight'), shape('blk.0.attn_v.weight'), shape('blk.0.attn_output.weight')]).toEqual([[E, 512], [E, 128], [E, 128], [512, E]]);
    expect([shape('blk.5.attn_q.weight'), shape('blk.5.attn_k.weight'), shape('blk.5.attn_v.weight'), shape('blk.5.attn_output.weight')]).toEqual([[E, 1024], [E, 128], undefined, [1024, E]]);
    expect([shape('blk.0.attn_q_norm.weight'), shape('blk.5.attn_q_norm.weight'), shape('blk.5.attn_k_norm.weight')]).toEqual([[64], [128], [128]]);
    for (const name of ['attn_norm', 'post_attention_norm', 'ffn_norm', 'post_ffw_norm']) expect(shape(`blk.5.${name}.weight`), name).toEqual([E]);
    expect(shape('blk.5.ffn_gate.weight')).toEqual([E, 1408]);
    expect(shape('rope_freqs.weight')).toEqual([64]);
    expect(shape('blk.0.layer_output_scale.weight')).toBeUndefined(); // optional, and a zero would zero the residual stream
    expect(shape('output.weight')).toBeUndefined(); // tied: llama.cpp reuses token_embd
    const meta = header.metadata;
    const p = 'gemma4.';
    expect(Array.from(meta[`${p}attention.sliding_window_pattern`] as ArrayLike<number>)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(Array.from(meta[`${p}attention.head_count_kv`] as ArrayLike<number>)).toEqual([2, 2, 2, 2, 2, 1]);
    expect([meta[`${p}attention.key_length`], meta[`${p}attention.value_length`], meta[`${p}attention.key_length_swa`], meta[`${p}attention.value_length_swa`]]).toEqual([128, 128, 64, 64]);
    expect([meta[`${p}rope.dimension_count`], meta[`${p}rope.dimension_count_swa`], meta[`${p}attention.sliding_window`]]).toEqual([128, 64, 512]);
    expect([meta[`${p}embedding_length_per_layer_input`], meta[`${p}attention.shared_kv_layers`], meta[`${p}feed_forward_length`], meta[`${p}final_logit_softcapping`]]).toEqual([0, 0, 1408, 30]);
    // rope_freqs random (a zero factor divides an angle by 0: NaN); no router, so nothing else
    expect(s.fills.map((f) => f.tensor)).toEqual(['token_embd.weight', 'rope_freqs.weight']);
    // the project's reader sees the full layers' own shape
    expect(model.architecture.globalAttention).toEqual(gemma4.globalAttention);
    expect([model.architecture.headDim, model.architecture.kvHeads]).toEqual([64, 2]);
    const expected = weightBreakdown(gemma4, quant);
    expect(model.weights.totalBytes).toBe(expected.totalBytes + gemma4ExtraBytes(gemma4, (i) => i === 5));
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
  });

  it('writes the Gemma 4 MoE with its dense MLP as ffn_{gate,up,down} beside the experts, router inputs random', async () => {
    const { s, header, model, quant } = await roundTrip(gemma4Moe, 'Q4_K_M', 'gemma4-moe');
    const shape = (name: string) => s.tensors.find((t) => t.name === name)?.shape;
    const E = gemma4Moe.hiddenSize;
    for (let i = 0; i < gemma4Moe.layers; i++) {
      expect(shape(`blk.${i}.ffn_gate_inp.weight`)).toEqual([E, 8]);
      expect(shape(`blk.${i}.ffn_up_exps.weight`)).toEqual([E, 256, 8]);
      expect(shape(`blk.${i}.ffn_down_exps.weight`)).toEqual([256, E, 8]);
      expect([shape(`blk.${i}.ffn_gate.weight`), shape(`blk.${i}.ffn_down.weight`)]).toEqual([[E, 768], [768, E]]);
      for (const name of ['ffn_gate_inp.scale', 'pre_ffw_norm_2.weight', 'post_ffw_norm_1.weight', 'post_ffw_norm_2.weight']) expect(shape(`blk.${i}.${name}`), name).toEqual([E]);
      expect(shape(`blk.${i}.ffn_down_exps.scale`)).toEqual([8]);
    }
    expect(s.tensors.some((t) => t.name.includes('shexp'))).toBe(false);
    expect([header.metadata['gemma4.feed_forward_length'], header.metadata['gemma4.expert_feed_forward_length'], header.metadata['gemma4.expert_count'], header.metadata['gemma4.expert_used_count']]).toEqual([768, 256, 8, 2]);
    // the routers and their input scales random: with a zero scale every token would pick the same experts
    const filled = s.fills.map((f) => f.tensor);
    expect(filled.filter((n) => n.endsWith('ffn_gate_inp.weight'))).toHaveLength(gemma4Moe.layers);
    expect(filled.filter((n) => n.endsWith('ffn_gate_inp.scale'))).toHaveLength(gemma4Moe.layers);
    expect(filled.some((n) => n.includes('norm') || n.includes('exps'))).toBe(false);
    const expected = weightBreakdown(gemma4Moe, quant);
    expect(model.weights.totalBytes).toBe(expected.totalBytes + gemma4ExtraBytes(gemma4Moe, (i) => i === 5));
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
  });

  it('writes a Gemma 4 E model with per-layer embeddings, KV sharing and the double-wide MLP of the shared layers', async () => {
    const { s, header, model, quant } = await roundTrip(gemma4E, 'Q4_K_M', 'gemma4-e');
    const shape = (name: string) => s.tensors.find((t) => t.name === name)?.shape;
    const E = gemma4E.hiddenSize;
    expect(shape('per_layer_token_embd.weight')).toEqual([4 * 256, 2048]);
    expect(shape('per_layer_model_proj.weight')).toEqual([E, 4 * 256]);
    expect(shape('per_layer_proj_norm.weight')).toEqual([256]);
    expect([shape('blk.3.inp_gate.weight'), shape('blk.3.proj.weight'), shape('blk.3.post_norm.weight')]).toEqual([[E, 256], [256, E], [E]]);
    // K != V on the full layers: attn_v of 2 KV heads x 128
    expect(shape('blk.1.attn_v.weight')).toEqual([E, 256]);
    expect([shape('blk.1.ffn_up.weight'), shape('blk.2.ffn_up.weight')]).toEqual([[E, 1408], [E, 2816]]);
    const meta = header.metadata;
    expect(Array.from(meta['gemma4.attention.sliding_window_pattern'] as ArrayLike<number>)).toEqual([1, 0, 1, 0]);
    expect(Array.from(meta['gemma4.feed_forward_length'] as ArrayLike<number>)).toEqual([1408, 1408, 2816, 2816]);
    expect([meta['gemma4.embedding_length_per_layer_input'], meta['gemma4.attention.shared_kv_layers']]).toEqual([256, 2]);
    expect(model.architecture.kvSharing?.layers).toBe(2);
    const expected = weightBreakdown(gemma4E, quant);
    expect(model.weights.totalBytes).toBe(expected.totalBytes + gemma4ExtraBytes(gemma4E, (i) => i % 2 === 1));
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
  });

  it('writes every Gemma 4 of the catalog, and says why for a shape llama.cpp\'s gemma4 cannot hold', () => {
    const g4 = builtInCatalog().models.filter((m) => m.architecture.ggufArch === 'gemma4');
    expect(g4.map((m) => m.id).sort()).toEqual(['gemma-4-12b-it', 'gemma-4-26b-a4b-it', 'gemma-4-31b-it', 'gemma-4-e2b-it', 'gemma-4-e4b-it']);
    const q = findQuant('Q4_K_M');
    if (!q) throw new Error('fixture');
    for (const m of g4) {
      const a = m.architecture;
      expect(unsupportedReason(a), m.id).toBeNull();
      const s = synthesizeGguf(a, q, { name: m.id, contextTokens: 4096 });
      if (!s.ok) throw new Error(`${m.id}: ${s.error.message}`);
      expect(s.value.writtenArch).toBe('gemma4');
      const sw = a.slidingWindow;
      if (!sw) throw new Error(m.id);
      const every = a.layers / (a.layers - sw.slidingLayers); // one full layer in 5 or 6, the last of each group
      const bytes = s.value.tensors.reduce((p, t) => p + t.bytes, 0);
      expect(bytes, m.id).toBe(weightBreakdown(a, q).totalBytes + gemma4ExtraBytes(a, (i) => (i + 1) % every === 0));
    }
    const moeOf = gemma4Moe.moe;
    if (!moeOf) throw new Error('fixture');
    expect(unsupportedReason({ ...gemma4, slidingWindow: null })).toMatch(/needs both sliding and full-attention layers/);
    expect(unsupportedReason({ ...gemma4Moe, moe: { ...moeOf, sharedExperts: 0, sharedExpertIntermediateSize: 0 } })).toMatch(/one dense MLP beside its experts/);
    expect(unsupportedReason({ ...gemma4Moe, moe: { ...moeOf, denseLayers: 1 } })).toMatch(/experts in every layer/);
    expect(unsupportedReason({ ...gemma4E, perLayerEmbedding: { hiddenSize: 256, vocabSize: 4096 } })).toMatch(/by the model's vocabulary/);
    // 3 shared layers: the last owner (layer 0) is sliding, but llama.cpp reuses it for the full layers
    expect(unsupportedReason({ ...gemma4E, kvSharing: { layers: 3, doubleWideMlp: false } })).toMatch(/reuses the KV cache/);
    expect(unsupportedReason({ ...gemma4, valueHeadDim: 128 })).toMatch(/one size/);
    expect(unsupportedReason({ ...gemma4, vocabSize: 512 })).toMatch(/too small/);
  });

  it.each([
    ['deepseek2 without q LoRA', mlaLite, 'Q4_K_M'],
    ['deepseek2 with q LoRA', mlaV3, 'Q4_K_M'],
    ['deepseek32 indexer', mlaDsa, 'Q4_K_M'],
    ['glm-dsa indexer', { ...mlaDsa, ggufArch: 'glm-dsa' }, 'Q6_K'],
  ] as const)('%s: latent attention in llama.cpp\'s names, shapes and keys, exactly the estimator\'s weights', async (name, a, q) => {
    const { s, header, model, quant } = await roundTrip(a, q, name.replace(/\W/g, '-'));
    const mla = a.mla;
    const moe = a.moe;
    if (!mla || !moe) throw new Error('fixture');
    const arch = a.ggufArch;
    const E = a.hiddenSize;
    const H = a.attentionHeads;
    const shape = (n: string) => header.tensors.find((t) => t.name === n)?.shape;
    expect(s.writtenArch).toBe(arch);
    expect(header.metadata['general.architecture']).toBe(arch);
    // the latent path: q (or its LoRA pair), the compressed KV with the rope part, its norm, the split up projections
    if (mla.qLoraRank === null) {
      expect(shape('blk.0.attn_q.weight')).toEqual([E, H * 192]);
      expect(shape('blk.0.attn_q_a.weight')).toBeUndefined();
    } else {
      expect(shape('blk.0.attn_q_a.weight')).toEqual([E, mla.qLoraRank]);
      expect(shape('blk.0.attn_q_a_norm.weight')).toEqual([mla.qLoraRank]);
      expect(shape('blk.0.attn_q_b.weight')).toEqual([mla.qLoraRank, H * 192]);
      expect(shape('blk.0.attn_q.weight')).toBeUndefined();
    }
    expect(shape('blk.0.attn_kv_a_mqa.weight')).toEqual([E, mla.kvLoraRank + 64]);
    expect(shape('blk.0.attn_kv_a_norm.weight')).toEqual([mla.kvLoraRank]);
    expect(shape('blk.0.attn_k_b.weight')).toEqual([128, mla.kvLoraRank, H]);
    expect(shape('blk.0.attn_v_b.weight')).toEqual([mla.kvLoraRank, 128, H]);
    expect(shape('blk.0.attn_output.weight')).toEqual([H * 128, E]);
    expect(shape('blk.0.attn_kv_b.weight')).toBeUndefined();
    const dsa = a.sparseIndexer;
    expect(shape('blk.1.indexer.attn_q_b.weight')).toEqual(dsa ? [mla.qLoraRank, dsa.heads * dsa.headDim] : undefined);
    expect(shape('blk.1.indexer.k_norm.bias')).toEqual(dsa ? [dsa.headDim] : undefined);
    expect(shape('blk.1.indexer.proj.weight')).toEqual(dsa ? [E, dsa.heads] : undefined);
    // a dense first layer, then MoE layers with shared experts (n_ff_exp x count) and, for sigmoid routing, the bias
    expect(shape('blk.0.ffn_gate.weight')).toEqual([E, a.intermediateSize]);
    expect(shape('blk.0.ffn_gate_inp.weight')).toBeUndefined();
    expect(shape('blk.1.ffn_up_exps.weight')).toEqual([E, moe.expertIntermediateSize, moe.experts]);
    expect(shape('blk.1.ffn_gate_shexp.weight')).toEqual([E, moe.sharedExperts * moe.expertIntermediateSize]);
    expect(shape('blk.1.exp_probs_b.bias')).toEqual(mla.qLoraRank === null ? undefined : [moe.experts]);
    const meta = header.metadata;
    expect([meta[`${arch}.attention.head_count_kv`], meta[`${arch}.attention.key_length`], meta[`${arch}.attention.value_length`]]).toEqual([1, mla.kvLoraRank + 64, mla.kvLoraRank]);
    expect([meta[`${arch}.attention.key_length_mla`], meta[`${arch}.attention.value_length_mla`], meta[`${arch}.rope.dimension_count`]]).toEqual([192, 128, 64]);
    expect([meta[`${arch}.attention.q_lora_rank`], meta[`${arch}.attention.kv_lora_rank`]]).toEqual([mla.qLoraRank ?? 0, mla.kvLoraRank]);
    expect([meta[`${arch}.leading_dense_block_count`], meta[`${arch}.expert_shared_count`], meta[`${arch}.expert_feed_forward_length`], meta[`${arch}.feed_forward_length`]]).toEqual([1, moe.sharedExperts, moe.expertIntermediateSize, a.intermediateSize]);
    expect(meta[`${arch}.expert_gating_func`]).toBe(mla.qLoraRank === null ? 1 : 2);
    expect(meta[`${arch}.attention.indexer.top_k`]).toBe(dsa?.topK);
    // the project's reader gets the same model back
    const back = model.architecture;
    expect(back.mla).toEqual(mla);
    expect(back.sparseIndexer ?? null).toEqual(dsa ?? null);
    expect([back.headDim, back.valueHeadDim, back.kvHeads]).toEqual([a.headDim, a.valueHeadDim, a.kvHeads]);
    expect(back.moe).toEqual(moe);
    // the estimator's bytes exactly, per type, plus the F32 selection biases
    const expected = weightBreakdown(a, quant);
    expect(model.weights.totalBytes).toBe(expected.totalBytes + mlaExtraBytes(a));
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
    // random: the embedding rows, the routers and the norms that feed them (MoE layers only), nothing on the latent path
    const filled = s.fills.map((f) => f.tensor);
    expect(filled.filter((n) => n.endsWith('ffn_gate_inp.weight'))).toHaveLength(a.layers - 1);
    expect(filled.filter((n) => n.endsWith('ffn_norm.weight')).sort()).toEqual([...Array(a.layers - 1).keys()].map((i) => `blk.${i + 1}.ffn_norm.weight`).sort());
    expect(filled.some((n) => n.includes('attn_') || n.includes('indexer') || n.includes('exp_probs_b'))).toBe(false);
  });

  it('writes every latent-attention model of the catalog at the estimator\'s size plus the selection biases', () => {
    const ids = [
      'deepseek-v2-lite-chat', 'deepseek-coder-v2-lite-instruct', 'deepseek-v3', 'deepseek-v3-0324', 'deepseek-v3.1', 'deepseek-v3.1-terminus', 'deepseek-r1', 'deepseek-r1-0528',
      'deepseek-v3.2-exp', 'deepseek-v3.2', 'glm-4.7-flash', 'glm-5', 'glm-5.1',
      'kimi-k2-instruct', 'kimi-k2-instruct-0905', 'kimi-k2-thinking', 'kimi-k2.5', 'kimi-k2.6', 'kimi-k2.7-code',
    ];
    const mlaModels = builtInCatalog().models.filter((m) => m.architecture.mla !== null);
    expect(mlaModels.map((m) => m.id).sort()).toEqual([...ids].sort());
    const q = findQuant('Q4_K_M');
    if (!q) throw new Error('fixture');
    for (const m of mlaModels) {
      expect(unsupportedReason(m.architecture), m.id).toBeNull();
      const s = synthesizeGguf(m.architecture, q, { name: m.id, contextTokens: 4096 });
      if (!s.ok) throw new Error(`${m.id}: ${s.error.message}`);
      expect(s.value.writtenArch, m.id).toBe(m.architecture.ggufArch);
      const bytes = s.value.tensors.reduce((p, t) => p + t.bytes, 0);
      expect(bytes, m.id).toBe(weightBreakdown(m.architecture, q).totalBytes + mlaExtraBytes(m.architecture));
    }
    const v2 = mlaModels.find((m) => m.id === 'deepseek-v2-lite-chat');
    expect(v2 && mlaExtraBytes(v2.architecture)).toBe(0);
  });

  it('refuses latent attention that llama.cpp\'s MLA archs cannot hold, with the reason', () => {
    const moe = mlaV3.moe;
    if (!moe) throw new Error('fixture');
    expect(unsupportedReason({ ...mlaV3, ggufArch: 'deepseek4' })).toMatch(/written only as llama.cpp's deepseek2, deepseek32, glm-dsa, not deepseek4/);
    expect(unsupportedReason({ ...mlaV3, moe: null })).toMatch(/with experts only/);
    expect(unsupportedReason({ ...mlaV3, moe: { ...moe, sharedExperts: 0, sharedExpertIntermediateSize: 0 } })).toMatch(/shared experts as wide as a routed one/);
    expect(unsupportedReason({ ...mlaV3, moe: { ...moe, sharedExpertIntermediateSize: 512 } })).toMatch(/shared experts as wide as a routed one/);
    expect(unsupportedReason({ ...mlaV3, moe: { ...moe, moeLayerStep: 2 } })).toMatch(/every layer after the dense ones/);
    expect(unsupportedReason({ ...mlaV3, headDim: 256 })).toMatch(/head sizes disagree/);
    expect(unsupportedReason({ ...mlaV3, slidingWindow: { windowTokens: 128, slidingLayers: 2 } })).toMatch(/sliding-window/);
    expect(unsupportedReason({ ...mlaDsa, sparseIndexer: null })).toMatch(/needs the sparse-attention indexer/);
    expect(unsupportedReason({ ...mlaDsa, mla: mlaSpec })).toMatch(/needs the sparse-attention indexer and a q LoRA/);
    expect(unsupportedReason({ ...mlaDsa, ggufArch: 'deepseek2' })).toMatch(/indexer is written only as deepseek32 or glm-dsa/);
    // deepseek2 reads no q_lora_rank on 27 layers (DeepSeek V2 Lite), so a q LoRA there would not load
    expect(unsupportedReason({ ...mlaV3, layers: 27 })).toMatch(/reads no q LoRA rank for 26- or 27-layer/);
    expect(unsupportedReason({ ...mlaLite, layers: 27 })).toBeNull();
    expect(unsupportedReason({ ...mlaV3, vocabSize: 512 })).toMatch(/vocabulary under 1024/);
    const q = findQuant('Q4_K_M');
    if (!q) throw new Error('fixture');
    expect(synthesizeGguf({ ...mlaV3, moe: null }, q, { name: 'x', contextTokens: 4096 }).ok).toBe(false);
  });

  it.each([
    ['granitehybrid', granite, 'Q4_K_M'],
    ['granitehybrid with experts', graniteMoe, 'Q4_K_M'],
    ['nemotron_h', nemotron, 'Q4_K_M'],
    ['nemotron_h_moe with a latent MoE', nemotronMoe, 'Q6_K'],
  ] as const)('%s: Mamba-2 layers in llama.cpp\'s names, shapes and keys, exactly the estimator\'s weights', async (name, a, q) => {
    const { s, header, model, quant } = await roundTrip(a, q, name.replace(/\W/g, '-'));
    const l = a.linearAttention;
    if (l?.kind !== 'mamba2') throw new Error('fixture');
    const arch = a.ggufArch;
    const E = a.hiddenSize;
    const inner = (l.heads ?? 0) * (l.headDim ?? 0);
    const channels = inner + 2 * (l.groups ?? 0) * (l.stateSize ?? 0);
    const meta = header.metadata;
    const shape = (n: string) => header.tensors.find((t) => t.name === n)?.shape;
    const names = header.tensors.map((t) => t.name);
    expect(s.writtenArch).toBe(arch);
    expect(meta['general.architecture']).toBe(arch);
    // layer 0 is Mamba-2 in every fixture: z, x, B, C and dt in one in-projection, the conv over x, B and C
    expect(shape('blk.0.ssm_in.weight')).toEqual([E, 2 * inner + 2 * (l.groups ?? 0) * (l.stateSize ?? 0) + (l.heads ?? 0)]);
    expect(shape('blk.0.ssm_conv1d.weight')).toEqual([l.convKernel, channels]);
    expect(shape('blk.0.ssm_conv1d.bias')).toEqual([channels]);
    expect(shape('blk.0.ssm_dt.bias')).toEqual([l.heads]);
    expect([shape('blk.0.ssm_a'), shape('blk.0.ssm_d')]).toEqual([[1, l.heads], [1, l.heads]]);
    expect(shape('blk.0.ssm_norm.weight')).toEqual([inner / (l.groups ?? 1), l.groups]);
    expect(shape('blk.0.ssm_out.weight')).toEqual([inner, E]);
    expect(shape('blk.3.attn_q.weight')).toEqual([E, a.attentionHeads * a.headDim]);
    expect(shape('blk.3.ssm_in.weight')).toBeUndefined();
    expect([meta[`${arch}.ssm.conv_kernel`], meta[`${arch}.ssm.inner_size`], meta[`${arch}.ssm.state_size`], meta[`${arch}.ssm.group_count`], meta[`${arch}.ssm.time_step_rank`]]).toEqual([
      l.convKernel, inner, l.stateSize, l.groups, l.heads,
    ]);
    const blocks = a.layerPattern?.blocks ?? 'MMM*';
    // llama.cpp tells the layers apart by head_count_kv 0 (and, for nemotron_h, feed_forward_length 0 too)
    expect(meta[`${arch}.attention.head_count_kv`]).toEqual([...blocks].map((b) => (b === '*' ? a.kvHeads : 0)));
    const moe = a.moe;
    if (arch.startsWith('nemotron_h')) {
      expect(meta[`${arch}.feed_forward_length`]).toEqual([...blocks].map((b) => (b === '-' || b === 'E' ? (moe?.expertIntermediateSize ?? a.intermediateSize) : 0)));
      expect(meta[`${arch}.attention.layer_norm_epsilon`]).toBeGreaterThan(0);
      // one norm a layer, attn_norm, in front of whatever block the layer holds; no gate on the squared-ReLU FFNs
      expect(names.some((n) => n.includes('ffn_norm') || n.includes('ffn_gate.') || n.includes('ffn_gate_exps') || n.includes('ffn_gate_shexp'))).toBe(false);
      expect(shape('blk.1.attn_norm.weight')).toEqual([E]);
    } else {
      expect(meta[`${arch}.rope.scaling.finetuned`]).toBe(false);
      expect(shape('blk.0.ffn_norm.weight')).toEqual([E]);
    }
    if (moe) {
      const D = moe.latentSize ?? E;
      const S = moe.sharedExperts * moe.sharedExpertIntermediateSize;
      expect(shape('blk.1.ffn_up_exps.weight')).toEqual([D, moe.expertIntermediateSize, moe.experts]);
      expect(shape('blk.1.ffn_down_exps.weight')).toEqual([moe.expertIntermediateSize, D, moe.experts]);
      expect(shape('blk.1.ffn_latent_down.weight')).toEqual(moe.latentSize ? [E, D] : undefined);
      expect(shape('blk.1.ffn_latent_up.weight')).toEqual(moe.latentSize ? [D, E] : undefined);
      expect(shape('blk.1.ffn_up_shexp.weight')).toEqual([E, S]);
      expect(meta[`${arch}.expert_shared_feed_forward_length`]).toBe(S);
      expect(shape('blk.1.exp_probs_b.bias')).toEqual(arch === 'nemotron_h_moe' ? [moe.experts] : undefined);
      expect(meta[`${arch}.moe_latent_size`]).toBe(moe.latentSize);
    }
    // the project's reader gets the same model back
    const back = model.architecture;
    expect(back.linearAttention).toEqual(l);
    expect(back.layerPattern ?? null).toEqual(a.layerPattern ?? null);
    expect(back.moe).toEqual(moe);
    expect(back.ffnGated).toBe(a.ffnGated);
    // the estimator's bytes exactly, per type, plus nemotron_h_moe's selection biases
    const expected = weightBreakdown(a, quant);
    expect(model.weights.totalBytes).toBe(expected.totalBytes + hybridExtraBytes(a));
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
    // random: the embedding rows, the routers and the norm that feeds each (nemotron: the MoE layer's attn_norm)
    const moeLayers = [...Array(a.layers).keys()].filter((i) => (a.layerPattern ? blocks[i] === 'E' : moe !== null));
    const routerNorm = arch.startsWith('nemotron_h') ? 'attn_norm' : 'ffn_norm';
    const filled = s.fills.map((f) => f.tensor).filter((n) => n !== 'token_embd.weight');
    expect(filled.sort()).toEqual(moeLayers.flatMap((i) => [`blk.${i}.ffn_gate_inp.weight`, `blk.${i}.${routerNorm}.weight`]).sort());
  });

  it.each([
    ['lfm2', lfm2, 'Q4_K_M'],
    ['lfm2moe', lfm2moe, 'Q8_0'],
  ] as const)('%s: short convolutions in llama.cpp\'s names, shapes and keys, exactly the estimator\'s weights', async (name, a, q) => {
    const { s, header, model, quant } = await roundTrip(a, q, `short-conv-${name}`);
    const l = a.linearAttention;
    if (l?.kind !== 'short-conv') throw new Error('fixture');
    const arch = a.ggufArch;
    const E = a.hiddenSize;
    const meta = header.metadata;
    const shape = (n: string) => header.tensors.find((t) => t.name === n)?.shape;
    expect(s.writtenArch).toBe(arch);
    expect(shape('blk.0.shortconv.in_proj.weight')).toEqual([E, 3 * E]);
    expect(shape('blk.0.shortconv.conv.weight')).toEqual([l.convKernel, E]);
    expect(shape('blk.0.shortconv.out_proj.weight')).toEqual([E, E]);
    expect(shape('blk.0.attn_q.weight')).toBeUndefined();
    expect(shape('blk.2.attn_q.weight')).toEqual([E, E]);
    expect([shape('blk.2.attn_q_norm.weight'), shape('blk.2.attn_k_norm.weight')]).toEqual([[a.headDim], [a.headDim]]);
    expect(shape('token_embd_norm.weight')).toEqual([E]);
    expect(shape('output_norm.weight')).toBeUndefined();
    expect(meta[`${arch}.shortconv.l_cache`]).toBe(l.convKernel);
    expect(meta[`${arch}.attention.head_count_kv`]).toEqual([0, 0, a.kvHeads, 0, 0, a.kvHeads]);
    const moe = a.moe;
    if (moe) {
      expect(shape('blk.0.ffn_gate.weight')).toEqual([E, a.intermediateSize]);
      expect(shape('blk.1.ffn_gate_exps.weight')).toEqual([E, moe.expertIntermediateSize, moe.experts]);
      expect(shape('blk.1.exp_probs_b.bias')).toEqual([moe.experts]);
      expect([meta[`${arch}.feed_forward_length`], meta[`${arch}.expert_feed_forward_length`], meta[`${arch}.leading_dense_block_count`], meta[`${arch}.expert_gating_func`]]).toEqual([
        a.intermediateSize, moe.expertIntermediateSize, 1, 2,
      ]);
    }
    const back = model.architecture;
    expect(back.linearAttention).toEqual(l);
    expect(back.layerPattern).toEqual(a.layerPattern);
    expect(back.moe).toEqual(moe);
    expect(back.intermediateSize).toBe(a.intermediateSize);
    const expected = weightBreakdown(a, quant);
    expect(model.weights.totalBytes).toBe(expected.totalBytes + hybridExtraBytes(a));
    for (const [type, bytes] of Object.entries(expected.bytesByType)) if (type !== 'F32') expect(model.weights.bytesByType[type as keyof typeof expected.bytesByType]).toBe(bytes);
    const filled = s.fills.map((f) => f.tensor).filter((n) => n !== 'token_embd.weight');
    expect(filled.sort()).toEqual(moe ? [1, 2, 3, 4, 5].flatMap((i) => [`blk.${i}.ffn_gate_inp.weight`, `blk.${i}.ffn_norm.weight`]).sort() : []);
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
