import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeHub } from '../helpers/fake-hub';
import { GGUF_REPO, writeHfRepoFiles } from '../helpers/hf-models';
import { ROOT, serve } from './serve';

const H200_PROFILE = resolve(ROOT, 'tests/fixtures/profiles/linux-nvidia-h200-vm.json');

test('the Hugging Face tab sizes a repository live, then from the cache when offline', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'sizer-e2e-hf-'));
  const { files } = await writeHfRepoFiles(dir);
  const hub = await startFakeHub({ files });
  const env = { HF_ENDPOINT: hub.url, LLM_SIZER_CACHE_DIR: join(dir, 'cache'), HF_TOKEN: '', HF_TOKEN_PATH: join(dir, 'no-token') };
  const online = await serve(['--hardware', H200_PROFILE], env);
  try {
    await page.goto(online.url);
    await page.getByRole('tab', { name: 'Hugging Face' }).click();
    await page.getByLabel('Hugging Face repository').fill(GGUF_REPO);
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByTestId('hf-row')).toHaveCount(2, { timeout: 20_000 });
    await expect(page.getByTestId('hf-row').last()).toContainText('Q4_K_M');
    await expect(page.getByTestId('hf-row').last()).toContainText('vision projector');
    await expect(page.getByTestId('hf-row').first()).toContainText('2 parts');
    await expect(page.getByTestId('hf-status')).toContainText('never the weights');
  } finally {
    await online.stop();
  }
  const offline = await serve(['--hardware', H200_PROFILE], { ...env, HF_HUB_OFFLINE: '1' });
  try {
    await page.goto(offline.url);
    await page.getByRole('tab', { name: 'Hugging Face' }).click();
    await page.getByLabel('Hugging Face repository').fill(GGUF_REPO);
    await page.getByLabel('Hugging Face repository').press('Enter');
    await expect(page.getByTestId('hf-status')).toContainText('Offline (HF_HUB_OFFLINE is set)', { timeout: 20_000 });
    await expect(page.getByTestId('hf-row')).toHaveCount(2);
    await page.getByLabel('Hugging Face repository').fill('test-org/Not-Cached');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByTestId('hf-status')).toContainText('not in the cache');
  } finally {
    await offline.stop();
    await hub.close();
  }
});
