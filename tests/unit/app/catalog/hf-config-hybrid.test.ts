import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lfm2FfnWidth } from '../../../../app/catalog/hf-config-hybrid';
import type { FieldReaders } from '../../../../app/catalog/hf-config-hybrid';
import { modelFromHfConfig } from '../../../../app/catalog/hf-config';
import { findModel } from '../../../../app/catalog/models';

// Config excerpts: the keys public code quotes from the real files (tests/fixtures/hf-configs/excerpts/README.md).
const DIR = resolve(__dirname, '../../../fixtures/hf-configs/excerpts');
const excerpt = (file: string): Record<string, unknown> => JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Record<string, unknown>;

const READERS: FieldReaders = {
  count: (c, key, fallback) => {
    const v = c[key];
    if (typeof v === 'number') return v;
    if (fallback !== undefined) return fallback;
    throw new Error(`no ${key}`);
  },
  optionalCount: (c, key) => (typeof c[key] === 'number' ? (c[key] as number) : null),
  fail: (message) => {
    throw new Error(message);
  },
};

describe('Nemotron-H and LFM2 configs read layer by layer', () => {
  it.each([
    ['nvidia-nemotron-nano-9b-v2.json', 'nvidia-nemotron-nano-9b-v2'],
    ['nvidia-nemotron-3-super-120b-a12b.json', 'nvidia-nemotron-3-super-120b-a12b'],
    ['lfm2-350m.json', 'lfm2-350m'],
    ['lfm2-1.2b.json', 'lfm2-1.2b'],
    ['lfm2-8b-a1b.json', 'lfm2-8b-a1b'],
  ])('%s gives the catalog entry %s', (file, id) => {
    const r = modelFromHfConfig(excerpt(file));
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (r.ok) expect(r.value.architecture).toEqual({ ...findModel(id)?.architecture, vision: null });
  });

  it('Nemotron Nano 9B v2: 27 Mamba-2 layers, the pattern as written, squared-ReLU MLPs', () => {
    const r = modelFromHfConfig(excerpt('nvidia-nemotron-nano-9b-v2.json'));
    if (!r.ok) throw new Error(r.error.message);
    const a = r.value.architecture;
    expect(a.ggufArch).toBe('nemotron_h');
    expect(a.linearAttention).toEqual({ kind: 'mamba2', layers: 27, convKernel: 4, heads: 128, headDim: 80, stateSize: 128, groups: 8 });
    expect(a.layerPattern?.mixerFfn).toBe(false);
    expect(a.ffnGated).toBe(false);
    expect(a.tiedEmbeddings).toBe(false);
  });

  it('Nemotron 3 Super: LatentMoE experts in a 1024-wide space, the router and shared expert on the hidden width', () => {
    const r = modelFromHfConfig(excerpt('nvidia-nemotron-3-super-120b-a12b.json'));
    if (!r.ok) throw new Error(r.error.message);
    const a = r.value.architecture;
    expect(a.ggufArch).toBe('nemotron_h_moe');
    expect(a.moe).toEqual({ experts: 512, expertsPerToken: 22, sharedExperts: 1, expertIntermediateSize: 2688, sharedExpertIntermediateSize: 5376, denseLayers: 0, moeLayerStep: 1, latentSize: 1024 });
    expect(a.linearAttention).toEqual({ kind: 'mamba2', layers: 40, convKernel: 4, heads: 128, headDim: 64, stateSize: 128, groups: 8 });
    // Nano's config has no moe_latent_size: its experts stay on the hidden width.
    const nano = modelFromHfConfig({ ...excerpt('nvidia-nemotron-3-super-120b-a12b.json'), moe_latent_size: null });
    expect(nano.ok && nano.value.architecture.moe?.latentSize).toBeUndefined();
  });

  it('refuses a pattern that does not name every layer, or expert layers without experts', () => {
    const base = excerpt('nvidia-nemotron-nano-9b-v2.json');
    const short = modelFromHfConfig({ ...base, hybrid_override_pattern: 'M-M*' });
    expect(!short.ok && short.error.message).toMatch(/names 4 layers, num_hidden_layers is 56/);
    const odd = modelFromHfConfig({ ...base, hybrid_override_pattern: 'X'.repeat(56) });
    expect(!odd.ok && odd.error.message).toMatch(/string of M, \*, - and E/);
    const experts = modelFromHfConfig({ ...base, hybrid_override_pattern: 'E'.repeat(55) + '*' });
    expect(!experts.ok && experts.error.message).toMatch(/MoE layers \(E\) but config.json names no experts/);
  });

  it('LFM2: layer_types or full_attn_idxs, conv_L_cache taps, tied embeddings unless the config says otherwise', () => {
    const r = modelFromHfConfig(excerpt('lfm2-8b-a1b.json'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.architecture.ggufArch).toBe('lfm2moe');
    expect(r.value.architecture.layerPattern?.blocks).toBe('MM*MMM*MMM*MMM*MMM*MM*MM');
    expect(r.value.architecture.moe).toMatchObject({ experts: 32, expertsPerToken: 4, denseLayers: 2, sharedExperts: 0 });
    expect(r.value.architecture.intermediateSize).toBe(7168);
    const untied = modelFromHfConfig({ ...excerpt('lfm2-1.2b.json'), tie_embedding: false });
    expect(untied.ok && untied.value.architecture.tiedEmbeddings).toBe(false);
    const none = modelFromHfConfig({ ...excerpt('lfm2-1.2b.json'), full_attn_idxs: undefined });
    expect(!none.ok && none.error.message).toMatch(/neither "layer_types" nor "full_attn_idxs"/);
  });

  it("sizes LFM2's FFN as transformers' Lfm2MLP does", () => {
    // block_auto_adjust_ff_dim: int(2 x 12288 / 3) = 8192, already a multiple of 256
    expect(lfm2FfnWidth({ block_ff_dim: 12288 }, READERS)).toBe(8192);
    // int(2 x 6656 / 3) = 4437, rounded up to 18 x 256 = 4608
    expect(lfm2FfnWidth({ block_ff_dim: 6656, block_multiple_of: 256 }, READERS)).toBe(4608);
    // the multiplier applies before the rounding: int(1.5 x 4437) = 6655 -> 6656
    expect(lfm2FfnWidth({ block_ff_dim: 6656, block_ffn_dim_multiplier: 1.5 }, READERS)).toBe(6656);
    // LFM2.5-2.6B turns the adjustment off: the stated width is the width
    expect(lfm2FfnWidth({ intermediate_size: 10752, block_auto_adjust_ff_dim: false }, READERS)).toBe(10752);
  });
});

describe('DeepSeek Sparse Attention configs', () => {
  it('reads the lightning indexer of GLM-5 and refuses GLM-5.2, whose indexer sits in some layers only', () => {
    const glm5 = JSON.parse(readFileSync(resolve(DIR, '../glm-5.json'), 'utf8')) as Record<string, unknown>;
    const r = modelFromHfConfig(glm5);
    expect(r.ok && r.value.architecture.sparseIndexer).toEqual({ heads: 32, headDim: 128, topK: 2048 });
    const glm52 = modelFromHfConfig({ ...glm5, indexer_types: ['full', 'shared', 'shared', 'shared'] });
    expect(!glm52.ok && glm52.error.message).toMatch(/indexer_types/);
  });
});
