import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeGguf } from './gguf-writer';
import type { GgufSpec, GgufTensorSpec, GgufValue } from './gguf-writer';

/**
 * GGUF specs the size of a small real model (hidden 2048, a 100k-token vocabulary, so the header is ~1.6 MB and
 * takes two 1 MiB range reads), for the live Hugging Face tests. Written sparse, they cost no disk.
 */
const E = 2048;
const FF = 5632;
const LAYERS = 4;
const HEADS = 16;
const KV_HEADS = 4;
const HEAD_DIM = 128;
export const HF_VOCAB = 100_000;

function tokens(): string[] {
  return Array.from({ length: HF_VOCAB }, (_, i) => `tok${i}`);
}

function layerTensors(i: number, type: GgufTensorSpec['type']): GgufTensorSpec[] {
  return [
    { name: `blk.${i}.attn_norm.weight`, type: 'F32', shape: [E] },
    { name: `blk.${i}.attn_q.weight`, type, shape: [E, HEADS * HEAD_DIM] },
    { name: `blk.${i}.attn_k.weight`, type, shape: [E, KV_HEADS * HEAD_DIM] },
    { name: `blk.${i}.attn_v.weight`, type, shape: [E, KV_HEADS * HEAD_DIM] },
    { name: `blk.${i}.attn_output.weight`, type, shape: [HEADS * HEAD_DIM, E] },
    { name: `blk.${i}.ffn_norm.weight`, type: 'F32', shape: [E] },
    { name: `blk.${i}.ffn_gate.weight`, type, shape: [E, FF] },
    { name: `blk.${i}.ffn_up.weight`, type, shape: [E, FF] },
    { name: `blk.${i}.ffn_down.weight`, type, shape: [FF, E] },
  ];
}

function llamaMeta(fileType: number): Record<string, GgufValue> {
  return {
    'general.architecture': 'llama',
    'general.name': 'Tiny Llama',
    'general.file_type': fileType,
    'general.alignment': 32,
    'llama.context_length': 8192,
    'llama.embedding_length': E,
    'llama.block_count': LAYERS,
    'llama.feed_forward_length': FF,
    'llama.attention.head_count': HEADS,
    'llama.attention.head_count_kv': KV_HEADS,
    'llama.rope.dimension_count': HEAD_DIM,
    'llama.attention.layer_norm_rms_epsilon': { type: 'f32', value: 1e-5 },
    'tokenizer.ggml.model': 'gpt2',
    'tokenizer.ggml.tokens': tokens(),
  };
}

function allTensors(type: GgufTensorSpec['type']): GgufTensorSpec[] {
  return [
    { name: 'token_embd.weight', type, shape: [E, HF_VOCAB] },
    ...Array.from({ length: LAYERS }, (_, i) => layerTensors(i, type)).flat(),
    { name: 'output_norm.weight', type: 'F32', shape: [E] },
    { name: 'output.weight', type: type === 'Q4_K' ? 'Q6_K' : type, shape: [E, HF_VOCAB] },
  ];
}

/** One-file Q4_K_M model (file_type 15). */
export function hfLlamaQ4KM(): GgufSpec {
  return { metadata: llamaMeta(15), tensors: allTensors('Q4_K') };
}

/** The Q8_0 model (file_type 7) split in two parts as gguf-split writes them (split.* keys, tensors divided). */
export function hfLlamaQ8Split(): [GgufSpec, GgufSpec] {
  const tensors = allTensors('Q8_0');
  const half = Math.ceil(tensors.length / 2);
  const split = (no: number): Record<string, GgufValue> => ({
    'split.no': { type: 'u16', value: no },
    'split.count': { type: 'u16', value: 2 },
    'split.tensors.count': { type: 'i32', value: tensors.length },
  });
  return [
    { metadata: { ...llamaMeta(7), ...split(0) }, tensors: tensors.slice(0, half) },
    { metadata: { 'general.architecture': 'llama', ...split(1) }, tensors: tensors.slice(half) },
  ];
}

/** A vision projector (clip) in F16. */
export function hfMmproj(): GgufSpec {
  const tensors: GgufTensorSpec[] = [];
  for (let i = 0; i < 4; i++) {
    tensors.push({ name: `v.blk.${i}.attn_qkv.weight`, type: 'F16', shape: [1024, 3072] });
    tensors.push({ name: `v.blk.${i}.ffn_up.weight`, type: 'F16', shape: [1024, 4096] });
    tensors.push({ name: `v.blk.${i}.ffn_down.weight`, type: 'F16', shape: [4096, 1024] });
  }
  tensors.push({ name: 'mm.0.weight', type: 'F16', shape: [1024, E] });
  return { metadata: { 'general.architecture': 'clip', 'general.type': 'mmproj', 'clip.has_vision_encoder': true }, tensors };
}

export const GGUF_REPO = 'test-org/Tiny-Llama-GGUF';
export const GATED_REPO = 'test-org/Gated-GGUF';
export const CONFIG_REPO = 'test-org/Tiny-Llama';

/** Writes the LFS files of the recorded repositories under `dir` (sparse) and returns them for startFakeHub. */
export async function writeHfRepoFiles(dir: string): Promise<{ files: Record<string, Record<string, string>>; fileBytes: Map<string, number> }> {
  const fileBytes = new Map<string, number>();
  const put = async (name: string, spec: GgufSpec): Promise<string> => {
    const p = join(dir, 'files', name);
    await mkdir(dirname(p), { recursive: true });
    fileBytes.set(name, (await writeGguf(p, spec)).fileBytes);
    return p;
  };
  const [part1, part2] = hfLlamaQ8Split();
  const files = {
    [GGUF_REPO]: {
      'Tiny-Llama-Q4_K_M.gguf': await put('q4.gguf', hfLlamaQ4KM()),
      'Q8_0/Tiny-Llama-Q8_0-00001-of-00002.gguf': await put('q8-1.gguf', part1),
      'Q8_0/Tiny-Llama-Q8_0-00002-of-00002.gguf': await put('q8-2.gguf', part2),
      'mmproj-Tiny-Llama-F16.gguf': await put('mmproj.gguf', hfMmproj()),
    },
    [GATED_REPO]: { 'Gated-Q4_K_M.gguf': await put('gated.gguf', hfLlamaQ4KM()) },
  };
  return { files, fileBytes };
}
