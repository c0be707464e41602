import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatTokensPerSec } from '../../app/format/units';
import { buildReportData } from '../../app/report/build-data';
import { cli } from '../helpers/cli-io';
import { profileFromFixture } from '../helpers/fixture-profiles';

const H200 = resolve(__dirname, '../fixtures/profiles/linux-nvidia-h200-vm.json');
const POPPLER = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Share of pixels darker than near-white on a page rendered as a binary PGM (P5). */
function inkShare(pgm: Buffer): number {
  const header = pgm.toString('latin1', 0, 40).split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(pgm.length - w * h);
  let ink = 0;
  for (const p of pixels) if (p < 200) ink++;
  return ink / (w * h);
}

describe('llm-sizer report --format pdf (checked with poppler)', () => {
  it('has poppler to read the PDF with (.ci/run installs poppler-utils)', () => {
    expect(POPPLER).toBe(true);
  });

  it('writes an A4 PDF with the machine, the top picks and their numbers, page numbers, and no blank page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-pdf-'));
    const r = await cli(['report', '--hardware', H200, '--format', 'pdf', '--out', 'r.pdf'], '', dir);
    expect(r.code, r.err).toBe(0);
    const file = join(dir, 'r.pdf');
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('NVIDIA H200');
    expect(text).toContain('140.4 GiB');
    expect(text).toContain('nvidia-smi');
    expect(text).toContain('Top picks');
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    // the first picks of each goal, with the numbers the other formats print
    const d = buildReportData(profileFromFixture('linux-nvidia-h200-vm'), { contextTokens: 8192 }, { appName: 'LLM Sizer', appVersion: 't', generatedAt: new Date().toISOString() });
    for (const goal of ['quality', 'speed', 'context'] as const) {
      const first = d.picksByGoal?.[goal]?.find((p) => p.best !== null)?.best;
      expect(first).toBeDefined();
      if (!first) continue;
      expect(text).toContain(first.quant);
      expect(text).toContain(formatBytes(first.memory.totalBytes));
      if (first.speed) expect(text).toContain(`${formatTokensPerSec(first.speed.generationTokensPerSec.value)} tok/s`);
    }
    // charts are drawn: their titles and axis labels are text in the PDF
    expect(text).toContain('Memory per pick');
    expect(text).toContain('Generation speed of the top picks');
    expect(text).toContain('Generation speed against context');

    execFileSync('pdftoppm', ['-gray', '-r', '30', file, join(dir, 'page')]);
    const images = readdirSync(dir).filter((f) => f.startsWith('page')).sort();
    expect(images).toHaveLength(pages);
    for (const img of images) expect(inkShare(readFileSync(join(dir, img))), img).toBeGreaterThan(0.004);
  });

  it('--paper letter gives Letter pages; --out - prints the PDF bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-pdf-'));
    const r = await cli(['report', '--hardware', H200, '--format', 'pdf', '--paper', 'letter', '--out', 'l.pdf'], '', dir);
    expect(r.code, r.err).toBe(0);
    expect(execFileSync('pdfinfo', [join(dir, 'l.pdf')], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const printed = await cli(['report', '--hardware', H200, '--format', 'pdf', '--out', '-'], '', dir);
    expect(printed.code, printed.err).toBe(0);
    expect(printed.out.startsWith('%PDF-')).toBe(true);
    expect(printed.out.trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('refuses an unknown paper size', async () => {
    const r = await cli(['report', '--hardware', H200, '--format', 'pdf', '--paper', 'a3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--paper must be one of a4, letter');
  });
});
