import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SETTINGS_BYTES, SettingsStore } from '../../../../main/services/settings-store';
import { overrideChangeSchema } from '../../../../app/api/schemas';
import { NO_OVERRIDES, changeOverrides } from '../../../../app/domain/overrides';
import { normalizeScan } from '../../../../main/services/hardware/normalize';
import { tableLookup } from '../../../../main/services/hardware/scan';
import { rawScan, siFixture } from '../../../helpers/fixtures';
import { testService } from '../../../helpers/service';

const fresh = () => mkdtempSync(join(tmpdir(), 'sizer-settings-'));
const profile = normalizeScan(rawScan({ si: siFixture('linux-nvidia-h200-vm') }), tableLookup);
const fileOf = (dir: string): unknown => JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));

describe('SettingsStore', () => {
  it('keeps every one of 300 parallel corrections, and the file equals the last acknowledged state', async () => {
    const dir = fresh();
    const service = testService(profile, { settings: new SettingsStore(dir) });
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => service.setOverride({ kind: 'gpu', gpuKey: `bus:0000:${String(i).padStart(4, '0')}`, field: 'vramTotalBytes', value: (i + 1) * 1e9 })),
    );
    expect(answers.every((a) => a.ok)).toBe(true);
    const inMemory = await service.getSettings();
    if (!inMemory.ok) throw new Error(inMemory.error.message);
    expect(Object.keys(inMemory.value.overrides.gpus)).toHaveLength(300);
    expect(fileOf(dir)).toEqual({ schemaVersion: 1, overrides: inMemory.value.overrides });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  }, 60_000);

  it('keeps top-level sections it does not know', async () => {
    const dir = fresh();
    const calibration = { runs: [{ model: 'x', tokensPerSec: 12 }] };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 1, overrides: { memory: {}, gpus: {} }, calibration }));
    const store = new SettingsStore(dir);
    const r = await store.update((s) => ({ ...s, overrides: { ...s.overrides, cpuCores: 8 } }));
    expect(r.ok).toBe(true);
    expect(fileOf(dir)).toEqual({ schemaVersion: 1, overrides: { memory: {}, gpus: {}, cpuCores: 8 }, calibration });
  });

  it('sets aside a file it read that is not valid, then saves corrections', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    const store = new SettingsStore(dir, () => new Date('2026-01-02T03:04:05.000Z'));
    const loaded = await store.load();
    expect(loaded.notice).toContain('settings.json.corrupt-2026-01-02T03-04-05-000Z');
    expect(readFileSync(join(dir, 'settings.json.corrupt-2026-01-02T03-04-05-000Z'), 'utf8')).toBe('{ not json');
    expect((await store.update((s) => ({ ...s, overrides: { ...s.overrides, cpuCores: 4 } }))).ok).toBe(true);
  });

  it('leaves a folder in place of the file alone and refuses corrections with the reason', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'settings.json'));
    const service = testService(profile, { settings: new SettingsStore(dir) });
    const settings = await service.getSettings();
    expect(settings.ok && settings.value.notice).toMatch(/cannot be read \(it is a folder\)/);
    const r = await service.setOverride({ kind: 'cpuCores', value: 8 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/corrections are not saved/);
    expect(statSync(join(dir, 'settings.json')).isDirectory()).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('leaves a file over the size limit alone', async () => {
    const dir = fresh();
    const big = `{"schemaVersion":1,"overrides":{"memory":{},"gpus":{}},"pad":"${'x'.repeat(MAX_SETTINGS_BYTES)}"}`;
    writeFileSync(join(dir, 'settings.json'), big);
    const store = new SettingsStore(dir);
    expect((await store.load()).writable).toBe(false);
    expect((await store.update((s) => s)).ok).toBe(false);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(big);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('does not block on a FIFO in place of the file', async () => {
    const dir = fresh();
    execFileSync('mkfifo', [join(dir, 'settings.json')]);
    const store = new SettingsStore(dir);
    const loaded = await store.load();
    expect(loaded.writable).toBe(false);
    expect(loaded.notice).toMatch(/not a regular file/);
    expect(statSync(join(dir, 'settings.json')).isFIFO()).toBe(true);
  }, 5000);

  it('a failed save is not acknowledged and memory stays at the last saved state', async () => {
    const dir = fresh();
    const service = testService(profile, { settings: new SettingsStore(join(dir, 'blocker', 'sub')) });
    writeFileSync(join(dir, 'blocker'), 'a file where the folder should be');
    const r = await service.setOverride({ kind: 'cpuCores', value: 8 });
    expect(r.ok).toBe(false);
    const settings = await service.getSettings();
    expect(settings.ok && settings.value.overrides.cpuCores).toBeUndefined();
    expect(existsSync(join(dir, 'blocker', 'sub'))).toBe(false);
  });
});

describe('GPU keys that name Object.prototype members', () => {
  it('refuses __proto__ as a GPU key at the boundary instead of saving what a reload drops', () => {
    for (const gpuKey of ['__proto__', 'constructor']) {
      expect(overrideChangeSchema.safeParse({ kind: 'gpu', gpuKey, field: 'vramTotalBytes', value: 1e9 }).success).toBe(false);
    }
    expect(overrideChangeSchema.safeParse({ kind: 'gpu', gpuKey: 'bus:0000:01:00.0', field: 'vramTotalBytes', value: 1e9 }).success).toBe(true);
  });

  it('a correction for a new GPU does not start from an inherited member', () => {
    const next = changeOverrides(NO_OVERRIDES, { kind: 'gpuOffload', gpuKey: 'constructor', usedForOffload: false });
    expect(next.gpus).toEqual({ constructor: { usedForOffload: false } });
  });
});

describe('two processes changing the same settings file', () => {
  it('loses none of 2 × 150 interleaved corrections (each store stands for one process: its own queue, one file)', async () => {
    const dir = fresh();
    const a = new SettingsStore(dir);
    const b = new SettingsStore(dir);
    const add = (store: SettingsStore, key: string) => store.update((s) => ({ ...s, overrides: { ...s.overrides, gpus: { ...s.overrides.gpus, [key]: { vramTotalBytes: 1e9 } } } }));
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => [add(a, `bus:a:${i}`), add(b, `bus:b:${i}`)]).flat());
    expect(results.every((r) => r.ok)).toBe(true);
    const saved = fileOf(dir) as { overrides: { gpus: Record<string, unknown> } };
    expect(Object.keys(saved.overrides.gpus)).toHaveLength(300);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  }, 60_000);

  it('takes over the lock of a killed process', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'settings.json.lock'), String(2 ** 22 + 1));
    const r = await new SettingsStore(dir).update((s) => ({ ...s, overrides: { ...s.overrides, cpuCores: 2 } }));
    expect(r.ok).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});
