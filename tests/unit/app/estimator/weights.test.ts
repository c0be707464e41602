import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bitsPerWeight, fallbackForRow, typeBytes } from '../../../../app/estimator/ggml-types';
import { useMoreBits } from '../../../../app/estimator/quant-mix';
import { countParameters } from '../../../../app/estimator/tensors';
import { denseAt, expertsAt, moeLayersAt, weightBreakdown, weightPrefix } from '../../../../app/estimator/weights';
import { parseCsv } from '../../../../scripts/calibration';
import { model, quant } from '../../../helpers/models';

const GIB = 1024 ** 3;

describe('ggml storage types', () => {
  it('have the block sizes of ggml-common.h', () => {
    expect(bitsPerWeight('Q4_K')).toBe(4.5);
    expect(bitsPerWeight('Q6_K')).toBe(6.5625);
    expect(bitsPerWeight('Q8_0')).toBe(8.5);
    expect(bitsPerWeight('IQ2_XXS')).toBe(2.0625);
    expect(bitsPerWeight('MXFP4')).toBe(4.25);
    expect(typeBytes('Q4_K', 4096 * 4096)).toBe(4096 * 16 * 144);
  });

  it('fall back when the row length is not a multiple of the block', () => {
    expect(fallbackForRow('Q4_K', 896)).toBe('Q5_0');
    expect(fallbackForRow('Q6_K', 896)).toBe('Q8_0');
    expect(fallbackForRow('IQ2_XXS', 896)).toBe('IQ4_NL');
    expect(fallbackForRow('Q4_K', 4096)).toBe('Q4_K');
    expect(fallbackForRow('Q8_0', 100)).toBe('F16');
  });

  it('use_more_bits picks 16 of 32 layers', () => {
    const picked = Array.from({ length: 32 }, (_, i) => i).filter((i) => useMoreBits(i, 32));
    expect(picked).toEqual([0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31]);
  });
});

describe('GGUF weight sizes against real files', () => {
  // llama.cpp tools/quantize/README.md (Llama 3.1 8B) and the Llama 3 70B size table: ../shared/calibration/memory.csv
  const rows = parseCsv(readFileSync(resolve(__dirname, '../../../fixtures/calibration/memory.csv'), 'utf8'));

  it('every Llama 3.1 8B size of the quantize README is within 3 % (in fact within 1 %)', () => {
    const table = rows.filter((r) => (r['model'] ?? '').startsWith('Llama-3.1-8B'));
    expect(table.length).toBeGreaterThanOrEqual(20);
    for (const r of table) {
      const measured = Number(/^([0-9.]+) GiB/.exec(r['file_size_bytes_or_gb'] ?? '')?.[1]) * GIB;
      const predicted = weightBreakdown(model('llama-3.1-8b-instruct').architecture, quant(r['quant'] ?? '')).totalBytes;
      expect(Math.abs(predicted - measured) / measured, r['quant']).toBeLessThan(0.01);
    }
  });

  it('Llama 3 70B sizes (with llama.cpp\'s 70B attn_v bump) are within 0.5 %', () => {
    const table = rows.filter((r) => (r['model'] ?? '').startsWith('Meta-Llama-3 70B') && / GiB$/.test(r['file_size_bytes_or_gb'] ?? ''));
    expect(table.length).toBeGreaterThanOrEqual(20);
    for (const r of table) {
      const measured = Number(/^([0-9.]+) GiB/.exec(r['file_size_bytes_or_gb'] ?? '')?.[1]) * GIB;
      const predicted = weightBreakdown(model('llama-3.1-70b-instruct').architecture, quant(r['quant'] ?? '')).totalBytes;
      expect(Math.abs(predicted - measured) / measured, r['quant']).toBeLessThan(0.005);
    }
  });

  it('Q4_K_M is not parameters x 4.5 bits: the Q6_K tensors and the output make it bigger', () => {
    const arch = model('llama-3.1-8b-instruct').architecture;
    const w = weightBreakdown(arch, quant('Q4_K_M'));
    expect(w.totalBytes).toBeGreaterThan((countParameters(arch).total * 4.5) / 8);
    expect(w.bytesByType.Q6_K).toBeGreaterThan(0);
    expect(w.bytesByType.F32).toBeGreaterThan(0);
  });

  it('a mixture-of-experts model reads only its active experts per token', () => {
    const arch = model('qwen3-30b-a3b').architecture;
    const w = weightBreakdown(arch, quant('Q4_K_M'));
    expect(w.activeBytesPerToken / w.totalBytes).toBeLessThan(0.15);
    expect(w.layerExpertBytes.every((b) => b > 0)).toBe(true);
    const p = countParameters(arch);
    expect(p.total).toBeGreaterThan(30e9);
    expect(p.active).toBeLessThan(4e9);
  });

  it('MXFP4_MOE puts expert tensors in MXFP4 and the rest in Q8_0 (gpt-oss)', () => {
    const w = weightBreakdown(model('gpt-oss-20b').architecture, quant('MXFP4_MOE'));
    expect(Object.keys(w.bytesByType).sort()).toEqual(['F32', 'MXFP4', 'Q8_0']);
    expect(w.totalBytes / GIB).toBeGreaterThan(10);
    expect(w.totalBytes / GIB).toBeLessThan(13);
  });

  it('a dense model reads all of its weights per token', () => {
    const w = weightBreakdown(model('llama-3.1-8b-instruct').architecture, quant('Q8_0'));
    expect(w.activeBytesPerToken).toBeCloseTo(w.totalBytes - w.tokenEmbdBytes, -3);
  });
});

describe('legacy quantizations against real files', () => {
  // Qwen3-4B as its GGUF metadata states it (36 layers, hidden 2560, FFN 9728, 32 heads, 8 KV heads of 128, vocab
  // 151936, tied embeddings); file sizes from bartowski/Qwen_Qwen3-4B-GGUF's README (llama.cpp b5200, imatrix, GB = 1e9).
  const qwen3_4b = {
    ...model('qwen3-8b').architecture,
    layers: 36,
    hiddenSize: 2560,
    intermediateSize: 9728,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    valueHeadDim: 128,
    vocabSize: 151936,
    tiedEmbeddings: true,
  };
  it.each([
    ['Q4_0', 2.38],
    ['Q4_1', 2.6],
    ['Q4_K_M', 2.5],
    ['Q5_K_M', 2.89],
    ['Q8_0', 4.28],
  ])('Qwen3-4B %s is %f GB within 1 %% (the README rounds to 10 MB)', (q, gb) => {
    const bytes = weightBreakdown(qwen3_4b, quant(q)).totalBytes;
    expect(Math.abs(bytes / 1e9 - gb) / gb).toBeLessThan(0.01);
  });

  it('Q5_1 stores 6 bits a weight (32 weights in 24 bytes) and Q4_1 5 (20 bytes)', () => {
    expect(bitsPerWeight('Q5_1')).toBe(6);
    expect(bitsPerWeight('Q4_1')).toBe(5);
  });
});

describe('small tied models against real files (Qwen3 0.6B / 1.7B)', () => {
  // Qwen3 0.6B: 28 layers, hidden 1024, FFN 3072, 16 heads and 8 KV heads of 128, vocab 151,936.
  // Q4_K = 144 bytes / 256 weights, Q6_K = 210 / 256; use_more_bits(i, 28) holds for 14 layers.
  const E = 1024;
  const V = 151936;
  const q4 = 144 / 256;
  const q6 = 210 / 256;
  const layerQ4 = (2 * E * 2048 + 2 * E * 1024 + 3 * E * 3072) * q4; // q, o, k, v, gate, up, down: 8,847,360
  const bump = (E * 1024 + 3072 * E) * (q6 - q4) * 14; // attn_v and ffn_down in Q6_K on 14 layers: 15,138,816
  const norms = 28 * 2 * E * 4 + E * 4; // F32 attn/ffn norms and output_norm
  const tiedBytes = E * V * q6 + 28 * layerQ4 + bump + norms; // token_embd doubles as the output: Q6_K
  const storedBytes = E * V * q4 + E * V * q6 + 28 * layerQ4 + bump + norms; // token_embd Q4_K + output.weight Q6_K

  it('hand-computed: 478,239,744 bytes with the stored lm_head, 390,724,608 without', () => {
    expect(storedBytes).toBe(478_239_744);
    expect(tiedBytes).toBe(390_724_608);
    const arch = model('qwen3-0.6b').architecture;
    expect(weightBreakdown(arch, quant('Q4_K_M')).totalBytes).toBe(storedBytes);
    expect(weightBreakdown({ ...arch, lmHeadStored: undefined }, quant('Q4_K_M')).totalBytes).toBe(tiedBytes);
  });

  it('matches llama.cpp\'s tensor bytes of both kinds of file, but for 28,672 bytes of q/k norms', () => {
    // bartowski's Qwen_Qwen3-0.6B-Q4_K_M.gguf (converted from Qwen's checkpoint, which stores lm_head): llama.cpp
    // reports 478,268,416 tensor bytes and 751,632,384 parameters; unsloth's Qwen3-0.6B-Q4_K_M.gguf (a checkpoint
    // re-saved without lm_head): llama-bench model_size 390,753,280, 596,049,920 parameters. The estimator leaves out
    // the 28 x 2 x 128 F32 attn_q_norm / attn_k_norm weights.
    expect(478_268_416 - storedBytes).toBe(28 * 2 * 128 * 4);
    expect(390_753_280 - tiedBytes).toBe(28 * 2 * 128 * 4);
  });

  it('Qwen3 1.7B Q4_K_M is the 1.19 GiB llama-bench prints for files with output.weight (1.03 GiB without)', () => {
    // public llama-bench rows: "qwen3 1.7B Q4_K - Medium | 1.19 GiB | 2.03 B" and "| 1.03 GiB | 1.72 B"
    const arch = model('qwen3-1.7b').architecture;
    expect(weightBreakdown(arch, quant('Q4_K_M')).totalBytes / GIB).toBeCloseTo(1.19, 2);
    expect(weightBreakdown({ ...arch, lmHeadStored: undefined }, quant('Q4_K_M')).totalBytes / GIB).toBeCloseTo(1.03, 2);
  });
});

describe('hybrid models against real files', () => {
  it('Qwen3-Next 80B-A3B Q4_K_M is within 0.2 % of the 45.10 GiB llama-bench printed', () => {
    // ggml-org/llama.cpp PR #16095 (2025-11-28): "qwen3next ?B Q4_K - Medium | 45.10 GiB | 79.67 B"; with the gated
    // attn_q (79.67 B parameters, as printed) the estimate is 45.15 GiB
    const bytes = weightBreakdown(model('qwen3-next-80b-a3b-instruct').architecture, quant('Q4_K_M')).totalBytes;
    expect(Math.abs(bytes / GIB - 45.1) / 45.1).toBeLessThan(0.002);
  });

  it.each([
    ['qwen3.5-4b', 2.51],
    ['qwen3.5-9b', 5.23],
    ['qwen3.5-27b', 15.39],
  ])('%s Q4_K_M is the %f GiB llama-bench prints for it (gated attn_q included)', (id, gib) => {
    // public llama-bench rows "qwen35 4B Q4_K - Medium | 2.51 GiB | 4.21 B", "qwen35 9B ... | 5.23 GiB | 8.95 B",
    // "qwen35 27B ... | 15.39 GiB | 26.90 B" (other rows of 2.54-2.70, 5.28-5.55 and 15.9-17.7 GiB are other recipes)
    const bytes = weightBreakdown(model(id).architecture, quant('Q4_K_M')).totalBytes;
    expect(Math.abs(bytes / GIB - gib)).toBeLessThan(0.005);
  });

  it.each([
    ['granite-4.0-h-micro', 'Q4_K_M', 1.81],
    ['granite-4.0-h-tiny', 'IQ4_XS', 3.49],
  ])('%s %s is the %f GiB llama-bench prints (Mamba-2 layers at the base type, their 1-D tensors F32)', (id, q, gib) => {
    // public llama-bench rows "granitehybrid 3B Q4_K - Medium | 1.81 GiB | 3.19 B" and
    // "granitehybrid 7B.A1B IQ4_XS - 4.25 bpw | 3.49 GiB | 6.94 B"
    const arch = model(id).architecture;
    expect(Math.abs(weightBreakdown(arch, quant(q)).totalBytes / GIB - gib)).toBeLessThan(0.005);
  });

  it('reproduces llama.cpp\'s parameter count of Granite 4.0 H Micro exactly (3,191,396,096, the HF count too)', () => {
    expect(countParameters(model('granite-4.0-h-micro').architecture).total).toBe(3_191_396_096);
  });
});

describe('Gemma 3n against a real file', () => {
  it('E4B Q8_0 is the 6.84 GiB and 6.87 B text parameters llama-bench prints for ggml-org\'s file', () => {
    // mixa3607/llama.cpp-gfx906 README: ggml-org/gemma-3n-E4B-it-GGUF gemma-3n-E4B-it-Q8_0.gguf,
    // "gemma3n E4B Q8_0 | 6.84 GiB | 6.87 B". AltUp, LAuReL and per_layer_model_proj stay 16-bit / F32 in it.
    const arch = model('gemma-3n-e4b-it').architecture;
    const bytes = weightBreakdown(arch, quant('Q8_0')).totalBytes;
    expect(Math.abs(bytes / GIB - 6.84)).toBeLessThan(0.005);
    expect((countParameters(arch).total - (arch.vision?.encoderParams ?? 0)) / 1e9).toBeCloseTo(6.87, 2);
  });
});

describe('per-layer embeddings (Gemma 4 E models)', () => {
  it('keep the 35 x 256 x 262,144 table on the host with token_embd, and read one row of it per token', () => {
    const arch = model('gemma-4-e2b-it').architecture;
    const w = weightBreakdown(arch, quant('Q8_0'));
    const ple = 35 * 256 * 262144 * (34 / 32);
    const embd = 1536 * 262144 * (34 / 32);
    expect(w.tokenEmbdBytes).toBeCloseTo(ple + embd, -3);
    // read per token: everything but the per-layer table (token_embd is tied: its output copy is read)
    expect(w.activeBytesPerToken).toBeCloseTo(w.totalBytes - ple, -3);
    // 4.65 B text parameters + 0.45 B encoders = the 5.1 B the model card states "with embeddings"
    expect(countParameters(arch).total / 1e9).toBeCloseTo(5.1, 1);
  });
});

describe('weight prefix sums', () => {
  it('read the same entries from the record (first and last layer) as from the arrays, for a dense and an MoE model with a leading dense layer', () => {
    for (const [id, q] of [['llama-3.1-8b-instruct', 'Q4_K_M'], ['deepseek-v3.1', 'Q4_K_M'], ['gpt-oss-20b', 'MXFP4_MOE']] as const) {
      const p = weightPrefix(weightBreakdown(model(id).architecture, quant(q)));
      expect(p.layers, id).toBe(model(id).architecture.layers);
      expect([p.dense.length, p.experts.length, p.moeLayers.length], id).toEqual([p.layers + 1, p.layers + 1, p.layers + 1]);
      for (let i = 0; i <= p.layers; i++) {
        expect(denseAt(p, i), `${id} dense ${i}`).toBe(p.dense[i]);
        expect(expertsAt(p, i), `${id} experts ${i}`).toBe(p.experts[i]);
        expect(moeLayersAt(p, i), `${id} moeLayers ${i}`).toBe(p.moeLayers[i]);
      }
      expect(p.denseTotal).toBeGreaterThan(0);
    }
    // DeepSeek's first three layers hold no routed experts: its last moeLayers entry counts the other 58.
    const ds = weightPrefix(weightBreakdown(model('deepseek-v3.1').architecture, quant('Q4_K_M')));
    expect(ds.moeLayersTotal).toBe(ds.layers - 3);
  });
});
