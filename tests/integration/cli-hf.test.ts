import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Estimate } from '../../app/domain/estimate';
import type { HfRepoScan } from '../../app/domain/hf-repo';
import { cli } from '../helpers/cli-io';
import { testService } from '../helpers/service';
import { TEST_TOKEN, startFakeHub } from '../helpers/fake-hub';
import type { FakeHub } from '../helpers/fake-hub';
import { tensorSpecBytes } from '../helpers/gguf-writer';
import { CONFIG_REPO, GATED_REPO, GGUF_REPO, hfLlamaQ4KM, hfMmproj, writeHfRepoFiles } from '../helpers/hf-models';

const H200 = resolve(__dirname, '../fixtures/profiles/linux-nvidia-h200-vm.json');
let dir = '';
let hub: FakeHub;
const q4Bytes = hfLlamaQ4KM().tensors.reduce((a, t) => a + tensorSpecBytes(t), 0);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sizer-cli-hf-'));
  const { files } = await writeHfRepoFiles(dir);
  hub = await startFakeHub({ files, gated: [GATED_REPO] });
}, 120_000);

afterAll(async () => {
  await hub.close();
});

beforeEach(() => {
  vi.unstubAllEnvs();
  vi.stubEnv('HF_ENDPOINT', hub.url);
  vi.stubEnv('HF_TOKEN', '');
  vi.stubEnv('HF_TOKEN_PATH', join(dir, 'no-token'));
  vi.stubEnv('HF_HUB_OFFLINE', '');
  vi.stubEnv('LLM_SIZER_CACHE_DIR', join(dir, `cache-${Math.random().toString(36).slice(2)}`));
});

describe('llm-sizer with --hf', () => {
  it('models --hf lists every GGUF model, sized, with the split model as one and the projector attached', async () => {
    const r = await cli(['models', '--hf', GGUF_REPO]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Tiny-Llama-Q4_K_M\.gguf\s+Q4_K_M/);
    expect(r.out).toMatch(/Q8_0\/Tiny-Llama-Q8_0-00001-of-00002\.gguf\s+Q8_0 .*2 parts/);
    expect(r.out).toContain('+ vision');
    expect(r.out).toMatch(/2 GGUF models in test-org\/Tiny-Llama-GGUF \(6 files, commit 3f0c2b6a9d/);
    const json = await cli(['models', '--hf', GGUF_REPO, '--json']);
    const scan = JSON.parse(json.out) as HfRepoScan;
    expect(scan.gguf.find((g) => g.file === 'Tiny-Llama-Q4_K_M.gguf')?.model?.weights.totalBytes).toBe(q4Bytes);
    expect(scan.source).toBe('network');
  });

  it('estimate --hf ORG/REPO:QUANT sizes the file exactly and launches llama.cpp with -hf', async () => {
    const r = await cli(['estimate', '--hf', `${GGUF_REPO}:Q4_K_M`, '--hardware', H200, '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as Estimate;
    expect(e.quant).toBe('Q4_K_M');
    expect(e.memory.weightsBytes).toBeGreaterThanOrEqual(q4Bytes);
    expect(e.launch.llamaCpp).toContain(`-hf ${GGUF_REPO}:Q4_K_M`);
    expect(e.launch.ollama).toContain(`ollama run hf.co/${GGUF_REPO}:Q4_K_M,`);
    expect(e.launch.lmStudio).toContain('lms load Tiny-Llama-Q4_K_M.gguf');
    expect(r.err).toContain('weights read from its header');
  });

  it('estimate --hf defaults to Q4_K_M, --vision adds the projector\'s exact bytes', async () => {
    const r = await cli(['estimate', '--hf', GGUF_REPO, '--hardware', H200, '--vision', '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as Estimate;
    expect(e.quant).toBe('Q4_K_M');
    expect(e.memory.visionBytes).toBe(hfMmproj().tensors.reduce((a, t) => a + tensorSpecBytes(t), 0));
  });

  it('estimate --hf of a missing quantization names those available (exit 2)', async () => {
    const r = await cli(['estimate', '--hf', `${GGUF_REPO}:IQ2_XXS`, '--hardware', H200]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('has no GGUF file of IQ2_XXS. Available: Tiny-Llama-Q8_0-00001-of-00002.gguf, Tiny-Llama-Q4_K_M.gguf.');
  });

  it('estimate --hf of a safetensors repository reads config.json, at --quant', async () => {
    const r = await cli(['estimate', '--hf', CONFIG_REPO, '--quant', 'Q8_0', '--hardware', H200, '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as Estimate;
    expect(e.quant).toBe('Q8_0');
    expect(e.modelName).toContain('test-org/Tiny-Llama (llama config.json)');
  });

  it('models --hf of a safetensors repository shows what its config.json says', async () => {
    const r = await cli(['models', '--hf', CONFIG_REPO]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('config.json  llama, 32 layers, hidden 4096, context 131072; safetensors 15.0 GiB');
    expect(r.out).toContain('0 GGUF models in test-org/Tiny-Llama (11 files');
  });

  it('--hf ORG/REPO:Q4_K_M with a different --quant is a usage error', async () => {
    const r = await cli(['estimate', '--hf', `${GGUF_REPO}:Q4_K_M`, '--quant', 'Q8_0', '--hardware', H200]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give one');
  });

  it('a gated repository: exit 1 and the message says which token is needed', async () => {
    const r = await cli(['estimate', '--hf', GATED_REPO, '--hardware', H200]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/test-org\/Gated-GGUF is gated: accept its terms at .*, then set HF_TOKEN/);
    vi.stubEnv('HF_TOKEN', TEST_TOKEN);
    const ok = await cli(['estimate', '--hf', GATED_REPO, '--hardware', H200, '--json']);
    expect(ok.code).toBe(0);
  });

  it('offline: from the cache with a note, or exit 1 saying the network is off', async () => {
    expect((await cli(['models', '--hf', `${GGUF_REPO}:Q4_K_M`])).code).toBe(0);
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    const cached = await cli(['estimate', '--hf', `${GGUF_REPO}:Q4_K_M`, '--hardware', H200]);
    expect(cached.code).toBe(0);
    expect(cached.err).toMatch(/answered from the cache saved \d{4}-.*: the network is off \(HF_HUB_OFFLINE is set\)/);
    vi.stubEnv('LLM_SIZER_CACHE_DIR', join(dir, 'empty-cache'));
    const none = await cli(['models', '--hf', GGUF_REPO]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('HF_HUB_OFFLINE is set and test-org/Tiny-Llama-GGUF is not in the cache');
  });

  it('a repository that does not exist, and a malformed name, exit 2', async () => {
    const missing = await cli(['models', '--hf', 'test-org/Nothing']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such repository');
    const bad = await cli(['models', '--hf', 'not a repo']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not a Hugging Face repository');
  });
});

describe('SizerApi.sizeHfRepo (what the UI calls)', () => {
  it('answers the scan for ORG/REPO:QUANT and refuses a malformed name', async () => {
    const api = testService(null);
    const r = await api.sizeHfRepo(`${GGUF_REPO}:Q4_K_M`);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.gguf[0]?.model?.weights.totalBytes).toBe(q4Bytes);
    const bad = await api.sizeHfRepo('../../etc/passwd');
    expect(bad.ok ? null : bad.error.code).toBe('BAD_REQUEST');
  });
});
