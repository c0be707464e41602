import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-io';

// A stand-in Ollama server on 127.0.0.1 answering in Ollama's wire format (docs/api.md of github.com/ollama/ollama):
// one catalog model (Qwen2.5 0.5B, whose timings are what llama.cpp measured on the CI VM) and one it cannot place.
const PROMPT_TPS = 248.9;
const GEN_TPS = 32.2;
const models = [
  { name: 'qwen2.5:0.5b', arch: 'qwen2', params: 494032768, quant: 'Q4_K_M' },
  { name: 'mystery:1b', arch: 'mystery', params: 1_000_000_000, quant: 'Q4_K_M' },
];
let server: Server;
let url = '';
const root = mkdtempSync(join(tmpdir(), 'ollama-timing-'));
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      const json = (o: unknown) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      const asked = body ? (JSON.parse(body) as { model?: string; prompt?: string }) : {};
      const m = models.find((x) => x.name === asked.model);
      if (req.url === '/api/version') return json({ version: '0.13.1' });
      if (req.url === '/api/tags') return json({ models: models.map((x) => ({ name: x.name, details: { quantization_level: x.quant } })) });
      if (req.url === '/api/show' && m) return json({ details: { quantization_level: m.quant }, model_info: { 'general.architecture': m.arch, 'general.parameter_count': m.params } });
      if (req.url === '/api/generate' && m) {
        const promptTokens = (asked.prompt ?? '').split(' ').length;
        return json({ done: true, prompt_eval_count: promptTokens, prompt_eval_duration: (promptTokens / PROMPT_TPS) * 1e9, eval_count: 64, eval_duration: (64 / GEN_TPS) * 1e9 });
      }
      if (req.url === '/api/ps') return json({ models: models.map((x) => ({ name: x.name, size: 4e8, size_vram: 0 })) });
      res.writeHead(404);
      res.end('{"error":"not found"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
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
