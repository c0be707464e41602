import type { LayerPatternSpec, LinearAttentionSpec, ModelArchitecture, MoeSpec } from '../domain/model';

/**
 * The hybrids whose layers are not all alike, read from config.json: NVIDIA's Nemotron-H (NemotronHConfig:
 * hybrid_override_pattern, one letter a layer, 'M' Mamba-2, '*' attention, '-' MLP, 'E' MoE) and Liquid AI's
 * LFM2 / LFM2-MoE (Lfm2Config, Lfm2MoeConfig: layer_types or full_attn_idxs, conv_L_cache, block_* FFN sizing).
 * Each reader returns the fields that differ from what hf-config.ts reads for every model.
 */

type Json = Readonly<Record<string, unknown>>;

export type HybridFields = Pick<ModelArchitecture, 'intermediateSize' | 'ffnGated' | 'moe' | 'linearAttention' | 'layerPattern'>;

/** What hf-config.ts hands over: its field readers (they throw its ConfigError with the field's name). */
export interface FieldReaders {
  readonly count: (c: Json, key: string, fallback?: number) => number;
  readonly optionalCount: (c: Json, key: string) => number | null;
  readonly fail: (message: string) => never;
}

/**
 * Nemotron-H (NVIDIA-Nemotron-Nano-9B-v2, 12B-v2, Nemotron-H 8B/47B/56B; Nemotron 3 Nano with 'E' layers): each
 * layer holds one block. Mamba-2 layers: mamba_num_heads x mamba_head_dim inner channels, ssm_state_size,
 * n_groups, conv_kernel; MLP layers: up and down of intermediate_size with squared ReLU (not gated).
 */
export function nemotronHFields(c: Json, layers: number, moe: MoeSpec | null, r: FieldReaders): HybridFields {
  const pattern = c['hybrid_override_pattern'];
  if (typeof pattern !== 'string' || !/^[M*E-]+$/.test(pattern))
    return r.fail('"hybrid_override_pattern" must be a string of M, *, - and E, one letter a layer');
  if (pattern.length !== layers) return r.fail(`"hybrid_override_pattern" names ${pattern.length} layers, num_hidden_layers is ${layers}`);
  const mamba = pattern.split('M').length - 1;
  const hasMoe = pattern.includes('E');
  const sharedSize = r.optionalCount(c, 'moe_shared_expert_intermediate_size');
  // Nemotron 3 Super's LatentMoE: experts in a moe_latent_size-wide space (null or absent in Nano's config; 0, as
  // llama.cpp's loader reads it, means none too)
  const latent = c['moe_latent_size'] === 0 ? null : r.optionalCount(c, 'moe_latent_size');
  const experts: MoeSpec | null =
    hasMoe && moe
      ? { ...moe, sharedExperts: sharedSize === null ? 0 : 1, sharedExpertIntermediateSize: sharedSize ?? 0, denseLayers: 0, moeLayerStep: 1, ...(latent !== null ? { latentSize: latent } : {}) }
      : null;
  if (hasMoe && !experts) return r.fail('"hybrid_override_pattern" has MoE layers (E) but config.json names no experts');
  const linearAttention: LinearAttentionSpec | null =
    mamba === 0
      ? null
      : {
          kind: 'mamba2',
          layers: mamba,
          convKernel: r.count(c, 'conv_kernel'),
          heads: r.count(c, 'mamba_num_heads'),
          headDim: r.count(c, 'mamba_head_dim'),
          stateSize: r.count(c, 'ssm_state_size'),
          groups: r.optionalCount(c, 'n_groups') ?? r.count(c, 'mamba_num_groups'),
        };
  const layerPattern: LayerPatternSpec = { blocks: pattern, mixerFfn: false };
  return {
    intermediateSize: pattern.includes('-') ? r.count(c, 'intermediate_size') : null,
    ffnGated: false,
    moe: experts,
    linearAttention,
    layerPattern,
  };
}

/**
 * LFM2's FFN width: block_ff_dim (else intermediate_size); with block_auto_adjust_ff_dim (the default) two thirds
 * of it, times block_ffn_dim_multiplier, rounded up to block_multiple_of (transformers Lfm2MLP; LFM2-1.2B: 12288
 * -> 8192, LFM2-350M: 6656 -> 4608).
 */
export function lfm2FfnWidth(c: Json, r: FieldReaders): number {
  const stated = r.optionalCount(c, 'block_ff_dim') ?? r.count(c, 'intermediate_size');
  if (c['block_auto_adjust_ff_dim'] === false) return stated;
  let width = Math.floor((2 * stated) / 3);
  const multiplier = c['block_ffn_dim_multiplier'];
  if (typeof multiplier === 'number' && multiplier > 0) width = Math.floor(multiplier * width);
  const multiple = r.optionalCount(c, 'block_multiple_of') ?? 256; // Lfm2Config's default
  return multiple * Math.ceil(width / multiple);
}

/** Which LFM2 layers are attention: layer_types ("full_attention" / "conv") or the older full_attn_idxs. */
function lfm2Blocks(c: Json, layers: number, r: FieldReaders): string {
  const types = c['layer_types'];
  if (Array.isArray(types)) {
    if (types.length !== layers || !types.every((t) => t === 'conv' || t === 'full_attention'))
      return r.fail(`"layer_types" must list ${layers} layers, each "conv" or "full_attention"`);
    return types.map((t) => (t === 'full_attention' ? '*' : 'M')).join('');
  }
  const idxs = c['full_attn_idxs'];
  if (!Array.isArray(idxs) || !idxs.every((i) => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < layers))
    return r.fail(`config.json has neither "layer_types" nor "full_attn_idxs" (layer indices below ${layers})`);
  return Array.from({ length: layers }, (_, i) => (idxs.includes(i) ? '*' : 'M')).join('');
}

/**
 * LFM2 (lfm2) and LFM2-MoE (lfm2_moe): every layer a gated short convolution (conv_L_cache taps) or GQA attention,
 * then a SwiGLU FFN; LFM2-MoE's first num_dense_layers FFNs are dense (intermediate_size, not adjusted), the rest
 * routed experts.
 */
export function lfm2Fields(c: Json, layers: number, moe: MoeSpec | null, r: FieldReaders): HybridFields {
  const blocks = lfm2Blocks(c, layers, r);
  const conv = blocks.split('M').length - 1;
  const linearAttention: LinearAttentionSpec | null = conv === 0 ? null : { kind: 'short-conv', layers: conv, convKernel: r.count(c, 'conv_L_cache') };
  const denseLayers = moe ? Math.min(r.optionalCount(c, 'num_dense_layers') ?? 0, layers) : 0;
  return {
    intermediateSize: moe ? (denseLayers > 0 ? r.count(c, 'intermediate_size') : null) : lfm2FfnWidth(c, r),
    ffnGated: true,
    moe: moe ? { ...moe, denseLayers } : null,
    linearAttention,
    layerPattern: { blocks, mixerFfn: true },
  };
}
