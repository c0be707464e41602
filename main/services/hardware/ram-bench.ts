import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A short multithreaded memory-copy benchmark: each worker copies a buffer larger than the caches
 * for `ms` milliseconds. Bytes moved count both the read and the write, as STREAM's "copy" does.
 * Runs off the main thread; every worker is terminated at the deadline, whatever happens.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const src = Buffer.alloc(workerData.bytes, 7);
const dst = Buffer.alloc(workerData.bytes);
src.copy(dst);
let moved = 0;
const start = performance.now();
while (performance.now() - start < workerData.ms) { src.copy(dst); moved += 2 * workerData.bytes; }
parentPort.postMessage({ moved, ms: performance.now() - start });
`;

export interface RamBenchOptions {
  readonly threads: number;
  readonly ms: number;
  readonly bytesPerThread: number;
  /** Give up (and terminate the workers) after this long. */
  readonly deadlineMs: number;
}

export async function measureRamBandwidth(options: RamBenchOptions): Promise<number> {
  const threads = Math.max(1, Math.min(16, Math.floor(options.threads)));
  const workers: Worker[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const runs = Array.from({ length: threads }, () => {
      return new Promise<{ moved: number; ms: number }>((resolve, reject) => {
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes: options.bytesPerThread, ms: options.ms } });
        workers.push(worker);
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the copy benchmark did not finish within ${options.deadlineMs} ms`)), options.deadlineMs);
    });
    const results = await Promise.race([Promise.all(runs), deadline]);
    const seconds = Math.max(...results.map((r) => r.ms)) / 1000;
    const moved = results.reduce((a, r) => a + r.moved, 0);
    if (!(seconds > 0) || !(moved > 0)) throw new Error('the copy benchmark measured nothing');
    return moved / seconds;
  } finally {
    if (timer) clearTimeout(timer);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** CPU time counters summed over every core (os.cpus()), to tell a quiet machine from a busy one. */
export interface CpuSample {
  readonly idleMs: number;
  readonly totalMs: number;
}

export function cpuSample(): CpuSample {
  let idleMs = 0;
  let totalMs = 0;
  for (const c of cpus()) {
    idleMs += c.times.idle;
    totalMs += c.times.idle + c.times.user + c.times.nice + c.times.sys + c.times.irq;
  }
  return { idleMs, totalMs };
}

/** The share of CPU time spent busy between two samples (0 when no time passed). */
export function busyShare(a: CpuSample, b: CpuSample): number {
  const total = b.totalMs - a.totalMs;
  return total > 0 ? Math.min(1, Math.max(0, 1 - (b.idleMs - a.idleMs) / total)) : 0;
}

export interface QuietOptions {
  /** Quiet: less than this share of the CPU busy over one interval. */
  readonly busyBelow: number;
  readonly intervalMs: number;
  /** Measure anyway after this long (and say the machine was busy). */
  readonly maxWaitMs: number;
  readonly sample?: () => CpuSample;
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Waits until the CPU is mostly idle (another program starting, a browser, a build: the copy benchmark would measure the contention). */
export async function waitUntilQuiet(o: QuietOptions): Promise<{ readonly quiet: boolean; readonly busy: number }> {
  const sample = o.sample ?? cpuSample;
  const sleep = o.sleep ?? sleepMs;
  let waited = 0;
  let busy = 1;
  let last = sample();
  while (waited < o.maxWaitMs) {
    await sleep(o.intervalMs);
    waited += o.intervalMs;
    const now = sample();
    busy = busyShare(last, now);
    last = now;
    if (busy < o.busyBelow) return { quiet: true, busy };
  }
  return { quiet: false, busy };
}

export interface SteadyReading {
  /** The median of the runs. */
  readonly bytesPerSec: number;
  readonly runs: readonly number[];
  /** False when the machine never went quiet before the runs: the reading may be low. */
  readonly quiet: boolean;
  readonly busy: number;
}

/**
 * The copy benchmark as it should be trusted: after waiting for a quiet CPU, `repeats` runs, their median (one run
 * disturbed by a program starting does not move it). A browser starting during a single run measured 11 GB/s on a
 * machine that moves 56 GB/s (issue #10), and that reading changed the top pick.
 */
export async function measureRamBandwidthSteady(
  bench: RamBenchOptions,
  o: { readonly repeats: number; readonly quiet: QuietOptions },
  measure: (b: RamBenchOptions) => Promise<number> = measureRamBandwidth,
): Promise<SteadyReading> {
  const calm = await waitUntilQuiet(o.quiet);
  const runs: number[] = [];
  let failure: unknown = null;
  // A run that misses its deadline (a core taken away) is left out; the reading needs at least one run.
  for (let i = 0; i < Math.max(1, o.repeats); i++) {
    try {
      runs.push(await measure(bench));
    } catch (e) {
      failure = e;
    }
  }
  if (runs.length === 0) throw failure instanceof Error ? failure : new Error('the copy benchmark measured nothing');
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { bytesPerSec: median, runs, quiet: calm.quiet, busy: calm.busy };
}
