import { describe, expect, it } from 'vitest';
import { builtInCatalog, findModel } from '../../../../app/catalog/models';
import { AA_INDEX, AA_INDEX_METRIC, AA_INDEX_SOURCE } from '../../../../app/catalog/aa-index';
import { RANKING_QUALITY_METRIC, qualityScores } from '../../../../app/estimator/recommend';

describe('the catalog quality scores and the size-based fallback the ranking uses', () => {
  const models = builtInCatalog().models;
  const keys = qualityScores(models);

  it('uses a model’s own score where the catalog has one, and marks every other key as estimated', () => {
    for (const m of models) {
      const k = keys.get(m);
      expect(k, m.id).toBeDefined();
      if (m.quality) expect(k, m.id).toEqual({ score: m.quality.score, estimated: false, basis: m.quality.convertedFrom ? 'converted' : 'measured' });
      else expect(k, m.id).toMatchObject({ estimated: true, basis: 'estimated' });
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

  it('converts each Artificial Analysis score by the one line fitted over the models both leaderboards score', () => {
    // The fit scripts/quality-convert.ts writes: measured LMArena Elo against the AA index, least squares.
    const pairs = models.flatMap((m) => {
      const aa = AA_INDEX[m.id];
      return aa && m.quality?.metric === RANKING_QUALITY_METRIC && !m.quality.convertedFrom ? [{ x: aa.score, y: m.quality.score }] : [];
    });
    expect(pairs.length).toBeGreaterThanOrEqual(40);
    const mx = pairs.reduce((s, p) => s + p.x, 0) / pairs.length;
    const my = pairs.reduce((s, p) => s + p.y, 0) / pairs.length;
    const slope = pairs.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / pairs.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(0);
    const converted = models.filter((m) => m.quality?.convertedFrom);
    expect(converted.length).toBeGreaterThan(0);
    for (const m of converted) {
      const c = m.quality?.convertedFrom;
      expect(c?.metric, m.id).toBe(AA_INDEX_METRIC);
      expect(c?.score, m.id).toBe(AA_INDEX[m.id]?.score);
      expect(c?.row, m.id).toBe(AA_INDEX[m.id]?.row);
      expect(m.quality?.asOf, m.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(m.quality?.score, m.id).toBe(Math.round(my + slope * ((c?.score ?? 0) - mx)));
    }
  });

  it('keeps measured LMArena rows from one snapshot and cites the AA copy for every converted score', () => {
    const measured = models.filter((m) => m.quality && !m.quality.convertedFrom);
    expect(new Set(measured.map((m) => m.quality?.asOf))).toEqual(new Set(['2026-07-30']));
    expect(new Set(measured.map((m) => m.quality?.source)).size).toBe(1);
    for (const m of models) if (m.quality?.convertedFrom) expect(m.quality.source, m.id).toBe(AA_INDEX_SOURCE);
  });
});
