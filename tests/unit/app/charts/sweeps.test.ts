import { describe, expect, it } from 'vitest';
import { firstTokenByPromptChart, memoryByContextChart, speedByContextChart } from '../../../../app/charts/estimate-charts';
import { contextSweep, doublingSteps, promptSweep } from '../../../../app/charts/sweeps';
import { gpuIndex } from '../../../../app/catalog/gpus';
import { profileFromSpec } from '../../../../app/catalog/what-if';
import { DEFAULT_OPTIONS } from '../../../../app/estimator/estimate';
import { model, quant } from '../../../helpers/models';

const GIB = 1024 ** 3;

function rtx4090() {
  const r = profileFromSpec(gpuIndex(), { gpuNames: ['RTX 4090'], ramBytes: 64 * GIB, ramBandwidthBytesPerSec: 80e9 }, '2026-11-28T00:00:00Z');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('doublingSteps', () => {
  it('doubles and ends at the maximum', () => {
    expect(doublingSteps(2048, 10000)).toEqual([2048, 4096, 8192, 10000]);
    expect(doublingSteps(2048, 8192)).toEqual([2048, 4096, 8192]);
    expect(doublingSteps(2048, 1000)).toEqual([]);
  });
});

describe('context and prompt sweeps', () => {
  const o = { ...DEFAULT_OPTIONS, useFreeVram: false };
  const points = contextSweep(rtx4090(), model('llama-3.1-8b-instruct'), quant('Q4_K_M'), o);

  it('run from 2K to the model maximum, memory rising and speed falling as the context fills', () => {
    expect(points[0]?.tokens).toBe(2048);
    expect(points[points.length - 1]?.tokens).toBe(model('llama-3.1-8b-instruct').nativeContextTokens);
    const mem = points.map((p) => p.estimate?.memory.totalBytes ?? 0);
    expect(mem[1]).toBeGreaterThan(mem[0] ?? Infinity);
    const speed = points.map((p) => p.estimate?.speed?.generationTokensPerSec.value ?? 0);
    expect(speed[0]).toBeGreaterThan(speed[3] ?? Infinity);
  });

  it('become charts whose text carries the numbers', () => {
    const chart = speedByContextChart(points, { markTokens: 8192, minTokensPerSec: 10 });
    expect(chart.text).toMatch(/^2K \d+(\.\d+)? tok\/s, 4K/);
    expect(memoryByContextChart(points, { vramBytes: 24 * GIB }).text).toMatch(/^2K \d+\.\d GiB/);
    const ttft = firstTokenByPromptChart(promptSweep(rtx4090(), model('llama-3.1-8b-instruct'), quant('Q4_K_M'), o));
    expect(ttft.text).toMatch(/^512 \d+ ms, 1K/);
  });
});
