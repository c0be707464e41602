import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-io';

const saved = process.env['LLM_SIZER_CONFIG_DIR'];
afterEach(() => {
  if (saved === undefined) delete process.env['LLM_SIZER_CONFIG_DIR'];
  else process.env['LLM_SIZER_CONFIG_DIR'] = saved;
});

describe('llm-sizer scan and the corrections saved in the app', () => {
  it('applies them (source "user"), unless --raw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-config-'));
    process.env['LLM_SIZER_CONFIG_DIR'] = dir;
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 1, overrides: { memory: { bandwidthBytesPerSec: 1.234e11 }, gpus: {} } }));
    const corrected = JSON.parse((await cli(['scan', '--json'])).out) as { memory: { bandwidthBytesPerSec: { value: number; source: string } } };
    expect(corrected.memory.bandwidthBytesPerSec).toMatchObject({ value: 1.234e11, source: 'user' });
    const raw = JSON.parse((await cli(['scan', '--json', '--raw'])).out) as { memory: { bandwidthBytesPerSec: { source: string } | null } };
    expect(raw.memory.bandwidthBytesPerSec?.source).not.toBe('user');
  });

  it('a corrupt settings file becomes a note on standard error, and the scan still prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizer-config-'));
    process.env['LLM_SIZER_CONFIG_DIR'] = dir;
    writeFileSync(join(dir, 'settings.json'), '{"schemaVersion": 2');
    const r = await cli(['scan', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('unreadable');
    expect(JSON.parse(r.out)).toHaveProperty('schemaVersion', 1);
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });
});
