import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../../app/catalog/models';
import { gpuIndex } from '../../../../app/catalog/gpus';
import { profileFromSpec } from '../../../../app/catalog/what-if';
import { DEFAULT_OPTIONS } from '../../../../app/estimator/estimate';
import { recommendedQuantIds } from '../../../../app/estimator/quant-types';
import { MIN_TOP_PARAMS, recommendAll } from '../../../../app/estimator/recommend';
import type { RecommendGoal } from '../../../../app/estimator/recommend';

const GIB = 1024 ** 3;

function rank(goal: RecommendGoal, contextTokens: number) {
  const p = profileFromSpec(gpuIndex(), { gpuNames: ['RTX 4090'], ramBytes: 64 * GIB, ramBandwidthBytesPerSec: 80e9 }, '2026-11-28T00:00:00Z');
  if (!p.ok) throw new Error(p.error.message);
  return recommendAll(p.value, builtInCatalog().models, {
    estimate: { ...DEFAULT_OPTIONS, useFreeVram: false, contextTokens },
    quantIds: recommendedQuantIds('llama.cpp'),
    goal,
    minTokensPerSec: 10,
  });
}

describe('recommendAll: what may come first', () => {
  for (const goal of ['speed', 'context'] as const) {
    it(`"${goal}" puts no sub-1B model and no model beyond its trained context above a model that is neither`, () => {
      const recs = rank(goal, 65536).filter((r) => r.best);
      const bad = (i: number) => {
        const r = recs[i];
        return r !== undefined && r.best !== null && (r.model.parameters.total < MIN_TOP_PARAMS || r.best.contextTokens > r.model.nativeContextTokens);
      };
      // The catalog has such models (else the test proves nothing), and none ranks before a normal one.
      expect(recs.some((_, i) => bad(i))).toBe(true);
      const firstBad = recs.findIndex((_, i) => bad(i));
      expect(recs.slice(firstBad).every((_, j) => bad(firstBad + j))).toBe(true);
    });
  }
});
