/** Architecture facts the estimator needs, as a model's config.json states them. */
export interface MoeSpec {
  readonly experts: number;
  readonly expertsPerToken: number;
  readonly sharedExperts: number;
  readonly expertIntermediateSize: number;
  readonly sharedExpertIntermediateSize: number;
  /** Leading layers that use a dense FFN (DeepSeek's first_k_dense_replace). */
  readonly denseLayers: number;
  /** Every n-th layer is MoE (Llama 4 Maverick: 2); 1 when every layer is. */
  readonly moeLayerStep: number;
  /**
   * LatentMoE (Nemotron 3 Super, config.json moe_latent_size): the routed experts work in a space this wide, entered
   * and left through two matrices per MoE layer (llama.cpp ffn_latent_down [hidden -> latent], ffn_latent_up
   * [latent -> hidden]); the router and the shared expert keep the hidden width. Absent: experts on the hidden width.
   */
  readonly latentSize?: number | undefined;
}

export interface SlidingWindowSpec {
  readonly windowTokens: number;
  /** How many layers use the window; the others attend to the whole context. */
  readonly slidingLayers: number;
}

export interface MlaSpec {
  readonly kvLoraRank: number;
  readonly qLoraRank: number | null;
  readonly qkRopeHeadDim: number;
  readonly qkNopeHeadDim: number;
  readonly valueHeadDim: number;
}

export interface LinearAttentionSpec {
  /**
   * 'short-conv': LFM2's gated short convolution (config.json conv_L_cache): in_proj to 3 x hidden, a depthwise
   * convolution of convKernel taps over hidden channels, out_proj; its only state is the last convKernel - 1 inputs.
   */
  readonly kind: 'gated-deltanet' | 'mamba2' | 'short-conv';
  /** Layers that hold a fixed-size recurrent state instead of a KV cache. */
  readonly layers: number;
  readonly convKernel: number;
  readonly keyHeads?: number | undefined;
  readonly valueHeads?: number | undefined;
  readonly keyHeadDim?: number | undefined;
  readonly valueHeadDim?: number | undefined;
  readonly heads?: number | undefined;
  readonly headDim?: number | undefined;
  readonly stateSize?: number | undefined;
  readonly groups?: number | undefined;
}

/**
 * Full-attention layers shaped unlike the sliding ones (Gemma 4: num_global_key_value_heads, global_head_dim,
 * attention_k_eq_v): their KV heads and head size, and whether V is projected by K's matrix (no attn_v tensor;
 * llama.cpp still caches V).
 */
export interface GlobalAttentionSpec {
  readonly kvHeads: number;
  readonly headDim: number;
  readonly kEqV: boolean;
  /** Query heads of the full-attention layers where they differ from the sliding ones' (Step-3.5-Flash: 64 against 96); absent: the model's. */
  readonly attentionHeads?: number | undefined;
}

/**
 * Per-layer embeddings (Gemma 3n, Gemma 4 E2B/E4B: config.json hidden_size_per_layer_input, vocab_size_per_layer_input):
 * a second embedding table of layers x hiddenSize columns whose rows are gathered per token, like token_embd.
 */
export interface PerLayerEmbeddingSpec {
  readonly hiddenSize: number;
  readonly vocabSize: number;
}

/**
 * The last `layers` layers reuse the KV cache of earlier ones (config.json num_kv_shared_layers) and keep none of
 * their own; with `doubleWideMlp` (use_double_wide_mlp) their FFN is twice intermediate_size wide.
 */
export interface KvSharingSpec {
  readonly layers: number;
  readonly doubleWideMlp: boolean;
}

/**
 * DeepSeek Sparse Attention's lightning indexer (DeepSeek V3.2, GLM-5; config.json index_n_heads, index_head_dim,
 * index_topk): beside each MLA layer a small scorer (indexer.attn_q_b from the query latent, indexer.attn_k,
 * indexer.proj for the head weights) picks the topK cached tokens attention reads. llama.cpp caches one key of
 * headDim per token and layer for it, in the K cache type, beside the MLA latent (llama_kv_cache_dsa).
 */
export interface SparseIndexerSpec {
  readonly heads: number;
  readonly headDim: number;
  readonly topK: number;
}

/**
 * Which block each layer holds, when the layers are not all alike or not evenly spread (Nemotron-H, LFM2). One
 * letter a layer, config.json's hybrid_override_pattern alphabet: 'M' a recurrent mixer (linearAttention), '*'
 * attention, '-' a dense FFN, 'E' a MoE FFN. With `mixerFfn` every 'M' and '*' layer also has the model's FFN
 * after its mixer (LFM2); without it a layer is one block only (Nemotron-H: FFNs are layers of their own, which keep
 * neither a KV cache nor a recurrent state).
 */
export interface LayerPatternSpec {
  readonly blocks: string;
  readonly mixerFfn: boolean;
}

/**
 * Gemma 3n's AltUp (config.json altup_num_inputs: parallel copies of the hidden state) and LAuReL (laurel_rank:
 * a low-rank residual per layer). llama.cpp keeps every altup and laurel tensor unquantized (llama-quant.cpp
 * tensor_allows_quantization: names containing "altup" or "laurel").
 */
export interface AltUpSpec {
  readonly inputs: number;
  readonly laurelRank: number;
}

export interface ModelArchitecture {
  readonly ggufArch: string;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly intermediateSize: number | null;
  readonly ffnGated: boolean;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly valueHeadDim: number;
  readonly vocabSize: number;
  readonly tiedEmbeddings: boolean;
  /**
   * The checkpoint stores lm_head.weight although tie_word_embeddings is true (Qwen3 0.6B and 1.7B: their
   * safetensors count vocab x hidden more than the tied model). llama.cpp's converter writes it as output.weight, so
   * GGUF files converted from that checkpoint carry a separate output matrix and are quantized as untied.
   */
  readonly lmHeadStored?: boolean | undefined;
  /**
   * Full-attention layers gate their output with a second half of q_proj (config.json attn_output_gate; Qwen3-Next,
   * Qwen3.5): attn_q is [hidden, 2 x heads x headDim] in llama.cpp.
   */
  readonly attentionOutputGate?: boolean | undefined;
  readonly moe: MoeSpec | null;
  readonly slidingWindow: SlidingWindowSpec | null;
  /** Full-attention layers of a sliding-window model with their own head shape (Gemma 4); absent: as the others. */
  readonly globalAttention?: GlobalAttentionSpec | null | undefined;
  readonly perLayerEmbedding?: PerLayerEmbeddingSpec | null | undefined;
  readonly kvSharing?: KvSharingSpec | null | undefined;
  readonly altUp?: AltUpSpec | null | undefined;
  readonly mla: MlaSpec | null;
  /** The DSA lightning indexer of an MLA model; absent: attention reads every cached token. */
  readonly sparseIndexer?: SparseIndexerSpec | null | undefined;
  readonly linearAttention: LinearAttentionSpec | null;
  /** Per-layer blocks; absent: every layer is a mixer plus the FFN, recurrent layers spread evenly among attention. */
  readonly layerPattern?: LayerPatternSpec | null | undefined;
  readonly vision: { readonly encoderParams: number } | null;
}

export const CAPABILITIES = ['chat', 'code', 'reasoning', 'vision', 'tools', 'multilingual'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface KnownGgufFile {
  readonly repo: string;
  readonly file: string;
  readonly quant: string;
  readonly sizeBytes: number;
  readonly source: string;
  readonly note?: string | undefined;
}

/** A second leaderboard's rows for catalog models (app/catalog/*-index.ts): catalog id -> its row's name and score. */
export type QualityRows = Readonly<Record<string, { readonly row: string; readonly score: number }>>;

/** Where a converted score came from: the second leaderboard's row and score, and the fit that mapped it. */
export interface QualityConversion {
  readonly metric: string;
  readonly score: number;
  /** The leaderboard row, as the source names it. */
  readonly row: string;
  /** A dated copy of the same leaderboard that fixes `asOf`. */
  readonly dateSource?: string | undefined;
  /** The fit, e.g. "Elo = 707.3 + 2.795 × index + 50.11 × log10(effective parameter count) over 52 models, R² 0.78 (index alone 0.70)". */
  readonly fit: string;
}

export interface QualitySignal {
  readonly score: number;
  readonly metric: string;
  readonly source: string;
  readonly asOf?: string | undefined;
  /** Present when `score` is another leaderboard's score converted into `metric` (docs/estimator.md, ranking). */
  readonly convertedFrom?: QualityConversion | undefined;
}

export interface ModelSpec {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly hfRepo: string;
  readonly releaseDate: string;
  readonly license: string;
  readonly parameters: { readonly total: number; readonly active: number };
  readonly nativeContextTokens: number;
  readonly capabilities: readonly Capability[];
  readonly architecture: ModelArchitecture;
  readonly ggufRepos: readonly string[];
  readonly knownGgufFiles: readonly KnownGgufFile[];
  readonly quality: QualitySignal | null;
  readonly sources: Readonly<Record<string, string>>;
}
