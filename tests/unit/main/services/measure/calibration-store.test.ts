import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackendCalibration } from '../../../../../app/domain/calibration';
import { CalibrationStore } from '../../../../../main/services/measure/calibration-store';
import { applyCalibration, fitVersionValid, hardwareKey } from '../../../../../app/measure/calibration-apply';
import { profileFromFixture } from '../../../../helpers/fixture-profiles';

const root = mkdtempSync(join(tmpdir(), 'calibration-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const entry = (backend: BackendCalibration['backend'], key: string, at: string): BackendCalibration => ({
  backend,
  device: 'test',
  hardwareKey: key,
  measuredAt: at,
  llamaCppBuild: 'test',
  source: 'synthetic',
  fitVersion: 5,
  correction: { streamScale: 1.2, kvScale: 2, attentionScale: 0, perLayerSec: 1e-5, perTokenSec: 1e-3, promptScale: 0.8, promptExpertScale: 1, promptStreamScale: 0, promptPerLayerSec: 1e-5, generationSpread: 0.06, promptSpread: 0.06 },
  points: [],
});

describe('the measurements file', () => {
  it('keeps every one of 50 concurrent saves (load, apply, save serialized)', async () => {
    const dir = mkdtempSync(join(root, 'c-'));
    const store = new CalibrationStore(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.add(entry('cpu', `key-${i}`, `2026-12-05T00:00:${String(i).padStart(2, '0')}.000Z`))));
    const loaded = await new CalibrationStore(dir).load();
    // 16 kept, the newest ones: each add saw the one before it.
    expect(loaded.entries).toHaveLength(16);
    expect(loaded.entries[0]?.hardwareKey).toBe('key-49');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces the measurement of the same backend on the same hardware, keeps the others', async () => {
    const dir = mkdtempSync(join(root, 'r-'));
    const store = new CalibrationStore(dir);
    await store.add(entry('cpu', 'a', '2026-12-01T00:00:00.000Z'));
    await store.add(entry('cuda', 'a', '2026-12-02T00:00:00.000Z'));
    await store.add(entry('cpu', 'a', '2026-12-03T00:00:00.000Z'));
    const e = (await store.load()).entries;
    expect(e.map((x) => `${x.backend}@${x.measuredAt.slice(0, 10)}`)).toEqual(['cpu@2026-12-03', 'cuda@2026-12-02']);
    await store.reset();
    expect((await store.load()).entries).toEqual([]);
  });

  it('reads a file written before the attention, prompt-bytes and expert terms existed (as the formula has them: 0, 0, 1), and sets it aside as stale', async () => {
    const dir = mkdtempSync(join(root, 'o-'));
    await new CalibrationStore(dir).add(entry('cpu', 'a', '2026-12-01T00:00:00.000Z'));
    const file = join(dir, 'calibration.json');
    const old = readFileSync(file, 'utf8')
      .replace(/"attentionScale":\s*0,?/g, '')
      .replace(/"promptStreamScale":\s*0,?/g, '')
      .replace(/"promptExpertScale":\s*1,?/g, '')
      .replace(/"fitVersion":\s*5,?/g, '');
    expect(old).not.toMatch(/attentionScale|promptStreamScale|promptExpertScale|fitVersion/);
    writeFileSync(file, old);
    const loaded = await new CalibrationStore(dir).load();
    expect(loaded.notice ?? null).toBeNull();
    expect(loaded.entries[0]?.correction).toMatchObject({ streamScale: 1.2, attentionScale: 0, promptStreamScale: 0, promptExpertScale: 1 });
    // Read, but not used: its promptScale was fitted to prompt FLOPs that counted the embedding and output layer.
    const vm = profileFromFixture('linux-vm-no-gpu');
    const applied = applyCalibration(vm, loaded.entries.map((e) => ({ ...e, hardwareKey: hardwareKey(vm, e.backend) })));
    expect(applied.calibration?.entries).toEqual([]);
    expect(applied.calibration?.stale[0]?.reason).toMatch(/earlier version of llm-sizer.*measure again/);
  });

  /** A store holding one entry per backend (machines 'a', 'b', ...), rewritten on disk as fit version `version`, read back. */
  async function storedAtVersion(version: number, ...backends: ('cpu' | 'vulkan')[]) {
    const dir = mkdtempSync(join(root, `v${version}-`));
    for (const [i, b] of backends.entries()) await new CalibrationStore(dir).add(entry(b, String.fromCharCode(97 + i), '2026-12-01T00:00:00.000Z'));
    const file = join(dir, 'calibration.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"fitVersion":\s*5/g, `"fitVersion": ${version}`));
    return new CalibrationStore(dir).load();
  }

  it('sets aside an entry of fit version 2, whose per-layer cost counted an MoE layer once', async () => {
    const loaded = await storedAtVersion(2, 'cpu');
    expect(loaded.entries[0]?.fitVersion).toBe(2);
    const vm = profileFromFixture('linux-vm-no-gpu');
    const applied = applyCalibration(vm, loaded.entries.map((e) => ({ ...e, hardwareKey: hardwareKey(vm, e.backend) })));
    expect(applied.calibration?.entries).toEqual([]);
    expect(applied.calibration?.stale[0]?.reason).toMatch(/measure again/);
  });

  it('sets aside a version-3 CPU entry fitted on imported results (version 8 changed CPU prompts) and a version-3 Vulkan entry (version 4 changed Vulkan on NVIDIA), and keeps a version-7 GPU entry', async () => {
    const loaded = await storedAtVersion(3, 'cpu', 'vulkan');
    expect(loaded.entries.map((e) => e.fitVersion)).toEqual([3, 3]);
    const vm = profileFromFixture('linux-vm-no-gpu');
    const applied = applyCalibration(vm, loaded.entries.map((e) => ({ ...e, hardwareKey: hardwareKey(vm, e.backend), source: 'llama-bench' as const })));
    expect(applied.calibration?.entries).toEqual([]);
    expect(applied.calibration?.stale.map((x) => x.reason)).toEqual([expect.stringMatching(/earlier version of llm-sizer/), expect.stringMatching(/earlier version of llm-sizer/)]);
    const seven = await storedAtVersion(7, 'cpu', 'vulkan');
    const kept = applyCalibration(vm, seven.entries.map((e) => ({ ...e, hardwareKey: hardwareKey(vm, e.backend), source: 'llama-bench' as const })));
    expect(kept.calibration?.entries.map((e) => e.backend)).toEqual(['vulkan']);
  });

  it('sets aside a CPU entry `bench` measured before version 7 (its MoE shape sent every token to the same experts)', async () => {
    const loaded = await storedAtVersion(6, 'cpu');
    const vm = profileFromFixture('linux-vm-no-gpu');
    const applied = applyCalibration(vm, loaded.entries.map((e) => ({ ...e, hardwareKey: hardwareKey(vm, e.backend) })));
    expect(applied.calibration?.entries).toEqual([]);
    expect(applied.calibration?.stale.map((x) => x.reason)).toEqual([expect.stringMatching(/measure again/)]);
  });

  it('keeps a version-4 Vulkan entry of an RDNA3 or NVIDIA GPU, and sets aside one measured on an Intel, GCN or RDNA1 GPU (version 5 changed only those)', async () => {
    const loaded = await storedAtVersion(4, 'vulkan');
    expect(loaded.entries.map((e) => e.fitVersion)).toEqual([4]);
    const vm = profileFromFixture('linux-vm-no-gpu');
    const kept = applyCalibration(vm, loaded.entries.map((e) => ({ ...e, hardwareKey: hardwareKey(vm, e.backend) })));
    expect(kept.calibration?.entries.map((e) => e.backend)).toEqual(['vulkan']);
    const intel = applyCalibration(vm, loaded.entries.map((e) => ({ ...e, hardwareKey: 'vulkan:Intel(R) Arc(TM) B580 Graphics|12 GiB|driver 32.0.101.8626' })));
    expect(intel.calibration?.entries).toEqual([]);
    expect(intel.calibration?.stale.map((x) => x.reason)).toEqual([expect.stringMatching(/earlier version of llm-sizer/)]);
    const gcn = applyCalibration(vm, loaded.entries.map((e) => ({ ...e, hardwareKey: 'vulkan:AMD Radeon RX 580 Series|8 GiB|driver ?' })));
    expect(gcn.calibration?.entries).toEqual([]);
  });

  it('decides by version, backend and the GPUs in the key which older entries still mean what the formula does', () => {
    const valid = (fitVersion: number, key: string) => fitVersionValid({ fitVersion, backend: key.slice(0, key.indexOf(':')) as 'cpu', hardwareKey: key });
    const rdna3 = 'vulkan:AMD Radeon RX 7900 XTX|24 GiB|driver 25.3.6';
    const rtx = 'vulkan:NVIDIA GeForce RTX 4090|24 GiB|driver 580.95';
    const mi50Rocm = 'rocm:AMD Radeon Instinct MI50|32 GiB|driver 6.4';
    const arcSycl = 'sycl:Intel(R) Arc(TM) B580 Graphics|12 GiB|driver 1.6';
    const arcVulkan = 'vulkan:Intel(R) Arc(TM) B580 Graphics|12 GiB|driver 32.0.101.8626';
    const rx580Vulkan = 'vulkan:Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]|8 GiB|driver ?';
    const cpu = 'cpu:AMD EPYC|2 threads';
    expect([rdna3, rtx, mi50Rocm, arcSycl, arcVulkan, rx580Vulkan, cpu].map((k) => valid(8, k))).toEqual([true, true, true, true, true, true, true]);
    // Version 7: every CPU entry (version 8 gave x86 CPU prompts per-type matrix rates), imported ones too; GPUs hold.
    expect([rdna3, rtx, mi50Rocm, arcSycl, arcVulkan, rx580Vulkan, cpu].map((k) => valid(7, k))).toEqual([true, true, true, true, true, true, false]);
    expect(fitVersionValid({ fitVersion: 7, backend: 'cpu', hardwareKey: cpu, source: 'llama-bench' })).toBe(false);
    expect(fitVersionValid({ fitVersion: 7, backend: 'cpu', hardwareKey: cpu, source: 'ollama' })).toBe(false);
    // Version 6: the CPU entries are set aside as well; the GPU rules of the older versions still apply.
    expect([rdna3, rtx, mi50Rocm, arcSycl, arcVulkan, rx580Vulkan, cpu].map((k) => valid(6, k))).toEqual([true, true, true, true, true, true, false]);
    expect(fitVersionValid({ fitVersion: 6, backend: 'cpu', hardwareKey: cpu, source: 'llama-bench' })).toBe(false);
    // Version 5: only Intel under Vulkan (version 6 scaled its prompt matrices) is set aside.
    expect([rdna3, rtx, mi50Rocm, arcSycl, arcVulkan, rx580Vulkan, cpu].map((k) => valid(5, k))).toEqual([true, true, true, true, false, true, false]);
    // Version 4: only the GPUs version 5 changed (Intel under Vulkan, GCN and RDNA1) are set aside.
    expect([rdna3, rtx, mi50Rocm, arcSycl, arcVulkan, rx580Vulkan, cpu].map((k) => valid(4, k))).toEqual([true, true, false, true, false, false, false]);
    // Version 3: every Vulkan entry (version 4 changed Vulkan prompts), and GCN under ROCm.
    expect([rdna3, rtx, mi50Rocm, arcSycl, arcVulkan, rx580Vulkan, cpu].map((k) => valid(3, k))).toEqual([false, false, false, true, false, false, false]);
    expect(valid(2, cpu)).toBe(false);
  });

  it('sets an invalid file aside and says so; never deletes it', async () => {
    const dir = mkdtempSync(join(root, 'i-'));
    writeFileSync(join(dir, 'calibration.json'), '{ not json');
    const loaded = await new CalibrationStore(dir, () => new Date('2026-12-05T01:02:03Z')).load();
    expect(loaded.entries).toEqual([]);
    expect(loaded.notice).toMatch(/not valid JSON/);
    const aside = readdirSync(dir).find((n) => n.startsWith('calibration.json.corrupt-'));
    expect(aside && readFileSync(join(dir, aside), 'utf8')).toBe('{ not json');
  });

  it('leaves an unreadable file alone and refuses to save over it', async () => {
    const dir = mkdtempSync(join(root, 'u-'));
    mkdirSync(join(dir, 'calibration.json'));
    const store = new CalibrationStore(dir);
    const loaded = await store.load();
    expect(loaded.writable).toBe(false);
    expect(loaded.notice).toMatch(/not a regular file/);
    await expect(store.add(entry('cpu', 'k', '2026-12-05T00:00:00.000Z'))).rejects.toThrow(/not a regular file/);
    const file = join(mkdtempSync(join(root, 'p-')), 'calibration.json');
    writeFileSync(file, '{"schemaVersion":1,"entries":[]}');
    if (process.getuid?.() !== 0) {
      chmodSync(file, 0);
      expect((await new CalibrationStore(join(file, '..')).load()).writable).toBe(false);
    }
  });
});
