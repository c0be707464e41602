import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../app/catalog/models';
import type { ModelArchitecture } from '../../app/domain/model';
import { findQuant } from '../../app/estimator/quant-types';
import { SYNTHETIC_FIRST_TOKEN, SYNTHETIC_RANDOM_ROWS, synthesizeGguf } from '../../app/measure/synthetic-gguf';
import { measureMachine } from '../../main/services/measure/measure-machine';
import type { MeasureJob } from '../../main/services/measure/protocol';
import { defaultLauncher, runWorker } from '../../main/services/measure/runner';
import { writeSyntheticGguf } from '../../main/services/measure/synthetic-file';
import { profileFromFixture } from '../helpers/fixture-profiles';

// Real llama.cpp (node-llama-cpp's prebuilt CPU build) on files the synthetic writer makes: no stand-in.
const dir = mkdtempSync(join(tmpdir(), 'measure-llama-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tiny: ModelArchitecture = {
  ggufArch: 'llama', layers: 2, hiddenSize: 256, intermediateSize: 768, ffnGated: true, attentionHeads: 4, kvHeads: 2,
  headDim: 64, valueHeadDim: 64, vocabSize: 2048, tiedEmbeddings: false, moe: null, slidingWindow: null, mla: null, linearAttention: null, vision: null,
};
const sharedMoe = { experts: 8, expertsPerToken: 2, sharedExperts: 1, expertIntermediateSize: 256, sharedExpertIntermediateSize: 256, denseLayers: 0, moeLayerStep: 1 };
// Qwen3.5-style Gated DeltaNet hybrids: three linear-attention layers, then one gated attention layer.
const deltaNet: ModelArchitecture = {
  ...tiny, ggufArch: 'qwen35', layers: 4, tiedEmbeddings: true, attentionOutputGate: true,
  linearAttention: { kind: 'gated-deltanet', layers: 3, convKernel: 4, keyHeads: 2, valueHeads: 4, keyHeadDim: 64, valueHeadDim: 64 },
};
const deltaNetMoe: ModelArchitecture = {
  ...deltaNet, ggufArch: 'qwen35moe', tiedEmbeddings: false, intermediateSize: null,
  moe: { experts: 8, expertsPerToken: 2, sharedExperts: 1, expertIntermediateSize: 256, sharedExpertIntermediateSize: 256, denseLayers: 0, moeLayerStep: 1 },
};
// Gemma 4 in llama.cpp's gemma4: sliding layers of head 64, the full layer of head 128 with one KV head and K = V;
// the MoE with its dense MLP beside the experts; the E model with per-layer embeddings, KV sharing, a double-wide MLP.
const gemma4: ModelArchitecture = {
  ...tiny, ggufArch: 'gemma4', layers: 4, tiedEmbeddings: true, slidingWindow: { windowTokens: 64, slidingLayers: 3 }, globalAttention: { kvHeads: 1, headDim: 128, kEqV: true },
};
const gemma4Moe: ModelArchitecture = { ...gemma4, intermediateSize: null, moe: { ...sharedMoe, sharedExpertIntermediateSize: 512 } };
const gemma4E: ModelArchitecture = {
  ...gemma4, slidingWindow: { windowTokens: 64, slidingLayers: 2 }, globalAttention: { kvHeads: 2, headDim: 128, kEqV: false },
  perLayerEmbedding: { hiddenSize: 256, vocabSize: 2048 }, kvSharing: { layers: 2, doubleWideMlp: true },
};
// Multi-head latent attention (deepseek2): DeepSeek V2 Lite's shape (no q LoRA, two shared experts), V3's (a q LoRA,
// one shared expert, a leading dense layer), and V3.2's sparse-attention indexer in deepseek32 and glm-dsa.
const mla = { kvLoraRank: 128, qLoraRank: null, qkRopeHeadDim: 32, qkNopeHeadDim: 64, valueHeadDim: 64 };
const mlaLite: ModelArchitecture = { ...tiny, ggufArch: 'deepseek2', kvHeads: 4, headDim: 96, intermediateSize: null, mla, moe: { ...sharedMoe, sharedExperts: 2 } };
const mlaV3: ModelArchitecture = { ...mlaLite, layers: 3, intermediateSize: 768, mla: { ...mla, qLoraRank: 128 }, moe: { ...sharedMoe, denseLayers: 1 } };
const mlaDsa: ModelArchitecture = { ...mlaV3, ggufArch: 'deepseek32', layers: 2, sparseIndexer: { heads: 4, headDim: 64, topK: 32 } };
// Mamba-2 hybrids: granitehybrid (a Mamba-2 or attention mixer, then an FFN, in every layer; inner = 2 x hidden) and
// nemotron_h / nemotron_h_moe (one block a layer: M Mamba-2, * attention, - squared-ReLU MLP, E experts), the latter
// also with Nemotron 3 Super's latent MoE; short-convolution hybrids: lfm2 and lfm2moe (a leading dense layer).
const mamba2 = { kind: 'mamba2' as const, layers: 3, convKernel: 4, heads: 8, headDim: 64, stateSize: 16, groups: 1 };
const granite: ModelArchitecture = { ...tiny, ggufArch: 'granitehybrid', layers: 4, tiedEmbeddings: true, linearAttention: mamba2 };
const nemotron: ModelArchitecture = {
  ...tiny, ggufArch: 'nemotron_h', layers: 5, ffnGated: false, linearAttention: { ...mamba2, layers: 2, groups: 2 }, layerPattern: { blocks: 'M-*M-', mixerFfn: false },
};
const nemotronMoe: ModelArchitecture = { ...nemotron, ggufArch: 'nemotron_h_moe', intermediateSize: null, moe: { ...sharedMoe, sharedExpertIntermediateSize: 512 }, layerPattern: { blocks: 'ME*ME', mixerFfn: false } };
const lfm2: ModelArchitecture = { ...tiny, ggufArch: 'lfm2', layers: 4, tiedEmbeddings: true, linearAttention: { kind: 'short-conv', layers: 3, convKernel: 3 }, layerPattern: { blocks: 'MM*M', mixerFfn: true } };
const files: [string, ModelArchitecture, string][] = [
  ['dense GQA Q4_K_M', tiny, 'Q4_K_M'],
  ['mixture of experts Q4_K_M', { ...tiny, intermediateSize: null, moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 256, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1 } }, 'Q4_K_M'],
  ['sliding window Q8_0', { ...tiny, ggufArch: 'gemma3', layers: 6, tiedEmbeddings: true, slidingWindow: { windowTokens: 64, slidingLayers: 5 } }, 'Q8_0'],
  ['I-quant IQ4_XS', tiny, 'IQ4_XS'],
  ['K-quant Q6_K', tiny, 'Q6_K'],
  ['F16', tiny, 'F16'],
  [
    'gpt-oss MXFP4_MOE',
    { ...tiny, ggufArch: 'gpt-oss', intermediateSize: null, moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 256, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1 }, slidingWindow: { windowTokens: 64, slidingLayers: 1 } },
    'MXFP4_MOE',
  ],
  // shared experts, leading dense layers and interleaved MoE layers in their own llama.cpp architectures
  ['glm4moe Q4_K_M', { ...tiny, ggufArch: 'glm4moe', layers: 3, moe: { ...sharedMoe, denseLayers: 1 } }, 'Q4_K_M'],
  ['ernie4_5-moe Q4_K_M', { ...tiny, ggufArch: 'ernie4_5-moe', layers: 3, tiedEmbeddings: true, moe: { ...sharedMoe, sharedExperts: 2, denseLayers: 1 } }, 'Q4_K_M'],
  ['hunyuan-moe Q4_K_M', { ...tiny, ggufArch: 'hunyuan-moe', intermediateSize: null, moe: { ...sharedMoe, sharedExpertIntermediateSize: 512 } }, 'Q4_K_M'],
  ['llama4 Q4_K_M', { ...tiny, ggufArch: 'llama4', layers: 4, moe: { ...sharedMoe, expertsPerToken: 1, moeLayerStep: 2 }, slidingWindow: { windowTokens: 8192, slidingLayers: 3 } }, 'Q4_K_M'],
  ['qwen35 Gated DeltaNet hybrid Q4_K_M', deltaNet, 'Q4_K_M'],
  ['qwen35moe hybrid with a shared expert Q4_K_M', deltaNetMoe, 'Q4_K_M'],
  ['qwen3next hybrid Q8_0', { ...deltaNetMoe, ggufArch: 'qwen3next' }, 'Q8_0'],
  ['gemma4 full layers of their own head size Q4_K_M', gemma4, 'Q4_K_M'],
  ['gemma4 MoE with a dense MLP Q4_K_M', gemma4Moe, 'Q4_K_M'],
  ['gemma4 E model with per-layer embeddings Q4_K_M', gemma4E, 'Q4_K_M'],
  ['deepseek2 latent attention without q LoRA Q4_K_M', mlaLite, 'Q4_K_M'],
  ['deepseek2 latent attention with q LoRA and a dense layer Q4_K_M', mlaV3, 'Q4_K_M'],
  ['deepseek32 sparse-attention indexer Q4_K_M', mlaDsa, 'Q4_K_M'],
  ['glm-dsa sparse-attention indexer Q4_K_M', { ...mlaDsa, ggufArch: 'glm-dsa' }, 'Q4_K_M'],
  ['granitehybrid Mamba-2 hybrid Q4_K_M', granite, 'Q4_K_M'],
  ['granitehybrid with experts and a shared expert Q4_K_M', { ...granite, intermediateSize: null, moe: sharedMoe }, 'Q4_K_M'],
  ['nemotron_h Mamba-2, attention and MLP layers Q4_K_M', nemotron, 'Q4_K_M'],
  ['nemotron_h_moe with a shared expert Q4_K_M', nemotronMoe, 'Q4_K_M'],
  ['nemotron_h_moe latent MoE Q8_0', { ...nemotronMoe, moe: { ...sharedMoe, sharedExpertIntermediateSize: 512, latentSize: 128 } }, 'Q8_0'],
  ['lfm2 short convolutions Q4_K_M', lfm2, 'Q4_K_M'],
  ['lfm2moe with a leading dense layer Q4_K_M', { ...lfm2, ggufArch: 'lfm2moe', moe: { ...sharedMoe, sharedExperts: 0, sharedExpertIntermediateSize: 0, denseLayers: 1 } }, 'Q4_K_M'],
];

async function writeAll(): Promise<{ path: string; label: string }[]> {
  const out: { path: string; label: string }[] = [];
  const into = mkdtempSync(join(dir, 'files-'));
  for (const [label, arch, q] of files) {
    const quant = findQuant(q);
    if (!quant) throw new Error(q);
    const s = synthesizeGguf(arch, quant, { name: label, contextTokens: 2048 });
    if (!s.ok) throw new Error(s.error.message);
    const path = join(into, `${label.replace(/\W/g, '-')}.gguf`);
    const w = await writeSyntheticGguf(path, s.value, { dir: into });
    if (!w.ok) throw new Error(w.error.message);
    out.push({ path, label });
  }
  return out;
}

const job = (paths: { path: string; label: string }[], over: Partial<MeasureJob> = {}): MeasureJob => ({
  moduleName: 'node-llama-cpp',
  backend: 'cpu',
  files: paths,
  promptTokens: 64,
  shallowTokens: 8,
  generateTokens: 4,
  rounds: 1,
  flashAttention: true,
  firstToken: SYNTHETIC_FIRST_TOKEN,
  tokenCount: SYNTHETIC_RANDOM_ROWS - SYNTHETIC_FIRST_TOKEN,
  ...over,
});

const leftovers = (root: string) => readdirSync(root).filter((n) => n.startsWith('llm-sizer-bench-'));

describe('real llama.cpp on synthetic files', () => {
  it('loads and runs every architecture and quantization family the writer emits', async () => {
    const paths = await writeAll();
    const r = await runWorker(job(paths), { timeLimitMs: 240_000 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.info.backend).toBe('cpu');
    expect(r.value.info.build).toMatch(/llama\.cpp/);
    expect(r.value.results).toHaveLength(files.length);
    for (const m of r.value.results) {
      expect(m.promptTokensPerSec).toBeGreaterThan(0);
      for (const g of m.generation) expect(g.tokensPerSec).toBeGreaterThan(0);
    }
  }, 300_000);

  it('one thread for the prompt and for generation: the prompt\'s context and sequence are reused', async () => {
    const paths = await writeAll();
    const r = await runWorker(job(paths.slice(0, 1), { threads: 1 }), { timeLimitMs: 60_000 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.results[0]?.generationThreads).toBe(1);
    for (const g of r.value.results[0]?.generation ?? []) expect(g.tokensPerSec).toBeGreaterThan(0);
  }, 90_000);

  it('without node-llama-cpp: a clear error naming it, no temporary files', async () => {
    const root = mkdtempSync(join(dir, 'tmp-'));
    const r = await measureMachine(profileFromFixture('linux-vm-no-gpu'), { quick: true, backend: 'cpu' }, { tmpRoot: root, moduleName: 'node-llama-cpp-not-installed' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('NOT_FOUND');
      expect(r.error.message).toMatch(/node-llama-cpp could not be loaded/);
    }
    expect(leftovers(root)).toEqual([]);
  }, 120_000);

  it('a model too large for the machine is refused before anything is written', async () => {
    const root = mkdtempSync(join(dir, 'tmp-'));
    const big = builtInCatalog().models.find((m) => m.id === 'llama-3.1-70b-instruct');
    const quant = findQuant('Q8_0');
    if (!big || !quant) throw new Error('fixture');
    const r = await measureMachine(profileFromFixture('linux-vm-no-gpu'), { quick: true, backend: 'cpu', model: { spec: big, quant } }, { tmpRoot: root });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/does not fit in this machine's memory/);
    expect(leftovers(root)).toEqual([]);
  });

  it('a full disk: a clear message, no temporary files', async () => {
    const root = mkdtempSync(join(dir, 'tmp-'));
    const r = await measureMachine(profileFromFixture('linux-vm-no-gpu'), { quick: true, backend: 'cpu' }, { tmpRoot: root, free: () => Promise.resolve(10_000_000) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Not enough disk space/);
    expect(leftovers(root)).toEqual([]);
  });

  it('a cancelled run stops the child and removes its files', async () => {
    const root = mkdtempSync(join(dir, 'tmp-'));
    const abort = new AbortController();
    let killed = false;
    const launch = defaultLauncher();
    const r = await measureMachine(
      profileFromFixture('linux-vm-no-gpu'),
      { quick: true, backend: 'cpu' },
      {
        tmpRoot: root,
        signal: abort.signal,
        launch: () => {
          const h = launch();
          return { ...h, kill: () => ((killed = true), h.kill()) };
        },
        onProgress: (p) => {
          if (p.phase === 'measuring') abort.abort();
        },
      },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CANCELLED');
    expect(leftovers(root)).toEqual([]);
    expect(killed).toBe(true);
  }, 120_000);

  it('a child killed from outside (out of memory, a crash) is reported, and its files removed', async () => {
    const root = mkdtempSync(join(dir, 'tmp-'));
    const launch = defaultLauncher();
    const r = await measureMachine(
      profileFromFixture('linux-vm-no-gpu'),
      { quick: true, backend: 'cpu' },
      {
        tmpRoot: root,
        launch: () => {
          const h = launch();
          // The first message (the build) arrives: then the process dies as if the OOM killer took it.
          h.onMessage(() => h.kill());
          return h;
        },
      },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/killed \(SIGKILL/);
    expect(leftovers(root)).toEqual([]);
  }, 120_000);

  it('a hang past the time limit is stopped and reported', async () => {
    const paths = await writeAll();
    const r = await runWorker(job(paths.slice(0, 1), { rounds: 50, promptTokens: 512 }), { timeLimitMs: 1_500 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/did not finish within 2 s/);
  }, 60_000);

  it('folders of killed earlier runs are removed at the next start', async () => {
    const root = mkdtempSync(join(dir, 'tmp-'));
    const stale = join(root, 'llm-sizer-bench-999999-abc');
    rmSync(stale, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(stale);
    await measureMachine(profileFromFixture('linux-vm-no-gpu'), { quick: true, backend: 'cpu' }, { tmpRoot: root, free: () => Promise.resolve(0) });
    expect(existsSync(stale)).toBe(false);
  });
});
