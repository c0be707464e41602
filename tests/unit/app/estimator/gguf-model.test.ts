import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ftypeName, ggmlTensorBytes, ggmlTypeById } from '../../../../app/estimator/ggml-type-ids';
import { ggufToModel, isMmproj } from '../../../../app/estimator/gguf-model';
import type { GgufHeader, GgufModel } from '../../../../app/estimator/gguf-model';
import { architectureSchema } from '../../../../app/catalog/model-schema';
import { countParameters } from '../../../../app/estimator/tensors';
import { readGgufHeader } from '../../../../main/services/local-models/gguf-header';
import { specToHeader, tinyModel, writeGguf } from '../../../helpers/gguf-writer';
import type { GgufSpec, GgufValue, TinyKind } from '../../../helpers/gguf-writer';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gguf-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function roundTrip(spec: GgufSpec, file: string): Promise<{ header: GgufHeader; model: GgufModel; tensorBytes: number }> {
  const written = await writeGguf(join(dir, file), spec);
  const r = await readGgufHeader(join(dir, file));
  if (!r.ok) throw new Error(r.error.message);
  const m = ggufToModel(r.value, file);
  if (!m.ok) throw new Error(m.error.message);
  return { header: r.value, model: m.value, tensorBytes: written.tensorBytes };
}

const KINDS: readonly TinyKind[] = ['llama', 'qwen3moe', 'gemma3', 'deepseek2', 'qwen3next', 'granitehybrid'];

describe('ggufToModel on tiny written models', () => {
  for (const kind of KINDS) {
    it(`${kind}: weights equal the exact tensor bytes and the breakdown adds up`, async () => {
      const { header, model, tensorBytes } = await roundTrip(tinyModel(kind, 'Q4_K_M'), `${kind}-Q4_K_M.gguf`);
      const w = model.weights;
      expect(w.totalBytes).toBe(tensorBytes);
      expect(w.totalBytes).toBe(header.tensors.reduce((a, t) => a + t.bytes, 0));
      // the data section holds every tensor padded to 32 bytes
      expect(header.tensorDataBytes).toBe(header.tensors.reduce((a, t) => a + Math.ceil(t.bytes / 32) * 32, 0));
      expect(header.fileBytes - header.dataOffset).toBe(header.tensorDataBytes);
      const layers = w.layerBytes.reduce((a, b) => a + b, 0);
      const outputOnly = model.architecture.tiedEmbeddings ? w.outputBytes - w.tokenEmbdBytes : w.outputBytes;
      expect(layers + w.tokenEmbdBytes + outputOnly).toBe(w.totalBytes);
      expect(w.layerBytes).toHaveLength(model.architecture.layers);
      expect(w.layerExpertBytes).toHaveLength(model.architecture.layers);
      expect(Object.values(w.bytesByType).reduce((a, b) => a + (b ?? 0), 0)).toBe(w.totalBytes);
      // the layers' weights by type (experts at their active share) are the layers' tensors, as the header lists them
      const share = model.architecture.moe ? model.architecture.moe.expertsPerToken / model.architecture.moe.experts : 1;
      const layerElements = header.tensors.filter((t) => t.name.startsWith('blk.')).reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1) * (t.name.includes('_exps') ? share : 1), 0);
      expect(Object.values(w.layerElementsByType).reduce((a, b) => a + (b ?? 0), 0)).toBeCloseTo(layerElements, 6);
      expect(w.activeBytesPerToken).toBeLessThanOrEqual(w.totalBytes + (model.architecture.tiedEmbeddings ? w.tokenEmbdBytes : 0));
      expect(model.quantLabel).toBe('Q4_K_M');
      expect(model.contextTokens).toBe(4096);
      expect(model.name).toBe(`Tiny ${kind}`);
      expect(model.architecture.vocabSize).toBe(8);
      expect(architectureSchema.safeParse(model.architecture).success).toBe(true);
    });
  }

  it('llama: dense facts, untied output', async () => {
    const { model } = await roundTrip(tinyModel('llama', 'Q8_0'), 'llama-q8.gguf');
    expect(model.architecture).toMatchObject({
      ggufArch: 'llama', layers: 2, hiddenSize: 256, intermediateSize: 512, ffnGated: true, attentionHeads: 4, kvHeads: 2,
      headDim: 64, valueHeadDim: 64, tiedEmbeddings: false, moe: null, slidingWindow: null, mla: null, linearAttention: null,
    });
    expect(model.quantLabel).toBe('Q8_0');
    expect(model.weights.layerExpertBytes).toEqual([0, 0]);
    expect(model.weights.activeBytesPerToken).toBe(model.weights.totalBytes - model.weights.tokenEmbdBytes);
    // parameters from the tensor table equal what the estimator counts for the same architecture
    expect(model.parameters).toEqual(countParameters(model.architecture));
  });

  it('qwen3moe: experts, active share of expert bytes', async () => {
    const { model } = await roundTrip(tinyModel('qwen3moe'), 'qwen3moe.gguf');
    expect(model.architecture.moe).toEqual({
      experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 256, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1,
    });
    expect(model.architecture.intermediateSize).toBeNull();
    const w = model.weights;
    const experts = w.layerExpertBytes.reduce((a, b) => a + b, 0);
    expect(experts).toBeGreaterThan(0);
    expect(w.activeBytesPerToken).toBeCloseTo(w.totalBytes - w.tokenEmbdBytes - experts + experts * (2 / 8), 6);
    expect(model.parameters.active).toBeLessThan(model.parameters.total);
  });

  it('gemma3: tied embeddings counted again as the output, 5 of 6 layers sliding', async () => {
    const { model } = await roundTrip(tinyModel('gemma3', 'Q6_K'), 'gemma3.gguf');
    expect(model.architecture.tiedEmbeddings).toBe(true);
    expect(model.architecture.slidingWindow).toEqual({ windowTokens: 512, slidingLayers: 5 });
    expect(model.architecture.kvHeads).toBe(1);
    expect(model.architecture.headDim).toBe(256);
    expect(model.weights.outputBytes).toBe(model.weights.tokenEmbdBytes + 256 * 4);
    expect(model.quantLabel).toBe('Q6_K');
  });

  it('deepseek2: MLA from the *_mla keys, leading dense layer, shared expert', async () => {
    const { model } = await roundTrip(tinyModel('deepseek2'), 'ds.gguf');
    const a = model.architecture;
    expect(a.mla).toEqual({ kvLoraRank: 128, qLoraRank: 256, qkRopeHeadDim: 32, qkNopeHeadDim: 64, valueHeadDim: 64 });
    expect(a).toMatchObject({ headDim: 96, valueHeadDim: 64, kvHeads: 4, intermediateSize: 512 });
    expect(a.moe).toMatchObject({ experts: 4, expertsPerToken: 2, sharedExperts: 1, sharedExpertIntermediateSize: 256, denseLayers: 1 });
    expect(model.weights.layerExpertBytes[0]).toBe(0);
    expect(model.weights.layerExpertBytes[1]).toBeGreaterThan(0);
  });

  it('qwen3next: gated DeltaNet on 3 of 4 layers', async () => {
    const { model } = await roundTrip(tinyModel('qwen3next'), 'q3n.gguf');
    expect(model.architecture.linearAttention).toEqual({
      kind: 'gated-deltanet', layers: 3, convKernel: 4, keyHeads: 2, valueHeads: 4, keyHeadDim: 64, valueHeadDim: 64,
    });
    expect(model.architecture.moe).toMatchObject({ sharedExperts: 1, sharedExpertIntermediateSize: 256 });
  });

  it('granitehybrid: Mamba-2 layers from the zeros of the per-layer head_count_kv', async () => {
    const { model } = await roundTrip(tinyModel('granitehybrid'), 'granite.gguf');
    expect(model.architecture.kvHeads).toBe(2);
    expect(model.architecture.linearAttention).toEqual({ kind: 'mamba2', layers: 3, convKernel: 4, heads: 8, headDim: 64, stateSize: 64, groups: 1 });
    expect(model.architecture.moe).toMatchObject({ sharedExperts: 1, sharedExpertIntermediateSize: 512 });
    expect(model.architecture.tiedEmbeddings).toBe(true);
  });
});

describe('ggufToModel errors', () => {
  const base = (metadata: Record<string, unknown>): GgufHeader => ({
    version: 3,
    metadata: metadata as GgufHeader['metadata'],
    tensors: [{ name: 'token_embd.weight', type: 0, typeName: 'F32', shape: [4, 8], bytes: 128, offset: 0 }],
    dataOffset: 64,
    tensorDataBytes: 128,
    fileBytes: 192,
  });
  const llamaKeys = {
    'general.architecture': 'llama', 'llama.block_count': 1, 'llama.embedding_length': 4, 'llama.feed_forward_length': 8,
    'llama.attention.head_count': 1, 'llama.context_length': 16, 'tokenizer.ggml.tokens': 8,
  };

  it('names the missing key', () => {
    const r = ggufToModel(base({ ...llamaKeys, 'llama.block_count': undefined }), 'x.gguf');
    expect(r).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: 'x.gguf: missing llama.block_count' } });
    expect(ggufToModel(base({}), 'y.gguf')).toMatchObject({ ok: false, error: { message: 'y.gguf: missing general.architecture' } });
  });

  it('rejects impossible values and tensors past block_count', () => {
    expect(ggufToModel(base({ ...llamaKeys, 'llama.embedding_length': -4 }), 'x.gguf')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const h = base(llamaKeys);
    const past: GgufHeader = { ...h, tensors: [...h.tensors, { name: 'blk.5.attn_norm.weight', type: 0, typeName: 'F32', shape: [4], bytes: 16, offset: 128 }] };
    expect(ggufToModel(past, 'x.gguf')).toMatchObject({ ok: false, error: { message: 'x.gguf: tensor blk.5.attn_norm.weight is past block_count 1' } });
    const used = base({ ...llamaKeys, 'llama.expert_count': 2, 'llama.expert_used_count': 4, 'llama.expert_feed_forward_length': 4 });
    expect(ggufToModel(used, 'x.gguf')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses a header whose numbers no model has, quickly, before building per-layer tables', () => {
    const start = Date.now();
    const r = ggufToModel(base({ ...llamaKeys, 'llama.block_count': 2 ** 31 }), 'huge.gguf');
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^huge\.gguf: implausible architecture \(layers: /) } });
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('accepts a minimal header and does not mutate it', () => {
    const h = base(llamaKeys);
    const copy = structuredClone(h);
    const r = ggufToModel(h, 'x.gguf');
    expect(r.ok).toBe(true);
    expect(h).toEqual(copy);
  });

  it('refuses a vision projector, which isMmproj recognizes', () => {
    const h = base({ 'general.architecture': 'clip' });
    expect(isMmproj(h)).toBe(true);
    expect(isMmproj(base(llamaKeys))).toBe(false);
    expect(ggufToModel(h, 'mmproj.gguf')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('type tables', () => {
  it('maps ftypes and ggml types from llama.h / ggml.h', () => {
    expect(ftypeName(15)).toBe('Q4_K_M');
    expect(ftypeName(15 | 1024)).toBe('Q4_K_M');
    expect(ftypeName(38)).toBe('MXFP4_MOE');
    expect(ftypeName(99)).toBeNull();
    expect(ggmlTypeById(12)).toEqual({ name: 'Q4_K', blockElements: 256, blockBytes: 144 });
    expect(ggmlTypeById(4)).toBeNull();
  });
  it('sizes tensors and refuses rows that do not fill a block', () => {
    const q4k = ggmlTypeById(12);
    if (!q4k) throw new Error('no Q4_K');
    expect(ggmlTensorBytes(q4k, [256, 10])).toBe(1440);
    expect(ggmlTensorBytes(q4k, [100, 10])).toBeNull();
    expect(ggmlTensorBytes(q4k, [2 ** 40, 2 ** 40])).toBeNull();
  });
});

/** The same tiny model under another architecture name (the tensor names are shared across llama.cpp archs). */
function asArch(spec: GgufSpec, arch: string, extra: Record<string, GgufValue> = {}): GgufSpec {
  const from = String(spec.metadata['general.architecture']);
  const metadata: Record<string, GgufValue> = {};
  for (const [k, v] of Object.entries(spec.metadata)) metadata[k.startsWith(`${from}.`) ? `${arch}.${k.slice(from.length + 1)}` : k] = v;
  metadata['general.architecture'] = arch;
  for (const [k, v] of Object.entries(extra)) metadata[`${arch}.${k}`] = v;
  return { metadata, tensors: spec.tensors };
}

function model(spec: GgufSpec): GgufModel {
  const r = ggufToModel(specToHeader(spec), 'm.gguf');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('ggufToModel on other architectures (headers built in memory)', () => {
  it('qwen2 and qwen3: plain dense models', () => {
    for (const arch of ['qwen2', 'qwen3']) {
      const a = model(asArch(tinyModel('llama'), arch)).architecture;
      expect(a).toMatchObject({ ggufArch: arch, layers: 2, kvHeads: 2, headDim: 64, moe: null, slidingWindow: null });
    }
  });

  it('gemma2 and gpt-oss: every other layer slides when the file gives no pattern', () => {
    expect(model(asArch(tinyModel('llama'), 'gemma2', { 'attention.sliding_window': 4096 })).architecture.slidingWindow).toEqual({ windowTokens: 4096, slidingLayers: 1 });
    const oss = model(asArch(tinyModel('qwen3moe'), 'gpt-oss', { 'attention.sliding_window': 128, 'expert_feed_forward_length': { type: 'u32', value: 0 } }));
    expect(oss.architecture.slidingWindow).toEqual({ windowTokens: 128, slidingLayers: 1 });
    // an absent or zero expert length falls back to the expert tensors' shape
    expect(oss.architecture.moe?.expertIntermediateSize).toBe(256);
  });

  it('a per-layer sliding_window_pattern array, a per-layer head_count_kv', () => {
    const spec = asArch(tinyModel('llama'), 'gemma3', { 'attention.sliding_window': 1024, 'attention.sliding_window_pattern': [true, false], 'attention.head_count_kv': [2, 1] });
    const a = model(spec).architecture;
    expect(a.slidingWindow).toEqual({ windowTokens: 1024, slidingLayers: 1 });
    expect(a.kvHeads).toBe(2);
  });

  it('refuses layers without attention that it cannot model', () => {
    const lfm = specToHeader(asArch(tinyModel('llama'), 'lfm2', { 'attention.head_count_kv': [0, 2] }));
    expect(ggufToModel(lfm, 'lfm.gguf')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const jamba = specToHeader(asArch(tinyModel('granitehybrid'), 'jamba'));
    expect(ggufToModel(jamba, 'jamba.gguf')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/not supported/) as unknown } });
  });

  it('takes the quantization from the file name when general.file_type is missing', () => {
    const spec = tinyModel('llama', 'Q4_K_M');
    const metadata = { ...spec.metadata };
    delete metadata['general.file_type'];
    const r = ggufToModel(specToHeader({ ...spec, metadata }), 'Model-IQ4_XS.gguf');
    expect(r.ok && r.value.quantLabel).toBe('IQ4_XS');
    const unnamed = ggufToModel(specToHeader({ ...spec, metadata }), 'model.gguf');
    expect(unnamed.ok && unnamed.value.quantLabel).toBe('Q4_K');
  });
});

describe('Gemma 4 GGUF metadata', () => {
  it('gives the full layers key_length and the smallest head_count_kv, the sliding ones key_length_swa', () => {
    const layers = 6;
    const header: GgufHeader = {
      version: 3,
      metadata: {
        'general.architecture': 'gemma4',
        'gemma4.block_count': layers,
        'gemma4.embedding_length': 64,
        'gemma4.feed_forward_length': 128,
        'gemma4.attention.head_count': 4,
        'gemma4.attention.head_count_kv': [4, 4, 4, 4, 4, 1],
        'gemma4.attention.key_length': 32,
        'gemma4.attention.key_length_swa': 16,
        'gemma4.attention.sliding_window': 8,
        'gemma4.attention.sliding_window_pattern': [true, true, true, true, true, false],
        'gemma4.context_length': 64,
        'tokenizer.ggml.tokens': 8,
      } as GgufHeader['metadata'],
      tensors: [
        { name: 'token_embd.weight', type: 0, typeName: 'F32', shape: [64, 8], bytes: 2048, offset: 0 },
        ...Array.from({ length: layers - 1 }, (_, i) => ({ name: `blk.${i}.attn_v.weight`, type: 0, typeName: 'F32', shape: [64, 64], bytes: 16384, offset: 0 })),
      ],
      dataOffset: 64,
      tensorDataBytes: 2048,
      fileBytes: 4096,
    };
    const r = ggufToModel(header, 'g4.gguf');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.value.architecture;
    expect(a.headDim).toBe(16);
    expect(a.kvHeads).toBe(4);
    expect(a.globalAttention).toEqual({ kvHeads: 1, headDim: 32, kEqV: true });
    expect(a.slidingWindow).toEqual({ windowTokens: 8, slidingLayers: 5 });
    expect(a.kvSharing ?? null).toBeNull();
  });

  it('reads the KV-sharing layers and keeps per_layer_token_embd on the host with token_embd (Gemma 3n / 4 E files)', () => {
    const header: GgufHeader = {
      version: 3,
      metadata: {
        'general.architecture': 'gemma3n',
        'gemma3n.block_count': 5,
        'gemma3n.embedding_length': 64,
        'gemma3n.feed_forward_length': 128,
        'gemma3n.attention.head_count': 4,
        'gemma3n.attention.head_count_kv': 2,
        'gemma3n.attention.key_length': 16,
        'gemma3n.attention.sliding_window': 8,
        'gemma3n.attention.sliding_window_pattern': [true, true, true, true, false],
        'gemma3n.attention.shared_kv_layers': 2,
        'gemma3n.context_length': 64,
        'tokenizer.ggml.tokens': 8,
      } as GgufHeader['metadata'],
      tensors: [
        { name: 'token_embd.weight', type: 0, typeName: 'F32', shape: [64, 8], bytes: 2048, offset: 0 },
        { name: 'per_layer_token_embd.weight', type: 0, typeName: 'F32', shape: [5 * 16, 8], bytes: 2560, offset: 0 },
        { name: 'output_norm.weight', type: 0, typeName: 'F32', shape: [64], bytes: 256, offset: 0 },
      ],
      dataOffset: 64,
      tensorDataBytes: 4864,
      fileBytes: 8192,
    };
    const r = ggufToModel(header, 'g3n.gguf');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.architecture.kvSharing).toEqual({ layers: 2, doubleWideMlp: false });
    const w = r.value.weights;
    expect(w.tokenEmbdBytes).toBe(2048 + 2560);
    // tied: the output layer is token_embd's copy plus output_norm, not the per-layer table
    expect(w.outputCopyBytes).toBe(2048);
    expect(w.outputBytes).toBe(2048 + 256);
  });
});

describe('ggufToModel on hybrid headers with per-layer blocks', () => {
  const header = (metadata: Record<string, unknown>): GgufHeader => ({
    version: 3,
    metadata: metadata as GgufHeader['metadata'],
    tensors: [{ name: 'token_embd.weight', type: 0, typeName: 'F32', shape: [8, 8], bytes: 256, offset: 0 }],
    dataOffset: 64,
    tensorDataBytes: 256,
    fileBytes: 320,
  });

  it('nemotron_h: Mamba-2 layers have neither KV heads nor an FFN; MLP layers have an FFN only', () => {
    // layers: Mamba, MLP, attention, Mamba (as llama.cpp tells them apart: n_head_kv(il) == 0 && n_ff(il) == 0 is recurrent)
    const r = ggufToModel(
      header({
        'general.architecture': 'nemotron_h', 'nemotron_h.block_count': 4, 'nemotron_h.embedding_length': 8, 'nemotron_h.context_length': 16,
        'nemotron_h.attention.head_count': [0, 0, 2, 0], 'nemotron_h.attention.head_count_kv': [0, 0, 1, 0], 'nemotron_h.feed_forward_length': [0, 32, 0, 0],
        'nemotron_h.ssm.conv_kernel': 4, 'nemotron_h.ssm.inner_size': 16, 'nemotron_h.ssm.state_size': 8, 'nemotron_h.ssm.time_step_rank': 2,
        'nemotron_h.ssm.group_count': 1, 'tokenizer.ggml.tokens': 8,
      }),
      'nemo.gguf',
    );
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.architecture.layerPattern).toEqual({ blocks: 'M-*M', mixerFfn: false });
    expect(r.value.architecture.linearAttention).toMatchObject({ kind: 'mamba2', layers: 2 });
    expect(architectureSchema.safeParse(r.value.architecture).success).toBe(true);
  });

  it('nemotron_h_moe: the LatentMoE width from moe_latent_size, or from ffn_latent_down when the key is missing', () => {
    const keys = {
      'general.architecture': 'nemotron_h_moe', 'nemotron_h_moe.block_count': 3, 'nemotron_h_moe.embedding_length': 8, 'nemotron_h_moe.context_length': 16,
      'nemotron_h_moe.attention.head_count': [0, 0, 2], 'nemotron_h_moe.attention.head_count_kv': [0, 0, 1], 'nemotron_h_moe.feed_forward_length': [0, 32, 0],
      'nemotron_h_moe.expert_count': 4, 'nemotron_h_moe.expert_used_count': 2, 'nemotron_h_moe.expert_feed_forward_length': 6,
      'nemotron_h_moe.ssm.conv_kernel': 4, 'nemotron_h_moe.ssm.inner_size': 16, 'nemotron_h_moe.ssm.state_size': 8, 'nemotron_h_moe.ssm.time_step_rank': 2,
      'nemotron_h_moe.ssm.group_count': 1, 'tokenizer.ggml.tokens': 8,
    };
    const withKey = ggufToModel(header({ ...keys, 'nemotron_h_moe.moe_latent_size': 4 }), 'super.gguf');
    expect(withKey.ok, withKey.ok ? '' : withKey.error.message).toBe(true);
    if (!withKey.ok) return;
    expect(withKey.value.architecture.layerPattern?.blocks).toBe('ME*');
    expect(withKey.value.architecture.moe?.latentSize).toBe(4);
    expect(architectureSchema.safeParse(withKey.value.architecture).success).toBe(true);
    const fromTensor = ggufToModel(
      { ...header(keys), tensors: [...header(keys).tensors, { name: 'blk.1.ffn_latent_down.weight', type: 0, typeName: 'F32', shape: [8, 4], bytes: 128, offset: 256 }] },
      'super.gguf',
    );
    expect(fromTensor.ok && fromTensor.value.architecture.moe?.latentSize).toBe(4);
    // Nemotron 3 Nano: no latent width, experts on the hidden width.
    const nano = ggufToModel(header(keys), 'nano.gguf');
    expect(nano.ok && nano.value.architecture.moe?.latentSize).toBeUndefined();
  });

  it('step35: fewer query heads on the full-attention layers (a per-layer head_count) become globalAttention.attentionHeads', () => {
    const keys = {
      'general.architecture': 'step35', 'step35.block_count': 4, 'step35.embedding_length': 8, 'step35.context_length': 16, 'step35.feed_forward_length': 32,
      'step35.attention.head_count': [2, 3, 3, 3], 'step35.attention.head_count_kv': [1, 1, 1, 1], 'step35.attention.key_length': 4,
      'step35.attention.sliding_window': 4, 'step35.attention.sliding_window_pattern': [false, true, true, true], 'tokenizer.ggml.tokens': 8,
    };
    const r = ggufToModel(header(keys), 'step.gguf');
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.architecture.attentionHeads).toBe(3);
    expect(r.value.architecture.slidingWindow).toEqual({ windowTokens: 4, slidingLayers: 3 });
    expect(r.value.architecture.globalAttention).toEqual({ kvHeads: 1, headDim: 4, kEqV: false, attentionHeads: 2 });
    expect(architectureSchema.safeParse(r.value.architecture).success).toBe(true);
    // The same heads on every layer: no full-layer shape of their own; nor when the fewer-head layer is a sliding one.
    const even = ggufToModel(header({ ...keys, 'step35.attention.head_count': [3, 3, 3, 3] }), 'even.gguf');
    expect(even.ok && even.value.architecture.globalAttention).toBeNull();
    const elsewhere = ggufToModel(header({ ...keys, 'step35.attention.head_count': [3, 2, 3, 3] }), 'odd.gguf');
    expect(elsewhere.ok && elsewhere.value.architecture.globalAttention).toBeNull();
  });

  it('lfm2: short-convolution layers from the zeros of head_count_kv, with shortconv.l_cache taps', () => {
    const r = ggufToModel(
      header({
        'general.architecture': 'lfm2', 'lfm2.block_count': 4, 'lfm2.embedding_length': 8, 'lfm2.context_length': 16, 'lfm2.feed_forward_length': 32,
        'lfm2.attention.head_count': 2, 'lfm2.attention.head_count_kv': [0, 0, 1, 0], 'lfm2.shortconv.l_cache': 3, 'tokenizer.ggml.tokens': 8,
      }),
      'lfm2.gguf',
    );
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.architecture.linearAttention).toEqual({ kind: 'short-conv', layers: 3, convKernel: 3 });
    expect(r.value.architecture.layerPattern).toEqual({ blocks: 'MM*M', mixerFfn: true });
  });

  it('deepseek32: the lightning indexer from attention.indexer.head_count, key_length and top_k', () => {
    const r = ggufToModel(
      header({
        'general.architecture': 'deepseek32', 'deepseek32.block_count': 1, 'deepseek32.embedding_length': 8, 'deepseek32.context_length': 16,
        'deepseek32.feed_forward_length': 32, 'deepseek32.attention.head_count': 2, 'deepseek32.attention.head_count_kv': 1,
        'deepseek32.attention.kv_lora_rank': 4, 'deepseek32.attention.q_lora_rank': 4, 'deepseek32.rope.dimension_count': 2,
        'deepseek32.attention.key_length_mla': 6, 'deepseek32.attention.value_length_mla': 4,
        'deepseek32.attention.indexer.head_count': 2, 'deepseek32.attention.indexer.key_length': 4, 'deepseek32.attention.indexer.top_k': 8,
        'tokenizer.ggml.tokens': 8,
      }),
      'dsa.gguf',
    );
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (r.ok) expect(r.value.architecture.sparseIndexer).toEqual({ heads: 2, headDim: 4, topK: 8 });
  });
});
