import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-io';
import { profileFromFixture } from '../helpers/fixture-profiles';
import { CalibrationStore } from '../../main/services/measure/calibration-store';
import { createMeasureService } from '../../main/services/measure/measure-service';
import { findOllama, ollamaUrlFromEnv, timeOllamaModels } from '../../main/services/measure/ollama-timing';
import { OLLAMA_GEN_TPS, startOllamaStandIn } from '../helpers/ollama-standin';
import type { OllamaStandIn } from '../helpers/ollama-standin';

let standIn: OllamaStandIn;
let url = '';
let requests: string[] = [];
const root = mkdtempSync(join(tmpdir(), 'ollama-timing-'));
const GEN_TPS = OLLAMA_GEN_TPS;

beforeAll(async () => {
  standIn = await startOllamaStandIn();
  url = standIn.url;
  requests = standIn.requests;
});
afterAll(async () => {
  await standIn.close();
  rmSync(root, { recursive: true, force: true });
});

describe('llm-sizer bench --ollama', () => {
  it('times the installed models through the API and calibrates this CPU from them', async () => {
    const saved = process.env['LLM_SIZER_CONFIG_DIR'];
    const config = mkdtempSync(join(root, 'config-'));
    process.env['LLM_SIZER_CONFIG_DIR'] = config;
    try {
      const r = await cli(['bench', '--ollama', '--ollama-url', url]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Qwen2\.5 0\.5B Instruct Q4_K_M/);
      expect(r.out).toMatch(/Skipped: mystery 1b|Skipped: mystery:1b|Skipped: mystery/);
      const file = JSON.parse(readFileSync(join(config, 'calibration.json'), 'utf8')) as { entries: { backend: string; source: string; llamaCppBuild: string }[] };
      expect(file.entries.map((e) => [e.backend, e.source, e.llamaCppBuild])).toEqual([['cpu', 'ollama', 'Ollama 0.13.1']]);
      // Each model got one prompt of about 512 words and one generation, and the API's timings were used.
      expect(requests.filter((q) => q === 'POST /api/generate')).toHaveLength(2);
      const est = JSON.parse((await cli(['estimate', '--model', 'qwen2.5-0.5b-instruct', '--quant', 'Q4_K_M', '--json'])).out) as { speed: { generationTokensPerSec: { value: number }; calibration?: { backends: string[] } } };
      expect(est.speed.calibration?.backends).toEqual(['cpu']);
      expect(Math.abs(est.speed.generationTokensPerSec.value / GEN_TPS - 1)).toBeLessThan(0.1);
    } finally {
      if (saved === undefined) delete process.env['LLM_SIZER_CONFIG_DIR'];
      else process.env['LLM_SIZER_CONFIG_DIR'] = saved;
    }
  }, 60_000);

  it('says so when no Ollama server answers, and stores nothing', async () => {
    const saved = process.env['LLM_SIZER_CONFIG_DIR'];
    const config = mkdtempSync(join(root, 'config-'));
    process.env['LLM_SIZER_CONFIG_DIR'] = config;
    try {
      const r = await cli(['bench', '--ollama', '--ollama-url', 'http://127.0.0.1:9']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/No Ollama server answered at http:\/\/127\.0\.0\.1:9/);
      expect(() => readFileSync(join(config, 'calibration.json'))).toThrow();
    } finally {
      if (saved === undefined) delete process.env['LLM_SIZER_CONFIG_DIR'];
      else process.env['LLM_SIZER_CONFIG_DIR'] = saved;
    }
  }, 60_000);
});

describe('the app\'s Ollama offer (findOllama, timeOllamaModels)', () => {
  it('finds the local server and its models without timing anything; nothing answering is null, not an error', async () => {
    const before = requests.length;
    const found = await findOllama({ url });
    expect(found).toEqual({ url, version: '0.13.1', models: ['qwen2.5:0.5b', 'mystery:1b'] });
    expect(requests.slice(before)).toEqual(['GET /api/version', 'GET /api/tags']);
    expect(await findOllama({ url: 'http://127.0.0.1:9' })).toBeNull();
  });

  it('times them when asked, reports progress, saves the calibration and applies it to the profile it hands out', async () => {
    const store = new CalibrationStore(mkdtempSync(join(root, 'service-')));
    const vm = profileFromFixture('linux-vm-no-gpu');
    const texts: string[] = [];
    const service = createMeasureService({ profile: () => Promise.resolve({ ok: true, value: vm }), store, hardwareFile: null, ollamaUrl: url });
    const polling = setInterval(() => void service.getMeasureProgress().then((p) => p.ok && p.value.text && texts.push(p.value.text)), 1);
    const r = await service.timeOllamaModels();
    clearInterval(polling);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.saved).toBe(true);
    expect(r.value.rows.map((x) => x.label)).toContain('Qwen2.5 0.5B Instruct Q4_K_M');
    expect((r.value.skipped ?? []).join(' ')).toMatch(/mystery/);
    expect((await store.load()).entries.map((e) => [e.backend, e.source])).toEqual([['cpu', 'ollama']]);
    expect((await service.withCalibration(vm)).calibration?.entries.map((e) => e.source)).toEqual(['ollama']);
    expect(texts.some((t) => /Ollama/.test(t))).toBe(true);
  });

  it('a loaded profile is not this machine: refused before any model is timed', async () => {
    const before = requests.filter((q) => q === 'POST /api/generate').length;
    const service = createMeasureService({ profile: () => Promise.resolve({ ok: true, value: profileFromFixture('linux-vm-no-gpu') }), store: null, hardwareFile: 'me.json', ollamaUrl: url });
    const r = await service.timeOllamaModels();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/would not describe it/);
    expect(requests.filter((q) => q === 'POST /api/generate')).toHaveLength(before);
  });

  it('skips what it cannot place: a model /api/ps does not list, one in the VRAM of an unused GPU; a CPU model on a GPU machine gives generation only', async () => {
    const reply = (ps: unknown) =>
      (async (input: string | URL | Request, init?: RequestInit) => {
        const path = new URL(String(input)).pathname;
        const body = init?.body ? (JSON.parse(String(init.body)) as { model?: string }) : {};
        const json = (o: unknown) => new Response(JSON.stringify(o), { status: 200, headers: { 'Content-Type': 'application/json' } });
        if (path === '/api/version') return json({ version: '0.13.1' });
        if (path === '/api/tags') return json({ models: [{ name: 'qwen2.5:0.5b', details: { quantization_level: 'Q4_K_M' } }] });
        if (path === '/api/show') return json({ model_info: { 'general.architecture': 'qwen2', 'general.parameter_count': 494032768 }, details: { quantization_level: 'Q4_K_M' } });
        if (path === '/api/generate') return json({ model: body.model, prompt_eval_count: 520, prompt_eval_duration: 2e9, eval_count: 64, eval_duration: 2e9 });
        if (path === '/api/ps') return json(ps);
        return new Response('{}', { status: 404 });
      }) as typeof fetch;
    const unlisted = await timeOllamaModels({ url: 'http://127.0.0.1:1', fetch: reply({ models: [] }), gpuBackend: null });
    expect(unlisted.ok && unlisted.value.rows).toEqual([]);
    expect(unlisted.ok && unlisted.value.skipped.join(' ')).toMatch(/did not say where it ran/);
    const unusedGpu = await timeOllamaModels({ url: 'http://127.0.0.1:1', fetch: reply({ models: [{ name: 'qwen2.5:0.5b', size: 4e8, size_vram: 4e8 }] }), gpuBackend: null });
    expect(unusedGpu.ok && unusedGpu.value.rows).toEqual([]);
    const cpuOnGpuMachine = await timeOllamaModels({ url: 'http://127.0.0.1:1', fetch: reply({ models: [{ name: 'qwen2.5:0.5b', size: 4e8, size_vram: 0 }] }), gpuBackend: 'CUDA' });
    if (!cpuOnGpuMachine.ok) throw new Error(cpuOnGpuMachine.error.message);
    expect(cpuOnGpuMachine.value.rows.map((r) => [r.backend, r.promptTokens > 0 ? 'prompt' : 'generation'])).toEqual([['CPU', 'generation']]);
    expect(cpuOnGpuMachine.value.skipped.join(' ')).toMatch(/prompt timing left out/);
  });

  it('OLLAMA_HOST names the server as Ollama\'s CLI reads it, this machine only', () => {
    expect(ollamaUrlFromEnv({})).toBe('http://127.0.0.1:11434');
    expect(ollamaUrlFromEnv({ OLLAMA_HOST: '127.0.0.1:5000' })).toBe('http://127.0.0.1:5000');
    expect(ollamaUrlFromEnv({ OLLAMA_HOST: '0.0.0.0' })).toBe('http://127.0.0.1:11434');
    expect(ollamaUrlFromEnv({ OLLAMA_HOST: 'http://localhost:8080/' })).toBe('http://localhost:8080');
    expect(ollamaUrlFromEnv({ OLLAMA_HOST: 'gpu-box.lan:11434' })).toBe('http://127.0.0.1:11434');
    expect(ollamaUrlFromEnv({ OLLAMA_HOST: 'https://127.0.0.1' })).toBe('http://127.0.0.1:11434');
    expect(ollamaUrlFromEnv({ OLLAMA_HOST: '::nonsense::' })).toBe('http://127.0.0.1:11434');
    expect(ollamaUrlFromEnv({ OLLAMA_HOST: '::1' })).toBe('http://[::1]:11434');
  });
});
