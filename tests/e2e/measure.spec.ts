import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startOllamaStandIn } from '../helpers/ollama-standin';
import { ROOT, serve } from './serve';

const CPU_RESULTS = resolve(ROOT, 'tests/fixtures/llama-bench/cpu-qwen2.5-0.5b.json');
const H200_PROFILE = resolve(ROOT, 'tests/fixtures/profiles/linux-nvidia-h200-vm.json');

test('llama-bench results calibrate this machine: the table, the "measured" marks, the formula-only switch, forgetting', async ({ page }) => {
  test.setTimeout(120_000);
  const served = await serve([]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('calibration-state')).toContainText('formula estimates', { timeout: 30_000 });
    await expect(page.getByTestId('model-table')).toBeVisible();
    await expect(page.getByTestId('measured')).toHaveCount(0);
    await page.getByLabel('llama-bench results file').setInputFiles(CPU_RESULTS);
    const table = page.getByRole('table', { name: 'Estimated against measured' });
    await expect(table).toContainText('Qwen2.5 0.5B Instruct Q4_K_M');
    await expect(table).toContainText('249');
    await expect(page.getByTestId('calibration-state')).toContainText('calibrated to llama.cpp measurements: cpu');
    // Every speed now rests on the measurement, and says so.
    await expect(page.getByTestId('measured').first()).toBeVisible();
    await page.getByLabel('Formula only (ignore measurements)').check();
    await expect(page.getByTestId('measured')).toHaveCount(0);
    await page.getByLabel('Formula only (ignore measurements)').uncheck();
    await expect(page.getByTestId('measured').first()).toBeVisible();
    await page.getByRole('button', { name: 'Forget measurements' }).click();
    await expect(page.getByTestId('calibration-state')).toContainText('formula estimates');
    await expect(page.getByTestId('measured')).toHaveCount(0);
  } finally {
    await served.stop();
  }
});

test('"Measure this machine" shows its progress and can be cancelled; nothing is saved', async ({ page }) => {
  test.setTimeout(120_000);
  const served = await serve([]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('calibration-state')).toContainText('formula estimates', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Measure this machine' }).click();
    await expect(page.getByRole('progressbar', { name: 'Measurement progress' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert')).toContainText('Cancelled: nothing was saved.', { timeout: 30_000 });
    await expect(page.getByTestId('calibration-state')).toContainText('formula estimates');
  } finally {
    await served.stop();
  }
});

test('a loaded profile is not measured: a clear message, not a number for another machine', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Measure this machine' }).click();
    await expect(page.getByRole('alert')).toContainText('measuring this machine would not describe it');
  } finally {
    await served.stop();
  }
});

test('an Ollama server on this machine is offered, never timed by default; timing its models calibrates the estimates', async ({ page }) => {
  test.setTimeout(120_000);
  const ollama = await startOllamaStandIn();
  const served = await serve([], { OLLAMA_HOST: `127.0.0.1:${ollama.port}` });
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('calibration-state')).toContainText('formula estimates', { timeout: 30_000 });
    const offer = page.getByTestId('ollama-offer');
    await expect(offer).toContainText('Ollama 0.13.1 is running on this machine with 2 models installed');
    // Looking is two quick requests; nothing is loaded or timed until the user asks.
    expect(ollama.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    await offer.getByRole('button', { name: 'Time my Ollama models' }).click();
    const table = page.getByRole('table', { name: 'Estimated against measured' });
    await expect(table).toContainText('Qwen2.5 0.5B Instruct Q4_K_M', { timeout: 30_000 });
    await expect(page.getByText(/Skipped: mystery/)).toBeVisible();
    await expect(page.getByTestId('calibration-state')).toContainText('cpu on');
    await expect(page.getByTestId('calibration-state')).toContainText('(ollama)');
    await expect(page.getByTestId('measured').first()).toBeVisible();
    expect(ollama.requests.filter((r) => r === 'POST /api/generate')).toHaveLength(2);
  } finally {
    await served.stop();
    await ollama.close();
  }
});
