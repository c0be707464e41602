import type { ModelArchitecture } from '../domain/model';
import { typeBytes } from './ggml-types';
import { isEvenlySpacedLast, layerBlock } from './tensors';

import type { KvCacheType } from '../domain/estimate';

export { KV_CACHE_TYPES } from '../domain/estimate';
export type { KvCacheType } from '../domain/estimate';

const KV_GGML = { f16: 'F16', q8_0: 'Q8_0', q4_0: 'Q4_0' } as const;

/** llama.cpp rounds the context up to a multiple of 256 (llama-context.cpp, GGML_PAD(n_ctx, 256); runtime-facts.md 1.1). */
export const CONTEXT_PAD = 256;

export function padContext(tokens: number): number {
  return Math.ceil(tokens / CONTEXT_PAD) * CONTEXT_PAD;
}

export interface KvOptions {
  readonly contextTokens: number;
  readonly kvCacheType: KvCacheType;
  readonly ubatchTokens: number;
  /** Keep full-size caches for sliding-window layers (--swa-full). Off in llama-server by default. */
  readonly swaFull: boolean;
}

export interface KvCacheSize {
  readonly totalBytes: number;
  /** Per layer: cache bytes at the full context (attention) or the fixed recurrent state. */
  readonly layerBytes: readonly number[];
  /** Per layer: bytes of KV read per generated token at one cell of depth (0 for recurrent layers). */
  readonly layerBytesPerCell: readonly number[];
  /** Cells of each layer: the padded context, the sliding-window size, or 1 for a recurrent state. */
  readonly layerCells: readonly number[];
  readonly recurrentBytes: number;
  /** Sums of layerBytes over layers [0, i) (length layers + 1), for placing layers without a walk. */
  readonly prefixLayerBytes: readonly number[];
}

/** Elements per cached token per layer: K and V widths. MLA caches the compressed latent and the RoPE key. */
function kvWidths(arch: ModelArchitecture): { k: number; v: number } {
  if (arch.mla) {
    // deepseek2 in llama.cpp: one KV head of kv_lora_rank + rope dim; since PR #19067 (Jan 2026) V is a
    // view into K, so nothing else is stored (runtime-facts.md 1.4)
    // DSA models (deepseek32, glm-dsa) add one indexer key of headDim per token in the K type (llama_kv_cache_dsa)
    return { k: arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim + (arch.sparseIndexer?.headDim ?? 0), v: 0 };
  }
  return { k: arch.kvHeads * arch.headDim, v: arch.kvHeads * arch.valueHeadDim };
}

/** Recurrent state per layer in F32 elements: conv state r and SSM state s (llama-memory-recurrent, runtime-facts.md 1.5). */
export function recurrentStateElements(arch: ModelArchitecture): number {
  const l = arch.linearAttention;
  if (!l) return 0;
  // LFM2: the last L_cache - 1 inputs of the convolution, hidden channels each, and no SSM state
  // (llama-hparams.cpp n_embd_r = n_embd * (n_shortconv_l_cache - 1))
  if (l.kind === 'short-conv') return (l.convKernel - 1) * arch.hiddenSize;
  if (l.kind === 'gated-deltanet') {
    const kDim = (l.keyHeads ?? 0) * (l.keyHeadDim ?? 0);
    const vDim = (l.valueHeads ?? 0) * (l.valueHeadDim ?? 0);
    const r = (l.convKernel - 1) * (2 * kDim + vDim);
    const s = (l.valueHeads ?? 0) * (l.keyHeadDim ?? 0) * (l.valueHeadDim ?? 0);
    return r + s;
  }
  const dInner = (l.heads ?? 0) * (l.headDim ?? 0);
  const r = (l.convKernel - 1) * (dInner + 2 * (l.groups ?? 0) * (l.stateSize ?? 0));
  const s = (l.stateSize ?? 0) * dInner;
  return r + s;
}

/**
 * KV cache and recurrent state, layer by layer, as llama.cpp allocates them for one sequence:
 * full-attention layers hold the padded context; sliding-window layers hold
 * PAD(min(context, window + ubatch), 256) cells (llama_kv_cache_iswa, runtime-facts.md 1.3);
 * recurrent layers hold a fixed F32 state.
 */
export function kvCacheSize(arch: ModelArchitecture, o: KvOptions): KvCacheSize {
  // A numeric key (exact for whole token counts up to 2^24 and ubatches up to 65536): building a string key
  // on every call cost more than the rest of the lookup.
  if (!Number.isInteger(o.contextTokens) || !Number.isInteger(o.ubatchTokens) || o.ubatchTokens < 0 || o.ubatchTokens > 65_536)
    return computeKvCacheSize(arch, o);
  const key = ((o.contextTokens * 4 + KV_INDEX[o.kvCacheType]) * 2 + (o.swaFull ? 1 : 0)) * 65_537 + o.ubatchTokens;
  // The UI and the benchmarks ask for one model's cache once per quantization in a row: the last answer first.
  if (lastKv !== null && lastKv.arch === arch && lastKv.key === key) return lastKv.size;
  let perArch = kvCache.get(arch);
  if (!perArch) {
    perArch = new Map();
    kvCache.set(arch, perArch);
  }
  let size = perArch.get(key);
  if (!size) {
    if (perArch.size >= 16) perArch.clear(); // a small cache: the UI asks for a handful of contexts at a time
    size = computeKvCacheSize(arch, o);
    perArch.set(key, size);
  }
  lastKv = { arch, key, size };
  return size;
}

const kvCache = new WeakMap<ModelArchitecture, Map<number, KvCacheSize>>();
let lastKv: { readonly arch: ModelArchitecture; readonly key: number; readonly size: KvCacheSize } | null = null;
const KV_INDEX: Readonly<Record<KvCacheType, number>> = { f16: 0, q8_0: 1, q4_0: 2 };

/**
 * What each layer keeps: a recurrent state, a sliding or full KV cache, or nothing (an FFN-only layer of a
 * Nemotron-H pattern: llama.cpp gives it head_count_kv 0 and n_ff > 0, so neither cache holds a row for it).
 */
type LayerKind = 'recurrent' | 'sliding' | 'full' | 'none';

/** Which layers are recurrent, sliding or cache-free, computed once per architecture. */
const layerKinds = new WeakMap<ModelArchitecture, readonly LayerKind[]>();

function kindsOf(arch: ModelArchitecture): readonly LayerKind[] {
  const hit = layerKinds.get(arch);
  if (hit) return hit;
  const blocks = Array.from({ length: arch.layers }, (_, i) => layerBlock(arch, i));
  const attentionLayers = blocks.filter((b) => b === '*').length;
  const kinds: LayerKind[] = [];
  let attentionIndex = 0;
  for (const block of blocks) {
    if (block === 'M') kinds.push('recurrent');
    else if (block !== '*') kinds.push('none');
    else kinds.push(slidingAt(arch, attentionIndex++, attentionLayers) ? 'sliding' : 'full');
  }
  layerKinds.set(arch, kinds);
  return kinds;
}

function computeKvCacheSize(arch: ModelArchitecture, o: KvOptions): KvCacheSize {
  const nCtx = padContext(o.contextTokens);
  const type = KV_GGML[o.kvCacheType];
  const { k, v } = kvWidths(arch);
  const perCell = typeBytes(type, k) + typeBytes(type, v);
  // Gemma 4's full-attention layers: their own KV heads and head size; V is cached even when K's matrix projects it.
  const g = arch.globalAttention;
  const globalPerCell = g ? 2 * typeBytes(type, g.kvHeads * g.headDim) : perCell;
  const shared = arch.kvSharing?.layers ?? 0;
  const recurrentPerLayer = recurrentStateElements(arch) * 4;
  const kinds = kindsOf(arch);
  const swaCells = arch.slidingWindow
    ? Math.min(nCtx, padContext(arch.slidingWindow.windowTokens + o.ubatchTokens))
    : nCtx;
  const layerBytes: number[] = [];
  const layerBytesPerCell: number[] = [];
  const layerCells: number[] = [];
  let total = 0;
  let recurrent = 0;
  for (let i = 0; i < arch.layers; i++) {
    if (kinds[i] === 'recurrent') {
      layerBytes.push(recurrentPerLayer);
      layerBytesPerCell.push(0);
      layerCells.push(1);
      total += recurrentPerLayer;
      recurrent += recurrentPerLayer;
      continue;
    }
    if (kinds[i] === 'none') {
      layerBytes.push(0);
      layerBytesPerCell.push(0);
      layerCells.push(0);
      continue;
    }
    const sliding = !o.swaFull && kinds[i] === 'sliding';
    const cells = sliding ? swaCells : nCtx;
    const bytesPerCell = kinds[i] === 'full' ? globalPerCell : perCell;
    // A KV-sharing layer (Gemma 3n / 4 E models) reads an earlier layer's cache and holds none of its own.
    const own = shared > 0 && i >= arch.layers - shared ? 0 : cells * bytesPerCell;
    layerBytes.push(own);
    layerBytesPerCell.push(bytesPerCell);
    layerCells.push(cells);
    total += own;
  }
  const prefixLayerBytes = [0];
  for (const [i, b] of layerBytes.entries()) prefixLayerBytes.push((prefixLayerBytes[i] ?? 0) + b);
  return { totalBytes: total, layerBytes, layerBytesPerCell, layerCells, recurrentBytes: recurrent, prefixLayerBytes };
}

/** Sliding layers spread evenly: the global layers sit at the end of each group (Gemma 3: every 6th layer). */
export function slidingAt(arch: ModelArchitecture, attentionIndex: number, attentionLayers: number): boolean {
  const sw = arch.slidingWindow;
  if (!sw || sw.slidingLayers === 0) return false;
  return !isEvenlySpacedLast(attentionIndex, attentionLayers - sw.slidingLayers, attentionLayers);
}
