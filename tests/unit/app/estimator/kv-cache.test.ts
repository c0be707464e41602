import { describe, expect, it } from 'vitest';
import { kvCacheSize, padContext } from '../../../../app/estimator/kv-cache';
import type { KvOptions } from '../../../../app/estimator/kv-cache';
import { model } from '../../../helpers/models';

const opts = (contextTokens: number, kvCacheType: KvOptions['kvCacheType'] = 'f16'): KvOptions => ({ contextTokens, kvCacheType, ubatchTokens: 512, swaFull: false });

describe('KV cache, hand-computed', () => {
  it('Llama 3.1 8B (GQA, 8 KV heads of 128) at 8192 tokens in f16 is exactly 1 GiB', () => {
    // 32 layers x 8192 cells x (8 x 128 K + 8 x 128 V) x 2 bytes
    expect(kvCacheSize(model('llama-3.1-8b-instruct').architecture, opts(8192)).totalBytes).toBe(1024 ** 3);
  });

  it('pads the context to a multiple of 256 as llama.cpp does', () => {
    expect(padContext(8000)).toBe(8192);
    expect(padContext(8192)).toBe(8192);
    expect(kvCacheSize(model('llama-3.1-8b-instruct').architecture, opts(8000)).totalBytes).toBe(1024 ** 3);
  });

  it('quantizes the KV cache with the block overheads of q8_0 (34/32) and q4_0 (18/32)', () => {
    const arch = model('llama-3.1-8b-instruct').architecture;
    expect(kvCacheSize(arch, opts(8192, 'q8_0')).totalBytes).toBe(32 * 8192 * 2048 * (34 / 32));
    expect(kvCacheSize(arch, opts(8192, 'q4_0')).totalBytes).toBe(32 * 8192 * 2048 * (18 / 32));
  });

  it('Gemma 3 27B: 52 sliding layers hold PAD(1024 + 512, 256) = 1536 cells, the 10 global layers the whole context', () => {
    // per cell: 16 KV heads x 128 x 2 (K and V) x 2 bytes = 8192 bytes
    const kv = kvCacheSize(model('gemma-3-27b-it').architecture, opts(32768));
    expect(kv.totalBytes).toBe(10 * 32768 * 8192 + 52 * 1536 * 8192);
    expect(kv.layerCells.filter((c) => c === 1536)).toHaveLength(52);
    expect(kv.layerCells[5]).toBe(32768); // every 6th layer is global (5 local : 1 global)
    expect(kv.layerCells[0]).toBe(1536);
  });

  it('a sliding window wider than the context costs no more than the context', () => {
    const kv = kvCacheSize(model('gemma-3-27b-it').architecture, opts(1024));
    expect(kv.totalBytes).toBe(62 * 1024 * 8192);
  });

  it('DeepSeek V3 (MLA) caches only kv_lora_rank + rope = 576 values per token per layer', () => {
    expect(kvCacheSize(model('deepseek-v3').architecture, opts(4096)).totalBytes).toBe(61 * 4096 * 576 * 2);
  });

  it('Qwen3-Next 80B (hybrid): only the 12 attention layers grow with context; 36 Gated DeltaNet layers hold a fixed F32 state', () => {
    const kv = kvCacheSize(model('qwen3-next-80b-a3b-instruct').architecture, opts(8192));
    const attention = 12 * 8192 * (2 * 256 * 2) * 2; // 2 KV heads of 256, K and V, f16
    const conv = 3 * (2 * 16 * 128 + 32 * 128); // (kernel - 1) x (q + k + v channels)
    const state = 32 * 128 * 128; // value heads x key dim x value dim
    expect(kv.recurrentBytes).toBe(36 * (conv + state) * 4);
    expect(kv.totalBytes).toBe(attention + 36 * (conv + state) * 4);
    const longer = kvCacheSize(model('qwen3-next-80b-a3b-instruct').architecture, opts(16384));
    expect(longer.recurrentBytes).toBe(kv.recurrentBytes);
  });

  it('Granite 4.0 H-Small (Mamba2 hybrid): 4 attention layers and 36 fixed states', () => {
    const kv = kvCacheSize(model('granite-4.0-h-small').architecture, opts(4096));
    const dInner = 128 * 64;
    const state = (4 - 1) * (dInner + 2 * 1 * 128) + 128 * dInner;
    expect(kv.totalBytes).toBe(4 * 4096 * (8 * 128 * 2) * 2 + 36 * state * 4);
  });

  it('does not mutate the architecture', () => {
    const arch = model('gemma-3-27b-it').architecture;
    const before = JSON.stringify(arch);
    kvCacheSize(arch, opts(8192));
    expect(JSON.stringify(arch)).toBe(before);
  });
});

describe('Gemma 4: full-attention layers with their own KV heads and head size', () => {
  it('31B at 32768 tokens: 10 global layers of 4 KV heads x 512 (K and V), 50 sliding layers of 16 x 256', () => {
    // google/gemma-4-31B-it config.json: num_global_key_value_heads 4, global_head_dim 512, attention_k_eq_v (V still cached)
    const kv = kvCacheSize(model('gemma-4-31b-it').architecture, opts(32768));
    const globalPerCell = 2 * 4 * 512 * 2; // 8192 bytes
    const slidingPerCell = 2 * 16 * 256 * 2; // 16384 bytes
    expect(kv.totalBytes).toBe(10 * 32768 * globalPerCell + 50 * 1536 * slidingPerCell);
    // before: every layer as a sliding one, 10 x 32768 x 16384 for the global layers: about twice as much at long context
    const old = 10 * 32768 * slidingPerCell + 50 * 1536 * slidingPerCell;
    expect(old / kv.totalBytes).toBeGreaterThan(1.6);
  });

  it('26B-A4B at 131072 tokens: 5 global layers of 2 KV heads x 512', () => {
    const kv = kvCacheSize(model('gemma-4-26b-a4b-it').architecture, opts(131072));
    expect(kv.totalBytes).toBe(5 * 131072 * (2 * 2 * 512 * 2) + 25 * 1536 * (2 * 8 * 256 * 2));
  });
});

describe('Gemma 4 E2B: KV sharing', () => {
  it('only the first 15 of 35 layers hold a cache: 12 sliding of 1 KV head x 256, 3 global of 1 x 512 (32768 tokens)', () => {
    // google/gemma-4-E2B-it config.json: num_kv_shared_layers 20, sliding_window 512, every 5th layer full
    const kv = kvCacheSize(model('gemma-4-e2b-it').architecture, opts(32768));
    expect(kv.totalBytes).toBe(12 * 1024 * (2 * 256 * 2) + 3 * 32768 * (2 * 512 * 2));
    // the sharing layers still read a cache per token
    expect(kv.layerBytesPerCell.slice(15).every((b) => b > 0)).toBe(true);
    expect(kv.layerBytes.slice(15).every((b) => b === 0)).toBe(true);
  });
});

describe('Nemotron-H: a layer pattern of Mamba-2, attention and MLP-only layers', () => {
  it('Nemotron Nano 9B v2 at 4096 tokens: 4 attention caches, 27 Mamba-2 states, nothing for the 25 MLP layers', () => {
    const kv = kvCacheSize(model('nvidia-nemotron-nano-9b-v2').architecture, opts(4096));
    // llama-hparams.cpp n_embd_r: (d_conv - 1) x (d_inner + 2 n_group d_state) = 3 x (128 x 80 + 2 x 8 x 128) = 36,864
    // n_embd_s: d_state x d_inner = 128 x 10,240 = 1,310,720; both F32
    const statePerLayer = (36_864 + 1_310_720) * 4;
    expect(statePerLayer).toBe(5_390_336);
    expect(kv.recurrentBytes).toBe(27 * 5_390_336);
    // 4 layers x 4096 cells x (8 KV heads x 128, K and V) x 2 bytes
    expect(kv.totalBytes).toBe(4 * 4096 * 2048 * 2 + 27 * 5_390_336);
    const pattern = 'M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-';
    for (const [i, block] of [...pattern].entries()) {
      if (block === '-') expect([kv.layerBytes[i], kv.layerBytesPerCell[i]], `layer ${i}`).toEqual([0, 0]);
      if (block === '*') expect(kv.layerBytes[i], `layer ${i}`).toBe(4096 * 4096);
      if (block === 'M') expect(kv.layerBytes[i], `layer ${i}`).toBe(5_390_336);
    }
  });

  it('the states do not grow with the context; the attention caches do', () => {
    const arch = model('nvidia-nemotron-nano-9b-v2').architecture;
    const short = kvCacheSize(arch, opts(4096));
    const long = kvCacheSize(arch, opts(131072));
    expect(long.recurrentBytes).toBe(short.recurrentBytes);
    expect(long.totalBytes - long.recurrentBytes).toBe(32 * (short.totalBytes - short.recurrentBytes));
  });
});

describe('LFM2: short-convolution layers keep L_cache - 1 inputs', () => {
  it('LFM2 1.2B at 4096 tokens: 6 attention caches and 10 conv states of 2 x 2048 F32', () => {
    // llama-hparams.cpp n_embd_r for LFM2: n_embd x (n_shortconv_l_cache - 1) = 2048 x 2; no SSM state
    const kv = kvCacheSize(model('lfm2-1.2b').architecture, opts(4096));
    expect(kv.recurrentBytes).toBe(10 * 2 * 2048 * 4);
    expect(kv.totalBytes).toBe(6 * 4096 * (8 * 64 * 2) * 2 + 10 * 16_384);
    expect(kv.layerBytes[2]).toBe(4096 * 2048);
    expect(kv.layerBytes[0]).toBe(16_384);
  });
});

describe('DeepSeek Sparse Attention: the lightning indexer keys beside the MLA latent', () => {
  it('DeepSeek V3.2 at 4096 tokens in f16: 576 latent + 128 indexer elements per token and layer', () => {
    const kv = kvCacheSize(model('deepseek-v3.2').architecture, opts(4096));
    expect(kv.totalBytes).toBe(61 * 4096 * (512 + 64 + 128) * 2);
    // the same model without the indexer (V3.1-Terminus) caches 128 elements a token and layer less
    const dense = kvCacheSize(model('deepseek-v3.1-terminus').architecture, opts(4096));
    expect(kv.totalBytes - dense.totalBytes).toBe(61 * 4096 * 128 * 2);
  });

  it('takes the K cache type for the indexer keys (q8_0: 34 bytes a block of 32)', () => {
    const kv = kvCacheSize(model('glm-5').architecture, opts(65536, 'q8_0'));
    expect(kv.totalBytes).toBe(78 * 65536 * ((576 + 128) / 32) * 34);
  });
});
