import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { ROOT, serve } from './serve';

const H200_PROFILE = resolve(__dirname, '../fixtures/profiles/linux-nvidia-h200-vm.json');

test('the HTML report opens in Chromium with no request and no console error, charts and fit colours drawn', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'sizer-html-'));
  const file = join(dir, 'report.html');
  const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/llm-sizer.js'), 'report', '--hardware', H200_PROFILE, '--format', 'html', '--out', file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (req) => {
    if (req.url() !== pathToFileURL(file).href) requests.push(req.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(pathToFileURL(file).href);
  await expect(page.getByRole('heading', { name: 'LLM Sizer report' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Machine' })).toContainText('NVIDIA H200');
  await expect(page.locator('figure svg')).toHaveCount(3);
  const box = await page.locator('figure svg').first().boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(300);
  const fitCell = page.locator('td.fit-full-gpu').first();
  await expect(fitCell).toHaveText('Fits on GPU');
  expect(await fitCell.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(183, 228, 199)');
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

test('the served UI downloads a PDF report', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('gpu')).toHaveCount(1);
    await page.getByLabel('Report format').selectOption('pdf');
    await page.getByLabel('Paper size').selectOption('letter');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^llm-sizer-report-.*\.pdf$/);
    const bytes = readFileSync((await file.path()) ?? '');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('/MediaBox [0 0 612 792]');
    await expect(page.getByTestId('export-status')).toContainText('Downloaded');
  } finally {
    await served.stop();
  }
});
