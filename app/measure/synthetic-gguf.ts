import { err, ok } from '../api/result';
import type { Result } from '../api/result';
import type { ModelArchitecture } from '../domain/model';
import type { GgmlType } from '../estimator/ggml-types';
import { attnVCount, tensorType } from '../estimator/quant-mix';
import type { MixContext } from '../estimator/quant-mix';
import type { QuantType } from '../estimator/quant-types';
import { architectureTensors, isMoeLayer } from '../estimator/tensors';
import type { TensorDesc } from '../estimator/tensors';
import { encodeGguf } from './gguf-encode';
import type { EncodedGguf, GgufEntry, GgufTensorPlan } from './gguf-encode';
import { canRandomize } from './random-blocks';
import { GEMMA4_WRITER, gemma4UnsupportedReason, writesGemma4 } from './synthetic-gemma4';
import { LFM2_WRITER, lfm2UnsupportedReason, writesLfm2 } from './synthetic-lfm2';
import { f32, shapeOf, u32 } from './synthetic-layout';
import type { OwnArchWriter, SyntheticLayout } from './synthetic-layout';
import { MAMBA2_WRITER, mamba2UnsupportedReason, writesMamba2 } from './synthetic-mamba2';
import { MLA_WRITER, mlaUnsupportedReason } from './synthetic-mla';
import { moeLayout } from './synthetic-moe';
import { DELTA_NET_WRITER, deltaNetUnsupportedReason, writesDeltaNet } from './synthetic-qwen35';

/**
 * A GGUF file of a model's exact shape with (almost) no weights: llama.cpp's tensor names, shapes and per-tensor
 * types, exactly the tensor mix the estimator sizes (architectureTensors + tensorType), the metadata llama.cpp needs
 * to load it and a minimal vocabulary. Speed depends on the shapes and types of the matrices, not on their values,
 * so such a file runs at the speed of the real model. Its data is zeros (a sparse file), except: the rows of the
 * token embedding that the benchmark's prompts use; the routers of mixture-of-experts layers and the norm or scale in
 * front of each, so that tokens are routed to different experts as in a real model; and what an architecture needs
 * to stay finite (Gemma 4's rope_freqs). llama.cpp's own architectures are laid out by the synthetic-*.ts modules.
 */

/** Token ids the benchmark may feed: after <unk>, <s>, </s> and the 256 byte tokens, within the random rows. */
export const SYNTHETIC_FIRST_TOKEN = 259;
/** Rows of token_embd written with random values (the prompt uses ids SYNTHETIC_FIRST_TOKEN.. below this). */
export const SYNTHETIC_RANDOM_ROWS = 1024;

/** Data that must not be zero: `count` values of `type` at `offset` bytes from the start of the file. */
export interface RandomFill {
  readonly tensor: string;
  readonly offset: number;
  readonly type: GgmlType;
  readonly count: number;
  readonly seed: number;
}

export interface SyntheticGguf extends EncodedGguf {
  /** The llama.cpp architecture written (a stand-in with the same tensor shapes where the model's own is not supported). */
  readonly writtenArch: string;
  readonly fills: readonly RandomFill[];
  /** Bytes that must really be written (header and random fills); the rest of the file is a sparse hole. */
  readonly writtenBytes: number;
}

/** ggml's llama_ftype id of a quantization (llama.h enum llama_ftype), for general.file_type. */
const FTYPE_IDS: Readonly<Record<string, number>> = {
  F32: 0, F16: 1, Q4_0: 2, Q4_1: 3, Q8_0: 7, Q5_0: 8, Q5_1: 9, Q2_K: 10, Q3_K_S: 11, Q3_K_M: 12, Q3_K_L: 13, Q4_K_S: 14,
  Q4_K_M: 15, Q5_K_S: 16, Q5_K_M: 17, Q6_K: 18, IQ2_XXS: 19, IQ2_XS: 20, Q2_K_S: 21, IQ3_XS: 22, IQ3_XXS: 23, IQ1_S: 24,
  IQ4_NL: 25, IQ3_S: 26, IQ3_M: 27, IQ2_S: 28, IQ2_M: 29, IQ4_XS: 30, IQ1_M: 31, BF16: 32, MXFP4_MOE: 38,
};

/** Why this architecture cannot be written, or null. */
export function unsupportedReason(a: ModelArchitecture): string | null {
  if (a.mla) return mlaUnsupportedReason(a) ?? vocabularyReason(a);
  if (writesGemma4(a)) return gemma4UnsupportedReason(a) ?? vocabularyReason(a);
  if (writesMamba2(a)) return mamba2UnsupportedReason(a) ?? vocabularyReason(a);
  if (writesLfm2(a)) return lfm2UnsupportedReason(a) ?? vocabularyReason(a);
  const deltaNet = writesDeltaNet(a);
  if (deltaNet) {
    const reason = deltaNetUnsupportedReason(a);
    if (reason) return reason;
  } else if (a.linearAttention)
    return `recurrent layers are written only as llama.cpp's nemotron_h, nemotron_h_moe, granitehybrid (Mamba-2), lfm2, lfm2moe (short convolutions), qwen35, qwen35moe and qwen3next (Gated DeltaNet), not ${a.ggufArch}`;
  const own = deltaNet ? null : moeLayout(a);
  if (own && 'reason' in own) return own.reason;
  if (!own && !deltaNet && a.moe && (a.moe.sharedExperts > 0 || a.moe.denseLayers > 0 || a.moe.moeLayerStep !== 1))
    return `mixture-of-experts models with shared experts or dense layers are written only in llama.cpp's own glm4moe, ernie4_5-moe, hunyuan-moe and llama4, not ${a.ggufArch}`;
  if (!own && a.moe && a.slidingWindow) return `mixture-of-experts models with sliding-window layers are written only as gpt-oss and llama4, not ${a.ggufArch}`;
  if (a.moe?.latentSize !== undefined) return `latent mixtures of experts are written only as llama.cpp's nemotron_h_moe, not ${a.ggufArch}`;
  if (!a.ffnGated) return 'ungated feed-forward layers are not written yet';
  if (a.valueHeadDim !== a.headDim) return 'different key and value head sizes are not written yet';
  if (a.perLayerEmbedding) return 'per-layer embeddings are written only as llama.cpp\'s gemma4 (Gemma 4 E models), not Gemma 3n\'s AltUp layers';
  // gemma3, the stand-in for sliding-window models, gives every layer one head size and a V projection; full-attention
  // layers with their own (global_head_dim, K = V) load only in llama.cpp's gemma4 (synthetic-gemma4.ts).
  if (a.globalAttention) return `full-attention layers with their own head size and KV heads are written only as llama.cpp's gemma4, not ${a.ggufArch}`;
  return vocabularyReason(a);
}

function vocabularyReason(a: ModelArchitecture): string | null {
  return a.vocabSize < SYNTHETIC_RANDOM_ROWS ? `a vocabulary under ${SYNTHETIC_RANDOM_ROWS} tokens is too small for the benchmark's prompts` : null;
}

/** The architectures whose own module names every tensor; the others go through nameOf (or a MoE layout) below. */
const OWN_ARCH_WRITERS: readonly OwnArchWriter[] = [DELTA_NET_WRITER, GEMMA4_WRITER, MLA_WRITER, MAMBA2_WRITER, LFM2_WRITER];

/**
 * The written arch: the model's own where a module or a MoE layout of synthetic-moe.ts writes it, llama.cpp's gemma3
 * for other sliding-window models (one global layer in six), llama (dense or Mixtral-style MoE) otherwise.
 */
function writtenArchOf(a: ModelArchitecture, writer: OwnArchWriter | null, layout: SyntheticLayout | null): string {
  if (writer) return a.ggufArch;
  return layout?.arch ?? (a.slidingWindow ? 'gemma3' : 'llama');
}

function vocabulary(n: number): GgufEntry[] {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  for (let b = 0; b < 256; b++) tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  for (let i = tokens.length; i < n; i++) tokens.push(`t${i}`);
  // llama_token_type: 1 normal, 2 unknown, 3 control, 6 byte
  const types = new Int32Array(n).fill(1);
  types[0] = 2;
  types[1] = 3;
  types[2] = 3;
  types.fill(6, 3, 259);
  return [
    { type: 'array', of: 'string', value: tokens },
    { type: 'array', of: 'f32', value: new Float32Array(n) },
    { type: 'array', of: 'i32', value: types },
  ];
}

function metadata(a: ModelArchitecture, quant: QuantType, arch: string, name: string, contextTokens: number, own: readonly [string, GgufEntry][]): [string, GgufEntry][] {
  const [tokens, scores, types] = vocabulary(a.vocabSize);
  const m: [string, GgufEntry][] = [
    ['general.architecture', { type: 'string', value: arch }],
    ['general.name', { type: 'string', value: name }],
    ['general.file_type', u32(FTYPE_IDS[quant.id] ?? 0)],
    ['general.quantization_version', u32(2)],
    ['general.alignment', u32(32)],
    [`${arch}.context_length`, u32(contextTokens)],
    [`${arch}.embedding_length`, u32(a.hiddenSize)],
    [`${arch}.block_count`, u32(a.layers)],
    [`${arch}.feed_forward_length`, u32(a.moe ? a.moe.expertIntermediateSize : (a.intermediateSize ?? 0))],
    [`${arch}.attention.head_count`, u32(a.attentionHeads)],
    [`${arch}.attention.head_count_kv`, u32(a.kvHeads)],
    [`${arch}.attention.key_length`, u32(a.headDim)],
    [`${arch}.attention.value_length`, u32(a.valueHeadDim)],
    [`${arch}.rope.dimension_count`, u32(a.headDim)],
    [`${arch}.rope.freq_base`, f32(10000)],
    [`${arch}.attention.layer_norm_rms_epsilon`, f32(1e-6)],
    [`${arch}.vocab_size`, u32(a.vocabSize)],
  ];
  if (a.moe) m.push([`${arch}.expert_count`, u32(a.moe.experts)], [`${arch}.expert_used_count`, u32(a.moe.expertsPerToken)]);
  if (a.slidingWindow) m.push([`${arch}.attention.sliding_window`, u32(a.slidingWindow.windowTokens)]);
  // an architecture's own keys replace the common ones of the same name (gguf.cpp refuses a key twice)
  for (const [key, value] of own) {
    const at = m.findIndex(([k]) => k === key);
    if (at >= 0) m[at] = [key, value];
    else m.push([key, value]);
  }
  m.push(
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', tokens as GgufEntry],
    ['tokenizer.ggml.scores', scores as GgufEntry],
    ['tokenizer.ggml.token_type', types as GgufEntry],
    ['tokenizer.ggml.bos_token_id', u32(1)],
    ['tokenizer.ggml.eos_token_id', u32(2)],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
  );
  return m;
}

/** llama.cpp's name of an estimator tensor, from its role and its place in the layer. */
function nameOf(x: TensorDesc, a: ModelArchitecture, normsSeen: number, layout: SyntheticLayout | null): string {
  if (x.layer === null) return x.role === 'token_embd' ? 'token_embd.weight' : x.role === 'output' ? 'output.weight' : 'output_norm.weight';
  const p = `blk.${x.layer}.`;
  switch (x.role) {
    case 'norm':
      return `${p}${normsSeen === 0 ? 'attn_norm' : (layout?.ffnNormName ?? 'ffn_norm')}.weight`;
    case 'attn_q':
    case 'attn_k':
    case 'attn_v':
    case 'attn_output':
      return `${p}${x.role}.weight`;
    case 'router':
      return `${p}ffn_gate_inp.weight`;
    case 'ffn_gate':
    case 'ffn_up':
    case 'ffn_down':
      // in a MoE layer the FFN tensors that are not routed are the shared expert's
      return `${p}${x.role}${isMoeLayer(a, x.layer) ? (x.routedExperts ? '_exps' : '_shexp') : ''}.weight`;
    default:
      throw new Error(`no llama.cpp name for a ${x.role} tensor`);
  }
}

/**
 * The synthetic GGUF of `a` quantized as `quant`. Pure: the caller writes `header`, the `fills`, and extends the
 * file to `fileBytes` (a sparse hole). An architecture the writer cannot express is an error value.
 */
export function synthesizeGguf(a: ModelArchitecture, quant: QuantType, opts: { readonly name: string; readonly contextTokens: number; readonly seed?: number }): Result<SyntheticGguf> {
  if (quant.format !== 'gguf') return err('BAD_REQUEST', `${quant.id} is not a GGUF quantization`);
  const reason = unsupportedReason(a);
  if (reason) return err('BAD_REQUEST', `Cannot write a synthetic ${a.ggufArch} model: ${reason}.`);
  const writer = OWN_ARCH_WRITERS.find((w) => w.writes(a)) ?? null;
  const own = writer ? null : moeLayout(a);
  const layout = own && 'layout' in own ? own.layout : null;
  const arch = writtenArchOf(a, writer, layout);
  const all = architectureTensors(a);
  const mix: { -readonly [K in keyof MixContext]: MixContext[K] } = { arch: a, quant, attnVIndex: 0, attnVCount: attnVCount(all) };
  // the estimator's walk of the quantization mix (weights.ts weightBreakdown), tensor by tensor in list order
  const typeOf = (x: TensorDesc): GgmlType => {
    const type = tensorType(x, mix);
    if (x.role === 'attn_v') mix.attnVIndex++;
    return type;
  };
  let plans: GgufTensorPlan[] = [];
  if (writer) {
    try {
      plans = writer.plans(a, all, typeOf);
    } catch (e) {
      return err('BAD_REQUEST', `Cannot write a synthetic ${a.ggufArch} model: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }
  let layer = -1;
  let norms = 0;
  // the other archs: the generic names below (llama, Mixtral-style llama, gemma3, and the MoE layouts' own)
  for (const x of writer ? [] : all) {
    if (x.layer !== layer) {
      layer = x.layer ?? -1;
      norms = 0;
    }
    const type = typeOf(x);
    plans.push({ name: nameOf(x, a, norms, layout), type, shape: shapeOf(x) });
    if (layout) plans.push(...layout.extras(x));
    if (x.role === 'norm' && x.layer !== null) norms++;
    // Gemma 3's extra per-layer norms (llama-model.cpp LLM_ARCH_GEMMA3): 1-D F32, a few KB, not in the estimator's list.
    if (arch === 'gemma3' && x.layer !== null && x.role === 'attn_output') {
      plans.push(
        { name: `blk.${x.layer}.attn_q_norm.weight`, type: 'F32', shape: [a.headDim] },
        { name: `blk.${x.layer}.attn_k_norm.weight`, type: 'F32', shape: [a.headDim] },
        { name: `blk.${x.layer}.post_attention_norm.weight`, type: 'F32', shape: [a.hiddenSize] },
      );
    }
    if (arch === 'gemma3' && x.layer !== null && x.role === 'ffn_down') plans.push({ name: `blk.${x.layer}.post_ffw_norm.weight`, type: 'F32', shape: [a.hiddenSize] });
  }
  let encoded: EncodedGguf;
  try {
    const ownKeys = writer ? writer.metadata(a) : (layout?.metadata ?? []);
    encoded = encodeGguf(metadata(a, quant, arch, opts.name, opts.contextTokens, ownKeys), plans);
  } catch (e) {
    return err('BAD_REQUEST', e instanceof Error ? e.message : String(e));
  }
  const seed = opts.seed ?? 1;
  // The norm in front of each MoE layer's router: zero, it hands every router a zero vector, all experts tie and every
  // token takes the same k experts, which then stay in cache (the CPU calibration shape generated 1.4-1.6x faster at
  // depth 48 that way than with this norm random, 2026-12-05). Random F32; an own-arch writer names its own.
  const routerInputNorms = new Set<string>();
  if (a.moe && !writer)
    for (let l = 0; l < a.layers; l++) if (isMoeLayer(a, l)) routerInputNorms.add(`blk.${l}.${layout?.ffnNormName ?? 'ffn_norm'}.weight`);
  const fills: RandomFill[] = [];
  for (const t of encoded.tensors) {
    const at = encoded.dataOffset + t.offset;
    if (t.name === 'token_embd.weight') {
      if (!canRandomize(t.type)) return err('BAD_REQUEST', `Cannot write random ${t.type} token embeddings.`);
      fills.push({ tensor: t.name, offset: at, type: t.type, count: a.hiddenSize * SYNTHETIC_RANDOM_ROWS, seed });
    } else if (t.name.endsWith('ffn_gate_inp.weight') || writer?.randomTensor(a, t.name) || routerInputNorms.has(t.name)) {
      fills.push({ tensor: t.name, offset: at, type: t.type, count: t.shape.reduce((p, d) => p * d, 1), seed: seed + fills.length });
    }
  }
  let writtenBytes = encoded.header.length;
  for (const f of fills) writtenBytes += (encoded.tensors.find((t) => t.name === f.tensor)?.bytes ?? 0) * (f.tensor === 'token_embd.weight' ? SYNTHETIC_RANDOM_ROWS / a.vocabSize : 1);
  return ok({ ...encoded, writtenArch: arch, fills, writtenBytes: Math.ceil(writtenBytes) });
}
