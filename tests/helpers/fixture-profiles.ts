import type { HardwareProfile } from '../../app/domain/hardware';
import { normalizeScan } from '../../main/services/hardware/normalize';
import { SYSTEMINFORMATION_NVIDIA_FIELDS } from '../../main/services/hardware/nvidia-smi';
import { tableLookup } from '../../main/services/hardware/scan';
import { fixtureText, rawScan, rawScanFromFixture, siFixture } from './fixtures';

/** How each recorded machine is normalized into the saved profile the e2e tests and CLI tests load. */
export const FIXTURE_PROFILES: Readonly<Record<string, () => HardwareProfile>> = {
  'linux-nvidia-h200-vm': () => ({
    ...normalizeScan(
      rawScan({
        si: siFixture('linux-nvidia-h200-vm'),
        nvidiaSmi: { fields: SYSTEMINFORMATION_NVIDIA_FIELDS, csv: fixtureText('hardware', 'linux-nvidia-h200-vm', 'nvidia-smi-query.csv') },
      }),
      tableLookup,
    ),
    label: 'NVIDIA H200 server (recorded)',
  }),
  'windows-rtx-4090': () => ({ ...normalizeScan(rawScanFromFixture('windows-rtx-4090'), tableLookup), label: 'RTX 4090 desktop (recorded)' }),
  'linux-vm-no-gpu': () => ({ ...normalizeScan(rawScan({ si: siFixture('linux-vm-no-gpu') }), tableLookup), label: 'CI VM without GPU (recorded)' }),
};

export function profileFromFixture(name: string): HardwareProfile {
  const make = FIXTURE_PROFILES[name];
  if (!make) throw new Error(`no fixture profile ${name}`);
  return make();
}
