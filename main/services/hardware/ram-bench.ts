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
