import { err, ok } from '../api/result';
import type { Result } from '../api/result';
import { lfm2Fields, nemotronHFields } from './hf-config-hybrid';
import type { FieldReaders, HybridFields } from './hf-config-hybrid';
import { architectureSchema } from './model-schema';
import { ownValue } from './own-key';
import type { LinearAttentionSpec, MlaSpec, ModelArchitecture, MoeSpec, SlidingWindowSpec, SparseIndexerSpec } from '../domain/model';

/**
 * Sizing any model from its Hugging Face `config.json`, for models the catalog does not carry yet. The field
 * names are transformers' configuration classes (LlamaConfig, Qwen3MoeConfig, Gemma3TextConfig,
 * DeepseekV3Config, GptOssConfig, Qwen3NextConfig...); the GGUF architecture names are llama.cpp's
 * (src/llama-arch.cpp). Architectures whose layer layout the estimator cannot describe (Llama 4's chunked
 * attention is approximated as a window; Granite 4 hybrids, Jamba, Falcon-H1 are refused) get a clear error;
 * Nemotron-H and LFM2 are read layer by layer (hf-config-hybrid.ts).
 */
export interface HfConfigModel {
  readonly architecture: ModelArchitecture;
  readonly modelType: string;
  /** max_position_embeddings: the native context. */
  readonly nativeContextTokens: number;
  /** Facts the config does not state that were filled from the architecture's defaults, said plainly. */
  readonly assumptions: readonly string[];
}

type Json = Readonly<Record<string, unknown>>;

/** transformers model_type -> llama.cpp GGUF architecture. */
const GGUF_ARCH: Readonly<Record<string, string>> = {
  llama: 'llama',
  mistral: 'llama',
  mixtral: 'llama',
  qwen2: 'qwen2',
  qwen2_moe: 'qwen2moe',
  qwen3: 'qwen3',
  qwen3_moe: 'qwen3moe',
  qwen3_next: 'qwen3next',
  gemma: 'gemma',
  gemma2: 'gemma2',
  gemma3: 'gemma3',
  gemma3_text: 'gemma3',
  gemma4: 'gemma4',
  phi3: 'phi3',
  olmo2: 'olmo2',
  olmo3: 'olmo2',
  granite: 'granite',
  cohere: 'command-r',
  cohere2: 'cohere2',
  glm4: 'glm4',
  glm4_moe: 'glm4moe',
  deepseek_v2: 'deepseek2',
  deepseek_v3: 'deepseek2',
  deepseek_v32: 'deepseek32',
  glm_moe_dsa: 'glm-dsa',
  gpt_oss: 'gpt-oss',
  smollm3: 'smollm3',
  seed_oss: 'seed_oss',
  ernie4_5: 'ernie4_5',
  ernie4_5_moe: 'ernie4_5-moe',
  exaone: 'exaone',
  llama4: 'llama4',
  mistral3: 'llama',
  nemotron_h: 'nemotron_h',
  lfm2: 'lfm2',
  lfm2_moe: 'lfm2moe',
};

/** Hybrids with state-space layers whose layout this estimator does not model yet. */
const REFUSED: Readonly<Record<string, string>> = {
  granitemoehybrid: 'Granite 4 hybrids',
  falcon_h1: 'Falcon-H1',
  jamba: 'Jamba',
  mamba: 'Mamba',
  mamba2: 'Mamba 2',
};

/**
 * Families whose embedding matrix is tied unless the config says otherwise: transformers' defaults for
 * GemmaConfig, Gemma2Config, Gemma3TextConfig, CohereConfig, Cohere2Config, SmolLM3Config, Ernie4_5Config,
 * Ernie4_5_MoeConfig, Lfm2Config and Lfm2MoeConfig (tie_word_embeddings=True; LFM2's older configs say tie_embedding);
 * every other class here defaults to untied (NemotronHConfig too).
 */
const TIED_BY_DEFAULT = new Set(['gemma', 'gemma2', 'gemma3', 'gemma4', 'cohere', 'cohere2', 'smollm3', 'ernie4_5', 'ernie4_5_moe', 'lfm2', 'lfm2_moe']);

/**
 * Values transformers' configuration classes fill in when config.json leaves them out (Google's Gemma 3
 * multimodal configs omit them from text_config): Gemma3TextConfig's defaults.
 */
const CLASS_DEFAULTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  gemma3: { vocab_size: 262_208, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, max_position_embeddings: 131_072, sliding_window_pattern: 6 },
  gemma2: { head_dim: 256 },
  cohere2: { sliding_window_pattern: 4 },
};

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class ConfigError extends Error {}

function count(c: Json, key: string, fallback?: number): number {
  const v = c[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(`config.json has no "${key}"`);
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`"${key}" must be a positive whole number, got ${JSON.stringify(v)}`);
  return v;
}

function optionalCount(c: Json, key: string): number | null {
  const v = c[key];
  return v === undefined || v === null ? null : count(c, key);
}

/** A count that may legitimately be 0 (shared experts, leading dense layers). */
function optionalCountOrZero(c: Json, key: string): number | null {
  const v = c[key];
  if (v === 0) return 0;
  return optionalCount(c, key);
}

/** A field the config may leave to its class default: the config's value, else the default (said in assumptions). */
function countOrDefault(c: Json, key: string, family: string, assumptions: string[], computed?: { value: number; why: string }): number {
  const v = c[key];
  if (v !== undefined && v !== null) return count(c, key);
  const defaults = ownValue(CLASS_DEFAULTS, family);
  const d = defaults ? ownValue(defaults, key) : undefined;
  if (d !== undefined) {
    assumptions.push(`${key} ${d}, the ${family} default`);
    return d;
  }
  if (computed) {
    assumptions.push(`${key} ${computed.value} (${computed.why})`);
    return computed.value;
  }
  return count(c, key);
}

function layerTypes(c: Json, layers: number): readonly string[] | null {
  const v = c['layer_types'];
  if (!Array.isArray(v)) return null;
  if (v.length !== layers || !v.every((x) => typeof x === 'string')) throw new ConfigError(`"layer_types" must list ${layers} layer types`);
  return v as string[];
}

/**
 * Architectures whose sliding-window layers llama.cpp keeps as windowed caches (llama_kv_cache_iswa): for the
 * others (Mistral 7B v0.1, Phi-3, Qwen2...) llama.cpp keeps a full-size cache even when config.json names a window.
 */
const SWA_IN_LLAMA_CPP = new Set(['gemma2', 'gemma3', 'gemma4', 'cohere2', 'gpt_oss', 'olmo2', 'olmo3', 'llama4']);

function slidingWindow(c: Json, family: string, layers: number, assumptions: string[]): SlidingWindowSpec | null {
  const window = optionalCount(c, 'sliding_window');
  if (window === null) return null;
  // Qwen2/Qwen3 configs carry a sliding_window that is off unless use_sliding_window is true.
  if (c['use_sliding_window'] === false) return null;
  if (!SWA_IN_LLAMA_CPP.has(family)) {
    assumptions.push(`a full-size KV cache: llama.cpp does not window ${family} layers (config.json names sliding_window ${window})`);
    return null;
  }
  const types = layerTypes(c, layers);
  if (types) {
    const sliding = types.filter((t) => t === 'sliding_attention' || t === 'chunked_attention').length;
    return sliding > 0 ? { windowTokens: window, slidingLayers: sliding } : null;
  }
  if (family === 'gemma2') {
    // Gemma 2 alternates local and global layers (Gemma2Config: every other layer slides).
    assumptions.push('every other layer uses the sliding window (the Gemma 2 layout)');
    return { windowTokens: window, slidingLayers: Math.ceil(layers / 2) };
  }
  const pattern = optionalCount(c, 'sliding_window_pattern') ?? ownValue(ownValue(CLASS_DEFAULTS, family) ?? {}, 'sliding_window_pattern') ?? null;
  if (pattern !== null) {
    if (c['sliding_window_pattern'] === undefined) assumptions.push(`${pattern - 1} of every ${pattern} layers use the sliding window (the ${family} default)`);
    return { windowTokens: window, slidingLayers: layers - Math.floor(layers / pattern) };
  }
  return { windowTokens: window, slidingLayers: layers };
}

function moeSpec(c: Json, family: string, layers: number, assumptions: string[]): { moe: MoeSpec | null; denseIntermediate: number | null } {
  const experts = optionalCount(c, 'num_local_experts') ?? optionalCount(c, 'num_experts') ?? optionalCount(c, 'n_routed_experts') ?? optionalCount(c, 'moe_num_experts');
  const intermediate = optionalCount(c, 'intermediate_size');
  if (experts === null || experts <= 1) return { moe: null, denseIntermediate: intermediate };
  const perToken =
    optionalCount(c, 'num_experts_per_tok') ?? optionalCount(c, 'experts_per_token') ?? optionalCount(c, 'moe_k') ?? optionalCount(c, 'top_k_experts') ?? count(c, 'num_experts_per_tok');
  // Mixtral, gpt-oss and Llama 4 size their experts with intermediate_size; the others with moe_intermediate_size.
  const expertSize = optionalCount(c, 'moe_intermediate_size') ?? count(c, 'intermediate_size');
  const expertsInIntermediate = optionalCount(c, 'moe_intermediate_size') === null;
  let shared = optionalCountOrZero(c, 'n_shared_experts') ?? optionalCountOrZero(c, 'num_shared_experts') ?? optionalCountOrZero(c, 'moe_num_shared_experts') ?? 0;
  let sharedSize = shared > 0 ? expertSize : 0;
  const qwenShared = optionalCountOrZero(c, 'shared_expert_intermediate_size');
  if (qwenShared !== null && qwenShared > 0) {
    shared = 1;
    sharedSize = qwenShared;
  }
  if (family === 'llama4') {
    // Llama 4: one shared expert the size of a routed one (Llama4TextMoe.shared_expert).
    shared = 1;
    sharedSize = expertSize;
  }
  if (family === 'gemma4' && intermediate !== null) {
    // Gemma 4 26B-A4B: an always-on dense MLP of intermediate_size beside the experts, modelled as one shared expert.
    shared = 1;
    sharedSize = intermediate;
  }
  // Leading dense layers: DeepSeek/GLM first_k_dense_replace, ERNIE moe_layer_start_index, Qwen mlp_only_layers (indices).
  let denseLayers = optionalCountOrZero(c, 'first_k_dense_replace') ?? optionalCountOrZero(c, 'moe_layer_start_index') ?? 0;
  const mlpOnly = c['mlp_only_layers'];
  if (Array.isArray(mlpOnly) && mlpOnly.length > 0) {
    const leading = mlpOnly.every((x, i) => x === i);
    denseLayers = mlpOnly.length;
    if (!leading) assumptions.push(`the ${mlpOnly.length} dense layers of mlp_only_layers counted as the first ${mlpOnly.length} (their memory is the same)`);
  }
  const step = optionalCount(c, 'interleave_moe_layer_step') ?? optionalCount(c, 'decoder_sparse_step') ?? optionalCount(c, 'moe_layer_freq') ?? optionalCount(c, 'moe_layer_interval') ?? 1;
  const dense = family === 'llama4' ? optionalCount(c, 'intermediate_size_mlp') : expertsInIntermediate || family === 'gemma4' ? null : intermediate;
  return {
    moe: {
      experts,
      expertsPerToken: perToken,
      sharedExperts: shared,
      expertIntermediateSize: expertSize,
      sharedExpertIntermediateSize: sharedSize,
      denseLayers: Math.min(denseLayers, layers),
      moeLayerStep: step,
    },
    denseIntermediate: denseLayers > 0 || step > 1 ? dense : null,
  };
}

function mlaSpec(c: Json): MlaSpec | null {
  const rank = optionalCount(c, 'kv_lora_rank');
  if (rank === null) return null;
  return {
    kvLoraRank: rank,
    qLoraRank: optionalCount(c, 'q_lora_rank'),
    qkRopeHeadDim: count(c, 'qk_rope_head_dim'),
    qkNopeHeadDim: count(c, 'qk_nope_head_dim'),
    valueHeadDim: count(c, 'v_head_dim'),
  };
}

/** DeepSeek Sparse Attention's lightning indexer (DeepseekV32Config, GlmMoeDsaConfig: index_n_heads, index_head_dim, index_topk). */
function sparseIndexer(c: Json): SparseIndexerSpec | null {
  const heads = optionalCount(c, 'index_n_heads');
  if (heads === null) return null;
  if (c['indexer_types'] !== undefined) throw new ConfigError('"indexer_types" (an indexer in some layers only, GLM-5.2) is not modelled yet: size its GGUF file instead');
  return { heads, headDim: count(c, 'index_head_dim'), topK: count(c, 'index_topk') };
}

function linearAttention(c: Json, layers: number): LinearAttentionSpec | null {
  if (optionalCount(c, 'linear_num_value_heads') === null) return null;
  const types = layerTypes(c, layers);
  const full = types ? types.filter((t) => t === 'full_attention').length : Math.floor(layers / count(c, 'full_attention_interval', 4));
  return {
    kind: 'gated-deltanet',
    layers: layers - full,
    convKernel: count(c, 'linear_conv_kernel_dim'),
    keyHeads: count(c, 'linear_num_key_heads'),
    valueHeads: count(c, 'linear_num_value_heads'),
    keyHeadDim: count(c, 'linear_key_head_dim'),
    valueHeadDim: count(c, 'linear_value_head_dim'),
  };
}

function build(root: Json): HfConfigModel {
  const rootType = typeof root['model_type'] === 'string' ? root['model_type'] : null;
  if (rootType === null) throw new ConfigError('config.json has no "model_type": is this a Hugging Face model config?');
  // Multimodal models keep the language model's facts in text_config.
  const text = isObject(root['text_config']) ? root['text_config'] : root;
  const modelType = typeof text['model_type'] === 'string' && text !== root ? text['model_type'] : rootType;
  // gemma3_text, llama4_text...: the text half of a multimodal family behaves as the family.
  const family = modelType.endsWith('_text') ? modelType.slice(0, -'_text'.length) : modelType;
  const refused = ownValue(REFUSED, modelType) ?? ownValue(REFUSED, rootType);
  if (refused) throw new ConfigError(`${refused} (model_type "${modelType}") mixes state-space and attention layers in a way this estimator does not model yet: size its GGUF file instead`);
  const ggufArch = ownValue(GGUF_ARCH, family) ?? ownValue(GGUF_ARCH, rootType);
  if (!ggufArch) throw new ConfigError(`model_type "${modelType}" is not one this estimator knows; size its GGUF file instead`);
  const assumptions: string[] = [];
  const layers = count(text, 'num_hidden_layers');
  const hiddenSize = count(text, 'hidden_size');
  const attentionHeads = countOrDefault(text, 'num_attention_heads', family, assumptions);
  // Most classes default num_key_value_heads to num_attention_heads (no grouped-query attention).
  const kvHeads = countOrDefault(text, 'num_key_value_heads', family, assumptions, { value: attentionHeads, why: 'as many as the attention heads' });
  const mla = mlaSpec(text);
  const headDim = mla
    ? mla.qkNopeHeadDim + mla.qkRopeHeadDim
    : countOrDefault(text, 'head_dim', family, assumptions, { value: Math.floor(hiddenSize / attentionHeads), why: 'hidden_size / num_attention_heads' });
  const valueHeadDim = mla ? mla.valueHeadDim : headDim;
  const vocabSize =
    text['vocab_size'] === undefined && typeof root['vocab_size'] === 'number' ? count(root, 'vocab_size') : countOrDefault(text, 'vocab_size', family, assumptions);
  const tiedRaw = text['tie_word_embeddings'] ?? root['tie_word_embeddings'] ?? text['tie_embedding'];
  const tiedEmbeddings = typeof tiedRaw === 'boolean' ? tiedRaw : TIED_BY_DEFAULT.has(family);
  if (typeof tiedRaw !== 'boolean') assumptions.push(`tie_word_embeddings not stated: ${tiedEmbeddings ? 'tied' : 'untied'}, the ${family} default`);
  const { moe, denseIntermediate } = moeSpec(text, family, layers, assumptions);
  const hybrid = hybridFields(text, family, layers, moe);
  const indexer = mla ? sparseIndexer(text) : null;
  const linear = linearAttention(text, layers);
  let window = slidingWindow(text, family, layers, assumptions);
  if (family === 'llama4') {
    // Llama 4's chunked attention (attention_chunk_size) on 3 of every 4 layers acts like a window of that size.
    const chunk = optionalCount(text, 'attention_chunk_size');
    if (chunk !== null) window = { windowTokens: chunk, slidingLayers: layers - Math.floor(layers / 4) };
  }
  const nativeContextTokens =
    text['max_position_embeddings'] === undefined && typeof root['max_position_embeddings'] === 'number'
      ? count(root, 'max_position_embeddings')
      : countOrDefault(text, 'max_position_embeddings', family, assumptions);
  const gemma4 = family === 'gemma4' ? gemma4Extras(text, kvHeads, vocabSize) : {};
  // Qwen3-Next's attention always gates its output with a second half of q_proj (Qwen3NextAttention; llama.cpp
  // qwen3next wq {n_embd, n_embd_head_k * n_head * 2}); Qwen3.5 configs say so with attn_output_gate.
  const gated = family === 'qwen3_next' || text['attn_output_gate'] === true ? { attentionOutputGate: true } : {};
  if (isObject(root['vision_config'])) assumptions.push('the vision encoder is not sized from config.json (its mmproj file is separate)');
  return {
    modelType,
    nativeContextTokens,
    assumptions,
    architecture: {
      // Nemotron-H with expert layers is llama.cpp's nemotron_h_moe
      ggufArch: family === 'nemotron_h' && hybrid?.moe ? 'nemotron_h_moe' : ggufArch,
      layers,
      hiddenSize,
      intermediateSize: hybrid ? hybrid.intermediateSize : moe ? denseIntermediate : count(text, 'intermediate_size'),
      // Every architecture above but Nemotron-H (squared ReLU) uses a gated FFN (SwiGLU / GeGLU); phi3 fuses gate and
      // up into one matrix of the same size.
      ffnGated: hybrid ? hybrid.ffnGated : true,
      attentionHeads,
      kvHeads,
      headDim,
      valueHeadDim,
      vocabSize,
      tiedEmbeddings,
      ...gated,
      moe: hybrid ? hybrid.moe : moe,
      slidingWindow: window,
      ...gemma4,
      mla,
      ...(indexer ? { sparseIndexer: indexer } : {}),
      linearAttention: hybrid ? hybrid.linearAttention : linear,
      ...(hybrid ? { layerPattern: hybrid.layerPattern } : {}),
      vision: null,
    },
  };
}

const READERS: FieldReaders = {
  count,
  optionalCount,
  fail: (message) => {
    throw new ConfigError(message);
  },
};

/** Nemotron-H and LFM2 describe their layers one by one (hf-config-hybrid.ts); null for every other family. */
function hybridFields(c: Json, family: string, layers: number, moe: MoeSpec | null): HybridFields | null {
  if (family === 'nemotron_h') return nemotronHFields(c, layers, moe, READERS);
  if (family === 'lfm2' || family === 'lfm2_moe') return lfm2Fields(c, layers, moe, READERS);
  return null;
}

/**
 * Gemma 4's extras: full-attention layers with their own head size and KV heads (global_head_dim,
 * num_global_key_value_heads, else num_key_value_heads; attention_k_eq_v), per-layer embeddings
 * (hidden_size_per_layer_input, vocab_size_per_layer_input) and KV sharing (num_kv_shared_layers, use_double_wide_mlp).
 */
function gemma4Extras(c: Json, kvHeads: number, vocabSize: number): Pick<ModelArchitecture, 'globalAttention' | 'perLayerEmbedding' | 'kvSharing'> {
  const globalHeadDim = optionalCount(c, 'global_head_dim');
  const ple = optionalCountOrZero(c, 'hidden_size_per_layer_input') ?? 0;
  const shared = optionalCountOrZero(c, 'num_kv_shared_layers') ?? 0;
  return {
    globalAttention: globalHeadDim === null ? null : { kvHeads: optionalCount(c, 'num_global_key_value_heads') ?? kvHeads, headDim: globalHeadDim, kEqV: c['attention_k_eq_v'] === true },
    perLayerEmbedding: ple > 0 ? { hiddenSize: ple, vocabSize: optionalCount(c, 'vocab_size_per_layer_input') ?? vocabSize } : null,
    kvSharing: shared > 0 ? { layers: shared, doubleWideMlp: c['use_double_wide_mlp'] === true } : null,
  };
}

/** Reads the architecture of a Hugging Face config.json object. Bad or unsupported configs are an error value. */
export function modelFromHfConfig(config: unknown): Result<HfConfigModel> {
  if (!isObject(config)) return err('BAD_REQUEST', 'config.json must be a JSON object');
  try {
    const model = build(config);
    // The same ceilings as every architecture the estimator takes: a config claiming a million layers is refused.
    const checked = architectureSchema.safeParse(model.architecture);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return err('BAD_REQUEST', `config.json describes an impossible architecture (${issue?.path.join('.') || 'architecture'}: ${issue?.message ?? 'invalid'})`);
    }
    return ok(model);
  } catch (e) {
    if (e instanceof ConfigError) return err('BAD_REQUEST', e.message);
    throw e;
  }
}
