import { describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { builtInCatalog } from '../../../../app/catalog/models';
import { findQuant } from '../../../../app/estimator/quant-types';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { synthesizeGguf, unsupportedReason } from '../../../../app/measure/synthetic-gguf';
import { gemma4, moeSpec, syntheticWriter } from '../../../helpers/synthetic';

const { roundTrip } = syntheticWriter();

// Gemma 4's MoE with the dense MLP beside the experts; an E model with per-layer embeddings, the last 2 layers sharing
// KV, a double-wide MLP.
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

describe('synthetic GGUF writer', () => {
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
});
