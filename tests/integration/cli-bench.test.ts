import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-io';

const fixtures = resolve(__dirname, '../fixtures/llama-bench');
const root = mkdtempSync(join(tmpdir(), 'cli-bench-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let saved: string | undefined;
let config = '';
beforeEach(() => {
  saved = process.env['LLM_SIZER_CONFIG_DIR'];
  config = mkdtempSync(join(root, 'config-'));
  process.env['LLM_SIZER_CONFIG_DIR'] = config;
});
afterEach(() => {
  if (saved === undefined) delete process.env['LLM_SIZER_CONFIG_DIR'];
  else process.env['LLM_SIZER_CONFIG_DIR'] = saved;
});

describe('llm-sizer bench', () => {
  it('--import calibrates this CPU from llama-bench output, estimate then uses it, --show lists it, --reset forgets it', async () => {
    const imported = await cli(['bench', '--import', join(fixtures, 'cpu-qwen2.5-0.5b.json')]);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Qwen2\.5 0\.5B Instruct Q4_K_M/);
    expect(imported.out).toMatch(/estimated\s+measured\s+calibrated/);
    expect(imported.out).toMatch(/Saved to .*calibration\.json/);
    const file = JSON.parse(readFileSync(join(config, 'calibration.json'), 'utf8')) as { entries: { backend: string; source: string }[] };
    expect(file.entries.map((e) => [e.backend, e.source])).toEqual([['cpu', 'llama-bench']]);
    // Every estimate on this machine now rests on the measurement; --raw is the formula alone.
    const est = await cli(['estimate', '--model', 'qwen2.5-0.5b-instruct', '--quant', 'Q4_K_M', '--json']);
    const measured = JSON.parse(est.out) as { speed: { generationTokensPerSec: { value: number }; calibration?: { backends: string[] } } };
    expect(measured.speed.calibration?.backends).toEqual(['cpu']);
    expect(measured.speed.generationTokensPerSec.value).toBeGreaterThan(31.8 * 0.9);
    expect(measured.speed.generationTokensPerSec.value).toBeLessThan(32.6 * 1.1);
    const raw = JSON.parse((await cli(['estimate', '--model', 'qwen2.5-0.5b-instruct', '--quant', 'Q4_K_M', '--json', '--raw'])).out) as { speed: { calibration?: unknown } };
    expect(raw.speed.calibration).toBeUndefined();
    const shown = await cli(['bench', '--show', '--json']);
    expect((JSON.parse(shown.out) as { entries: unknown[] }).entries).toHaveLength(1);
    expect((await cli(['bench', '--reset'])).code).toBe(0);
    expect((JSON.parse((await cli(['bench', '--show', '--json'])).out) as { entries: unknown[] }).entries).toHaveLength(0);
  }, 60_000);

  it('GPU results are refused on a machine without that GPU', async () => {
    const r = await cli(['bench', '--import', join(fixtures, 'qwen2-depth.md')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/this machine has no GPU/);
  }, 60_000);

  it('a broken import changes nothing and says why', async () => {
    const bad = join(root, 'bad.csv');
    writeFileSync(bad, 'a,b\n1,2\n');
    const r = await cli(['bench', '--import', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Not llama-bench output/);
    expect(() => readFileSync(join(config, 'calibration.json'))).toThrow();
  }, 60_000);

  it('a model too large to measure is refused and the stored measurements stay as they were', async () => {
    await cli(['bench', '--import', join(fixtures, 'cpu-qwen2.5-0.5b.json')]);
    const before = readFileSync(join(config, 'calibration.json'), 'utf8');
    const r = await cli(['bench', '--backend', 'cpu', '--model', 'llama-3.1-70b-instruct', '--quant', 'Q8_0']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not fit in this machine's memory/);
    expect(readFileSync(join(config, 'calibration.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('usage errors exit 2', async () => {
    expect((await cli(['bench', '--backend', 'tpu'])).code).toBe(2);
    expect((await cli(['bench', '--model', 'qwen3-8b'])).code).toBe(2);
  });
});
