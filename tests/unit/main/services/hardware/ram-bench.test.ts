import { describe, expect, it } from 'vitest';
import { busyShare, measureRamBandwidthSteady, waitUntilQuiet } from '../../../../../main/services/hardware/ram-bench';
import type { CpuSample } from '../../../../../main/services/hardware/ram-bench';

/** CPU samples whose busy share over each interval follows `busy`. */
function samples(busy: readonly number[]): () => CpuSample {
  let i = -1;
  let idle = 0;
  let total = 0;
  return () => {
    if (i >= 0) {
      const b = busy[Math.min(i, busy.length - 1)] ?? 0;
      total += 100;
      idle += 100 * (1 - b);
    }
    i++;
    return { idleMs: idle, totalMs: total };
  };
}

const noSleep = () => Promise.resolve();
const bench = { threads: 1, ms: 1, bytesPerThread: 1, deadlineMs: 10 };

describe('busyShare', () => {
  it('is the busy share between two samples, 0 when no time passed', () => {
    expect(busyShare({ idleMs: 0, totalMs: 0 }, { idleMs: 25, totalMs: 100 })).toBe(0.75);
    expect(busyShare({ idleMs: 5, totalMs: 5 }, { idleMs: 5, totalMs: 5 })).toBe(0);
  });
});

describe('waitUntilQuiet', () => {
  it('waits while the CPU is busy and returns once it is quiet', async () => {
    const r = await waitUntilQuiet({ busyBelow: 0.25, intervalMs: 100, maxWaitMs: 2000, sample: samples([0.9, 0.8, 0.1]), sleep: noSleep });
    expect(r.quiet).toBe(true);
    expect(r.busy).toBeCloseTo(0.1);
  });

  it('gives up after the longest wait and says the machine stayed busy', async () => {
    const r = await waitUntilQuiet({ busyBelow: 0.25, intervalMs: 100, maxWaitMs: 500, sample: samples([0.9]), sleep: noSleep });
    expect(r).toEqual({ quiet: false, busy: 0.9 });
  });
});

describe('measureRamBandwidthSteady', () => {
  it('takes the median of the runs, so one disturbed run (a browser starting) does not move it', async () => {
    const readings = [56e9, 11e9, 55e9];
    let call = 0;
    const r = await measureRamBandwidthSteady(bench, { repeats: 3, quiet: { busyBelow: 0.25, intervalMs: 100, maxWaitMs: 100, sample: samples([0]), sleep: noSleep } }, () =>
      Promise.resolve(readings[call++] ?? 0),
    );
    expect(r.runs).toEqual(readings);
    expect(r.bytesPerSec).toBe(55e9);
    expect(r.quiet).toBe(true);
  });
});

describe('measureRamBandwidthSteady with failing runs', () => {
  const quiet = { busyBelow: 0.25, intervalMs: 100, maxWaitMs: 100, sample: samples([0]), sleep: noSleep };

  it('leaves out a run that missed its deadline', async () => {
    let call = 0;
    const r = await measureRamBandwidthSteady(bench, { repeats: 3, quiet }, () => (call++ === 1 ? Promise.reject(new Error('late')) : Promise.resolve(50e9)));
    expect(r.runs).toEqual([50e9, 50e9]);
  });

  it('fails with the last error when every run failed', async () => {
    await expect(measureRamBandwidthSteady(bench, { repeats: 2, quiet }, () => Promise.reject(new Error('late')))).rejects.toThrow('late');
  });
});
