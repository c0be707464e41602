import { describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { attnVCount, tensorType } from '../../../../app/estimator/quant-mix';
import { architectureTensors, countParameters, ggufHasOutput, hasFfn, isGlobalShapedLayer, isMoeLayer, isRecurrentLayer, layerBlock, tensorElements } from '../../../../app/estimator/tensors';
import type { TensorDesc } from '../../../../app/estimator/tensors';
import { model, quant } from '../../../helpers/models';

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

  it('a Mamba-2 layer: norm, ssm_in, conv1d and its bias, dt bias, A, D, the grouped norm, ssm_out (llama-model.cpp LLM_ARCH_NEMOTRON_H shapes)', () => {
    const dInner = 128 * 80;
    const groups = 2 * 8 * 128;
    // ssm_in {4480, 2 d_inner + 2 n_group d_state + n_head}, ssm_conv1d {4, d_inner + 2 n_group d_state} and its bias,
    // ssm_dt bias, ssm_a and ssm_d {n_head}, ssm_norm {d_inner}, ssm_out {d_inner, 4480}
    const vectors = dInner + groups + 3 * 128 + dInner;
    const expected = 4480 + 4480 * (2 * dInner + groups + 128) + 4 * (dInner + groups) + vectors + dInner * 4480;
    expect(elementsOf(arch, 0)).toBe(expected);
    expect(expected).toBe(147_450_624);
  });

  it('an MLP layer: norm, up and down of 15680, squared ReLU so no gate', () => {
    expect(elementsOf(arch, 1)).toBe(4480 + 2 * 4480 * 15680);
    expect(architectureTensors(arch).some((t) => t.role === 'ffn_gate')).toBe(false);
  });

  it('an attention layer: norm, q (40 x 128), k and v (8 x 128), output; no FFN of its own', () => {
    expect(elementsOf(arch, 14)).toBe(4480 + 4480 * 5120 + 2 * 4480 * 1024 + 5120 * 4480);
  });

  it('counts 8,888,227,328 parameters: 27 Mamba, 25 MLP and 4 attention layers, untied embeddings', () => {
    const mamba = 147_450_624;
    const mlp = 4480 + 2 * 4480 * 15680;
    const attention = 4480 + 2 * 4480 * 5120 + 2 * 4480 * 1024;
    const embeddings = 2 * 131072 * 4480 + 4480;
    expect(countParameters(arch).total).toBe(27 * mamba + 25 * mlp + 4 * attention + embeddings);
    expect(countParameters(arch).total).toBe(8_888_227_328);
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

describe('Nemotron 3 Super: LatentMoE', () => {
  const sup = model('nvidia-nemotron-3-super-120b-a12b').architecture;

  it('an E layer routes on the hidden width, runs 512 experts in the 1024-wide latent space, and projects in and out', () => {
    expect(layerBlock(sup, 1)).toBe('E');
    // norm, router {4096, 512}, ffn_latent_down {4096, 1024}, up and down experts {1024 x 2688 x 512},
    // ffn_latent_up {1024, 4096}, shared up and down on the hidden width {4096 x 5376} (llama.cpp nemotron_h_moe)
    expect(elementsOf(sup, 1)).toBe(4096 + 4096 * 512 + 4096 * 1024 + 2 * 1024 * 2688 * 512 + 1024 * 4096 + 2 * 4096 * 5376);
    const latent = architectureTensors(sup).filter((t) => t.layer === 1 && t.role === 'ffn_latent');
    expect(latent.map((t) => [t.ne0, t.ne1, t.routedExperts])).toEqual([
      [4096, 1024, false],
      [1024, 4096, false],
    ]);
    // Quantized at the file's type: llama-quant.cpp's ffn_down / ffn_up rules do not match ffn_latent_* names.
    for (const t of latent) expect(tensorType(t, { arch: sup, quant: quant('Q4_K_M'), attnVIndex: 0, attnVCount: attnVCount(architectureTensors(sup)) })).toBe('Q4_K');
  });

  it('counts 120.67B parameters, block by block as llama.cpp shapes them (NVIDIA states 120B)', () => {
    const E = 4096;
    const dInner = 128 * 64;
    const groups = 2 * 8 * 128;
    // norm, ssm_in, conv1d and its bias, dt bias, A, D, the grouped norm, ssm_out
    const mamba = E + E * (2 * dInner + groups + 128) + 4 * (dInner + groups) + (dInner + groups) + 3 * 128 + dInner + dInner * E;
    // norm, q, k and v (2 KV heads of 128), output
    const attention = E + E * E + 2 * E * 256 + E * E;
    // norm, router, latent down, 512 experts' up and down in the latent space, latent up, the shared expert
    const moe = E + E * 512 + E * 1024 + 2 * 1024 * 2688 * 512 + 1024 * E + 2 * E * 5376;
    const total = 2 * 131072 * E + E + 40 * mamba + 8 * attention + 40 * moe;
    expect(countParameters(sup).total).toBe(total);
    expect(Math.abs(countParameters(sup).total / 120e9 - 1)).toBeLessThan(0.01);
  });
});

describe('Step-3.5-Flash: full-attention layers with their own query heads', () => {
  const step = model('step-3.5-flash').architecture;
  const rows = (layer: number, role: string) => architectureTensors(step).filter((t) => t.layer === layer && t.role === role);

  it('gives the 12 full-attention layers 64 query heads and the 33 sliding ones 96, with 8 KV heads of 128 on both', () => {
    const full = Array.from({ length: 45 }, (_, i) => i).filter((i) => isGlobalShapedLayer(step, i));
    expect(full).toHaveLength(12);
    const sliding = Array.from({ length: 45 }, (_, i) => i).find((i) => !isGlobalShapedLayer(step, i)) ?? -1;
    expect(rows(full[0] ?? -1, 'attn_q')[0]?.ne1).toBe(64 * 128);
    expect(rows(full[0] ?? -1, 'attn_output')[0]?.ne0).toBe(64 * 128);
    expect(rows(sliding, 'attn_q')[0]?.ne1).toBe(96 * 128);
    expect(rows(sliding, 'attn_output')[0]?.ne0).toBe(96 * 128);
    expect(rows(full[0] ?? -1, 'attn_k')[0]?.ne1).toBe(8 * 128);
    expect(rows(sliding, 'attn_k')[0]?.ne1).toBe(8 * 128);
  });

  it('counts 196.94B parameters block by block (the model card states 196B; the head-wise gate and MTP layers are left out)', () => {
    const E = 4096;
    const attention = (heads: number) => E + 2 * E * heads * 128 + 2 * E * 8 * 128;
    const dense = E + 3 * E * 11264;
    const moe = E + E * 288 + 3 * E * 1280 * 288 + 3 * E * 1280;
    const total = 2 * 128896 * E + E + 12 * attention(64) + 33 * attention(96) + 3 * dense + 42 * moe;
    expect(countParameters(step).total).toBe(total);
    expect(Math.abs(total / 196e9 - 1)).toBeLessThan(0.01);
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

const roles = (a: ModelArchitecture, role: TensorDesc['role']) => architectureTensors(a).filter((x) => x.role === role);

describe('the output matrix of a GGUF file', () => {
  const qwen3 = model('qwen3-0.6b').architecture;

  it('exists for untied models and for tied ones whose checkpoint still stores lm_head (Qwen3 0.6B)', () => {
    expect(ggufHasOutput({ ...qwen3, tiedEmbeddings: false, lmHeadStored: undefined })).toBe(true);
    expect(ggufHasOutput({ ...qwen3, lmHeadStored: true })).toBe(true);
    expect(ggufHasOutput({ ...qwen3, lmHeadStored: undefined })).toBe(false);
    expect(roles(qwen3, 'output')).toHaveLength(1);
    expect(roles({ ...qwen3, lmHeadStored: undefined }, 'output')).toHaveLength(0);
  });

  it('is a copy of token_embd, not parameters of its own: the count stays the tied model\'s', () => {
    // Qwen3 0.6B: 596,049,920 with tied embeddings (the catalog's total), whether or not the file repeats lm_head
    expect(countParameters(qwen3).total).toBe(countParameters({ ...qwen3, lmHeadStored: undefined }).total);
  });

  it('gives token_embd the base type when the file has an output, the output type when it doubles as one', () => {
    const q = quant('Q4_K_M');
    const embd = (a: ModelArchitecture) => {
      const x = roles(a, 'token_embd')[0];
      if (!x) throw new Error('no token_embd');
      return tensorType(x, { arch: a, quant: q, attnVIndex: 0, attnVCount: 28 });
    };
    expect(embd(qwen3)).toBe('Q4_K');
    expect(embd({ ...qwen3, lmHeadStored: undefined })).toBe('Q6_K');
  });
});

describe('gated attention (Qwen3-Next, Qwen3.5)', () => {
  const a = model('qwen3.5-27b').architecture;

  it('makes attn_q twice as tall: query and gate', () => {
    const q = roles(a, 'attn_q')[0];
    expect(q?.ne1).toBe(2 * 24 * 256);
    expect(roles({ ...a, attentionOutputGate: undefined }, 'attn_q')[0]?.ne1).toBe(24 * 256);
  });

  it('reproduces llama.cpp\'s parameter count of Qwen3.5 27B (26,895,998,464) but for its q/k norms', () => {
    // llama.cpp loading Qwen3.5-27B-Q4_K_M: "26,895,998,464 parameters"; the estimator leaves out the 16 x 2 x 256
    // attn_q_norm / attn_k_norm weights of the attention layers
    const text = countParameters(a).total - (a.vision?.encoderParams ?? 0);
    expect(26_895_998_464 - text).toBe(8_192);
  });

  it('counts every attn_v and attn_qkv tensor in n_attention_wv (16 + 48 for Qwen3.5 27B)', () => {
    expect(attnVCount(architectureTensors(a))).toBe(64);
    expect(attnVCount(architectureTensors(model('llama-3.1-8b-instruct').architecture))).toBe(32);
  });
});

describe('per-layer embeddings, AltUp and LAuReL (Gemma 3n)', () => {
  const e2b = model('gemma-3n-e2b-it').architecture;

  it('keep per_layer_model_proj, altup and laurel 16-bit and the AltUp coefficients F32 in every file type', () => {
    const q = quant('Q4_K_M');
    const kept = architectureTensors(e2b).filter((x) => !x.quantizable && x.ne1 > 1);
    const types = new Set(kept.map((x) => tensorType(x, { arch: e2b, quant: q, attnVIndex: 0, attnVCount: 30 })));
    expect(types).toEqual(new Set(['F16', 'F32']));
    // per_layer_model_proj [2048, 30 x 256] and altup_proj / altup_unembd_proj [2048, 2048, 3]
    const global = roles(e2b, 'unquantized').filter((x) => x.layer === null);
    expect(global.map(tensorElements)).toEqual([2048 * 7680, 2048 * 2048 * 3, 2048 * 2048 * 3]);
  });

  it('add 276,560 parameters a layer: router, coefficients, laurel pair and their norms', () => {
    // altup_correct_coef 16 + correct_scale 2048 + predict_coef 64 + router 8192 + router_norm 2048
    // + laurel_l 131,072 + laurel_r 131,072 + laurel_post_norm 2048
    const perLayer = architectureTensors(e2b).filter((x) => x.layer === 0);
    const without = architectureTensors({ ...e2b, altUp: null }).filter((x) => x.layer === 0);
    const sum = (xs: readonly TensorDesc[]) => xs.reduce((s, x) => s + tensorElements(x), 0);
    expect(sum(perLayer) - sum(without)).toBe(276_560);
  });

  it('give E2B 4.456 B text parameters (an ExecuTorch export of it states 4.46 B)', () => {
    expect(countParameters(e2b).total - 300_000_000).toBe(4_456_018_528);
  });
});
