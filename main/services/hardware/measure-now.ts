import { availableParallelism } from 'node:os';
import { err, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import type { BandwidthCache } from './bandwidth-cache';
import { measureRamBandwidthSteady } from './ram-bench';
import { withTimeLimit } from './time-limit';

/** Real machines move 2 GB/s and more (an old laptop with one DDR3 channel) to ~1 TB/s (server, 12 DDR5 channels); outside that the measurement went wrong. */
export function plausibleBandwidth(bytesPerSec: number): number | null {
  return bytesPerSec >= 2e9 && bytesPerSec <= 2e12 ? bytesPerSec : null;
}

/**
 * One worker per core (at most 8) copying 32 MiB buffers for 150 ms, three times once the CPU is quiet (under 25 %
 * busy, waiting at most 1 s): the median, about 0.6 s in all on a quiet machine.
 */
export function steadyBench() {
  return withTimeLimit(
    measureRamBandwidthSteady(
      { threads: Math.min(8, availableParallelism()), ms: 150, bytesPerThread: 32 * 1024 * 1024, deadlineMs: 900 },
      { repeats: 3, quiet: { busyBelow: 0.25, intervalMs: 100, maxWaitMs: 1000 } },
    ),
    5000,
    'RAM bandwidth benchmark',
  );
}

/**
 * The RAM bandwidth measured now, as the scan measures it (SizerApi.measureRamBandwidth, the card's "measure
 * again"). Only a quiet reading replaces the cached one; a busy one is returned with how busy the CPU was.
 */
export interface RamReading {
  readonly bytesPerSec: number;
  /** False when the CPU never went quiet: the figure may read low, and it is not cached. */
  readonly quiet: boolean;
  readonly busy: number;
}

export async function measureRamNow(o: { readonly bandwidthCache?: BandwidthCache; readonly machine?: string; readonly now?: Date } = {}): Promise<Result<RamReading>> {
  const bench = await steadyBench();
  if (!bench.ok) return err('SCAN_FAILED', bench.message);
  const value = plausibleBandwidth(bench.value.bytesPerSec);
  if (value === null) return err('SCAN_FAILED', `The RAM benchmark measured an implausible ${(bench.value.bytesPerSec / 1e9).toFixed(2)} GB/s.`);
  if (bench.value.quiet && o.bandwidthCache && o.machine) await o.bandwidthCache.put(o.machine, value, o.now ?? new Date());
  return ok({ bytesPerSec: value, quiet: bench.value.quiet, busy: bench.value.busy });
}
