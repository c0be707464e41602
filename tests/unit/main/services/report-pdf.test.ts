import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportData } from '../../../../app/report/build-data';
import { buildReportModel } from '../../../../app/report/report-model';
import type { ReportModel } from '../../../../app/report/report-model';
import { pdfSafe, renderPdf } from '../../../../main/services/report-pdf';
import { profileFromFixture } from '../../../helpers/fixture-profiles';

const POPPLER = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function model(): ReportModel {
  const d = buildReportData(profileFromFixture('linux-vm-no-gpu'), { contextTokens: 4096 }, { appName: 'LLM Sizer', appVersion: 't', generatedAt: '2026-11-28T12:00:00.000Z', timeZone: 'UTC' });
  return buildReportModel(d);
}

async function pages(m: ReportModel, paper: 'a4' | 'letter' = 'a4'): Promise<string[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'sizer-pdf-unit-')), 'r.pdf');
  writeFileSync(file, await renderPdf(m, paper));
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
}

describe('pdfSafe', () => {
  it('has poppler to read the PDF with (.ci/run installs poppler-utils)', () => {
    expect(POPPLER).toBe(true);
  });

  it('keeps Latin-1 and WinAnsi punctuation, spells out signs, replaces the rest', () => {
    expect(pdfSafe('Café – “x” … ≥ 10 → ok 模型')).toBe('Café – “x” … >= 10 -> ok ??');
  });
});

describe('renderPdf', () => {
  it('never splits a table row across pages, and repeats the header on each page', async () => {
    const m = model();
    // 60 rows, each several lines tall: many fall on a page break
    const rows = Array.from({ length: 60 }, (_, i) => ({ cells: [`ROWSTART${i}`, 'Q4_K_M', 'CPU only', '1/1', '1.0 GiB', `${'long text '.repeat(12)}ROWEND${i}`, '—'], fit: 'cpu-only' as const }));
    const text = await pages({ ...m, table: { ...m.table, rows } });
    expect(text.length).toBeGreaterThan(2);
    for (let i = 0; i < rows.length; i++) {
      const start = text.findIndex((p) => new RegExp(`ROWSTART${i}(?!\\d)`).test(p));
      const end = text.findIndex((p) => new RegExp(`ROWEND${i}(?!\\d)`).test(p));
      expect(start, `row ${i}`).toBeGreaterThanOrEqual(0);
      expect(end, `row ${i}`).toBe(start);
    }
    const withRows = text.filter((p) => /ROWSTART\d/.test(p));
    for (const p of withRows) expect(p).toContain('Generation');
  });

  it('numbers every page', async () => {
    const text = await pages(model(), 'letter');
    text.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${text.length}`));
  });
});
