import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
