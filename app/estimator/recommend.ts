import type { Estimate, EstimateOptions, FitKind } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelSpec } from '../domain/model';
import { FIT_MARGIN_BYTES } from './devices';
import { estimate } from './estimate';
import { QUANT_TYPES } from './quant-types';
import type { QuantType } from './quant-types';

export type RecommendGoal = 'quality' | 'speed' | 'context';

/** Goal "quality": the slowest generation still worth ranking first (the CLI's --min-speed default, the UI's label). */
export const DEFAULT_MIN_TOKENS_PER_SEC = 10;

/** Goals "speed" and "context": models smaller than this rank after the rest (issue #10: a 0.6B model topped "speed"). */
export const MIN_TOP_PARAMS = 1e9;

export interface RecommendOptions {
  readonly estimate: EstimateOptions;
  readonly quantIds: readonly string[];
  readonly goal: RecommendGoal;
  /** With goal "quality": the slowest generation speed still acceptable. */
  readonly minTokensPerSec: number;
}

export interface Recommendation {
  readonly model: ModelSpec;
  /** The chosen quantization's estimate, or null when nothing fits. */
  readonly best: Estimate | null;
  /** Every quantization considered, best quality first. */
  readonly options: readonly Estimate[];
  /** Goal "quality": no quantization reaches minTokensPerSec; `best` is then the fastest that runs. */
  readonly belowMinSpeed: boolean;
}

/** The least free memory on any GPU the estimate uses (Infinity without one). */
function gpuSpare(e: Estimate): number {
  let spare = Infinity;
  for (const d of e.memory.devices) if (d.usedBytes > 0) spare = Math.min(spare, d.capacityBytes - d.usedBytes);
  return spare;
}

const RUNNABLE: ReadonlySet<FitKind> = new Set(['full-gpu', 'partial', 'cpu-only']);
const FIT_RANK: Readonly<Record<FitKind, number>> = { 'full-gpu': 0, partial: 1, 'cpu-only': 2, disk: 3, none: 4 };

export function isRunnable(e: Estimate): boolean {
  return RUNNABLE.has(e.fit);
}

function quantsFor(ids: readonly string[]): QuantType[] {
  const wanted = new Set(ids);
  return QUANT_TYPES.filter((q) => wanted.has(q.id)).sort((a, b) => a.meanKld - b.meanKld);
}

/**
 * For one model: the best quantization that runs with the requested context. "quality" takes the
 * lowest KL divergence whose generation speed reaches the minimum (or the fastest runnable one when
 * none does); "speed" takes the fastest runnable; "context" the one with the smallest memory.
 */
export function recommendModel(profile: HardwareProfile, model: ModelSpec, o: RecommendOptions): Recommendation {
  const estimates: Estimate[] = [];
  for (const q of quantsFor(o.quantIds)) {
    const r = estimate(profile, model, q, o.estimate);
    if (r.ok) estimates.push(r.value);
  }
  const runnable = estimates.filter(isRunnable);
  // Ollama's devices already keep its 1 GiB --fit target out of their capacity: no second margin on top.
  const comfort = o.estimate.runtime === 'ollama' ? 0 : FIT_MARGIN_BYTES;
  const speed = (e: Estimate) => e.speed?.generationTokensPerSec.value ?? 0;
  let best: Estimate | null = null;
  if (runnable.length > 0) {
    if (o.goal === 'quality') {
      const bestFit = Math.min(...runnable.map((e) => FIT_RANK[e.fit]));
      // Prefer a pick that leaves llama.cpp's own --fit margin free (1 GiB): a quantization that fits with
      // 100 MiB to spare crashes as soon as a browser or the desktop takes a little more VRAM.
      best =
        runnable.find((e) => speed(e) >= o.minTokensPerSec && FIT_RANK[e.fit] === bestFit && gpuSpare(e) >= comfort) ??
        runnable.find((e) => speed(e) >= o.minTokensPerSec && FIT_RANK[e.fit] === bestFit) ??
        runnable.find((e) => speed(e) >= o.minTokensPerSec) ??
        [...runnable].sort((a, b) => speed(b) - speed(a))[0] ??
        null;
    } else if (o.goal === 'speed') {
      best = [...runnable].sort((a, b) => speed(b) - speed(a))[0] ?? null;
    } else {
      best = [...runnable].sort((a, b) => a.memory.totalBytes - b.memory.totalBytes)[0] ?? null;
    }
  }
  // An unknown speed (a GPU missing from the table) is not "below" anything.
  const belowMinSpeed = o.goal === 'quality' && best !== null && best.speed !== null && speed(best) < o.minTokensPerSec;
  return { model, best, options: estimates, belowMinSpeed };
}

/**
 * Ranks models. Goal "quality": models that reach the minimum speed first, whether fully on the GPU or
 * partly offloaded (a 120B MoE at 25 tok/s with its experts in RAM outranks a 0.5B model on the GPU),
 * then those that run below it, then those that do not run. Goals "speed" and "context": runnable ones first,
 * full GPU before partial before CPU. Within a rank: by the catalog's quality score where both have one, then
 * by parameter count (bigger models of one generation score higher on every public leaderboard); "speed" by speed.
 */
/**
 * Size as a quality proxy when leaderboard scores are missing: a dense model's parameters; for a mixture of
 * experts the geometric mean of total and active parameters, the community rule of thumb for its dense
 * equivalent (Mixtral 8x7B, 46.7B total / 12.9B active, behaves like a ~25B dense model, not a 47B one).
 */
export function effectiveParams(m: Pick<ModelSpec, 'architecture' | 'parameters'>): number {
  return m.architecture.moe ? Math.sqrt(m.parameters.total * m.parameters.active) : m.parameters.total;
}

/** A model's quality key: its leaderboard score, or the score its size predicts (`estimated`). */
export interface QualityScore {
  readonly score: number;
  /** True when the catalog has no score for the model and the key is the size-based prediction. */
  readonly estimated: boolean;
  /**
   * "measured": an LMArena text score; "converted": an Artificial Analysis index converted into LMArena Elo by the
   * documented fit (the entry's `quality.convertedFrom`); "estimated": the size-based prediction.
   */
  readonly basis: 'measured' | 'converted' | 'estimated';
}

/** The one leaderboard metric the ranking reads; entries scored in another metric count as unscored. */
export const RANKING_QUALITY_METRIC = 'lmarena-text-elo';

/**
 * One quality key per model, so the ranking is a consistent order: the model's leaderboard score where the
 * catalog has one (one metric: LMArena text Elo, one snapshot, or an Artificial Analysis index converted into it
 * by the fit in docs/estimator.md, `basis: 'converted'`), else the score its size predicts, from a
 * least-squares line of score against log10(effective parameters) over the catalog's scored models, marked
 * `estimated` so a view can show it as such. Without enough scored models the key is log10(effective parameters).
 *
 * @example qualityScores(models).get(model) // { score: 1346, estimated: false, basis: 'measured' }
 */
export function qualityScores(models: readonly ModelSpec[]): Map<ModelSpec, QualityScore> {
  const scored = models.filter((m) => m.quality?.metric === RANKING_QUALITY_METRIC);
  const x = (m: ModelSpec) => Math.log10(effectiveParams(m));
  const keys = new Map<ModelSpec, QualityScore>();
  if (scored.length < 5) {
    for (const m of models) keys.set(m, { score: x(m), estimated: true, basis: 'estimated' });
    return keys;
  }
  const mx = scored.reduce((s, m) => s + x(m), 0) / scored.length;
  const my = scored.reduce((s, m) => s + (m.quality?.score ?? 0), 0) / scored.length;
  const sxy = scored.reduce((s, m) => s + (x(m) - mx) * ((m.quality?.score ?? 0) - my), 0);
  const sxx = scored.reduce((s, m) => s + (x(m) - mx) ** 2, 0);
  const slope = sxx > 0 ? sxy / sxx : 0;
  for (const m of models)
    keys.set(
      m,
      m.quality?.metric === RANKING_QUALITY_METRIC
        ? { score: m.quality.score, estimated: false, basis: m.quality.convertedFrom ? 'converted' : 'measured' }
        : { score: my + slope * (x(m) - mx), estimated: true, basis: 'estimated' },
    );
  return keys;
}

export function recommendAll(profile: HardwareProfile, models: readonly ModelSpec[], o: RecommendOptions): Recommendation[] {
  const recs = models.map((m) => recommendModel(profile, m, o));
  const quality = qualityScores(models);
  // "Speed" and "most room for context" would otherwise put a sub-1B model (fast and small, but rarely what anyone
  // wants) or one run beyond the context it was trained for (its quality falls apart) first: they follow the others.
  const demoted = (r: Recommendation) =>
    r.best !== null && (r.model.parameters.total < MIN_TOP_PARAMS || r.best.contextTokens > r.model.nativeContextTokens) ? 3 : 0;
  const rank = (r: Recommendation) => (!r.best ? 9 : o.goal === 'quality' ? (r.belowMinSpeed ? 1 : 0) : demoted(r) + FIT_RANK[r.best.fit]);
  return recs.sort((a, b) => {
    const byFit = rank(a) - rank(b);
    if (byFit !== 0) return byFit;
    if (o.goal === 'speed') return (b.best?.speed?.generationTokensPerSec.value ?? 0) - (a.best?.speed?.generationTokensPerSec.value ?? 0);
    // "Most room for context": the most memory left free first.
    if (o.goal === 'context') return (b.best?.memory.headroomBytes ?? 0) - (a.best?.memory.headroomBytes ?? 0);
    const byQuality = (quality.get(b.model)?.score ?? 0) - (quality.get(a.model)?.score ?? 0);
    if (byQuality !== 0) return byQuality;
    const bySize = b.model.parameters.total - a.model.parameters.total;
    return bySize !== 0 ? bySize : a.model.id.localeCompare(b.model.id);
  });
}

/**
 * The largest context (a multiple of 256, up to the model's native length) at which the fit stays
 * at least as good as `required`. Binary search: memory grows monotonically with context.
 */
export function maxContext(profile: HardwareProfile, model: ModelSpec, quant: QuantType, base: EstimateOptions, required: FitKind): number {
  const ok = (ctx: number) => {
    const r = estimate(profile, model, quant, { ...base, contextTokens: ctx, depthTokens: Math.min(base.depthTokens, ctx) });
    return r.ok && FIT_RANK[r.value.fit] <= FIT_RANK[required];
  };
  const step = 256;
  let lo = 0;
  let hi = Math.floor(model.nativeContextTokens / step);
  if (hi === 0 || !ok(step)) return 0;
  if (ok(hi * step)) return model.nativeContextTokens;
  lo = 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid * step)) lo = mid;
    else hi = mid;
  }
  return lo * step;
}
