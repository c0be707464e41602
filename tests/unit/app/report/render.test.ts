import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../../app/catalog/models';
import { buildReportData } from '../../../../app/report/build-data';
import { renderReport } from '../../../../app/report/render';
import { buildReportModel } from '../../../../app/report/report-model';
import type { ReportData } from '../../../../app/report/report-data';
import { profileFromFixture } from '../../../helpers/fixture-profiles';

const GOLDEN = resolve(__dirname, '../../../golden');
const SCHEMA = resolve(__dirname, '../../../../docs/schemas/report.schema.json');
const MODELS = ['llama-3.1-8b-instruct', 'qwen3-30b-a3b', 'gemma-3-27b-it', 'deepseek-v3'];

function data(overrides: Partial<ReportData> = {}): ReportData {
  const profile = profileFromFixture('linux-nvidia-h200-vm');
  const base = buildReportData(
    profile,
    { contextTokens: 8192 },
    {
      appName: 'LLM Sizer',
      appVersion: '0.1.0',
      generatedAt: '2026-11-28T12:00:00.000Z',
      timeZone: 'Europe/Berlin',
      models: builtInCatalog().models.filter((m) => MODELS.includes(m.id)),
      privacy: { homeDir: '/home/ann', userName: 'ann', hostName: 'gpu-box-7', includePrivate: false },
      localModels: [{ name: 'my model.gguf', path: '/home/ann/models/my model.gguf', quant: 'Q4_K_M', estimate: null, error: 'not sized in this test' }],
    },
  );
  return { ...base, ...overrides };
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
  it('json matches the reviewed golden file', () => golden('report-h200.json', renderReport('json', data())));

  it('json is valid against docs/schemas/report.schema.json, for every recorded profile', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
    for (const name of ['linux-nvidia-h200-vm', 'linux-vm-no-gpu', 'windows-rtx-4090']) {
      const json = JSON.parse(renderReport('json', data({ profile: profileFromFixture(name) }))) as unknown;
      expect(validate(json), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
  });

  it('json carries the profile, the options, the picks per goal and one entry per model', () => {
    const parsed = JSON.parse(renderReport('json', data())) as {
      hardware: { gpus: { name: { value: string } }[] };
      recommendations: { modelId: string; best: { fit: string } | null }[];
      picks: Record<string, unknown[]>;
      timeZone: string;
      generatedLocal: string;
    };
    expect(parsed.hardware.gpus[0]?.name.value).toBe('NVIDIA H200');
    expect(parsed.recommendations).toHaveLength(4);
    expect(parsed.recommendations.find((r) => r.modelId === 'deepseek-v3')?.best?.fit).toBeDefined();
    expect(Object.keys(parsed.picks)).toEqual(['quality', 'speed', 'context']);
    expect(parsed.timeZone).toBe('Europe/Berlin');
    expect(parsed.generatedLocal).toBe('2026-11-28 13:00 (Europe/Berlin, GMT+1)');
  });

  it('escapes text that would break the markup', () => {
    const d = data();
    const hostile = { ...d, profile: { ...d.profile, label: '<script>alert(1)</script> | pipe' } };
    const html = renderReport('html', hostile);
    expect(html).not.toContain('<script>alert');
    expect(renderReport('markdown', hostile)).toContain('\\<script\\>alert(1)\\</script\\> \\| pipe');
  });

  it('escapes file names with Markdown and HTML syntax in them', () => {
    const name = '[x](http://evil) *bold* `tick` <img src=x onerror=alert(1)> a|b &amp; # h';
    const d = data({ localModels: [{ name, path: `/data/${name}.gguf`, quant: null, estimate: null, error: 'unreadable' }] });
    const md = renderReport('markdown', d);
    expect(md).toContain('\\[x\\](http://evil) \\*bold\\* \\`tick\\` \\<img src=x onerror=alert(1)\\> a\\|b \\&amp; # h');
    expect(md.replace(/``.*?``/g, '')).not.toContain('[x](http://evil)');
    // the path column is code: a longer fence, pipes escaped for the table
    expect(md).toContain('``/data/[x](http://evil) *bold* `tick` <img src=x onerror=alert(1)> a\\|b &amp; # h.gguf``');
    const html = renderReport('html', d);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; a|b &amp;amp; # h');
  });

  it('leaves out the user name, host name and home folder unless asked, in every format', () => {
    const d = data({ profile: { ...data().profile, label: 'ann@gpu-box-7', warnings: ['could not read /home/ann/.config/x'] } });
    for (const f of ['markdown', 'html', 'json'] as const) {
      const text = renderReport(f, d);
      expect(text).not.toMatch(/\bann\b|gpu-box-7|\/home\/ann/);
      expect(text).toContain('~/models/my model.gguf');
      expect(text).toContain('<user>'.replace('<', f === 'html' ? '&lt;' : f === 'markdown' ? '\\<' : '<').replace('>', f === 'html' ? '&gt;' : f === 'markdown' ? '\\>' : '>'));
      const kept = renderReport(f, { ...d, privacy: { homeDir: '/home/ann', userName: 'ann', hostName: 'gpu-box-7', includePrivate: true } });
      expect(kept).toContain('gpu-box-7');
      expect(kept).toContain('/home/ann/models/my model.gguf');
    }
  });

  it('does not change its input', () => {
    const d = data();
    const before = JSON.stringify(d);
    renderReport('markdown', d);
    renderReport('html', d);
    renderReport('json', d);
    expect(JSON.stringify(d)).toBe(before);
  });

  it('says what ranks each quality pick: a measured or converted score, or the size fallback', () => {
    const catalog = builtInCatalog().models;
    const full = buildReportData(profileFromFixture('linux-nvidia-h200-vm'), { contextTokens: 8192 }, {
      appName: 'LLM Sizer',
      appVersion: '0.1.0',
      generatedAt: '2026-11-28T12:00:00.000Z',
      timeZone: 'Europe/Berlin',
      models: catalog,
    });
    const report = buildReportModel(full);
    const quality = report.picks.find((g) => g.goal === 'quality')?.picks ?? [];
    expect(quality.length).toBeGreaterThan(0);
    for (const p of quality) {
      const m = catalog.find((c) => c.name === p.model);
      const expected = !m?.quality ? 'no leaderboard score, ranked by the score its size predicts, a fallback' : m.quality.convertedFrom ? 'converted from' : `ranked by LMArena Elo ${Math.round(m.quality.score)}`;
      expect(p.reason, p.model).toContain(expected);
    }
    const unscored = catalog.filter((m) => !m.quality).length;
    const converted = catalog.filter((m) => m.quality?.convertedFrom).length;
    expect(report.assumptions).toContain(
      `Quality ranks by LMArena text Elo: measured for ${catalog.length - unscored - converted} of the ${catalog.length} models, converted from the Artificial Analysis index for ${converted}; the other ${unscored} have no leaderboard score and rank by the score their size predicts (a fallback).`,
    );
  });

  it('the HTML report is self-contained: no script, no external reference, a CSP that forbids requests', () => {
    const html = renderReport('html', data());
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html.match(/<svg /g)).toHaveLength(3);
  });
});
