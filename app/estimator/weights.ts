import type { ModelArchitecture } from '../domain/model';
import { typeBytes } from './ggml-types';
import type { GgmlType } from './ggml-types';
import { attnVCount, tensorType } from './quant-mix';
import type { MixContext } from './quant-mix';
import type { QuantType } from './quant-types';
import { architectureTensors, ggufHasOutput, tensorElements } from './tensors';

export interface WeightBreakdown {
  /** All tensor data of the GGUF file. */
  readonly totalBytes: number;
  /** Bytes of each repeating layer, index = layer. */
  readonly layerBytes: readonly number[];
  /** Routed-expert bytes of each layer (what --n-cpu-moe keeps on the CPU). */
  readonly layerExpertBytes: readonly number[];
  /** token_embd: stays in host memory in llama.cpp (its rows are gathered on the CPU). */
  readonly tokenEmbdBytes: number;
  /** output.weight + output_norm (or the duplicate of a tied embedding): offloaded with -ngl = layers + 1. */
  readonly outputBytes: number;
  /**
   * The part of outputBytes that is token_embd loaded a second time (a file without output.weight: llama.cpp
   * creates the output from token_embd, TENSOR_DUPLICATED); 0 when the file has its own output matrix.
   */
  readonly outputCopyBytes: number;
  /** Bytes read per generated token: every non-expert weight, the active share of experts, the output. */
  readonly activeBytesPerToken: number;
  /** Bytes of each type, for the breakdown shown to the user. */
  readonly bytesByType: Readonly<Partial<Record<GgmlType, number>>>;
  /**
   * Weights of the repeating layers by type, routed experts at their active share (k of E): the matrices a prompt
   * token is multiplied through, for the CPU's per-type matrix rates (cpuPromptTypeScale, speed.ts).
   */
  readonly layerElementsByType: Readonly<Partial<Record<GgmlType, number>>>;
}

const cache = new WeakMap<ModelArchitecture, Map<string, WeightBreakdown>>();

/**
 * Sizes the weights tensor by tensor with llama.cpp's type rules, so Q4_K_M's Q6_K tensors, the
 * embedding and output types, and the row-size fallbacks all count. Memoized per architecture object
 * and quantization (the UI recomputes estimates on every slider move; weights do not change then).
 */
export function weightBreakdown(arch: ModelArchitecture, quant: QuantType): WeightBreakdown {
  let perArch = cache.get(arch);
  if (!perArch) {
    perArch = new Map();
    cache.set(arch, perArch);
  }
  const hit = perArch.get(quant.id);
  if (hit) return hit;
  const result = computeWeights(arch, quant);
  perArch.set(quant.id, result);
  return result;
}

function computeWeights(arch: ModelArchitecture, quant: QuantType): WeightBreakdown {
  const tensors = architectureTensors(arch);
  // One context object, its attn_v index advanced in place: a fresh object per tensor was most of the cold cost.
  const mix: { -readonly [K in keyof MixContext]: MixContext[K] } = { arch, quant, attnVIndex: 0, attnVCount: attnVCount(tensors) };
  const tiedOutput = !ggufHasOutput(arch);
  const layerBytes = new Array<number>(arch.layers).fill(0);
  const layerExpertBytes = new Array<number>(arch.layers).fill(0);
  const bytesByType: Partial<Record<GgmlType, number>> = {};
  const layerElementsByType: Partial<Record<GgmlType, number>> = {};
  let tokenEmbdBytes = 0;
  let outputBytes = 0;
  let outputCopyBytes = 0;
  let active = 0;
  let fileBytes = 0;
  const share = arch.moe ? arch.moe.expertsPerToken / arch.moe.experts : 1;
  for (const x of tensors) {
    const type = tensorType(x, mix);
    if (x.role === 'attn_v') mix.attnVIndex++;
    const bytes = typeBytes(type, tensorElements(x));
    bytesByType[type] = (bytesByType[type] ?? 0) + bytes;
    fileBytes += bytes;
    if (x.layer === null) {
      if (x.role === 'per_layer_embd') {
        // gathered row by row on the host, like token_embd, and never duplicated as an output layer
        tokenEmbdBytes += bytes;
        continue;
      }
      if (x.role === 'token_embd') {
        tokenEmbdBytes += bytes;
        if (tiedOutput) {
          // llama.cpp loads a tied matrix twice: rows are gathered on the CPU, and a duplicate is the output layer
          outputBytes += bytes;
          outputCopyBytes += bytes;
          active += bytes;
        }
      } else {
        outputBytes += bytes;
        active += bytes;
      }
      continue;
    }
    layerBytes[x.layer] = (layerBytes[x.layer] ?? 0) + bytes;
    layerElementsByType[type] = (layerElementsByType[type] ?? 0) + tensorElements(x) * (x.routedExperts ? share : 1);
    if (x.routedExperts) {
      layerExpertBytes[x.layer] = (layerExpertBytes[x.layer] ?? 0) + bytes;
      active += bytes * share;
    } else {
      active += bytes;
    }
  }
  return { totalBytes: fileBytes, layerBytes, layerExpertBytes, tokenEmbdBytes, outputBytes, outputCopyBytes, activeBytesPerToken: active, bytesByType, layerElementsByType };
}

/** Prefix sums over layers of dense and routed-expert weight bytes, and of the layers with routed experts. */
export interface WeightPrefix {
  /** Each array starts at 0 and has layers + 1 entries. */
  readonly dense: readonly number[];
  readonly experts: readonly number[];
  readonly moeLayers: readonly number[];
  /** Layers summed, and the arrays' last entries (the whole model's sums), kept beside them for denseAt and the like. */
  readonly layers: number;
  readonly denseTotal: number;
  readonly expertsTotal: number;
  readonly moeLayersTotal: number;
}

/**
 * Entry i of a WeightPrefix array: the same number as the array's, read from the record itself at layer 0 (always 0)
 * and at the last layer (the total). A full offload, the common case, then reads no per-quantization array: over the
 * whole catalog each such read is a cache miss, as the arrays of every model and quantization do not stay in cache.
 */
export function denseAt(w: WeightPrefix, i: number): number {
  return i === 0 ? 0 : i === w.layers ? w.denseTotal : (w.dense[i] ?? 0);
}

/** Entry i of WeightPrefix.experts, as denseAt reads it. */
export function expertsAt(w: WeightPrefix, i: number): number {
  return i === 0 ? 0 : i === w.layers ? w.expertsTotal : (w.experts[i] ?? 0);
}

/** Entry i of WeightPrefix.moeLayers, as denseAt reads it. */
export function moeLayersAt(w: WeightPrefix, i: number): number {
  return i === 0 ? 0 : i === w.layers ? w.moeLayersTotal : (w.moeLayers[i] ?? 0);
}

/** weightPrefix's sums, memoized per weight breakdown. */
const prefixCache = new WeakMap<WeightBreakdown, WeightPrefix>();

export function weightPrefix(w: WeightBreakdown): WeightPrefix {
  const hit = prefixCache.get(w);
  if (hit) return hit;
  const dense = [0];
  const experts = [0];
  /** Layers with routed experts (a leading dense layer of DeepSeek or GLM has none). */
  const moeLayers = [0];
  for (let i = 0; i < w.layerBytes.length; i++) {
    const e = w.layerExpertBytes[i] ?? 0;
    dense.push((dense[i] ?? 0) + (w.layerBytes[i] ?? 0) - e);
    experts.push((experts[i] ?? 0) + e);
    moeLayers.push((moeLayers[i] ?? 0) + (e > 0 ? 1 : 0));
  }
  const layers = w.layerBytes.length;
  const sums = {
    dense,
    experts,
    moeLayers,
    layers,
    denseTotal: dense[layers] ?? 0,
    expertsTotal: experts[layers] ?? 0,
    moeLayersTotal: moeLayers[layers] ?? 0,
  };
  prefixCache.set(w, sums);
  return sums;
}
