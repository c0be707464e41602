import { describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { builtInCatalog } from '../../../../app/catalog/models';
import { findQuant } from '../../../../app/estimator/quant-types';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { synthesizeGguf, unsupportedReason } from '../../../../app/measure/synthetic-gguf';
import { base, moeSpec, syntheticWriter } from '../../../helpers/synthetic';

const { roundTrip } = syntheticWriter();

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

describe('synthetic GGUF writer', () => {
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
});
