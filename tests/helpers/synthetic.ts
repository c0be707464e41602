import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { ModelArchitecture } from '../../app/domain/model';
import { ggufToModel } from '../../app/estimator/gguf-model';
import { findQuant } from '../../app/estimator/quant-types';
import { synthesizeGguf } from '../../app/measure/synthetic-gguf';
import { writeSyntheticGguf } from '../../main/services/measure/synthetic-file';
import { readGgufHeader } from '../../main/services/local-models/gguf-header';

// Fixtures and helpers shared by the synthetic GGUF writer's tests (tests/unit/app/measure/synthetic-*.test.ts):
// small architectures in the shapes the writer lays out, and the bytes llama.cpp requires beside the estimator's list.

export const base: ModelArchitecture = {
  ggufArch: 'llama', layers: 6, hiddenSize: 512, intermediateSize: 1408, ffnGated: true, attentionHeads: 8, kvHeads: 2,
  headDim: 64, valueHeadDim: 64, vocabSize: 2048, tiedEmbeddings: false, moe: null, slidingWindow: null, mla: null, linearAttention: null, vision: null,
};
export const moeSpec = (o: Partial<NonNullable<ModelArchitecture['moe']>>) => ({ experts: 8, expertsPerToken: 2, sharedExperts: 1, expertIntermediateSize: 256, sharedExpertIntermediateSize: 256, denseLayers: 0, moeLayerStep: 1, ...o });

// Gated DeltaNet hybrids: three linear-attention layers, then one gated full-attention layer (Qwen3.5's pattern).
export const qwen35: ModelArchitecture = {
  ...base, ggufArch: 'qwen35', layers: 8, tiedEmbeddings: true, attentionOutputGate: true,
  linearAttention: { kind: 'gated-deltanet', layers: 6, convKernel: 4, keyHeads: 2, valueHeads: 4, keyHeadDim: 64, valueHeadDim: 64 },
};
export const qwen35moe: ModelArchitecture = { ...qwen35, ggufArch: 'qwen35moe', tiedEmbeddings: false, intermediateSize: null, moe: { experts: 8, expertsPerToken: 2, sharedExperts: 1, expertIntermediateSize: 256, sharedExpertIntermediateSize: 256, denseLayers: 0, moeLayerStep: 1 } };
export const qwen3next: ModelArchitecture = { ...qwen35moe, ggufArch: 'qwen3next' };

// Mamba-2 hybrids: granitehybrid (a Mamba-2 or attention mixer, then an FFN, in every layer: 3 Mamba-2 layers, the
// 4th attention; inner = 2 x hidden), its MoE with a shared expert; nemotron_h (one block a layer: M, *, -) and
// nemotron_h_moe (M, *, E) with Nemotron 3 Super's latent MoE. Short convolutions: lfm2, lfm2moe (a dense first layer).
export const mamba2Spec = { kind: 'mamba2' as const, layers: 3, convKernel: 4, heads: 16, headDim: 64, stateSize: 64, groups: 1 };
export const granite: ModelArchitecture = { ...base, ggufArch: 'granitehybrid', layers: 4, tiedEmbeddings: true, linearAttention: mamba2Spec };
export const graniteMoe: ModelArchitecture = { ...granite, intermediateSize: null, moe: moeSpec({ sharedExpertIntermediateSize: 512 }) };
export const nemotron: ModelArchitecture = {
  ...base, ggufArch: 'nemotron_h', layers: 7, ffnGated: false, linearAttention: { ...mamba2Spec, layers: 4, groups: 4 }, layerPattern: { blocks: 'M-M*M-M', mixerFfn: false },
};
export const nemotronMoe: ModelArchitecture = {
  ...nemotron, ggufArch: 'nemotron_h_moe', intermediateSize: null, moe: moeSpec({ sharedExpertIntermediateSize: 512, latentSize: 128 }), layerPattern: { blocks: 'MEM*MEM', mixerFfn: false },
};
export const lfm2: ModelArchitecture = { ...base, ggufArch: 'lfm2', layers: 6, tiedEmbeddings: true, linearAttention: { kind: 'short-conv', layers: 4, convKernel: 3 }, layerPattern: { blocks: 'MM*MM*', mixerFfn: true } };
export const lfm2moe: ModelArchitecture = { ...lfm2, ggufArch: 'lfm2moe', moe: moeSpec({ sharedExperts: 0, sharedExpertIntermediateSize: 0, denseLayers: 1 }) };
/**
 * The F32 tensors llama.cpp requires beside the estimator's list of these hybrids: exp_probs_b [experts] on each
 * MoE layer of nemotron_h_moe and lfm2moe; attn_q_norm and attn_k_norm [head size] on each lfm2 attention layer.
 */
export function hybridExtraBytes(a: ModelArchitecture): number {
  const blocks = a.layerPattern?.blocks ?? '';
  const moeLayers = a.ggufArch === 'nemotron_h_moe' ? [...blocks].filter((b) => b === 'E').length : a.ggufArch === 'lfm2moe' ? a.layers - (a.moe?.denseLayers ?? 0) : 0;
  const attention = a.ggufArch.startsWith('lfm2') ? a.layers - (a.linearAttention?.layers ?? 0) : 0;
  return (moeLayers * (a.moe?.experts ?? 0) + attention * 2 * a.headDim) * 4;
}

// Gemma 4 (llama.cpp gemma4): 5 sliding layers of head 64, the last full with 1 KV head of 128 and K = V.
export const gemma4: ModelArchitecture = {
  ...base, ggufArch: 'gemma4', tiedEmbeddings: true, slidingWindow: { windowTokens: 512, slidingLayers: 5 }, globalAttention: { kvHeads: 1, headDim: 128, kEqV: true },
};

/** Bytes of the 1-D F32 tensors llama.cpp requires beside the estimator's list (gemma3's and the DeltaNet hybrids' extra norms). */
export function extraNormBytes(a: ModelArchitecture): number {
  if (a.slidingWindow) return a.layers * (2 * a.headDim + 2 * a.hiddenSize) * 4;
  if (!a.linearAttention) return 0;
  const attentionLayers = a.layers - a.linearAttention.layers;
  // attn_q_norm and attn_k_norm [head dim] on each attention layer; ffn_gate_inp_shexp [hidden] on each MoE layer
  return attentionLayers * 2 * a.headDim * 4 + (a.moe ? a.layers * a.hiddenSize * 4 : 0);
}

/**
 * A temporary folder for one test file's synthetic GGUF files, removed after its tests, and `roundTrip`: write a
 * synthetic file there and read it back with the project's reader.
 */
export function syntheticWriter() {
  const dir = mkdtempSync(join(tmpdir(), 'synthetic-gguf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

  return { dir, roundTrip };
}
