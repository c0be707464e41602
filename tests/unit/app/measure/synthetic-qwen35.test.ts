import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../../app/catalog/models';
import { findQuant } from '../../../../app/estimator/quant-types';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { synthesizeGguf, unsupportedReason } from '../../../../app/measure/synthetic-gguf';
import { extraNormBytes, qwen35, qwen35moe, qwen3next, syntheticWriter } from '../../../helpers/synthetic';

const { roundTrip } = syntheticWriter();

describe('synthetic GGUF writer', () => {
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
});
