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
  it('--import calibrates from llama-bench output, --show lists it, --reset forgets it', async () => {
    const imported = await cli(['bench', '--import', join(fixtures, 'qwen2-depth.md')]);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Qwen2\.5 7B Instruct Q4_K_M/);
    expect(imported.out).toMatch(/estimated\s+measured\s+calibrated/);
    expect(imported.out).toMatch(/Saved to .*calibration\.json/);
    const file = JSON.parse(readFileSync(join(config, 'calibration.json'), 'utf8')) as { entries: { backend: string; source: string }[] };
    expect(file.entries.map((e) => [e.backend, e.source])).toEqual([['cuda', 'llama-bench']]);
    const shown = await cli(['bench', '--show', '--json']);
    expect((JSON.parse(shown.out) as { entries: unknown[] }).entries).toHaveLength(1);
    expect((await cli(['bench', '--reset'])).code).toBe(0);
    expect((JSON.parse((await cli(['bench', '--show', '--json'])).out) as { entries: unknown[] }).entries).toHaveLength(0);
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
    await cli(['bench', '--import', join(fixtures, 'rtx4080.json')]);
    const before = readFileSync(join(config, 'calibration.json'), 'utf8');
    const r = await cli(['bench', '--backend', 'cpu', '--model', 'llama-3.1-405b-instruct', '--quant', 'Q8_0']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not fit in this machine's memory/);
    expect(readFileSync(join(config, 'calibration.json'), 'utf8')).toBe(before);
  }, 60_000);

  it('usage errors exit 2', async () => {
    expect((await cli(['bench', '--backend', 'tpu'])).code).toBe(2);
    expect((await cli(['bench', '--model', 'qwen3-8b'])).code).toBe(2);
  });
});
