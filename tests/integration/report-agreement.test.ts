import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../app/catalog/models';
import type { Estimate } from '../../app/domain/estimate';
import { recommendedQuantIds } from '../../app/estimator/quant-types';
import { DEFAULT_MIN_TOKENS_PER_SEC, recommendAll } from '../../app/estimator/recommend';
import { formatBytes, formatTokensPerSec } from '../../app/format/units';
import { buildReportData } from '../../app/report/build-data';
import { renderReport } from '../../app/report/render';
import { buildReportModel } from '../../app/report/report-model';
import { renderPdf } from '../../main/services/report-pdf';
import { estimateOptionsFor } from '../../renderer/features/models/model-list';
import type { ModelControls } from '../../renderer/features/models/model-list';
import { profileFromFixture } from '../helpers/fixture-profiles';

const HAS_PDFTOTEXT = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** What the model list prints for an estimate (renderer/features/models/model-list.tsx). */
function uiCells(e: Estimate): { memory: string; generation: string } {
  const g = e.speed?.generationTokensPerSec;
  return { memory: formatBytes(e.memory.totalBytes), generation: g ? `${formatTokensPerSec(g.value)} tok/s (${formatTokensPerSec(g.low)}–${formatTokensPerSec(g.high)})` : '—' };
}

const CASES: readonly [string, ModelControls][] = [
  ['linux-nvidia-h200-vm', { contextTokens: 32768, promptTokens: 2048, kvCacheType: 'q8_0', goal: 'quality', runtime: 'llama.cpp' }],
  ['windows-rtx-4090', { contextTokens: 8192, promptTokens: 512, kvCacheType: 'f16', goal: 'speed', runtime: 'ollama' }],
  ['linux-vm-no-gpu', { contextTokens: 4096, promptTokens: 512, kvCacheType: 'f16', goal: 'quality', runtime: 'llama.cpp' }],
];

describe('the report shows the numbers the window shows, in every format', () => {
  for (const [name, controls] of CASES) {
    it(`${name}: ${controls.goal}, ${controls.contextTokens} tokens, ${controls.runtime}`, async () => {
      const profile = profileFromFixture(name);
      // the model list's own computation
      const ui = recommendAll(profile, builtInCatalog().models, {
        estimate: estimateOptionsFor(controls),
        quantIds: recommendedQuantIds(controls.runtime),
        goal: controls.goal,
        minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC,
      });
      const d = buildReportData(profile, { ...controls }, { appName: 'LLM Sizer', appVersion: 'test', generatedAt: '2026-11-28T12:00:00.000Z', timeZone: 'UTC' });
      expect(d.recommendations.map((r) => r.model.id)).toEqual(ui.map((r) => r.model.id));

      const md = renderReport('markdown', d).replace(/\\/g, '');
      const html = renderReport('html', d);
      const json = JSON.parse(renderReport('json', d)) as { recommendations: { modelId: string; best: Estimate | null }[] };
      expect(json.recommendations.map((r) => r.best)).toEqual(ui.map((r) => r.best));

      const runnable = ui.filter((r): r is typeof r & { best: Estimate } => r.best !== null);
      expect(runnable.length).toBeGreaterThan(0);
      for (const r of runnable) {
        const { memory, generation } = uiCells(r.best);
        const row = `| ${r.model.name} | ${r.best.quant} |`;
        expect(md).toContain(row);
        const mdRow = md.split('\n').find((l) => l.startsWith(row)) ?? '';
        expect(mdRow).toContain(`| ${memory} |`);
        if (r.best.speed) expect(mdRow).toContain(`| ${generation} |`);
        const htmlRow = html.split('\n').find((l) => l.startsWith(`<tr><td>${r.model.name.replace(/&/g, '&amp;')}</td><td>${r.best.quant}</td>`)) ?? '';
        expect(htmlRow).toContain(`<td>${memory}</td>`);
        if (r.best.speed) expect(htmlRow).toContain(`<td>${generation}</td>`);
      }

      if (!HAS_PDFTOTEXT) return;
      const dir = mkdtempSync(join(tmpdir(), 'sizer-agree-'));
      const file = join(dir, 'r.pdf');
      writeFileSync(file, await renderPdf(buildReportModel(d), 'a4'));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      // the first picks, as the window shows them (cells may wrap inside a table: compare the words)
      for (const r of runnable.slice(0, 3)) {
        const { memory } = uiCells(r.best);
        expect(text).toContain(r.best.quant);
        expect(text).toContain(memory);
        if (r.best.speed) expect(text).toContain(`${formatTokensPerSec(r.best.speed.generationTokensPerSec.value)} tok/s`);
      }
    });
  }
});
