import type { Estimate } from '../../../app/domain/estimate';
import type { ModelSpec } from '../../../app/domain/model';
import type { Recommendation } from '../../../app/estimator/recommend';

export type CompareGroup = 'only-there' | 'both' | 'only-here';

export interface CompareRow {
  readonly model: ModelSpec;
  readonly here: Estimate | null;
  /** The other machine's estimate: the same quantization as here when it runs there, else its own best. */
  readonly there: Estimate | null;
  readonly sameQuant: boolean;
  readonly group: CompareGroup;
  /** Generation speed there over here (same quantization where possible); null unless both run with a known speed. */
  readonly speedUp: number | null;
}

export interface CompareSummary {
  readonly onlyThere: number;
  readonly onlyHere: number;
  readonly both: number;
  /** The median speed-up over the models both machines run; null when there are none. */
  readonly medianSpeedUp: number | null;
}

const usable = (e: Estimate | null, min: number): e is Estimate =>
  e !== null && e.fit !== 'disk' && e.fit !== 'none' && (e.speed === null || e.speed.generationTokensPerSec.value >= min);

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * What the other machine would give: the models only it runs (at the minimum speed) first, then those both run
 * (by speed-up, biggest first), then those only this machine runs; within "only there" the other machine's ranking.
 */
export function compareRows(here: readonly Recommendation[] | null, there: readonly Recommendation[], minTokensPerSec: number): { rows: CompareRow[]; summary: CompareSummary } {
  const hereById = new Map((here ?? []).map((r) => [r.model.id, r]));
  const rows: CompareRow[] = [];
  for (const t of there) {
    const h = hereById.get(t.model.id) ?? null;
    const hereBest = h && usable(h.best, minTokensPerSec) ? h.best : null;
    const same = hereBest ? (t.options.find((o) => o.quant === hereBest.quant && usable(o, minTokensPerSec)) ?? null) : null;
    const thereBest = same ?? (usable(t.best, minTokensPerSec) ? t.best : null);
    if (!hereBest && !thereBest) continue;
    const group: CompareGroup = hereBest && thereBest ? 'both' : thereBest ? 'only-there' : 'only-here';
    const hs = hereBest?.speed?.generationTokensPerSec.value;
    const ts = thereBest?.speed?.generationTokensPerSec.value;
    rows.push({ model: t.model, here: hereBest, there: thereBest, sameQuant: same !== null, group, speedUp: hs && ts ? ts / hs : null });
  }
  const order: Record<CompareGroup, number> = { 'only-there': 0, both: 1, 'only-here': 2 };
  const index = new Map(there.map((r, i) => [r.model.id, i]));
  rows.sort((a, b) => order[a.group] - order[b.group] || (a.group === 'both' ? (b.speedUp ?? 0) - (a.speedUp ?? 0) : 0) || (index.get(a.model.id) ?? 0) - (index.get(b.model.id) ?? 0));
  const count = (g: CompareGroup) => rows.filter((r) => r.group === g).length;
  const speedUps = rows.filter((r) => r.group === 'both' && r.speedUp !== null).map((r) => r.speedUp ?? 0);
  return { rows, summary: { onlyThere: count('only-there'), onlyHere: count('only-here'), both: count('both'), medianSpeedUp: median(speedUps) } };
}
