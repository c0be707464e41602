import type { ModelSpec } from '../domain/model';

/** Display names of the leaderboard metrics a catalog entry can carry (docs/estimator.md, ranking). */
const METRIC_NAMES: Readonly<Record<string, string>> = {
  'lmarena-text-elo': 'LMArena Elo',
  'aa-intelligence-index-v3': 'Artificial Analysis Intelligence Index v3',
  'aa-intelligence-index-v4': 'Artificial Analysis Intelligence Index v4',
  'aa-intelligence-index-v4.0': 'Artificial Analysis Intelligence Index v4.0',
  'open-llm-leaderboard-v2-average': 'Open LLM Leaderboard v2 average',
  'swallow-en-post-average': 'Swallow LLM Leaderboard English average',
  'rele-total-accuracy': 'ReLE (Chinese LLM benchmark) total accuracy',
};

/** The clause for a model the ranking keys by its size, not by a leaderboard score (`basis: 'estimated'`). */
export const SIZE_FALLBACK_RANKED_BY = 'ranked by the score its size predicts, a fallback';

/** What ranks a model on quality, in words: a few for a table cell, a sentence for details and reports. */
export interface QualityText {
  readonly short: string;
  readonly long: string;
  /** A clause for a report's pick: what ranked it ("ranked by LMArena Elo 1366"). */
  readonly rankedBy: string;
}

/**
 * Says which kind of number ranks a model on quality, the three `basis` values of `qualityScores()`: a measured
 * leaderboard score, a score converted from another leaderboard (marked, with the row and the fit), or no score at
 * all, where the ranking falls back to the score the model's size predicts (marked as a fallback).
 *
 * @example qualityText(qwen3Coder30b).short // "LMArena Elo ≈1328 (converted)"
 */
export function qualityText(m: ModelSpec): QualityText {
  const q = m.quality;
  if (!q) {
    return {
      short: `${(m.parameters.total / 1e9).toFixed(1)}B, no score`,
      long: 'Quality: no leaderboard score in the catalog, so it is ranked by the score its size predicts (a fallback, not a measurement).',
      rankedBy: `no leaderboard score, ${SIZE_FALLBACK_RANKED_BY}`,
    };
  }
  const metric = METRIC_NAMES[q.metric] ?? q.metric;
  const score = Math.round(q.score);
  const c = q.convertedFrom;
  if (!c) return { short: `${metric} ${score}`, long: `Quality: ${metric} ${score}${q.asOf ? ` (leaderboard of ${q.asOf})` : ''}.`, rankedBy: `ranked by ${metric} ${score}` };
  const from = METRIC_NAMES[c.metric] ?? c.metric;
  return {
    short: `${metric} ≈${score} (converted)`,
    long: `Quality: ${metric} ${score}, converted from the ${from} ${c.score} ("${c.row}"${q.asOf ? `, ${q.asOf}` : ''}) by ${c.fit}; no ${metric} of its own.`,
    rankedBy: `ranked by ${metric} ≈${score}, converted from the ${from}`,
  };
}
