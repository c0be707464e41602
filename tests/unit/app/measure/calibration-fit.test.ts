import { describe, expect, it } from 'vitest';
import { fitGeneration, fitPrompt, spreadOf } from '../../../../app/measure/calibration-fit';

describe('calibration fit', () => {
  it('recovers a bandwidth scale, a cost per layer and a cost per token from clean measurements', () => {
    const truth = { a: 1.6, k: 4, b: 40e-6, c: 2e-3 };
    const shapes = [
      { weightSec: 2e-3, kvSec: 0.01e-3, attentionSec: 0, layers: 8 },
      { weightSec: 6e-3, kvSec: 0.02e-3, attentionSec: 0, layers: 24 },
      { weightSec: 9e-3, kvSec: 0.01e-3, attentionSec: 0, layers: 12 },
      { weightSec: 2e-3, kvSec: 0.5e-3, attentionSec: 0, layers: 8 },
      { weightSec: 6e-3, kvSec: 0.7e-3, attentionSec: 0, layers: 24 },
      { weightSec: 9e-3, kvSec: 0.4e-3, attentionSec: 0, layers: 12 },
    ];
    const fit = fitGeneration(shapes.map((s) => ({ ...s, measuredSec: truth.a * s.weightSec + truth.k * s.kvSec + truth.b * s.layers + truth.c })));
    expect(fit?.streamScale).toBeCloseTo(1.6, 6);
    expect(fit?.kvScale).toBeCloseTo(4, 5);
    expect(fit?.perLayerSec).toBeCloseTo(40e-6, 9);
    expect(fit?.perTokenSec).toBeCloseTo(2e-3, 8);
    expect(fit?.attentionScale).toBe(0);
    expect(fit?.rms).toBeLessThan(1e-9);
  });

  it("on a CPU, puts the cost of depth on attention compute, with the KV cache read at the weights' pace", () => {
    // Attention compute that does not follow the KV bytes (query heads 2-5x the KV heads): a K fit could not match it.
    const truth = { a: 1.3, m: 30, b: 50e-6 };
    const shapes = [
      { weightSec: 2e-3, kvSec: 0.002e-3, attentionSec: 0.01e-3, layers: 8 },
      { weightSec: 6e-3, kvSec: 0.004e-3, attentionSec: 0.012e-3, layers: 24 },
      { weightSec: 9e-3, kvSec: 0.004e-3, attentionSec: 0.02e-3, layers: 12 },
      { weightSec: 2e-3, kvSec: 0.03e-3, attentionSec: 0.09e-3, layers: 8 },
      { weightSec: 6e-3, kvSec: 0.05e-3, attentionSec: 0.1e-3, layers: 24 },
      { weightSec: 9e-3, kvSec: 0.05e-3, attentionSec: 0.2e-3, layers: 12 },
    ];
    const obs = shapes.map((s) => ({ ...s, measuredSec: truth.a * (s.weightSec + s.kvSec) + truth.m * s.attentionSec + truth.b * s.layers }));
    const cpu = fitGeneration(obs, 'compute');
    expect(cpu?.streamScale).toBeCloseTo(1.3, 6);
    expect(cpu?.kvScale).toBeCloseTo(1.3, 6);
    expect(cpu?.attentionScale).toBeCloseTo(30, 4);
    expect(cpu?.perLayerSec).toBeCloseTo(50e-6, 9);
    expect(cpu?.rms).toBeLessThan(1e-9);
    // The same measurements fitted as a GPU (depth costs bytes) leave a residual: the terms are not interchangeable.
    const gpu = fitGeneration(obs, 'bytes');
    expect(gpu?.attentionScale).toBe(0);
    expect(gpu?.rms).toBeGreaterThan(1e-3);
  });

  it('never returns a negative cost: a term that would be is dropped and the rest refitted', () => {
    // Measured exactly 1.2x the stream: the fixed costs are zero, and noise must not make one negative.
    const obs = [
      { weightSec: 1e-3, kvSec: 0, attentionSec: 0, layers: 8, measuredSec: 1.2e-3 * 1.01 },
      { weightSec: 5e-3, kvSec: 0, attentionSec: 0, layers: 24, measuredSec: 6e-3 * 0.99 },
      { weightSec: 3e-3, kvSec: 0, attentionSec: 0, layers: 12, measuredSec: 3.6e-3 },
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
      { formulaSec: 1e-3, streamSec: 0.01e-3, expertSec: 0, layers: 8, measuredSec: 0.5e-3 + 8 * 20e-6 },
      { formulaSec: 4e-3, streamSec: 0.02e-3, expertSec: 0, layers: 12, measuredSec: 2e-3 + 12 * 20e-6 },
      { formulaSec: 1.5e-3, streamSec: 0.03e-3, expertSec: 0, layers: 24, measuredSec: 0.75e-3 + 24 * 20e-6 },
    ]);
    expect(p?.promptScale).toBeCloseTo(0.5, 9);
    expect(p?.promptPerLayerSec).toBeCloseTo(20e-6, 12);
    expect(p?.promptStreamScale).toBe(0);
    expect(p?.rms).toBeCloseTo(0, 9);
    expect(spreadOf(0)).toBe(0.06);
    expect(spreadOf(0.1)).toBeCloseTo(0.2, 9);
    expect(spreadOf(1)).toBe(0.35);
  });

  it("on a CPU, fits the prompt's bytes term: a shape with more bytes per FLOP (Q8_0) runs slower per FLOP", () => {
    const obs = [
      { formulaSec: 1e-3, streamSec: 0.02e-3, expertSec: 0, layers: 8 },
      { formulaSec: 2e-3, streamSec: 0.08e-3, expertSec: 0, layers: 24 },
      { formulaSec: 4e-3, streamSec: 0.09e-3, expertSec: 0, layers: 12 },
    ].map((o) => ({ ...o, measuredSec: 0.4 * o.formulaSec + 5 * o.streamSec }));
    const p = fitPrompt(obs, 'cpu');
    expect(p?.promptScale).toBeCloseTo(0.4, 8);
    expect(p?.promptStreamScale).toBeCloseTo(5, 6);
    expect(p?.promptPerLayerSec).toBe(0);
    expect(p?.promptExpertScale).toBe(1);
  });

  it('sets the experts\' prompt efficiency from a mixture-of-experts shape, after the dense shapes set the rest', () => {
    const truth = { p: 0.4, r: 5, e: 1.8 };
    const shapes = [
      { formulaSec: 1e-3, streamSec: 0.02e-3, expertSec: 0, layers: 8 },
      { formulaSec: 2e-3, streamSec: 0.08e-3, expertSec: 0, layers: 24 },
      { formulaSec: 4e-3, streamSec: 0.09e-3, expertSec: 0, layers: 12 },
      { formulaSec: 1.6e-3, streamSec: 0.03e-3, expertSec: 1.2e-3, layers: 8 },
    ];
    const obs = shapes.map((o) => ({ ...o, measuredSec: truth.p * (o.formulaSec + (truth.e - 1) * o.expertSec) + truth.r * o.streamSec }));
    const p = fitPrompt(obs, 'cpu');
    expect(p?.promptScale).toBeCloseTo(0.4, 8);
    expect(p?.promptExpertScale).toBeCloseTo(1.8, 6);
    expect(p?.rms).toBeLessThan(1e-9);
    // Without it the dense fit would put the MoE shape 1.8x off on its expert part: the rms says so.
    const plain = fitPrompt(obs.slice(0, 3), 'cpu');
    const moe = obs[3];
    if (!plain || !moe) throw new Error('fit');
    const predicted = plain.promptScale * moe.formulaSec + plain.promptStreamScale * moe.streamSec;
    expect(moe.measuredSec / predicted).toBeGreaterThan(1.3);
  });

  it('has nothing to fit without measurements, or with zero speeds', () => {
    expect(fitGeneration([])).toBeNull();
    expect(fitPrompt([{ formulaSec: 1e-3, streamSec: 0, expertSec: 0, layers: 4, measuredSec: Infinity }])).toBeNull();
  });
});
