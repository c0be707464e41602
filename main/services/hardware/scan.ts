import { gpuIndex } from '../../../app/catalog/gpus';
import { matchGpu } from '../../../app/catalog/gpu-match';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { normalizeScan } from './normalize';
import type { GpuLookup } from './normalize';
import { collectSystemInformation, DEFAULT_LIMITS, probeNvidiaSmi } from './probes';
import type { ProbeLimits } from './probes';
import { runOsProbes } from './os-probes';
import type { BandwidthCache } from './bandwidth-cache';
import { plausibleBandwidth, steadyBench } from './measure-now';

export const tableLookup: GpuLookup = (name, pciId) => matchGpu(gpuIndex(), name, pciId);

export interface ScanOptions {
  readonly limits?: ProbeLimits;
  /** Skip the RAM copy benchmark (saves ~0.6 s, more on a busy machine). */
  readonly skipRamBench?: boolean;
  readonly nvidiaSmiCommand?: string;
  readonly platform?: NodeJS.Platform;
  readonly now?: () => Date;
  /** Reuse the last measurement of this machine's RAM bandwidth (and store a new one). */
  readonly bandwidthCache?: BandwidthCache;
}

/** Runs every probe in parallel, each under a time limit, and normalizes what came back. */
export async function scanHardware(options: ScanOptions = {}): Promise<HardwareProfile> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const now = (options.now ?? (() => new Date()))();
  const capturedAt = now.toISOString();
  const [siResult, smi, os] = await Promise.all([
    collectSystemInformation(limits),
    probeNvidiaSmi(limits.nvidiaSmiMs, options.nvidiaSmiCommand),
    runOsProbes(options.platform ?? process.platform, limits.otherMs),
  ]);
  const machine = `${siResult.snapshot.cpu?.brand ?? ''}|${Math.round((siResult.snapshot.mem?.total ?? 0) / 2 ** 30)}GiB`;
  const cached = options.skipRamBench || !options.bandwidthCache ? null : await options.bandwidthCache.get(machine, now);
  // The copy benchmark runs after the other probes: sharing the cores with them would measure the contention.
  const bench = options.skipRamBench || cached
    ? null
    : await steadyBench();
  const measured = cached ? cached.bytesPerSec : bench?.ok ? plausibleBandwidth(bench.value.bytesPerSec) : null;
  // Only a reading taken on a quiet machine is kept for the next scans: a busy one is used now and measured again next time.
  if (bench?.ok && bench.value.quiet && measured !== null) await options.bandwidthCache?.put(machine, measured, now);
  const warnings = [...siResult.warnings, ...os.warnings];
  if (smi.warning) warnings.push(smi.warning);
  if (bench && !bench.ok) warnings.push(bench.message);
  if (bench?.ok && measured === null) warnings.push(`The RAM benchmark measured an implausible ${(bench.value.bytesPerSec / 1e9).toFixed(2)} GB/s; it was ignored.`);
  if (bench?.ok && measured !== null && !bench.value.quiet)
    warnings.push(
      `The RAM bandwidth was measured while the CPU was ${Math.round(bench.value.busy * 100)} % busy and may read low; rescan when the machine is idle.`,
    );
  return normalizeScan(
    {
      capturedAt,
      si: siResult.snapshot,
      nvidiaSmi: smi.output,
      sysfsDrm: os.sysfsDrm,
      udevDmi: os.udevDmi,
      regQuery: os.regQuery,
      appleSysctl: os.appleSysctl,
      appleDisplays: os.appleDisplays,
      llamaServerDevices: os.llamaServerDevices,
      measuredRamBandwidthBytesPerSec: measured,
      warnings,
    },
    tableLookup,
  );
}

export { plausibleBandwidth } from './measure-now';
