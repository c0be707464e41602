import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { tinyModel, writeGguf } from '../helpers/gguf-writer';
import { ROOT, serve } from './serve';

const H200_PROFILE = resolve(ROOT, 'tests/fixtures/profiles/linux-nvidia-h200-vm.json');

test('"On this disk" finds the GGUF files in LM Studio\'s folder and sizes a typed path', async ({ page }) => {
  const home = mkdtempSync(join(tmpdir(), 'sizer-home-'));
  const file = join(home, '.lmstudio/models/someone/Tiny-GGUF/Tiny-Q4_K_M.gguf');
  mkdirSync(dirname(file), { recursive: true });
  await writeGguf(file, tinyModel('llama', 'Q4_K_M'));
  const other = join(home, 'Downloads/Other-Q8_0.gguf');
  mkdirSync(dirname(other), { recursive: true });
  await writeGguf(other, tinyModel('gemma3', 'Q8_0'));
  const served = await serve(['--hardware', H200_PROFILE], { HOME: home });
  try {
    await page.goto(served.url);
    await page.getByRole('tab', { name: 'On this disk' }).click();
    await page.getByRole('button', { name: 'Scan model folders' }).click();
    await expect(page.getByTestId('local-status')).toContainText('1 GGUF files', { timeout: 20_000 });
    await expect(page.getByTestId('local-row')).toContainText('Tiny-Q4_K_M');
    await expect(page.getByTestId('local-row')).toContainText('Fits on GPU');
    await page.getByLabel('GGUF file path').fill(other);
    await page.getByRole('button', { name: 'Size file' }).click();
    await expect(page.getByTestId('local-row')).toHaveCount(2);
    await expect(page.getByTestId('local-row').first()).toContainText('Q8_0');
    // A tab switch keeps the results: no second scan to find them again.
    await page.getByRole('tab', { name: 'Models that run here' }).click();
    await expect(page.getByTestId('model-row').first()).toBeVisible();
    await page.getByRole('tab', { name: 'On this disk' }).click();
    await expect(page.getByTestId('local-row')).toHaveCount(2);
  } finally {
    await served.stop();
  }
});

test('compare this machine with a what-if GPU from the table', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(served.url);
    await page.getByRole('tab', { name: 'Compare / what if' }).click();
    await page.getByLabel('What-if GPU').fill('NVIDIA GeForce RTX 4060');
    // Retyping the size works (the field is not forced back to 1 while it is empty), and nonsense is named.
    const ram = page.getByLabel('What-if RAM in GB');
    await ram.selectText();
    await page.keyboard.press('Backspace');
    await page.keyboard.type('128');
    await expect(ram).toHaveValue('128');
    await ram.fill('99999');
    await expect(page.getByText('(1 to 4096 GB)')).toBeVisible();
    await ram.fill('32');
    // The settings this tab uses come from the model list, and it says so.
    await expect(page.getByTestId('compare-settings')).toContainText('Context 8K, prompt 512, KV cache f16, runtime llama.cpp');
    const table = page.getByTestId('compare-table');
    await expect(table).toContainText('NVIDIA GeForce RTX 4060');
    await expect(table).toContainText('Fits on GPU');
    // A card sold with several memory sizes offers the choice; the 16 GB card holds more models on the GPU than the 8 GB one.
    await page.getByLabel('What-if GPU').fill('RTX 4060 Ti');
    const onGpuThere = () => page.getByTestId('compare-row').locator('td:nth-child(3)').filter({ hasText: 'Fits on GPU' }).count();
    await page.getByLabel('What-if VRAM size').selectOption('8');
    await expect(page.getByLabel('What-if VRAM size')).toHaveValue('8');
    await expect.poll(onGpuThere).toBeGreaterThan(0);
    const at8 = await onGpuThere();
    await page.getByLabel('What-if VRAM size').selectOption('16');
    await expect.poll(onGpuThere).toBeGreaterThan(at8);
    // A partial name that could mean several cards lists them.
    await page.getByLabel('What-if GPU').fill('H100');
    await expect(page.getByTestId('compare-error')).toContainText('NVIDIA H100 PCIe');
    await page.getByLabel('What-if GPU').fill('RTX 9999 Imaginary');
    await expect(page.getByTestId('compare-error')).toContainText('not in the GPU table');
  } finally {
    await served.stop();
  }
});

test('the model list works from the keyboard: / filters, Enter opens a model, Escape clears', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('model-row').first()).toBeVisible();
    await page.keyboard.press('/');
    await expect(page.getByLabel('Filter models')).toBeFocused();
    await page.keyboard.type('gpt-oss');
    await expect(page.getByTestId('model-row')).toHaveCount(2);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.getByTestId('model-row').first().getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('max-context')).toContainText('tokens');
    await page.getByLabel('Filter models').press('Escape');
    await expect(page.getByTestId('model-row').nth(5)).toBeVisible();
    // Arrow keys move between tabs, and the focus goes with the selection.
    await page.getByRole('tab', { name: 'Models that run here' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'On this disk' })).toBeFocused();
    await expect(page.getByRole('tab', { name: 'On this disk' })).toHaveAttribute('aria-selected', 'true');
  } finally {
    await served.stop();
  }
});

test('a model from its config.json: every quantization on this machine, and a clear error for a broken file', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(served.url);
    await page.getByRole('tab', { name: 'On this disk' }).click();
    // A real DeepSeek-V3 config.json (tests/fixtures/hf-configs): 671B parameters, MLA.
    await page.getByLabel('config.json file').setInputFiles(resolve(ROOT, 'tests/fixtures/hf-configs/deepseek-v3.json'));
    await expect(page.getByTestId('config-summary')).toContainText('deepseek_v3');
    await expect(page.getByTestId('config-summary')).toContainText('61 layers');
    await expect(page.getByTestId('config-summary')).toContainText('671.0B parameters, 37.6B active');
    await expect(page.getByTestId('config-row')).toHaveCount(7);
    // 140 GiB of H200 and 126 GiB of RAM: Q8_0 (666 GiB) streams from disk; IQ3_XXS (242 GiB) runs with its experts in RAM.
    await expect(page.getByTestId('config-row').first()).toContainText('Q8_0');
    await expect(page.getByTestId('config-row').first()).toContainText('Runs from disk');
    await expect(page.getByTestId('config-row').last()).toContainText('IQ3_XXS');
    await expect(page.getByTestId('config-row').last()).toContainText('Partial offload');
    await page.getByLabel('config.json file').setInputFiles({ name: 'config.json', mimeType: 'application/json', buffer: Buffer.from('{"model_type": "jamba", "num_hidden_layers": 32}') });
    await expect(page.getByTestId('config-error')).toContainText('Jamba');
    // The last model's table does not stay under the new file's error.
    await expect(page.getByTestId('config-row')).toHaveCount(0);
    await page.getByLabel('config.json file').setInputFiles({ name: 'config.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
    await expect(page.getByTestId('config-error')).toContainText('not valid JSON');
  } finally {
    await served.stop();
  }
});

test('a longer prompt shows its time to first token, and generation after it', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(served.url);
    await page.getByLabel('Filter models').fill('Llama 3.1 8B');
    const row = page.getByTestId('model-row').first();
    await expect(row).toContainText('Llama 3.1 8B');
    await expect(page.getByTestId('model-table')).toContainText('First token (512 prompt)');
    const seconds = async () => {
      const text = (await row.getByTestId('first-token').textContent()) ?? '';
      const m = /([0-9.]+) (ms|s|min)/.exec(text);
      if (!m) throw new Error(`no time in "${text}"`);
      return Number(m[1]) * (m[2] === 'ms' ? 0.001 : m[2] === 'min' ? 60 : 1);
    };
    const generation = async () => Number(/^([0-9.]+) tok\/s/.exec((await row.locator('td').nth(4).textContent()) ?? '')?.[1]);
    const short = await seconds();
    const genShort = await generation();
    await expect(row.getByTestId('beyond-native')).toHaveCount(0);
    await page.getByRole('slider', { name: 'Context length' }).fill('4'); // the 32K step
    await page.getByLabel('Prompt length').selectOption('32768');
    await expect(page.getByTestId('model-table')).toContainText('First token (32K prompt)');
    // 64 times the prompt: at least 64 times the wait (attention grows with it too).
    expect(await seconds()).toBeGreaterThan(short * 64);
    // Each token generated after a 32K prompt also reads its KV cache: slower than after 512 tokens.
    expect(await generation()).toBeLessThan(genShort);
    expect(genShort).toBeGreaterThan(0);
    // 256K is beyond the 128K Llama 3.1 was trained for: the row says so.
    await page.getByRole('slider', { name: 'Context length' }).fill('7');
    await expect(row.getByTestId('beyond-native')).toContainText('trained for 128K');
  } finally {
    await served.stop();
  }
});

test('the first Tab reaches a skip link past the hardware card, straight to the model filter', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('model-row').first()).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the model list' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Filter models')).toBeFocused();
  } finally {
    await served.stop();
  }
});
