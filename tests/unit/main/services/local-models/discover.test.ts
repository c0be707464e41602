import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, open, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultModelFolders, discoverModels, parseOllamaManifest } from '../../../../../main/services/local-models/discover';
import type { DiscoveredModel, ScanProgress } from '../../../../../main/services/local-models/discover';
import { tinyModel, writeGguf } from '../../../../helpers/gguf-writer';
import type { GgufSpec } from '../../../../helpers/gguf-writer';

let root = '';
const HEX_MODEL = 'a'.repeat(64);
const HEX_PROJECTOR = 'b'.repeat(64);
const MMPROJ: GgufSpec = {
  metadata: { 'general.architecture': 'clip', 'general.name': 'tiny projector', 'clip.has_vision_encoder': true },
  tensors: [{ name: 'v.patch_embd.weight', type: 'F16', shape: [14, 14, 3, 64] }],
};

async function put(rel: string, spec: GgufSpec & { writeData?: boolean }): Promise<number> {
  const p = join(root, rel);
  await mkdir(dirname(p), { recursive: true });
  return (await writeGguf(p, spec)).fileBytes;
}

async function raw(rel: string, content: Buffer | string): Promise<void> {
  const p = join(root, rel);
  await mkdir(dirname(p), { recursive: true });
  await writeFile(p, content);
}

/** Splits a spec in two parts with llama.cpp's split.* keys (gguf-split). */
function split(spec: GgufSpec): [GgufSpec, GgufSpec] {
  const half = Math.ceil(spec.tensors.length / 2);
  const keys = (no: number) => ({
    'split.no': { type: 'u16' as const, value: no },
    'split.count': { type: 'u16' as const, value: 2 },
    'split.tensors.count': { type: 'i32' as const, value: spec.tensors.length },
  });
  return [
    { metadata: { ...spec.metadata, ...keys(0) }, tensors: spec.tensors.slice(0, half) },
    { metadata: keys(1), tensors: spec.tensors.slice(half) },
  ];
}

const sizes: Record<string, number> = {};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'discover-'));
  // LM Studio: publisher/repo/file.gguf, with a projector beside it
  sizes['lms'] = await put('lmstudio/models/lmstudio-community/Tiny-GGUF/Tiny-Q4_K_M.gguf', tinyModel('llama', 'Q4_K_M'));
  await put('lmstudio/models/lmstudio-community/Tiny-GGUF/mmproj-Tiny-F16.gguf', MMPROJ);
  // Ollama: manifests naming blobs without extension
  sizes['ollama'] = await put(`ollama/models/blobs/sha256-${HEX_MODEL}`, tinyModel('qwen3moe', 'Q4_K_M'));
  await put(`ollama/models/blobs/sha256-${HEX_PROJECTOR}`, MMPROJ);
  await raw(
    'ollama/models/manifests/registry.ollama.ai/library/tinymoe/latest',
    JSON.stringify({
      schemaVersion: 2,
      layers: [
        { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${HEX_MODEL}`, size: sizes['ollama'] },
        { mediaType: 'application/vnd.ollama.image.projector', digest: `sha256:${HEX_PROJECTOR}`, size: 1 },
        { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'c'.repeat(64)}`, size: 1 },
      ],
    }),
  );
  await raw('ollama/models/manifests/registry.ollama.ai/library/broken/latest', '{not json');
  // Hugging Face cache: two snapshots linking to one blob
  sizes['hf'] = await put('hf/hub/models--unsloth--Tiny-GGUF/blobs/0123abcd', tinyModel('gemma3', 'Q8_0'));
  for (const rev of ['rev1', 'rev2']) {
    await mkdir(join(root, 'hf/hub/models--unsloth--Tiny-GGUF/snapshots', rev), { recursive: true });
    await symlink('../../blobs/0123abcd', join(root, 'hf/hub/models--unsloth--Tiny-GGUF/snapshots', rev, 'Tiny-Q8_0.gguf'));
  }
  // a split model
  const [one, two] = split(tinyModel('deepseek2', 'Q4_K_M'));
  sizes['split'] = (await put('user/split/Big-Q4_K_M-00001-of-00002.gguf', one)) + (await put('user/split/Big-Q4_K_M-00002-of-00002.gguf', two));
  await put('user/split/Orphan-00002-of-00003.gguf', two);
  // corrupt files
  await put('user/bad/truncated.gguf', { ...tinyModel('llama'), writeData: false });
  await raw('user/bad/random.gguf', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256)));
  const huge = Buffer.alloc(24);
  huge.write('GGUF', 0, 'ascii');
  huge.writeUInt32LE(3, 4);
  huge.writeBigUInt64LE(2n ** 60n, 8);
  await raw('user/bad/huge.gguf', huge);
  await raw('user/bad/zero.gguf', Buffer.alloc(0));
  await mkdir(join(root, 'user/bad/folder.gguf'), { recursive: true });
  await raw('user/bad/notes.txt', 'not a model');
  await symlink('../..', join(root, 'user/bad/loop')); // a symlink loop back to root
  await put('user/good/after-the-bad-ones-Q6_K.gguf', tinyModel('granitehybrid', 'Q6_K'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function byName(models: readonly DiscoveredModel[], needle: string): DiscoveredModel {
  const m = models.find((x) => x.displayName.includes(needle));
  if (!m) throw new Error(`no model named like ${needle}: ${models.map((x) => x.displayName).join(', ')}`);
  return m;
}

describe('discoverModels', () => {
  it('finds the models of every app shape and reports bad files without stopping', async () => {
    const progress: ScanProgress[] = [];
    const models = await discoverModels(
      [
        { app: 'LM Studio', path: join(root, 'lmstudio/models') },
        { app: 'Ollama', path: join(root, 'ollama/models') },
        { app: 'Hugging Face', path: join(root, 'hf/hub') },
        { app: 'user', path: join(root, 'user') },
        { app: 'user', path: join(root, 'does-not-exist') },
      ],
      { onProgress: (p) => progress.push(p) },
    );

    const lms = byName(models, 'Tiny-Q4_K_M');
    expect(lms).toMatchObject({ app: 'LM Studio', displayName: 'lmstudio-community/Tiny-GGUF/Tiny-Q4_K_M', fileBytes: sizes['lms'] });
    expect(lms.mmprojPath).toBe(join(root, 'lmstudio/models/lmstudio-community/Tiny-GGUF/mmproj-Tiny-F16.gguf'));
    expect(lms.result.ok ? lms.result.value.architecture.ggufArch : lms.result.error.message).toBe('llama');
    expect(models.some((m) => m.path.includes('mmproj'))).toBe(false);

    const ollama = byName(models, 'tinymoe:latest');
    expect(ollama).toMatchObject({ app: 'Ollama', path: join(root, `ollama/models/blobs/sha256-${HEX_MODEL}`), fileBytes: sizes['ollama'] });
    expect(ollama.mmprojPath).toBe(join(root, `ollama/models/blobs/sha256-${HEX_PROJECTOR}`));
    expect(ollama.result.ok && ollama.result.value.architecture.moe?.experts).toBe(8);

    const hf = models.filter((m) => m.app === 'Hugging Face');
    expect(hf).toHaveLength(1); // two snapshots, one blob
    expect(hf[0]).toMatchObject({ displayName: 'unsloth/Tiny-GGUF/Tiny-Q8_0', fileBytes: sizes['hf'] });
    expect(hf[0]?.result.ok && hf[0].result.value.quantLabel).toBe('Q8_0');

    const big = byName(models, 'Big-Q4_K_M');
    expect(big.parts).toHaveLength(2);
    expect(big.fileBytes).toBe(sizes['split']);
    expect(big.displayName).toBe('split/Big-Q4_K_M');
    if (!big.result.ok) throw new Error(big.result.error.message);
    // the tensor tables of both parts are joined: every layer has its weights
    expect(big.result.value.weights.layerBytes.every((b) => b > 0)).toBe(true);
    expect(big.result.value.architecture.mla?.kvLoraRank).toBe(128);
    expect(byName(models, 'Orphan').result).toMatchObject({ ok: false, error: { code: 'READ_FAILED', message: expect.stringMatching(/1 of 3 parts/) as unknown } });

    const errors: Record<string, RegExp> = {
      truncated: /truncated/,
      random: /not a GGUF file/,
      huge: /claims 1152921504606846976 tensors/,
      zero: /empty file/,
      folder: /is a directory/,
    };
    for (const [name, message] of Object.entries(errors)) {
      const m = byName(models, `bad/${name}`);
      expect(m.result.ok, name).toBe(false);
      if (!m.result.ok) expect(m.result.error.message).toMatch(message);
    }
    expect(byName(models, 'after-the-bad-ones').result.ok).toBe(true);
    expect(models.filter((m) => m.path.includes('notes.txt'))).toHaveLength(0);
    expect(models).toHaveLength(11);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.found).toBe(11);
  });

  it('stops on abort and returns what it has', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await discoverModels([{ app: 'user', path: root }], { signal: controller.signal })).toEqual([]);
    const stopper = new AbortController();
    const models = await discoverModels([{ app: 'user', path: join(root, 'user') }], {
      signal: stopper.signal,
      onProgress: (p) => {
        if (p.found >= 1) stopper.abort();
      },
    });
    expect(models.length).toBeGreaterThanOrEqual(1);
    expect(models.length).toBeLessThan(9);
  });

  it('does not follow a link out of the folder (a link to / would walk the whole disk)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sizer-links-'));
    await mkdir(join(folder, 'models'));
    await writeGguf(join(folder, 'models', 'tiny.gguf'), tinyModel('llama'));
    const outside = await mkdtemp(join(tmpdir(), 'sizer-outside-'));
    await writeGguf(join(outside, 'elsewhere.gguf'), tinyModel('llama'));
    await symlink('/', join(folder, 'models', 'root'));
    await symlink(outside, join(folder, 'models', 'outside'));
    await symlink(join(folder, 'models'), join(folder, 'models', 'loop'));
    const started = Date.now();
    const models = await discoverModels([{ app: 'user', path: folder }]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(models.map((m) => m.displayName)).toEqual(['models/tiny']);
  }, 15_000);

  it('a cancel stops inside a large header, not after it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sizer-cancel-'));
    const file = join(folder, 'vocab.gguf');
    // four vocabulary-sized string arrays (4 M empty strings, a sparse file): a few hundred ms to read whole
    const u64 = (n: number) => Buffer.from(new BigUint64Array([BigInt(n)]).buffer);
    const u32 = (n: number) => Buffer.from(new Uint32Array([n]).buffer);
    const n = 1_000_000;
    const parts: Buffer[] = [Buffer.from('GGUF'), u32(3), u64(0), u64(4)];
    await writeFile(file, Buffer.concat(parts));
    let offset = Buffer.concat(parts).length;
    for (let k = 0; k < 4; k++) {
      const kv = Buffer.concat([u64(2), Buffer.from(`k${k}`), u32(9), u32(8), u64(n)]);
      const h = await open(file, 'r+');
      await h.write(kv, 0, kv.length, offset);
      await h.close();
      offset += kv.length + n * 8;
    }
    await truncate(file, offset + 64);
    const controller = new AbortController();
    const started = Date.now();
    const models = await discoverModels([{ app: 'user', path: folder }], {
      signal: controller.signal,
      // the scan says which file it starts reading: cancel while that read runs
      onProgress: (p) => {
        if (p.currentPath === file) setTimeout(() => controller.abort(), 10);
      },
    });
    expect(models).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('uses an injected header reader and honours maxDepth', async () => {
    const seen: string[] = [];
    const models = await discoverModels([{ app: 'user', path: join(root, 'lmstudio') }], {
      readHeader: async (p) => {
        seen.push(p);
        return { ok: false, error: { code: 'READ_FAILED', message: 'stub' } };
      },
      maxDepth: 1,
    });
    expect(models).toEqual([]);
    expect(seen).toEqual([]);
    const deep = await discoverModels([{ app: 'user', path: join(root, 'lmstudio') }], {
      readHeader: async () => ({ ok: false, error: { code: 'READ_FAILED', message: 'stub' } }),
      maxDepth: 3,
    });
    expect(deep.map((m) => m.result)).toEqual([{ ok: false, error: { code: 'READ_FAILED', message: 'stub' } }]);
  });
});

describe('parseOllamaManifest', () => {
  it('picks the model and projector digests, or null', () => {
    expect(parseOllamaManifest(JSON.stringify({ layers: [{ mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${HEX_MODEL}` }] }))).toEqual({
      model: `sha256:${HEX_MODEL}`,
      projector: null,
    });
    expect(parseOllamaManifest('{')).toBeNull();
    expect(parseOllamaManifest('{"layers": [{"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:../../etc"}]}')).toBeNull();
    expect(parseOllamaManifest('[]')).toBeNull();
  });
});

describe('defaultModelFolders', () => {
  it('linux: the XDG and app defaults', () => {
    const f = defaultModelFolders('/home/u', 'linux', {});
    expect(f).toEqual([
      { app: 'LM Studio', path: '/home/u/.lmstudio/models' },
      { app: 'LM Studio', path: '/home/u/.cache/lm-studio/models' },
      { app: 'Ollama', path: '/home/u/.ollama/models' },
      { app: 'Ollama', path: '/usr/share/ollama/.ollama/models' },
      { app: 'Hugging Face', path: '/home/u/.cache/huggingface/hub' },
      { app: 'llama.cpp', path: '/home/u/.cache/llama.cpp' },
      { app: 'Jan', path: '/home/u/jan/models' },
      { app: 'Jan', path: '/home/u/.local/share/Jan/data' },
      { app: 'GPT4All', path: '/home/u/.local/share/nomic.ai/GPT4All' },
    ]);
  });
  it('environment overrides', () => {
    const f = defaultModelFolders('/home/u', 'linux', { OLLAMA_MODELS: '/data/ollama', HF_HOME: '/data/hf', LLAMA_CACHE: '/data/llama' });
    expect(f).toContainEqual({ app: 'Ollama', path: '/data/ollama' });
    expect(f).toContainEqual({ app: 'Hugging Face', path: '/data/hf/hub' });
    expect(f).toContainEqual({ app: 'llama.cpp', path: '/data/llama' });
    expect(defaultModelFolders('/home/u', 'linux', { HF_HUB_CACHE: '/x/hub', HF_HOME: '/y' })).toContainEqual({ app: 'Hugging Face', path: '/x/hub' });
  });
  it('macOS and Windows', () => {
    const mac = defaultModelFolders('/Users/u', 'darwin', {});
    expect(mac).toContainEqual({ app: 'llama.cpp', path: '/Users/u/Library/Caches/llama.cpp' });
    expect(mac).toContainEqual({ app: 'GPT4All', path: '/Users/u/Library/Application Support/nomic.ai/GPT4All' });
    expect(mac).toContainEqual({ app: 'Jan', path: '/Users/u/Library/Application Support/Jan/data' });
    const win = defaultModelFolders('C:\\Users\\u', 'win32', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' });
    expect(win).toContainEqual({ app: 'LM Studio', path: 'C:\\Users\\u\\.lmstudio\\models' });
    expect(win).toContainEqual({ app: 'Ollama', path: 'C:\\Users\\u\\.ollama\\models' });
    expect(win).toContainEqual({ app: 'Hugging Face', path: 'C:\\Users\\u\\.cache\\huggingface\\hub' });
    expect(win).toContainEqual({ app: 'llama.cpp', path: 'C:\\Users\\u\\AppData\\Local\\llama.cpp' });
    expect(win).toContainEqual({ app: 'GPT4All', path: 'C:\\Users\\u\\AppData\\Local\\nomic.ai\\GPT4All' });
    expect(win).toContainEqual({ app: 'Jan', path: 'C:\\Users\\u\\AppData\\Roaming\\Jan\\data' });
    expect(win.some((f) => f.path.startsWith('/usr'))).toBe(false);
  });
});
