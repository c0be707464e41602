import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

describe('npm start without the Electron binary', () => {
  it('prints a clear message naming npm run serve, not a stack trace', () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'scripts/start.js')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' } });
    // On a machine with the binary the window would open instead; here (and in CI) it is never downloaded.
    if (r.status === 0) return;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm run serve');
    expect(r.stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
  });
});

describe('electron-builder configuration', () => {
  it('is valid for app-builder-lib and packs the built app', async () => {
    const { getConfig, validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    const config = await getConfig(ROOT, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('dev.llmsizer.app');
    expect(config.asar).toBe(true);
    expect(JSON.stringify(config.files)).toContain('out/**');
    expect(JSON.stringify(config.files)).toContain('package.json');
  });

  it('rejects a broken configuration', async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    const broken = JSON.parse('{"asar": "yes please", "nonsenseKey": 1}') as Parameters<typeof validateConfiguration>[0];
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration/i);
  });
});
