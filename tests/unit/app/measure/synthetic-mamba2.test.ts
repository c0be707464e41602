import { describe, expect, it } from 'vitest';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { granite, graniteMoe, hybridExtraBytes, nemotron, nemotronMoe, syntheticWriter } from '../../../helpers/synthetic';

const { roundTrip } = syntheticWriter();

describe('synthetic GGUF writer', () => {
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
});
