import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { ROOT, serve } from './serve';

/**
 * What a person does with the answer, on three machines: read the top pick and why, open it, read its charts,
 * copy a launch command, change the context and see the numbers move, reload and find the same view, and ask
 * what a bigger GPU would give.
 */
const MACHINES = [
  { name: 'a recorded H200 server', args: ['--hardware', resolve(ROOT, 'tests/fixtures/profiles/linux-nvidia-h200-vm.json')], bigger: 'B200' },
  { name: 'a recorded VM without a GPU', args: ['--hardware', resolve(ROOT, 'tests/fixtures/profiles/linux-vm-no-gpu.json')], bigger: 'RTX 4090' },
  { name: 'an RTX 4060 with 32 GB', args: ['--gpu', 'RTX 4060', '--ram', '32GB'], bigger: 'RTX 4090' },
] as const;

function generationHeader(page: Page) {
  return page.getByTestId('model-table').locator(':scope > thead th', { hasText: 'Generation' });
}

async function tableText(page: Page): Promise<string> {
  return (await page.getByTestId('model-table').innerText()).replace(/\s+/g, ' ');
}

for (const machine of MACHINES) {
  test(`a person's path on ${machine.name}`, async ({ page, context }) => {
    const served = await serve(machine.args);
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${served.port}` });
      await page.goto(served.url);
      // The top pick, and why it is there: its quality score, its quantization's loss, its speed against the minimum.
      const top = page.getByTestId('model-row').first();
      await expect(top.getByTestId('why')).toContainText(/loss \d\.\d{3}/);
      await expect(top.getByTestId('why')).toContainText('min speed');
      await expect(page.getByTestId('model-count')).toContainText(/\d+ of \d+ run at ≥ 10 tok\/s/);

      // Its details: the memory chart and the speed chart say their numbers in words.
      await top.getByRole('button').first().click();
      await expect(page.getByTestId('memory-chart-text')).toContainText(/GiB in all .*weights \d/);
      const speedText = page.getByTestId('speed-chart-text');
      await expect(speedText).toContainText(/^2K [\d.]+ tok\/s, 4K/);
      await expect(page.getByTestId('first-token-chart-text')).toContainText(/^512 [\d.]+ (ms|s)/);
      await expect(page.getByTestId('speed-chart').locator('.chart-mark')).toHaveAttribute('data-x', '8192');

      // Copy the first launch command with the keyboard and find it on the clipboard.
      const firstBlock = page.getByTestId('launch-block').first();
      const code = (await firstBlock.getByTestId('launch-code').innerText()).trim();
      expect(code).toMatch(/^llama-server -(hf|m) \S+ -c 8192 -ngl \d+/);
      await firstBlock.getByRole('button', { name: /^Copy / }).focus();
      await page.keyboard.press('Enter');
      await expect(firstBlock.getByRole('button', { name: /^Copy / })).toHaveText('Copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

      // One step more context: the slider says it in tokens, the chart's mark and the numbers in the table move.
      const before = await tableText(page);
      const memoryBefore = await page.getByTestId('memory-chart-text').innerText();
      const slider = page.getByRole('slider', { name: 'Context length' });
      await slider.focus();
      await page.keyboard.press('ArrowRight');
      await expect(slider).toHaveAttribute('aria-valuetext', '16K tokens');
      await expect(page.getByTestId('context-value')).toHaveText('16K');
      await expect.poll(() => tableText(page)).not.toBe(before);
      await expect(page.getByTestId('speed-chart').locator('.chart-mark')).toHaveAttribute('data-x', '16384');
      await expect(page.getByTestId('memory-chart-text')).not.toHaveText(memoryBefore);

      // A reload keeps the view: the context, the sort order, and the URL to share it.
      await page.getByRole('button', { name: /^Generation/ }).click();
      await expect(generationHeader(page)).toHaveAttribute('aria-sort', 'descending');
      expect(page.url()).toContain('context=16384');
      await page.reload();
      await expect(page.getByTestId('context-value')).toHaveText('16K');
      await expect(page.getByRole('slider', { name: 'Context length' })).toHaveAttribute('aria-valuetext', '16K tokens');
      await expect(generationHeader(page)).toHaveAttribute('aria-sort', 'descending');

      // What a bigger GPU would give: the models only it runs come first, with a summary line.
      await page.getByRole('tab', { name: 'Compare / what if' }).click();
      await page.getByLabel('What-if GPU').fill(machine.bigger);
      const summary = page.getByTestId('compare-summary');
      await expect(summary).toContainText(/\+\d+ models only .* runs/);
      await expect(page.getByTestId('compare-row').first()).toHaveAttribute('data-group', 'only-there');
      // The comparison survives a tab switch and a reload.
      await page.getByRole('tab', { name: 'Models that run here' }).click();
      await page.reload();
      await expect(page.getByRole('tab', { name: 'Models that run here' })).toHaveAttribute('aria-selected', 'true');
      await page.getByRole('tab', { name: 'Compare / what if' }).click();
      await expect(page.getByLabel('What-if GPU')).toHaveValue(machine.bigger);
    } finally {
      await served.stop();
    }
  });
}
