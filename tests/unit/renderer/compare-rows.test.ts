import { describe, expect, it } from 'vitest';
import type { Estimate } from '../../../app/domain/estimate';
import type { Recommendation } from '../../../app/estimator/recommend';
import { compareRows } from '../../../renderer/features/compare/compare-rows';
import { model } from '../../helpers/models';

function est(quant: string, tokensPerSec: number, fit: Estimate['fit'] = 'full-gpu'): Estimate {
  return { quant, fit, speed: { generationTokensPerSec: { value: tokensPerSec, low: tokensPerSec, high: tokensPerSec } } } as unknown as Estimate;
}

function rec(id: string, best: Estimate | null, options: readonly Estimate[] = best ? [best] : []): Recommendation {
  return { model: model(id), best, options, belowMinSpeed: false };
}

describe('compareRows', () => {
  const here = [rec('llama-3.1-8b-instruct', est('Q4_K_M', 40)), rec('gemma-3-27b-it', est('Q4_K_M', 5)), rec('qwen3-32b', null)];
  const there = [
    rec('qwen3-32b', est('Q5_K_M', 30)),
    rec('gemma-3-27b-it', est('Q8_0', 25), [est('Q8_0', 25), est('Q4_K_M', 40)]),
    rec('llama-3.1-8b-instruct', est('Q8_0', 90), [est('Q8_0', 90), est('Q4_K_M', 120)]),
  ];

  it('leads with the models only the other machine runs (here too slow counts as not running)', () => {
    const { rows, summary } = compareRows(here, there, 10);
    expect(rows.map((r) => [r.model.id, r.group])).toEqual([
      ['qwen3-32b', 'only-there'],
      ['gemma-3-27b-it', 'only-there'],
      ['llama-3.1-8b-instruct', 'both'],
    ]);
    expect(summary).toEqual({ onlyThere: 2, onlyHere: 0, both: 1, medianSpeedUp: 3 });
  });

  it('compares the same quantization on both sides where it runs there', () => {
    const row = compareRows(here, there, 10).rows.find((r) => r.model.id === 'llama-3.1-8b-instruct');
    expect(row?.there?.quant).toBe('Q4_K_M');
    expect(row?.sameQuant).toBe(true);
    expect(row?.speedUp).toBe(3);
  });

  it('works without this machine', () => {
    expect(compareRows(null, there, 10).summary).toEqual({ onlyThere: 3, onlyHere: 0, both: 0, medianSpeedUp: null });
  });
});
