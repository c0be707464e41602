import { describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../../../app/domain/model';
import { attnVCount, tensorType } from '../../../../app/estimator/quant-mix';
import { architectureTensors, countParameters, ggufHasOutput, tensorElements } from '../../../../app/estimator/tensors';
import type { TensorDesc } from '../../../../app/estimator/tensors';
import { model, quant } from '../../../helpers/models';

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
