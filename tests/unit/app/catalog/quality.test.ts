import { describe, expect, it } from 'vitest';
import { builtInCatalog, findModel } from '../../../../app/catalog/models';
import { qualityScores } from '../../../../app/estimator/recommend';

describe('the catalog quality scores and the size-based fallback the ranking uses', () => {
  const models = builtInCatalog().models;
  const keys = qualityScores(models);

  it('uses a model’s own score where the catalog has one, and marks every other key as estimated', () => {
    for (const m of models) {
      const k = keys.get(m);
      expect(k, m.id).toBeDefined();
      if (m.quality) expect(k, m.id).toEqual({ score: m.quality.score, estimated: false });
      else expect(k?.estimated, m.id).toBe(true);
    }
  });

  it('predicts a higher score for a bigger unscored model of the same kind', () => {
    const small = findModel('qwen2.5-0.5b-instruct');
    const big = findModel('qwen2.5-14b-instruct');
    expect(small?.quality).toBeNull();
    expect(big?.quality).toBeNull();
    if (!small || !big) return;
    expect(keys.get(big)?.score ?? 0).toBeGreaterThan(keys.get(small)?.score ?? 0);
  });

  it('keeps estimated keys inside the range of real scores, so a guess never outranks every measured model', () => {
    const real = models.flatMap((m) => (m.quality ? [m.quality.score] : []));
    const top = Math.max(...real);
    for (const m of models) if (!m.quality) expect(keys.get(m)?.score ?? 0, m.id).toBeLessThan(top + 100);
  });

  it('gives the same keys whatever order the catalog comes in', () => {
    const reversed = qualityScores([...models].reverse());
    for (const m of models) {
      expect(reversed.get(m)?.estimated, m.id).toBe(keys.get(m)?.estimated);
      expect(reversed.get(m)?.score ?? 0, m.id).toBeCloseTo(keys.get(m)?.score ?? 0, 6);
    }
  });
});
