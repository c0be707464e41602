import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../../app/catalog/models';
import { DEFAULT_OPTIONS } from '../../../../app/estimator/estimate';
import { DEFAULT_QUANT_IDS } from '../../../../app/estimator/quant-types';
import { recommendAll } from '../../../../app/estimator/recommend';
import { renderReport } from '../../../../app/report/render';
import type { ReportData } from '../../../../app/report/report-data';
import { profileFromFixture } from '../../../helpers/fixture-profiles';

const GOLDEN = resolve(__dirname, '../../../golden');

function data(): ReportData {
  const profile = profileFromFixture('linux-nvidia-h200-vm');
  const models = builtInCatalog().models.filter((m) => ['llama-3.1-8b-instruct', 'qwen3-30b-a3b', 'gemma-3-27b-it', 'deepseek-v3'].includes(m.id));
  return {
    appName: 'LLM Sizer',
    appVersion: '0.1.0',
    generatedAt: '2026-11-28T12:00:00.000Z',
    profile,
    options: DEFAULT_OPTIONS,
    recommendations: recommendAll(profile, models, { estimate: DEFAULT_OPTIONS, quantIds: DEFAULT_QUANT_IDS, goal: 'quality', minTokensPerSec: 10 }),
  };
}

/** Golden files: set UPDATE_GOLDEN=1 to rewrite them after a reviewed change. */
function golden(name: string, actual: string): void {
  const file = resolve(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('reports', () => {
  it('markdown matches the reviewed golden file', () => golden('report-h200.md', renderReport('markdown', data())));
  it('html matches the reviewed golden file', () => golden('report-h200.html', renderReport('html', data())));

  it('json carries the profile, the options and one entry per model', () => {
    const parsed = JSON.parse(renderReport('json', data())) as { hardware: { gpus: { name: { value: string } }[] }; recommendations: { modelId: string; best: { fit: string } | null }[] };
    expect(parsed.hardware.gpus[0]?.name.value).toBe('NVIDIA H200');
    expect(parsed.recommendations).toHaveLength(4);
    expect(parsed.recommendations.find((r) => r.modelId === 'deepseek-v3')?.best?.fit).toBeDefined();
  });

  it('escapes text that would break the markup', () => {
    const d = data();
    const hostile = { ...d, profile: { ...d.profile, label: '<script>alert(1)</script> | pipe' } };
    const html = renderReport('html', hostile);
    expect(html).not.toContain('<script>alert');
    expect(renderReport('markdown', hostile)).toContain('\\| pipe');
  });
});
