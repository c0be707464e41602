import { CALIBRATION_FIT_VERSION } from '../domain/calibration';
import type { BackendCalibration, CalibratedBackend, ProfileCalibration } from '../domain/calibration';
import type { HardwareProfile } from '../domain/hardware';
import { AMD_GCN_RDNA1_NAME } from '../estimator/devices';

/**
 * What a measurement is bound to. The CPU's: its name and thread count. A GPU backend's: the names, memory sizes and
 * driver versions of the GPUs it runs on. A changed CPU, GPU or driver gives another key, and the stored correction
 * goes stale (it is kept, shown as stale, and not used).
 */
export function hardwareKey(profile: HardwareProfile, backend: CalibratedBackend): string {
  const cpu = `${profile.cpu.name.value}|${profile.cpu.logicalCores.value} threads`;
  if (backend === 'cpu') return `cpu:${cpu}`;
  const gpus = profile.gpus
    .filter((g) => g.usedForOffload)
    .map((g) => `${g.name.value}|${Math.round((g.vramTotalBytes?.value ?? 0) / 2 ** 30)} GiB|driver ${g.driverVersion ?? '?'}`)
    .join(';');
  return `${backend}:${gpus}`;
}

/**
 * Whether an entry's fit means what the current formula's does (CALIBRATION_FIT_VERSION). Version 4 changed only the
 * Vulkan prompt matrices of NVIDIA GPUs, so a version-3 entry of any other backend still holds; version 5 only the
 * weight stream of Intel GPUs under Vulkan and of AMD's GCN and RDNA1 GPUs under ROCm and Vulkan, so a version-4 entry
 * holds unless it was measured on one of those; version 7 only the synthetic CPU set's MoE routing, so a CPU entry of
 * `bench` made before it is set aside; version 8 the CPU prompt formula (per-type rates on x86), so every older CPU
 * entry is.
 */
export function fitVersionValid(entry: Pick<BackendCalibration, 'fitVersion' | 'backend' | 'hardwareKey'> & { readonly source?: BackendCalibration['source'] }): boolean {
  const v = entry.fitVersion ?? 1;
  if (v === CALIBRATION_FIT_VERSION) return true;
  // Version 8 changed the CPU prompt formula on x86 (per-type matrix rates), and version 7 the synthetic CPU set's MoE
  // routing: every older CPU entry is set aside; the GPU rules of the older versions below still apply.
  if (entry.backend === 'cpu') return false;
  const intelVulkan = entry.backend === 'vulkan' && /\bintel\b|\barc\b/i.test(entry.hardwareKey);
  const amdGcn = (entry.backend === 'rocm' || entry.backend === 'vulkan') && AMD_GCN_RDNA1_NAME.test(entry.hardwareKey);
  return v === 7 || v === 6 || (v === 5 && !intelVulkan) || (v === 4 && !intelVulkan && !amdGcn) || (v === 3 && entry.backend !== 'vulkan' && !amdGcn);
}

/** Why a stored entry does not apply to this profile, or null when it does. */
export function staleReason(profile: HardwareProfile, entry: BackendCalibration): string | null {
  if (!fitVersionValid(entry)) return 'made by an earlier version of llm-sizer, whose corrections mean something else: measure again';
  const now = hardwareKey(profile, entry.backend);
  if (now === entry.hardwareKey) return null;
  if (entry.backend === 'cpu') return `measured on another CPU (${entry.hardwareKey.replace(/^cpu:/, '')})`;
  return `measured with other GPUs or another driver (${entry.hardwareKey.replace(/^[a-z]+:/, '')})`;
}

/**
 * The profile with the stored measurements that still fit it (newest per backend), the rest listed as stale. Pure.
 * `raw` (llm-sizer --raw, the UI's "formula only" switch) leaves every measurement out.
 */
export function applyCalibration(profile: HardwareProfile, stored: readonly BackendCalibration[], raw = false): HardwareProfile {
  if (raw || stored.length === 0) return profile.calibration ? { ...profile, calibration: undefined } : profile;
  const entries: BackendCalibration[] = [];
  const stale: ProfileCalibration['stale'][number][] = [];
  const newestFirst = [...stored].sort((a, b) => (a.measuredAt < b.measuredAt ? 1 : a.measuredAt > b.measuredAt ? -1 : 0));
  for (const e of newestFirst) {
    if (entries.some((x) => x.backend === e.backend)) continue;
    const why = staleReason(profile, e);
    if (why) stale.push({ backend: e.backend, measuredAt: e.measuredAt, reason: why });
    else entries.push(e);
  }
  return { ...profile, calibration: { entries, stale } };
}
