import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCatalog, findModel } from '../../../../app/catalog/models';
import { AA_INDEX, AA_INDEX_METRIC, AA_INDEX_SOURCE } from '../../../../app/catalog/aa-index';
import { AA4_INDEX, AA4_INDEX_METRIC, AA4_INDEX_SOURCE } from '../../../../app/catalog/aa4-index';
import { AA4J_INDEX, AA4J_INDEX_METRIC, AA4J_INDEX_SOURCE } from '../../../../app/catalog/aa4-june-index';
import { OLL_INDEX, OLL_INDEX_METRIC, OLL_INDEX_SOURCE } from '../../../../app/catalog/oll-index';
import { RELE_INDEX, RELE_INDEX_METRIC, RELE_INDEX_SOURCE } from '../../../../app/catalog/rele-index';
import { SWALLOW_INDEX, SWALLOW_INDEX_METRIC, SWALLOW_INDEX_SOURCE } from '../../../../app/catalog/swallow-index';
import { RANKING_QUALITY_METRIC, effectiveParams, qualityScores } from '../../../../app/estimator/recommend';

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
    const small = findModel('qwen2.5-vl-7b-instruct');
    const big = findModel('qwen2.5-vl-32b-instruct');
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

  // Each second source converts by one line fitted over the models it and LMArena both score (measured rows only).
  const sources = [
    { name: 'Artificial Analysis', index: AA_INDEX, metric: AA_INDEX_METRIC, source: AA_INDEX_SOURCE, minModels: 40 },
    { name: 'Artificial Analysis v4', index: AA4_INDEX, metric: AA4_INDEX_METRIC, source: AA4_INDEX_SOURCE, minModels: 50 },
    { name: 'Artificial Analysis v4.0 of 2026-06-15', index: AA4J_INDEX, metric: AA4J_INDEX_METRIC, source: AA4J_INDEX_SOURCE, minModels: 50 },
    { name: 'Open LLM Leaderboard v2', index: OLL_INDEX, metric: OLL_INDEX_METRIC, source: OLL_INDEX_SOURCE, minModels: 10 },
    { name: 'Swallow LLM Leaderboard', index: SWALLOW_INDEX, metric: SWALLOW_INDEX_METRIC, source: SWALLOW_INDEX_SOURCE, minModels: 15 },
    { name: 'ReLE', index: RELE_INDEX, metric: RELE_INDEX_METRIC, source: RELE_INDEX_SOURCE, minModels: 15 },
  ];
  // Least squares by the normal equations, written here apart from scripts/quality-convert.ts.
  const solve = (rows: number[][], y: number[]): number[] => {
    const k = rows[0]?.length ?? 0;
    const a = Array.from({ length: k }, (_, i) => Array.from({ length: k + 1 }, (_, j) => rows.reduce((s, r, ri) => s + (r[i] ?? 0) * (j < k ? (r[j] ?? 0) : (y[ri] ?? 0)), 0)));
    for (let c = 0; c < k; c++)
      for (let r = 0; r < k; r++) {
        if (r === c) continue;
        const f = (a[r]?.[c] ?? 0) / (a[c]?.[c] ?? 1);
        for (let j = 0; j <= k; j++) (a[r] as number[])[j] = (a[r]?.[j] ?? 0) - f * (a[c]?.[j] ?? 0);
      }
    return a.map((row, i) => (row[k] ?? 0) / (row[i] ?? 1));
  };
  const size = (m: (typeof models)[number]) => Math.log10(effectiveParams(m));

  for (const src of sources) {
    it(`converts each ${src.name} score by the one least-squares fit over the models both leaderboards score`, () => {
      const converted = models.filter((m) => m.quality?.convertedFrom?.metric === src.metric);
      expect(converted.length).toBeGreaterThan(0);
      // The fit scripts/quality-convert.ts writes: measured LMArena Elo against the source's score (and, where it
      // predicts better, log10 of the effective parameters), least squares over the measured rows only.
      const stated = /^Elo = (-?[\d.]+) \+ ([\d.]+) × (\w+)(?: \+ ([\d.]+) × log10\(effective parameter count\))? over (\d+) models, R² (\d\.\d+)(?: \(\3 alone (\d\.\d+)\))?(?=$|; )/.exec(
        converted[0]?.quality?.convertedFrom?.fit ?? '',
      );
      expect(stated, src.name).not.toBeNull();
      const withSize = stated?.[4] !== undefined;
      const points = models.flatMap((m) => {
        const row = src.index[m.id];
        return row && m.quality?.metric === RANKING_QUALITY_METRIC && !m.quality.convertedFrom ? [{ x: row.score, p: size(m), y: m.quality.score }] : [];
      });
      expect(points.length).toBeGreaterThanOrEqual(src.minModels);
      expect(Number(stated?.[5])).toBe(points.length);
      type Q = { x: number; p: number; y: number };
      const one = (q: Pick<Q, 'x' | 'p'>) => [1, q.x];
      const two = (q: Pick<Q, 'x' | 'p'>) => [1, q.x, q.p];
      const form = withSize ? two : one;
      const at = (c: number[], f: typeof one, q: Pick<Q, 'x' | 'p'>) => f(q).reduce((a, v, i) => a + v * (c[i] ?? 0), 0);
      const r2Of = (f: typeof one) => {
        const c = solve(points.map(f), points.map((q) => q.y));
        const my = points.reduce((s, q) => s + q.y, 0) / points.length;
        return 1 - points.reduce((s, q) => s + (q.y - at(c, f, q)) ** 2, 0) / points.reduce((s, q) => s + (q.y - my) ** 2, 0);
      };
      const looRmse = (f: typeof one) =>
        Math.sqrt(
          points.reduce((s, q, i) => {
            const rest = points.filter((_, j) => j !== i);
            return s + (q.y - at(solve(rest.map(f), rest.map((r) => r.y)), f, q)) ** 2;
          }, 0) / points.length,
        );
      const c = solve(points.map(form), points.map((q) => q.y));
      expect(c[0]).toBeCloseTo(Number(stated?.[1]), 0);
      expect(c[1]).toBeCloseTo(Number(stated?.[2]), 2);
      if (withSize) expect(c[2]).toBeCloseTo(Number(stated?.[4]), 1);
      // Both coefficients positive: a better score and a bigger model never predict less.
      expect(c.slice(1).every((v) => v > 0)).toBe(true);
      expect(r2Of(form)).toBeCloseTo(Number(stated?.[6]), 2);
      // The project's rule for a second source: its own score explains Elo, R² at least 0.5 of the one-variable
      // line over at least 10 shared models, whatever the size term adds.
      expect(r2Of(one)).toBeGreaterThanOrEqual(0.5);
      if (withSize) expect(r2Of(one)).toBeCloseTo(Number(stated?.[7]), 2);
      // The form kept is the one that predicts a model it did not see better.
      expect(looRmse(form)).toBeLessThanOrEqual(Math.min(looRmse(one), looRmse(two)));
      // A row above the fitted range is converted at its top, and its fit says so (scripts/quality-convert.ts).
      // and no conversion above the highest measured Elo of the fit (scripts/quality-convert.ts)
      const xMax = Math.max(...points.map((q) => q.x));
      const yMax = Math.max(...points.map((q) => q.y));
      const baseFit = stated?.[0] ?? '';
      for (const m of converted) {
        const q = m.quality?.convertedFrom;
        const above = (q?.score ?? 0) > xMax;
        const line = Math.round(form({ x: Math.min(q?.score ?? 0, xMax), p: size(m) }).reduce((a, v, i) => a + v * (c[i] ?? 0), 0));
        const notes = [
          ...(above ? [`${q?.score} is above the highest fitted ${stated?.[3]} (${xMax}), so it is converted at ${xMax}, not extrapolated`] : []),
          ...(line > yMax ? [`the line gives ${line}, above the highest measured Elo it was fitted on, so it is capped at ${yMax}`] : []),
        ];
        expect(q?.score, m.id).toBe(src.index[m.id]?.score);
        expect(q?.row, m.id).toBe(src.index[m.id]?.row);
        expect(q?.fit, m.id).toBe([baseFit, ...notes].join('; '));
        expect(m.quality?.source, m.id).toBe(src.source);
        expect(m.quality?.asOf, m.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(m.quality?.score, m.id).toBe(Math.min(line, yMax));
      }
    });
  }

  it('converts a row above the fitted range at its top instead of extrapolating (Qwen3.8 27B: AA v4 33.7, fitted up to 27.9)', () => {
    const q38 = findModel('qwen3.8-27b');
    expect(q38?.quality?.convertedFrom?.score).toBe(33.7);
    expect(q38?.quality?.convertedFrom?.fit).toMatch(/33\.7 is above the highest fitted index \(27\.9\), so it is converted at 27\.9/);
    // Extrapolated, the line would put this 27B model at 1495, above every measured model in the catalog.
    const measuredTop = Math.max(...models.filter((m) => m.quality && !m.quality.convertedFrom).map((m) => m.quality?.score ?? 0));
    expect(q38?.quality?.score ?? 0).toBeLessThan(measuredTop);
  });

  it('ranks no converted model above every measured one (Kimi K2.7 Code: the size term gave 1475, capped at the fit\'s measured top)', () => {
    const measuredTop = Math.max(...models.filter((m) => m.quality && !m.quality.convertedFrom).map((m) => m.quality?.score ?? 0));
    for (const m of models.filter((x) => x.quality?.convertedFrom)) expect(m.quality?.score ?? 0, m.id).toBeLessThanOrEqual(measuredTop);
    expect(findModel('kimi-k2.7-code')?.quality?.convertedFrom?.fit).toMatch(/the line gives 1475, above the highest measured Elo it was fitted on, so it is capped at 1469/);
  });

  it('converts small models below the one-line conversion where the size term is used (AA v3: Granite 4.0 350M)', () => {
    const granite = findModel('granite-4.0-350m');
    const llama1b = findModel('llama-3.2-1b-instruct');
    // The one-line AA v3 conversion put a 0.35B model at 1239 Elo, 128 above the measured Llama 3.2 1B (1111).
    expect(granite?.quality?.convertedFrom?.fit).toMatch(/log10\(effective parameter count\)/);
    expect((granite?.quality?.score ?? 0) - (llama1b?.quality?.score ?? 0)).toBeLessThan(60);
  });

  it('takes each converted score from the first source, in order of preference, with a row for the model, and converts nothing else', () => {
    // `sources` lists them in the order scripts/quality-convert.ts prefers them: AA v3, AA v4 (2026-10-07), AA v4.0
    // (2026-06-15), the Open LLM Leaderboard, Swallow, ReLE.
    for (const m of models) {
      const c = m.quality?.convertedFrom;
      if (c) expect(c.metric, m.id).toBe(sources.find((src) => src.index[m.id])?.metric);
    }
    // Every row of a model without a measured score converts it, unless an earlier source has a row for it.
    for (const [i, src] of sources.entries())
      for (const id of Object.keys(src.index)) {
        const m = findModel(id);
        expect(m, id).toBeDefined();
        if (!m || (m.quality && !m.quality.convertedFrom) || sources.slice(0, i).some((e) => e.index[id])) continue;
        expect(m.quality?.convertedFrom?.metric, id).toBe(src.metric);
      }
  });

  it('keeps measured LMArena rows from one snapshot and cites the copy of its source for every converted score', () => {
    const measured = models.filter((m) => m.quality && !m.quality.convertedFrom);
    expect(new Set(measured.map((m) => m.quality?.asOf))).toEqual(new Set(['2026-07-30']));
    expect(new Set(measured.map((m) => m.quality?.source)).size).toBe(1);
    for (const m of models) if (m.quality?.convertedFrom) expect(sources.map((src) => src.source), m.id).toContain(m.quality.source);
  });

  it('pins every score to a dated, commit-pinned copy of its leaderboard, and every conversion to a sound fit', () => {
    const pinned = /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\//;
    for (const m of models) {
      if (!m.quality) continue;
      expect(m.quality.source, m.id).toMatch(pinned);
      expect(m.quality.asOf, m.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const c = m.quality.convertedFrom;
      if (!c) continue;
      expect(c.dateSource, m.id).toMatch(pinned);
      // A second source is used only when its own score explains measured Elo: R² at least 0.5 over at least 10
      // models, of the score alone where the fit adds the size term.
      const fit = /over (\d+) models, R² (\d\.\d+)(?: \(\w+ alone (\d\.\d+)\))?/.exec(c.fit);
      expect(fit, m.id).not.toBeNull();
      expect(Number(fit?.[1]), m.id).toBeGreaterThanOrEqual(10);
      expect(Number(fit?.[3] ?? fit?.[2]), m.id).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('states in docs/estimator.md the coverage the catalog has, and the size fallback for the rest', () => {
    const docs = readFileSync(resolve(__dirname, '../../../../docs/estimator.md'), 'utf8').replace(/\s+/g, ' ');
    const measured = models.filter((m) => m.quality && !m.quality.convertedFrom).length;
    const converted = models.filter((m) => m.quality?.convertedFrom).length;
    const unscored = models.filter((m) => !m.quality).length;
    const pct = (n: number) => Math.round((n / models.length) * 100);
    const stated = /Coverage \([^,]+, (\d+) models\): (\d+) measured \((\d+) %\), (\d+) converted \((\d+) %\), together (\d+) \((\d+) %\); (\d+) \((\d+) %\) on the size fallback/.exec(docs);
    expect(stated, 'the coverage sentence of the ranking section').not.toBeNull();
    expect(stated?.slice(1).map(Number)).toEqual([
      models.length,
      measured,
      pct(measured),
      converted,
      pct(converted),
      measured + converted,
      pct(measured + converted),
      unscored,
      pct(unscored),
    ]);
    expect(docs).toContain(`Converted (${converted}):`);
    // The README's front-door sentence carries the same counts.
    const readme = readFileSync(resolve(__dirname, '../../../../README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`LMArena text Elo of ${measured} of its ${models.length} models, and for ${converted} more`);
    expect(readme).toContain(`the other ${unscored} rank by the score their size predicts`);
    expect(docs).toContain(`Fallback (${unscored} models, ${pct(unscored)} %)`);
    // The fallback is what a model without a score is ranked by, marked as such.
    for (const m of models) if (!m.quality) expect(keys.get(m)?.basis, m.id).toBe('estimated');
  });
});
