import { describe, expect, it } from 'vitest';
import { fitGeneration, fitPrompt, spreadOf } from '../../../../app/measure/calibration-fit';

describe('calibration fit', () => {
  it('recovers a bandwidth scale, a cost per layer and a cost per token from clean measurements', () => {
    const truth = { a: 1.6, k: 4, b: 40e-6, c: 2e-3 };
    const shapes = [
      { weightSec: 2e-3, kvSec: 0.01e-3, layers: 8 },
      { weightSec: 6e-3, kvSec: 0.02e-3, layers: 24 },
      { weightSec: 9e-3, kvSec: 0.01e-3, layers: 12 },
      { weightSec: 2e-3, kvSec: 0.5e-3, layers: 8 },
      { weightSec: 6e-3, kvSec: 0.7e-3, layers: 24 },
      { weightSec: 9e-3, kvSec: 0.4e-3, layers: 12 },
    ];
    const fit = fitGeneration(shapes.map((s) => ({ ...s, measuredSec: truth.a * s.weightSec + truth.k * s.kvSec + truth.b * s.layers + truth.c })));
    expect(fit?.streamScale).toBeCloseTo(1.6, 6);
    expect(fit?.kvScale).toBeCloseTo(4, 5);
    expect(fit?.perLayerSec).toBeCloseTo(40e-6, 9);
    expect(fit?.perTokenSec).toBeCloseTo(2e-3, 8);
    expect(fit?.rms).toBeLessThan(1e-9);
  });

  it('never returns a negative cost: a term that would be is dropped and the rest refitted', () => {
    // Measured exactly 1.2x the stream: the fixed costs are zero, and noise must not make one negative.
    const obs = [
      { weightSec: 1e-3, kvSec: 0, layers: 8, measuredSec: 1.2e-3 * 1.01 },
      { weightSec: 5e-3, kvSec: 0, layers: 24, measuredSec: 6e-3 * 0.99 },
      { weightSec: 3e-3, kvSec: 0, layers: 12, measuredSec: 3.6e-3 },
    ];
    const fit = fitGeneration(obs);
    expect(fit).not.toBeNull();
    expect(fit?.perLayerSec).toBeGreaterThanOrEqual(0);
    expect(fit?.perTokenSec).toBeGreaterThanOrEqual(0);
    expect(fit?.streamScale).toBeGreaterThan(1);
    expect(fit?.streamScale).toBeLessThan(1.3);
  });

  it('fits the prompt scale and its cost per layer, and reports the spread', () => {
    const p = fitPrompt([
      { formulaSec: 1e-3, layers: 8, measuredSec: 0.5e-3 + 8 * 20e-6 },
      { formulaSec: 4e-3, layers: 12, measuredSec: 2e-3 + 12 * 20e-6 },
      { formulaSec: 1.5e-3, layers: 24, measuredSec: 0.75e-3 + 24 * 20e-6 },
    ]);
    expect(p?.promptScale).toBeCloseTo(0.5, 9);
    expect(p?.promptPerLayerSec).toBeCloseTo(20e-6, 12);
    expect(p?.rms).toBeCloseTo(0, 9);
    expect(spreadOf(0)).toBe(0.06);
    expect(spreadOf(0.1)).toBeCloseTo(0.2, 9);
    expect(spreadOf(1)).toBe(0.35);
  });

  it('has nothing to fit without measurements, or with zero speeds', () => {
    expect(fitGeneration([])).toBeNull();
    expect(fitPrompt([{ formulaSec: 1e-3, layers: 4, measuredSec: Infinity }])).toBeNull();
  });
});
