import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { ROOT, serve } from './serve';

const H200_PROFILE = resolve(ROOT, 'tests/fixtures/profiles/linux-nvidia-h200-vm.json');
const TABS = ['Models that run here', 'On this disk', 'Compare / what if'] as const;

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violation on any tab, ${scheme}`, async ({ page }) => {
    // axe walks every node of a 100-row table with charts three times: minutes on a loaded machine.
    test.setTimeout(300_000);
    const served = await serve(['--hardware', H200_PROFILE]);
    try {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(served.url);
      await expect(page.getByTestId('model-row').first()).toBeVisible();
      // The details too: charts, launch blocks and the quantization table.
      await page.getByTestId('model-row').first().getByRole('button').first().click();
      await expect(page.getByTestId('launch-blocks')).toBeVisible();
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      // The theme really follows the system: a dark page behind dark mode, a light one otherwise.
      expect(background).toBe(scheme === 'dark' ? 'rgb(17, 20, 24)' : 'rgb(246, 247, 249)');
      for (const tab of TABS) {
        await page.getByRole('tab', { name: tab }).click();
        await expect(page.getByRole('tabpanel', { name: tab })).toBeVisible();
        expect(await seriousViolations(page), `${tab}, ${scheme}`).toEqual([]);
      }
    } finally {
      await served.stop();
    }
  });
}

test('the theme switch overrides the system and is kept', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(served.url);
    await page.getByLabel('Colour theme').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(17, 20, 24)');
  } finally {
    await served.stop();
  }
});

test('800x600: the hardware card is one line and the model list is on the first screen; 1920x1080 too', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  try {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(served.url);
    await expect(page.getByTestId('hardware-summary')).toContainText('NVIDIA H200');
    const firstRow = page.getByTestId('model-row').first();
    await expect(firstRow).toBeInViewport();
    await page.screenshot({ path: resolve(ROOT, 'docs/screenshot-800x600.png') });
    // The card opens on demand.
    await page.getByRole('button', { name: 'Show hardware' }).click();
    await expect(page.getByTestId('gpu-vram')).toContainText('140.4 GiB');
    // The header stays in view while the list scrolls.
    await page.getByRole('button', { name: 'Hide' }).click();
    await page.mouse.wheel(0, 1500);
    const header = page.getByTestId('model-table').locator(':scope > thead');
    await expect.poll(async () => (await header.boundingBox())?.y ?? -1).toBeLessThan(2);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.reload();
    await expect(page.getByTestId('gpu-vram')).toBeVisible();
    await page.getByTestId('model-row').first().getByRole('button').first().click();
    await expect(page.getByTestId('speed-chart')).toBeVisible();
    await page.screenshot({ path: resolve(ROOT, 'docs/screenshot-1920x1080.png') });
  } finally {
    await served.stop();
  }
});

test('when the served app loses its server, a banner says so and how to start it again, and an edit keeps its value', async ({ page }) => {
  const served = await serve(['--hardware', H200_PROFILE]);
  let stopped = false;
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('model-row').first()).toBeVisible();
    await expect(page.getByTestId('server-lost')).toHaveCount(0);
    await served.stop();
    stopped = true;
    await expect(page.getByTestId('server-lost')).toContainText('npx llm-sizer serve', { timeout: 15_000 });
    // The view stays: the list is still there to read.
    await expect(page.getByTestId('model-row').first()).toBeVisible();
    // An edit that cannot be saved keeps the typed value and says why.
    await page.getByRole('button', { name: 'Edit RAM', exact: true }).click();
    await page.getByTestId('ram-total-input').fill('96');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('ram-total-error')).toContainText('Not saved');
    await expect(page.getByTestId('ram-total-input')).toHaveValue('96');
  } finally {
    if (!stopped) await served.stop();
  }
});
