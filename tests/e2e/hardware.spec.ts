import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, serve } from './serve';

const H200_PROFILE = resolve(ROOT, 'tests/fixtures/profiles/linux-nvidia-h200-vm.json');

test('this machine: the hardware card shows the CPU, the RAM and a clear "no GPU" state', async ({ page }) => {
  const profile = JSON.parse(execFileSync(process.execPath, [resolve(ROOT, 'bin/llm-sizer.js'), 'scan', '--json'], { encoding: 'utf8' })) as {
    cpu: { name: { value: string } };
    gpus: unknown[];
  };
  const served = await serve([]);
  try {
    await page.goto(served.url);
    const card = page.getByTestId('hardware-card');
    await expect(card.getByTestId('cpu-name')).toContainText(profile.cpu.name.value, { timeout: 20_000 });
    await expect(card.getByTestId('ram-total')).toContainText('GiB');
    if (profile.gpus.length === 0) await expect(card.getByTestId('no-gpu')).toContainText('No GPU found');
    await expect(page.getByTestId('model-table')).toBeVisible();
  } finally {
    await served.stop();
  }
});

test('a recorded H200 profile: the card shows the H200 and its 140.4 GiB, and the model list uses it', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(served.url);
    const card = page.getByTestId('hardware-card');
    await expect(card.getByTestId('gpu')).toHaveCount(1);
    await expect(card.getByTestId('gpu')).toContainText('NVIDIA H200');
    await expect(card.getByTestId('gpu-vram')).toContainText('140.4 GiB');
    await expect(card.getByTestId('gpu')).toContainText('143771 MiB');
    await expect(card.getByTestId('gpu-vram')).toContainText('nvidia-smi');
    // "quality (≥ 10 tok/s)": the best model that reaches 10 tok/s on this GPU and its RAM comes first.
    const firstRow = page.getByTestId('model-row').first();
    await expect(firstRow).toContainText(/Fits on GPU|Partial offload/);
    await expect(firstRow.getByTestId('below-min-speed')).toHaveCount(0);
  } finally {
    await served.stop();
  }
});

test('the page and the API refuse requests without the token', async ({ page, request }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    const response = await page.goto(`http://127.0.0.1:${served.port}/`);
    expect(response?.status()).toBe(401);
    const api = await request.post(`http://127.0.0.1:${served.port}/api/getHardwareProfile`, { data: { args: [] } });
    expect(api.status()).toBe(401);
  } finally {
    await served.stop();
  }
});

test('exporting a report from the served UI downloads the file', async ({ page }) => {
  const reportsDir = mkdtempSync(join(tmpdir(), 'sizer-e2e-reports-'));
  const served = await serve(['--hardware', H200_PROFILE], { LLM_SIZER_REPORTS_DIR: reportsDir });
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('gpu')).toHaveCount(1);
    // The report says what the window shows: the same KV cache and runtime.
    await page.getByLabel('KV cache').selectOption('q8_0');
    await page.getByLabel('Runtime').selectOption('ollama');
    await page.getByLabel('Report format').selectOption('markdown');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^llm-sizer-report-.*\.md$/);
    await expect(page.getByTestId('export-status')).toContainText('Downloaded', { timeout: 20_000 });
    const text = readFileSync((await file.path()) ?? '', 'utf8');
    expect(text).toContain('# LLM Sizer report');
    expect(text).toContain('NVIDIA H200');
    expect(text).toContain('KV cache: q8\\_0');
    expect(text).toContain('Runtime: Ollama');
    // the browser saved it: the server wrote nothing
    expect(readdirSync(reportsDir)).toEqual([]);
  } finally {
    await served.stop();
  }
});

test('a broken profile file gives a clear error state, not a crash', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'sizer-broken-'));
  const broken = join(dir, 'me.json');
  writeFileSync(broken, '{"schemaVersion": 1, "gpus": "many"}');
  const served = await serve(['--hardware', broken]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('hardware-error')).toContainText('is not a hardware profile');
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(page.getByText('Needs a hardware profile.')).toBeVisible();
    // Choosing hardware still works: the what-if machine alone.
    await page.getByRole('tab', { name: 'Compare / what if' }).click();
    await page.getByLabel('What-if GPU').fill('NVIDIA GeForce RTX 4090');
    await expect(page.getByTestId('compare-table')).toContainText('NVIDIA GeForce RTX 4090');
    await expect(page.getByTestId('compare-table')).toContainText('This machine (no profile)');
    await expect(page.getByTestId('compare-table')).toContainText('Fits on GPU');
  } finally {
    await served.stop();
  }
});

test('"measure again" re-runs the RAM benchmark on this machine and says when; a loaded profile does not offer it', async ({ page }) => {
  const served = await serve([]);
  try {
    await page.goto(served.url);
    const card = page.getByTestId('hardware-card');
    await card.getByRole('button', { name: 'measure again' }).click();
    const today = new Date().toISOString().slice(0, 10);
    // On a quiet machine the new reading and its time; on a machine too loaded for any run to finish, the reason.
    const outcome = card.getByTestId('ram-bandwidth-detail').or(card.getByRole('alert').filter({ hasText: 'RAM bandwidth benchmark' }));
    await expect(outcome).toBeVisible({ timeout: 20_000 });
    if (await card.getByTestId('ram-bandwidth-detail').isVisible()) await expect(card.getByTestId('ram-bandwidth-detail')).toContainText(`median of 3 runs, measured ${today}`);
  } finally {
    await served.stop();
  }
  const loaded = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(loaded.url);
    await expect(page.getByTestId('ram-total')).toBeVisible();
    await expect(page.getByRole('button', { name: 'measure again' })).toHaveCount(0);
  } finally {
    await loaded.stop();
  }
});

test('a failed rescan keeps the last profile on screen and says why', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'sizer-profile-'));
  const file = join(dir, 'h200.json');
  writeFileSync(file, readFileSync(H200_PROFILE));
  const served = await serve(['--hardware', file]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('gpu')).toContainText('NVIDIA H200');
    // The file goes bad between two scans.
    writeFileSync(file, '{ not a profile');
    await page.getByRole('button', { name: 'Rescan' }).click();
    await expect(page.getByTestId('settings-notice')).toContainText('the last profile is still shown', { timeout: 20_000 });
    await expect(page.getByTestId('gpu')).toContainText('NVIDIA H200');
    await expect(page.getByTestId('model-row').first()).toBeVisible();
  } finally {
    await served.stop();
  }
});
