import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serve } from './serve';

test('a corrected hardware value shows "user", survives a restart, and can be reset', async ({ page }) => {
  const config = mkdtempSync(join(tmpdir(), 'sizer-config-'));
  let served = await serve([], { LLM_SIZER_CONFIG_DIR: config });
  try {
    await page.goto(served.url);
    const bandwidth = page.getByTestId('ram-bandwidth');
    await expect(bandwidth).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Edit RAM bandwidth' }).click();
    await page.getByTestId('ram-bandwidth-input').fill('123.4');
    await page.keyboard.press('Enter');
    await expect(bandwidth).toContainText('123.4 GB/s');
    await expect(bandwidth).toContainText('user');
    // A VM reports no CPU clock: then the card says what it assumes. Either way it takes the user's figure.
    const clock = page.getByTestId('cpu-clock');
    if ((await clock.textContent())?.includes('unknown')) await expect(page.getByLabel('CPU').getByText('(2.5 GHz assumed)')).toBeVisible();
    await page.getByRole('button', { name: 'Edit CPU base clock' }).click();
    // A typo in the unit shown (3200 GHz) is refused where it is typed; the editor keeps it for fixing.
    await page.getByTestId('cpu-clock-input').fill('3200');
    await page.keyboard.press('Enter');
    await expect(page.getByText('Enter a number from 0.1 to 10 GHz.')).toBeVisible();
    await expect(page.getByTestId('cpu-clock-input')).toHaveValue('3200');
    await page.getByTestId('cpu-clock-input').fill('3.7');
    await page.keyboard.press('Enter');
    await expect(clock).toContainText('3.70 GHz');
    // The focus comes back to the value's Edit button, not to the page body.
    await expect(page.getByRole('button', { name: 'Edit CPU base clock' })).toBeFocused();
    await expect(clock).toContainText('user');
    await expect(page.getByLabel('CPU').getByText('(2.5 GHz assumed)')).toHaveCount(0);
  } finally {
    await served.stop();
  }
  served = await serve([], { LLM_SIZER_CONFIG_DIR: config });
  try {
    await page.goto(served.url);
    const bandwidth = page.getByTestId('ram-bandwidth');
    await expect(bandwidth).toContainText('123.4 GB/s', { timeout: 20_000 });
    await expect(bandwidth).toContainText('user');
    await page.getByRole('button', { name: 'Reset RAM bandwidth' }).click();
    await expect(bandwidth).not.toContainText('user');
  } finally {
    await served.stop();
  }
});

test('a corrupt settings file is set aside with a message, never a crash', async ({ page }) => {
  const config = mkdtempSync(join(tmpdir(), 'sizer-config-'));
  writeFileSync(join(config, 'settings.json'), '{ this is not json');
  const served = await serve([], { LLM_SIZER_CONFIG_DIR: config });
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('settings-notice')).toContainText('unreadable', { timeout: 20_000 });
    // The notice comes before the scan ends (the RAM benchmark waits for a quiet CPU, up to 1 s, and runs 3 times).
    await expect(page.getByTestId('cpu-name')).toBeVisible({ timeout: 20_000 });
    expect(readdirSync(config).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
    expect(existsSync(join(config, 'settings.json'))).toBe(false);
  } finally {
    await served.stop();
  }
});
