import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-io';
import { MAX_HF_CONFIG_BYTES } from '../../main/cli/commands/estimate';

const H200 = resolve(__dirname, '../fixtures/profiles/linux-nvidia-h200-vm.json');
const line = (o: unknown) => JSON.stringify(o);

describe('llm-sizer estimate --batch', () => {
  it('answers every line, in order, each on its own', async () => {
    const requests = [
      { hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: 8192 },
      { hardware: { gpus: 'RTX 9999', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: 8192 },
      { hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'no-such-model', quant: 'Q4_K_M', contextTokens: 8192 },
      { hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: -1 },
      { hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q9_Z', contextTokens: 8192 },
      { hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M' },
      { hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: 'NaN' },
      { hardware: JSON.parse(readFileSync(H200, 'utf8')) as unknown, model: 'qwen3-30b-a3b', quant: 'Q8_0', contextTokens: 32768, kvCacheType: 'q8_0' },
    ];
    const stdin = `${requests.map(line).join('\n')}\nnot json\n\n`;
    const r = await cli(['estimate', '--batch', '-'], stdin);
    expect(r.code).toBe(3);
    const answers = r.out.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; error?: { code: string }; fit?: string });
    expect(answers).toHaveLength(10);
    expect(answers.map((a) => (a.ok ? a.fit : a.error?.code))).toEqual([
      'full-gpu',
      'UNKNOWN_GPU',
      'UNKNOWN_MODEL',
      'BAD_REQUEST',
      'UNKNOWN_QUANT',
      'BAD_REQUEST',
      'BAD_REQUEST',
      'full-gpu',
      'BAD_REQUEST',
      'BAD_REQUEST',
    ]);
  });

  it('splits JSON Lines only at \\n: a lone carriage return stays inside its line, CRLF ends one, a blank line is answered', async () => {
    const ok = line({ hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: 8192 });
    // JSON allows \r as whitespace: the first record, with a lone \r inside, is one valid request
    const stdin = `${ok.replace(',', ',\r')}\r\n\n${ok}\r\n   \n${ok}`;
    const r = await cli(['estimate', '--batch', '-'], stdin);
    const answers = r.out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { ok: boolean; error?: { message: string } });
    expect(answers.map((a) => a.ok)).toEqual([true, false, true, false, true]);
    expect(answers[1]?.error?.message).toContain('blank');
    expect(r.code).toBe(3);
  });

  it('returns the documented fields, and the resolved hardware and model', async () => {
    const r = await cli(['estimate', '--batch', '-'], line({ hardware: { gpus: ['RTX 3090', 'RTX 3090'], ramGB: 128 }, model: 'llama-3.1-70b-instruct', quant: 'Q4_K_M', contextTokens: 8192 }));
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as Record<string, unknown> & { memory: Record<string, number>; speed: Record<string, { value: number; low: number; high: number }>; hardware: { gpus: unknown[] }; model: { id: string } };
    for (const k of ['weightsBytes', 'kvCacheBytes', 'computeBytes', 'overheadBytes', 'totalBytes', 'gpuBytes', 'cpuBytes']) expect(typeof a.memory[k], k).toBe('number');
    expect(a.speed['generationTokensPerSec']?.low).toBeLessThan(a.speed['generationTokensPerSec']?.value ?? 0);
    expect(a.speed['promptTokensPerSec']?.high).toBeGreaterThan(a.speed['promptTokensPerSec']?.value ?? 0);
    expect(a.hardware.gpus).toHaveLength(2);
    expect(a.model.id).toBe('llama-3.1-70b-instruct');
    expect(a['fit']).toBe('full-gpu');
  });

  it('accepts an inline architecture instead of a catalog id', async () => {
    const architecture = {
      ggufArch: 'llama', layers: 16, hiddenSize: 2048, intermediateSize: 8192, ffnGated: true, attentionHeads: 32, kvHeads: 8, headDim: 64,
      valueHeadDim: 64, vocabSize: 128256, tiedEmbeddings: true, moe: null, slidingWindow: null, mla: null, linearAttention: null, vision: null,
    };
    const r = await cli(['estimate', '--batch', '-'], line({ hardware: { ramGB: 16 }, model: { name: 'My 1B', architecture }, quant: 'Q8_0', contextTokens: 4096 }));
    const a = JSON.parse(r.out) as { ok: boolean; fit: string; model: { parametersTotal: number } };
    expect(a.ok).toBe(true);
    expect(a.fit).toBe('cpu-only');
    expect(a.model.parametersTotal).toBeGreaterThan(1.2e9);
    // An architecture no model has (a billion layers) is refused for that line, not computed for minutes.
    const huge = await cli(['estimate', '--batch', '-'], line({ hardware: { ramGB: 16 }, model: { architecture: { ...architecture, layers: 1e9 } }, quant: 'Q8_0', contextTokens: 4096 }));
    expect(JSON.parse(huge.out)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/layers/) } });
  });

  it('accepts a Hugging Face config.json and estimates it as the catalog entry it describes', async () => {
    const hfConfig = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/hf-configs/qwen3-30b-a3b.json'), 'utf8')) as unknown;
    const hardware = { gpus: 'RTX 4090', ramGB: 64 };
    const r = await cli(['estimate', '--batch', '-'], [line({ hardware, model: { hfConfig }, quant: 'Q4_K_M', contextTokens: 16384 }), line({ hardware, model: 'qwen3-30b-a3b', quant: 'Q4_K_M', contextTokens: 16384 })].join('\n'));
    const [fromConfig, fromCatalog] = r.out.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; memory: unknown; speed: unknown; fit: string });
    expect(fromConfig?.ok).toBe(true);
    expect(fromConfig?.memory).toEqual(fromCatalog?.memory);
    expect(fromConfig?.speed).toEqual(fromCatalog?.speed);
    const bad = await cli(['estimate', '--batch', '-'], line({ hardware, model: { hfConfig: { model_type: 'jamba' } }, quant: 'Q4_K_M', contextTokens: 4096 }));
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(bad.out).toMatch(/model\.hfConfig: Jamba/);
  });

  it('MLX: the default quantization is MLX_4BIT, and recommend refuses MLX off Apple Silicon', async () => {
    const mac = await cli(['estimate', '--model', 'qwen3-30b-a3b', '--runtime', 'mlx', '--gpu', 'Apple M4 Pro 20-core GPU', '--ram', '48GB']);
    expect(mac.code).toBe(0);
    expect(mac.out).toContain('MLX_4BIT');
    expect(mac.out).toMatch(/mlx-lm\s+mlx_lm\.server/);
    const pc = await cli(['recommend', '--runtime', 'mlx', '--gpu', 'RTX 4090', '--ram', '64GB']);
    expect(pc.code).toBe(2);
    expect(pc.err).toContain('MLX runs only on Apple Silicon');
  });

  it('refuses a prompt longer than the context, for that line', async () => {
    const r = await cli(['estimate', '--batch', '-'], line({ hardware: { ramGB: 16 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: 4096, promptTokens: 9000 }));
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'promptTokens (9000) must fit in contextTokens (4096)' } });
    const flags = await cli(['estimate', '--model', 'llama-3.1-8b-instruct', '--prompt', '200000', '--ram', '16GB']);
    expect(flags.code).toBe(2);
    expect(flags.err).toContain('--prompt (200000) must fit in --context (8192)');
    const floor = await cli(['recommend', '--min-speed', '-1', '--ram', '16GB']);
    expect(floor.code).toBe(2);
    expect(floor.err).toContain('--min-speed must be 0 or more');
  });

  it('reads requests from a file too', async () => {
    const file = resolve(tmpdir(), `sizer-batch-${process.pid}.jsonl`);
    writeFileSync(file, `${line({ hardware: { gpus: 'Apple M2 Ultra 76-core GPU', ramGB: 192 }, model: 'llama-3.1-70b-instruct', quant: 'Q8_0', contextTokens: 8192 })}\n`);
    const r = await cli(['estimate', '--batch', file]);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, fit: 'full-gpu' });
  });
});

describe('llm-sizer estimate (one request)', () => {
  it('sizes any model from its config.json with --hf-config, and says why when it cannot', async () => {
    const file = resolve(__dirname, '../fixtures/hf-configs/deepseek-v3.json');
    const r = await cli(['estimate', '--hf-config', file, '--quant', 'Q4_K_M', '--gpu', 'RTX 4090', '--ram', '512GB', '--json']);
    expect(r.code).toBe(0);
    const fromConfig = JSON.parse(r.out) as { fit: string; memory: { weightsBytes: number; kvCacheBytes: number } };
    const catalog = JSON.parse((await cli(['estimate', '--model', 'deepseek-v3', '--quant', 'Q4_K_M', '--gpu', 'RTX 4090', '--ram', '512GB', '--json'])).out) as typeof fromConfig;
    expect(fromConfig.memory.weightsBytes).toBe(catalog.memory.weightsBytes);
    expect(fromConfig.memory.kvCacheBytes).toBe(catalog.memory.kvCacheBytes);
    expect(fromConfig.fit).toBe('partial');
    const notJson = resolve(tmpdir(), `sizer-config-${process.pid}.json`);
    writeFileSync(notJson, '{"model_type": "llama", ');
    const bad = await cli(['estimate', '--hf-config', notJson]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('is not valid JSON');
    const missing = await cli(['estimate', '--hf-config', '/nonexistent/config.json']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
  });

  it('--hf-config refuses a FIFO at once and a file over the size limit without reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-hfconfig-'));
    const fifo = join(dir, 'config.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const r = await cli(['estimate', '--hf-config', fifo, '--gpu', 'RTX 4090', '--ram', '32GB']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not a regular file');
    expect(Date.now() - started).toBeLessThan(3000);
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_HF_CONFIG_BYTES + 1);
    const tooBig = await cli(['estimate', '--hf-config', big, '--gpu', 'RTX 4090', '--ram', '32GB']);
    expect(tooBig.code).toBe(1);
    expect(tooBig.err).toContain('over the');
  }, 10_000);

  it('prints memory, fit, speed and launch commands', async () => {
    const r = await cli(['estimate', '--model', 'qwen3-30b-a3b', '--quant', 'Q4_K_M', '--context', '16k', '--gpu', 'RTX 4060', '--ram', '32GB']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Partial offload');
    expect(r.out).toContain('--n-cpu-moe');
    expect(r.out).toContain('lms load');
    expect(r.out).toMatch(/Generation\s+[0-9.]+ tok\/s/);
  });

  it('--json prints the same estimate as an object', async () => {
    const r = await cli(['estimate', '--model', 'llama-3.1-8b-instruct', '--hardware', H200, '--json']);
    const e = JSON.parse(r.out) as { fit: string; memory: { kvCacheBytes: number } };
    expect(e.fit).toBe('full-gpu');
    expect(e.memory.kvCacheBytes).toBe(1024 ** 3);
  });

  it('explains bad input with exit code 2', async () => {
    expect((await cli(['estimate', '--model', 'nope'])).code).toBe(2);
    expect((await cli(['estimate', '--model', 'llama-3.1-8b-instruct', '--context', '-5'])).code).toBe(2);
    expect((await cli(['estimate', '--model', 'llama-3.1-8b-instruct', '--kv', 'q3'])).code).toBe(2);
    const unknownGpu = await cli(['estimate', '--model', 'llama-3.1-8b-instruct', '--gpu', 'RTX 9999', '--ram', '32GB']);
    expect(unknownGpu.code).toBe(1);
    expect(unknownGpu.err).toContain('not in the GPU table');
  });
});

describe('other commands', () => {
  it('every command has --help', async () => {
    for (const c of ['scan', 'recommend', 'estimate', 'models', 'gpus', 'report', 'serve']) {
      const r = await cli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.out, c).toContain(`llm-sizer ${c}`);
    }
    expect((await cli(['--help'])).code).toBe(0);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('models --search and gpus --search filter the catalogs', async () => {
    const m = await cli(['models', '--search', 'coder', '--json']);
    const list = JSON.parse(m.out) as { id: string }[];
    expect(list.length).toBeGreaterThan(2);
    expect(list.every((x) => JSON.stringify(x).toLowerCase().includes('coder'))).toBe(true);
    const g = await cli(['gpus', '--search', '4090', '--json']);
    expect((JSON.parse(g.out) as { id: string }[]).map((x) => x.id)).toContain('nvidia-geforce-rtx-4090');
  });

  it('recommend ranks the catalog for a saved profile', async () => {
    const r = await cli(['recommend', '--hardware', H200, '--json', '--limit', '5']);
    const recs = JSON.parse(r.out) as { modelId: string; best: { fit: string; speed: { generationTokensPerSec: { value: number } } } | null; belowMinSpeed: boolean }[];
    expect(recs).toHaveLength(5);
    // Quality at the default floor of 10 tok/s: every top pick runs (on the GPU or partly offloaded) at least that fast.
    expect(recs.every((x) => (x.best?.fit === 'full-gpu' || x.best?.fit === 'partial') && x.best.speed.generationTokensPerSec.value >= 10 && !x.belowMinSpeed)).toBe(true);
    // A CPU-only 16 GB machine: what runs below the floor says so and comes after what reaches it.
    const slow = await cli(['recommend', '--ram', '16GB', '--json', '--limit', '200']);
    const all = JSON.parse(slow.out) as { best: unknown; belowMinSpeed: boolean }[];
    const firstSlow = all.findIndex((x) => x.belowMinSpeed);
    expect(firstSlow).toBeGreaterThan(0);
    expect(all.slice(firstSlow).every((x) => x.belowMinSpeed || x.best === null)).toBe(true);
  });

  it('recommend text says for which machine, goal and context it ranks, whether speeds were measured, and heads its columns', async () => {
    const r = await cli(['recommend', '--hardware', H200, '--limit', '3', '--context', '32768', '--min-speed', '25']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    const label = (JSON.parse(readFileSync(H200, 'utf8')) as { label: string }).label;
    expect(lines[0]).toBe(`${label}: each model at its best quantization reaching 25 tok/s, 32K context`);
    expect(lines[1]).toMatch(/^Speeds estimated by the formula \(not measured on this machine/);
    expect(lines[3]).toMatch(/^Model\s+Quant\s+Runs on\s+Memory\s+Generation$/);
    expect(lines.slice(4)).toHaveLength(3);
    const raw = await cli(['recommend', '--hardware', H200, '--limit', '1', '--goal', 'context', '--raw']);
    expect(raw.out.split('\n').slice(0, 2)).toEqual([`${label}: each model at its smallest memory, 8K context`, "Speeds estimated by the formula alone (--raw: this machine's llama.cpp measurements left out)"]);
  });

  it('models text heads its columns and gives each model its release date', async () => {
    const r = await cli(['models', '--search', 'gemma-4-31b']);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Id\s+Parameters\s+Released\s+Name · capabilities$/);
    expect(lines[1]).toMatch(/^gemma-4-31b-it\s+31\.3B\s+2026-04-02 Gemma 4 31B IT · /);
    expect(lines.at(-1)).toBe('1 model');
    // columns stay aligned when a 1T MoE's parameter text is wider than the heading
    const kimi = (await cli(['models', '--search', 'kimi'])).out.trimEnd().split('\n').slice(0, -1);
    const releasedAt = kimi[0]?.indexOf('Released') ?? -1;
    expect(releasedAt).toBeGreaterThan(0);
    for (const l of kimi.slice(1)) expect(l.slice(releasedAt, releasedAt + 10), l).toMatch(/^\d{4}-\d{2}/);
  });

  it('scan --hardware prints the saved profile back', async () => {
    const r = await cli(['scan', '--hardware', H200, '--json']);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(readFileSync(H200, 'utf8')));
    const broken = await cli(['scan', '--hardware', resolve(__dirname, '../fixtures/hardware/linux-vm-no-gpu/README.md')]);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('not valid JSON');
  });
});

describe('llm-sizer estimate --backend', () => {
  it('takes the backend from the batch line and the flag, and refuses one the GPU cannot run', async () => {
    const base = { hardware: { gpus: 'Radeon RX 7900 XTX', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: 4096 };
    const stdin = [line(base), line({ ...base, backend: 'vulkan' }), line({ ...base, backend: 'cuda' })].join('\n');
    const r = await cli(['estimate', '--batch', '-'], stdin);
    const answers = r.out.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; speed?: { promptTokensPerSec: { value: number } } });
    expect(answers.map((a) => a.ok)).toEqual([true, true, false]);
    expect(answers[1]?.speed?.promptTokensPerSec.value).not.toBe(answers[0]?.speed?.promptTokensPerSec.value);
    const bad = await cli(['estimate', 'llama-3.1-8b-instruct', '--backend', 'opencl', '--gpu', 'RTX 4090', '--ram', '64']);
    expect(bad.code).toBe(2);
  });
});
