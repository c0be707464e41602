import { describe, expect, it } from 'vitest';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { hybridExtraBytes, lfm2, lfm2moe, syntheticWriter } from '../../../helpers/synthetic';

const { roundTrip } = syntheticWriter();

describe('synthetic GGUF writer', () => {
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
});
