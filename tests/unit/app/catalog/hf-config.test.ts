import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFromHfConfig } from '../../../../app/catalog/hf-config';
import { findModel } from '../../../../app/catalog/models';

// Real config.json files, copied byte for byte from public repositories (tests/fixtures/hf-configs/README.md).
const DIR = resolve(__dirname, '../../../fixtures/hf-configs');
const config = (file: string): unknown => JSON.parse(readFileSync(resolve(DIR, file), 'utf8'));

describe("a Hugging Face config.json read into the estimator's architecture", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('has the fixtures it promises', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  // Each file's model is in the catalog, whose facts were taken from the same configs by hand: the reader must agree.
  it.each(files)('%s gives the catalog entry\'s architecture and context', (file) => {
    const id = file.replace(/\.json$/, '');
    const catalog = findModel(id);
    expect(catalog, id).not.toBeNull();
    const read = modelFromHfConfig(config(file));
    expect(read.ok, read.ok ? '' : read.error.message).toBe(true);
    if (!read.ok || !catalog) return;
    expect(read.value.architecture).toEqual({ ...catalog.architecture, vision: null });
    expect(read.value.nativeContextTokens).toBe(catalog.nativeContextTokens);
  });

  it('a model_type named like an Object.prototype member is an unknown type, not a table hit', () => {
    const base = config('llama-3.1-8b-instruct.json') as Record<string, unknown>;
    for (const modelType of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const read = modelFromHfConfig({ ...base, model_type: modelType });
      expect(read.ok).toBe(false);
      expect(!read.ok && read.error.message).toContain(`model_type "${modelType}" is not one this estimator knows`);
    }
  });

  it('refuses what it cannot describe, with the reason', () => {
    const mamba = modelFromHfConfig({ model_type: 'granitemoehybrid', num_hidden_layers: 40 });
    expect(mamba.ok).toBe(false);
    if (!mamba.ok) expect(mamba.error.message).toMatch(/Granite 4 hybrids.*GGUF/);
    const unknown = modelFromHfConfig({ model_type: 'my_new_arch', num_hidden_layers: 4 });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toMatch(/"my_new_arch" is not one this estimator knows/);
  });

  it('names the missing or impossible field, never a number', () => {
    const base = config('qwen3-8b.json') as Record<string, unknown>;
    for (const [change, message] of [
      [{ hidden_size: undefined }, /"hidden_size"/],
      [{ num_hidden_layers: -2 }, /"num_hidden_layers" must be a positive whole number/],
      [{ num_attention_heads: 'thirty-two' }, /"num_attention_heads" must be a positive whole number/],
      [{ model_type: undefined }, /no "model_type"/],
    ] as const) {
      const r = modelFromHfConfig({ ...base, ...change });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    const huge = modelFromHfConfig({ ...base, num_hidden_layers: 1e9 });
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.error.message).toMatch(/impossible architecture \(layers: /);
    expect(modelFromHfConfig([1, 2]).ok).toBe(false);
    expect(modelFromHfConfig(null).ok).toBe(false);
  });

  it('windows the KV cache only where llama.cpp does', () => {
    const dense = { num_hidden_layers: 8, hidden_size: 512, intermediate_size: 1024, num_attention_heads: 8, num_key_value_heads: 2, vocab_size: 1000, max_position_embeddings: 32768 };
    // Mistral 7B v0.1 names a 4096-token window; llama.cpp's llama architecture keeps the whole context.
    const mistral = modelFromHfConfig({ ...dense, model_type: 'mistral', sliding_window: 4096 });
    expect(mistral.ok && mistral.value.architecture.slidingWindow).toBe(null);
    expect(mistral.ok && mistral.value.assumptions.join(' ')).toMatch(/full-size KV cache/);
    // OLMo 3 lists its layer types: three sliding layers to one full one.
    const layerTypes = Array.from({ length: 8 }, (_, i) => ((i + 1) % 4 === 0 ? 'full_attention' : 'sliding_attention'));
    const olmo = modelFromHfConfig({ ...dense, model_type: 'olmo3', sliding_window: 4096, layer_types: layerTypes });
    expect(olmo.ok && olmo.value.architecture.slidingWindow).toEqual({ windowTokens: 4096, slidingLayers: 6 });
    // Qwen2 carries a window that is off unless use_sliding_window is true.
    const qwen = modelFromHfConfig({ ...dense, model_type: 'qwen2', sliding_window: 32768, use_sliding_window: false });
    expect(qwen.ok && qwen.value.architecture.slidingWindow).toBe(null);
    expect(qwen.ok && qwen.value.assumptions.join(' ')).not.toMatch(/full-size KV cache/);
  });

  // Hand-written configs with the fields transformers' classes define, for the cases a review found wrong.
  it('reads Llama 4 from its llama4_text config: shared expert, chunked attention, dense size', () => {
    const r = modelFromHfConfig({
      model_type: 'llama4',
      text_config: {
        model_type: 'llama4_text', hidden_size: 5120, intermediate_size: 8192, intermediate_size_mlp: 16384, num_hidden_layers: 48, num_attention_heads: 40,
        num_key_value_heads: 8, head_dim: 128, vocab_size: 202048, num_local_experts: 16, num_experts_per_tok: 1, interleave_moe_layer_step: 1,
        attention_chunk_size: 8192, max_position_embeddings: 10485760, tie_word_embeddings: false,
      },
      vision_config: { model_type: 'llama4_vision_model' },
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.architecture).toEqual({ ...findModel('llama-4-scout-17b-16e-instruct')?.architecture, vision: null });
  });

  it("fills what Gemma 3's text_config leaves to its class defaults, and says so", () => {
    const r = modelFromHfConfig({
      model_type: 'gemma3',
      text_config: { model_type: 'gemma3_text', hidden_size: 5376, intermediate_size: 21504, num_hidden_layers: 62, num_attention_heads: 32, num_key_value_heads: 16, head_dim: 128, sliding_window: 1024 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.architecture).toEqual({ ...findModel('gemma-3-27b-it')?.architecture, vision: null });
    expect(r.value.nativeContextTokens).toBe(131072);
    expect(r.value.assumptions.join('; ')).toMatch(/vocab_size 262208, the gemma3 default/);
  });

  it('ties Command R embeddings by default and accepts a zero count of shared experts', () => {
    const cohere = modelFromHfConfig({ model_type: 'cohere', hidden_size: 8192, intermediate_size: 24576, num_hidden_layers: 40, num_attention_heads: 64, num_key_value_heads: 8, vocab_size: 256000, max_position_embeddings: 131072 });
    expect(cohere.ok && cohere.value.architecture.tiedEmbeddings).toBe(true);
    const ernie = modelFromHfConfig({
      model_type: 'ernie4_5_moe', hidden_size: 2560, intermediate_size: 12288, num_hidden_layers: 28, num_attention_heads: 20, num_key_value_heads: 4, vocab_size: 103424,
      max_position_embeddings: 131072, moe_num_experts: 64, moe_k: 6, moe_intermediate_size: 1536, moe_num_shared_experts: 0, moe_layer_start_index: 1, tie_word_embeddings: true,
    });
    expect(ernie.ok, ernie.ok ? '' : ernie.error.message).toBe(true);
    if (ernie.ok) expect(ernie.value.architecture.moe).toMatchObject({ sharedExperts: 0, denseLayers: 1 });
    if (ernie.ok) expect(ernie.value.architecture.intermediateSize).toBe(12288);
  });

  it('reads a multimodal config from its text_config and says the vision tower is not sized', () => {
    const r = modelFromHfConfig({
      model_type: 'gemma3',
      text_config: { model_type: 'gemma3_text', num_hidden_layers: 48, hidden_size: 3840, intermediate_size: 15360, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 256, vocab_size: 262208, sliding_window: 1024, max_position_embeddings: 131072 },
      vision_config: { model_type: 'siglip_vision_model' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // gemma-3-12b-it in the catalog: 40 of 48 layers slide (5 local : 1 global), tied embeddings by default.
    expect(r.value.architecture).toEqual({ ...findModel('gemma-3-12b-it')?.architecture, vision: null });
    expect(r.value.assumptions.join(' ')).toMatch(/5 of every 6 layers/);
    expect(r.value.assumptions.join(' ')).toMatch(/vision encoder is not sized/);
  });
});

describe('Gemma 4 configs (the text_config fields of google/gemma-4-E2B-it and gemma-4-31B-it, as public ports copy them)', () => {
  const e2b = {
    model_type: 'gemma4',
    text_config: {
      model_type: 'gemma4_text',
      hidden_size: 1536,
      num_hidden_layers: 35,
      intermediate_size: 6144,
      num_attention_heads: 8,
      num_key_value_heads: 1,
      head_dim: 256,
      global_head_dim: 512,
      vocab_size: 262144,
      num_kv_shared_layers: 20,
      hidden_size_per_layer_input: 256,
      vocab_size_per_layer_input: 262144,
      sliding_window: 512,
      max_position_embeddings: 131072,
      attention_k_eq_v: false,
      use_double_wide_mlp: true,
      enable_moe_block: false,
      tie_word_embeddings: true,
      layer_types: Array.from({ length: 35 }, (_, i) => (i % 5 === 4 ? 'full_attention' : 'sliding_attention')),
    },
  };

  it('E2B: per-layer embeddings, KV sharing and the full layers\' own head size, as the catalog entry', () => {
    const r = modelFromHfConfig(e2b);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.value.architecture;
    const c = findModel('gemma-4-e2b-it')?.architecture;
    expect(a.ggufArch).toBe('gemma4');
    expect(a.globalAttention).toEqual(c?.globalAttention);
    expect(a.perLayerEmbedding).toEqual(c?.perLayerEmbedding);
    expect(a.kvSharing).toEqual(c?.kvSharing);
    expect(a.slidingWindow).toEqual(c?.slidingWindow);
  });

  it('31B: 4 global KV heads of 512 with K = V', () => {
    const r = modelFromHfConfig({
      model_type: 'gemma4',
      text_config: {
        ...e2b.text_config,
        hidden_size: 5376,
        num_hidden_layers: 60,
        intermediate_size: 21504,
        num_attention_heads: 32,
        num_key_value_heads: 16,
        num_global_key_value_heads: 4,
        attention_k_eq_v: true,
        num_kv_shared_layers: 0,
        hidden_size_per_layer_input: null,
        use_double_wide_mlp: false,
        sliding_window: 1024,
        layer_types: Array.from({ length: 60 }, (_, i) => (i % 6 === 5 ? 'full_attention' : 'sliding_attention')),
      },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.architecture.globalAttention).toEqual(findModel('gemma-4-31b-it')?.architecture.globalAttention);
    expect(r.value.architecture.perLayerEmbedding).toBeNull();
    expect(r.value.architecture.kvSharing).toBeNull();
  });
});
