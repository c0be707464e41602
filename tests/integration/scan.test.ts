import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hardwareProfileSchema } from '../../app/api/schemas';
import { probeNvidiaSmi } from '../../main/services/hardware/probes';
import { scanHardware } from '../../main/services/hardware/scan';

function fakeCommand(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sizer-fake-'));
  const file = join(dir, 'nvidia-smi');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('the real scan of this machine', () => {
  it('returns a valid profile, with the copy benchmark marked measured', async () => {
    const started = Date.now();
    const profile = await scanHardware();
    expect(hardwareProfileSchema.safeParse(profile).success).toBe(true);
    expect(profile.memory.totalBytes.value).toBeGreaterThan(0);
    expect(profile.cpu.physicalCores.value).toBeGreaterThan(0);
    // The copy benchmark needs the cores to itself: under a parallel test run it may time out, and then a
    // warning must say so rather than a number being made up.
    const source = profile.memory.bandwidthBytesPerSec?.source;
    if (source === undefined) expect(profile.warnings.some((w) => /RAM (bandwidth )?benchmark/i.test(w))).toBe(true);
    else expect(['measured', 'os', 'spec table']).toContain(source);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('a hanging nvidia-smi', () => {
  it('is cut off at its time limit, and the rest of the profile still arrives', async () => {
    const hang = fakeCommand('sleep 30');
    const started = Date.now();
    const smi = await probeNvidiaSmi(500, hang);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(smi.output).toBeNull();
    expect(smi.warning).toMatch(/nvidia-smi/);
    const profile = await scanHardware({ nvidiaSmiCommand: hang, limits: { graphicsMs: 6000, otherMs: 3000, nvidiaSmiMs: 500 }, skipRamBench: true });
    expect(profile.warnings.some((w) => w.includes('nvidia-smi'))).toBe(true);
    expect(profile.memory.totalBytes.value).toBeGreaterThan(0);
  });

  it('nonsense output gives no GPU and no crash', async () => {
    const nonsense = fakeCommand('echo "Failed to initialize NVML: Driver/library version mismatch"');
    const profile = await scanHardware({ nvidiaSmiCommand: nonsense, skipRamBench: true });
    expect(profile.gpus.filter((g) => g.name.source === 'nvidia-smi')).toEqual([]);
  });

  it('a failing nvidia-smi is a warning, not an error', async () => {
    const failing = fakeCommand('exit 9');
    const smi = await probeNvidiaSmi(2000, failing);
    expect(smi.output).toBeNull();
    expect(smi.warning).toContain('exited with an error');
  });
});
