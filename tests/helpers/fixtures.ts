import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NVIDIA_SMI_FIELDS } from '../../main/services/hardware/nvidia-smi';
import type { SysfsDrmCard } from '../../main/services/hardware/parsers/sysfs-drm';
import type { RawScan, SiSnapshot } from '../../main/services/hardware/raw-scan';

export const FIXTURES = resolve(__dirname, '..', 'fixtures');

export function fixtureText(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export function fixtureJson<T>(...parts: string[]): T {
  return JSON.parse(fixtureText(...parts)) as T;
}

/** A recorded systeminformation snapshot as the probes would have returned it. */
export function siFixture(machine: string): SiSnapshot {
  return fixtureJson<SiSnapshot>('hardware', machine, 'systeminformation.json');
}

export function rawScan(partial: Partial<RawScan> & { si: SiSnapshot }): RawScan {
  return {
    capturedAt: '2026-11-28T12:00:00.000Z',
    nvidiaSmi: null,
    measuredRamBandwidthBytesPerSec: null,
    warnings: [],
    ...partial,
  };
}

/** Loads every recorded probe output a fixture machine has into the scan the probes would have made. */
export function rawScanFromFixture(machine: string, extraWarnings: readonly string[] = []): RawScan {
  const dir = join(FIXTURES, 'hardware', machine);
  const optional = (file: string): string | null => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : null);
  const smi = optional('nvidia-smi.csv');
  const sysfs = optional('sysfs-drm.json');
  return rawScan({
    si: siFixture(machine),
    nvidiaSmi: smi === null ? null : { fields: NVIDIA_SMI_FIELDS, csv: smi },
    sysfsDrm: sysfs === null ? null : (JSON.parse(sysfs) as SysfsDrmCard[]),
    regQuery: optional('reg-query.txt'),
    win32VideoController: optional('win32-videocontroller.json'),
    appleSysctl: optional('sysctl.txt'),
    appleDisplays: optional('system-profiler-displays.json'),
    llamaServerDevices: optional('llama-server-list-devices.txt'),
    udevDmi: optional('udev-dmi.txt'),
    warnings: [...extraWarnings],
  });
}
