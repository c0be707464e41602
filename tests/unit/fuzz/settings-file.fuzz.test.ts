import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../main/services/settings-store';
import { fuzzIterations, fuzzRng, fuzzTimeoutMs, mutateJson, mutateText } from '../../helpers/fuzz';

const VALID = {
  schemaVersion: 1,
  overrides: { memory: { totalBytes: 64e9 }, cpuCores: 8, gpus: { 'bus:0000:01:00.0': { vramTotalBytes: 24e9, usedForOffload: true } } },
  calibration: { runs: [{ model: 'x', tokensPerSec: 12 }] },
};
const N = fuzzIterations(400);

describe('fuzz: settings files', () => {
  it(`${N} mutated settings files: loaded or set aside byte for byte, never lost; a correction then saves a valid file`, async () => {
    const rng = fuzzRng(4);
    for (let i = 0; i < N; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'sizer-fuzz-settings-'));
      const file = join(dir, 'settings.json');
      const text = rng() < 0.5 ? JSON.stringify(mutateJson(VALID, rng, 1 + rng.int(3))) : mutateText(JSON.stringify(VALID, null, 2), rng);
      writeFileSync(file, text);
      const store = new SettingsStore(dir, () => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)));
      const loaded = await store.load();
      const aside = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
      if (existsSync(file)) {
        expect(aside, `case ${i}`).toEqual([]);
        expect(readFileSync(file, 'utf8')).toBe(text);
      } else {
        expect(aside, `case ${i}`).toHaveLength(1);
        expect(readFileSync(join(dir, aside[0] ?? ''), 'utf8')).toBe(text);
        expect(loaded.notice).toContain('unreadable');
      }
      const saved = await store.update((s) => ({ ...s, overrides: { ...s.overrides, cpuCores: 4 } }));
      expect(saved.ok, `case ${i}`).toBe(true);
      const after = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; overrides: { cpuCores: number } };
      expect(after.schemaVersion).toBe(1);
      expect(after.overrides.cpuCores).toBe(4);
      expect((await new SettingsStore(dir).load()).overrides.cpuCores).toBe(4);
    }
  }, fuzzTimeoutMs(N, 100));
});
