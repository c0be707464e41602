import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuIndex } from '../../../../app/catalog/gpus';
import { builtInCatalog } from '../../../../app/catalog/models';
import { profileFromSpec } from '../../../../app/catalog/what-if';
import { calibrateFromLlamaBench, matchModel } from '../../../../app/measure/import-calibration';
import { parseLlamaBench } from '../../../../app/measure/llama-bench';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../../../fixtures/llama-bench', name), 'utf8');
const rtx4080 = () => {
  const p = profileFromSpec(gpuIndex(), { gpuNames: ['RTX 4080'], ramBytes: 64 * 2 ** 30 }, '2026-12-05T00:00:00Z');
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
};

describe('llama-bench results', () => {
  it.each(['rtx4080.json', 'rtx4080.jsonl', 'rtx4080.csv'])('%s: reads the model, the test and tokens/s', (name) => {
    const r = parseLlamaBench(fixture(name));
    if (!r.ok) throw new Error(r.error.message);
    const [pp, tg] = r.value.rows;
    expect(pp?.arch).toBe('qwen2');
    expect(pp?.quant).toBe('Q4_K_M');
    expect(pp?.params).toBe(7615616512);
    expect(pp?.modelBytes).toBe(4677120000);
    expect(pp?.backend).toBe('CUDA');
    expect(pp?.gpuLayers).toBe(-1);
    expect([pp?.promptTokens, pp?.generateTokens]).toEqual([512, 0]);
    expect([tg?.promptTokens, tg?.generateTokens]).toEqual([0, 128]);
    expect(tg?.tokensPerSec).toBeGreaterThan(118);
    expect(tg?.build).toMatch(/8cf427ff.*5163/);
  });

  it('reads the Markdown table, with depths and the older "pp 512" / "mostly Q4_0" layout', () => {
    const r = parseLlamaBench(fixture('qwen2-depth.md'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows.map((x) => [x.promptTokens, x.generateTokens, x.depthTokens, x.tokensPerSec])).toEqual([
      [512, 0, 0, 7340.2],
      [0, 128, 0, 120.6],
      [512, 0, 512, 6425.91],
      [0, 128, 512, 116.71],
    ]);
    expect(r.value.rows[0]?.modelBytes).toBeCloseTo(4.36 * 2 ** 30, -3);
    const old = parseLlamaBench(fixture('old-markdown.md'));
    if (!old.ok) throw new Error(old.error.message);
    expect(old.value.rows.map((x) => x.quant)).toEqual(['Q4_0', 'Q4_0']);
  });

  it('refuses what is not llama-bench output, with a reason', () => {
    for (const text of ['', 'hello', '[1, 2', '{"a": 1}', '| a | b |\n|---|---|\n| 1 | 2 |']) {
      const r = parseLlamaBench(text);
      expect(r.ok).toBe(false);
    }
  });

  it('matches each result to the catalog model it measured and calibrates the GPU from it', () => {
    const r = parseLlamaBench(fixture('rtx4080.json'));
    if (!r.ok) throw new Error(r.error.message);
    const row = r.value.rows[0];
    if (!row) throw new Error('no row');
    expect(matchModel(row, builtInCatalog().models)?.id).toBe('qwen2.5-7b-instruct');
    const c = calibrateFromLlamaBench(rtx4080(), r.value.rows, builtInCatalog().models, '2026-12-05T00:00:00.000Z');
    if (!c.ok) throw new Error(c.error.message);
    const cuda = c.value.calibrations[0];
    expect(cuda?.backend).toBe('cuda');
    expect(cuda?.source).toBe('llama-bench');
    expect(cuda?.llamaCppBuild).toMatch(/8cf427ff/);
    // One model's pp and tg: the calibrated estimate reproduces both measurements.
    for (const p of cuda?.points ?? []) expect(p.calibratedTokensPerSec / p.measuredTokensPerSec).toBeGreaterThan(0.97);
    for (const p of cuda?.points ?? []) expect(p.calibratedTokensPerSec / p.measuredTokensPerSec).toBeLessThan(1.03);
  });

  it('skips results it cannot place, and says why', () => {
    const text = fixture('rtx4080.json').replace(/qwen2 7B Q4_K - Medium/g, 'mamba 7B Q4_K - Medium');
    const r = parseLlamaBench(text);
    if (!r.ok) throw new Error(r.error.message);
    const c = calibrateFromLlamaBench(rtx4080(), r.value.rows, builtInCatalog().models, '2026-12-05T00:00:00.000Z');
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.message).toMatch(/no catalog model/);
  });
});
