import { describe, expect, it } from 'vitest';
import { architectureTensors, countParameters, hasFfn, isMoeLayer, isRecurrentLayer, layerBlock, tensorElements } from '../../../../app/estimator/tensors';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { model } from '../../../helpers/models';

const elementsOf = (a: ModelArchitecture, layer: number): number =>
  architectureTensors(a)
    .filter((t) => t.layer === layer)
    .reduce((sum, t) => sum + tensorElements(t), 0);

describe('Nemotron-H: each layer holds one block of its pattern', () => {
  const arch = model('nvidia-nemotron-nano-9b-v2').architecture;

  it('reads the blocks from hybrid_override_pattern, not from an even spread', () => {
    // M-M-M-MM-M-M-M*-...: layers 0 Mamba, 1 MLP, 6 and 7 Mamba, 14 attention
    expect([0, 1, 6, 7, 14].map((i) => layerBlock(arch, i))).toEqual(['M', '-', 'M', 'M', '*']);
    expect(isRecurrentLayer(arch, 1)).toBe(false);
    expect(hasFfn(arch, 0)).toBe(false);
    expect(hasFfn(arch, 1)).toBe(true);
    expect(hasFfn(arch, 14)).toBe(false);
  });

  it('a Mamba-2 layer: norm, ssm_in, conv1d, ssm_out (llama-model.cpp LLM_ARCH_NEMOTRON_H shapes)', () => {
    const dInner = 128 * 80;
    const groups = 2 * 8 * 128;
    // ssm_in {4480, 2 d_inner + 2 n_group d_state + n_head}, ssm_conv1d {4, d_inner + 2 n_group d_state}, ssm_out {d_inner, 4480}
    const expected = 4480 + 4480 * (2 * dInner + groups + 128) + 4 * (dInner + groups) + dInner * 4480;
    expect(elementsOf(arch, 0)).toBe(expected);
    expect(expected).toBe(147_427_712);
  });

  it('an MLP layer: norm, up and down of 15680, squared ReLU so no gate', () => {
    expect(elementsOf(arch, 1)).toBe(4480 + 2 * 4480 * 15680);
    expect(architectureTensors(arch).some((t) => t.role === 'ffn_gate')).toBe(false);
  });

  it('an attention layer: norm, q (40 x 128), k and v (8 x 128), output; no FFN of its own', () => {
    expect(elementsOf(arch, 14)).toBe(4480 + 4480 * 5120 + 2 * 4480 * 1024 + 5120 * 4480);
  });

  it('counts 8,887,608,704 parameters: 27 Mamba, 25 MLP and 4 attention layers, untied embeddings', () => {
    const mamba = 147_427_712;
    const mlp = 4480 + 2 * 4480 * 15680;
    const attention = 4480 + 2 * 4480 * 5120 + 2 * 4480 * 1024;
    const embeddings = 2 * 131072 * 4480 + 4480;
    expect(countParameters(arch).total).toBe(27 * mamba + 25 * mlp + 4 * attention + embeddings);
    expect(countParameters(arch).total).toBe(8_887_608_704);
  });

  it('Nemotron 3 Nano: E layers route to 128 squared-ReLU experts plus an ungated shared expert', () => {
    const nano = model('nvidia-nemotron-3-nano-30b-a3b').architecture;
    expect(layerBlock(nano, 1)).toBe('E');
    expect(isMoeLayer(nano, 1)).toBe(true);
    expect(isMoeLayer(nano, 0)).toBe(false);
    // norm, router {2688, 128}, up and down experts {2688 x 1856 x 128}, shared up and down {2688 x 3712}
    expect(elementsOf(nano, 1)).toBe(2688 + 2688 * 128 + 2 * 2688 * 1856 * 128 + 2 * 2688 * 3712);
  });
});

describe('LFM2: every layer a short convolution or attention, then the FFN', () => {
  const arch = model('lfm2-1.2b').architecture;

  it('a conv layer: in_proj to 3 x hidden, a 3-tap depthwise kernel, out_proj, then the SwiGLU FFN of 8192', () => {
    const conv = 2048 + 2048 * 3 * 2048 + 3 * 2048 + 2048 * 2048;
    const ffn = 2048 + 3 * 2048 * 8192;
    expect(elementsOf(arch, 0)).toBe(conv + ffn);
    // the kernel stays F32 (llama-quant.cpp leaves shortconv.conv.weight unquantized)
    const kernel = architectureTensors(arch).find((t) => t.layer === 0 && t.ne0 === 3);
    expect(kernel?.quantizable).toBe(false);
  });

  it('attention sits at full_attn_idxs 2, 5, 8, 10, 12, 14', () => {
    const attention = Array.from({ length: 16 }, (_, i) => i).filter((i) => layerBlock(arch, i) === '*');
    expect(attention).toEqual([2, 5, 8, 10, 12, 14]);
  });

  it('counts 1,170,339,840 parameters: 768 short of the GGUF count, the q/k norms it leaves out', () => {
    expect(countParameters(arch).total).toBe(1_170_340_608 - 6 * 2 * 64);
  });

  it('LFM2-8B-A1B: the first two FFNs dense, the rest 32 experts', () => {
    const moe = model('lfm2-8b-a1b').architecture;
    expect([0, 1, 2, 23].map((i) => isMoeLayer(moe, i))).toEqual([false, false, true, true]);
  });
});

describe('DeepSeek Sparse Attention: the lightning indexer weights', () => {
  it('DeepSeek V3.2 adds wq_b, wk, k_norm (weight and bias) and weights_proj to each of its 61 layers', () => {
    const v32 = countParameters(model('deepseek-v3.2').architecture).total;
    const v31 = countParameters(model('deepseek-v3.1-terminus').architecture).total;
    // {1536, 64 x 128} + {7168, 128} + 2 x 128 + {7168, 64}
    const perLayer = 1536 * 8192 + 7168 * 128 + 2 * 128 + 7168 * 64;
    expect(perLayer).toBe(13_959_424);
    expect(v32 - v31).toBe(61 * perLayer);
  });
});
