import { CORRECTION_LIMITS } from '../domain/calibration';

/**
 * Fits a machine's speed corrections to llama.cpp measurements (docs/estimator.md section 8).
 *
 * Generation time per token: t = a·W + k·K + b·L + c, where W is the formula's time to stream the weights, K its time
 * to read the KV cache at the measured depth (both without fixed costs), L the layers: a and k rescale the two
 * streams, b is a cost per layer (kernel launches, thread synchronisation), c a cost per token (graph building, the
 * output). Prompt time per token: p·P + q·L, P the formula's compute time, q a cost per layer per token (norms, rope,
 * activations, barriers: the work that is not a matrix product).
 *
 * Each equation is weighted by 1 / t (relative error), so a 0.1 GB model counts as much as a 5 GB one. No parameter
 * may be negative: a set of terms that gives a negative one is dropped for the next smaller set (the scales are always
 * kept), so an ill-conditioned set of measurements falls back to a simpler, still physical, model.
 */

export interface GenerationObservation {
  /** Seconds the formula gives for streaming the weights for one token (no fixed costs). */
  readonly weightSec: number;
  /** Seconds the formula gives for reading the KV cache at this depth. */
  readonly kvSec: number;
  readonly layers: number;
  /** Measured seconds per generated token. */
  readonly measuredSec: number;
}

export interface PromptObservation {
  /** Seconds per prompt token the formula gives without fixed costs. */
  readonly formulaSec: number;
  readonly layers: number;
  readonly measuredSec: number;
}

/** Solves the small normal equations A x = y by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], y: number[]): number[] | null {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    const p = m[pivot];
    const here = m[col];
    if (!p || !here || Math.abs(p[col] ?? 0) < 1e-12) return null;
    m[pivot] = here;
    m[col] = p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r];
      if (!row) continue;
      const f = (row[col] ?? 0) / (p[col] ?? 1);
      for (let k = col; k <= n; k++) row[k] = (row[k] ?? 0) - f * (p[k] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

/**
 * Weighted least squares over the columns `use` of each row (columns pre-scaled to unit size so the normal equations
 * stay well conditioned); x in the order of `use`.
 */
function leastSquares(rows: readonly (readonly number[])[], targets: readonly number[], use: readonly number[]): number[] | null {
  const n = use.length;
  const scale = use.map((k) => Math.max(...rows.map((r) => Math.abs(r[k] ?? 0))) || 1);
  const ata = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const aty = new Array<number>(n).fill(0);
  rows.forEach((r, ri) => {
    const t = targets[ri] ?? 1;
    const w = 1 / t;
    const row = use.map((k, i) => ((r[k] ?? 0) / (scale[i] ?? 1)) * w);
    const y = t * w;
    for (let i = 0; i < n; i++) {
      aty[i] = (aty[i] ?? 0) + (row[i] ?? 0) * y;
      const ai = ata[i];
      if (ai) for (let j = 0; j < n; j++) ai[j] = (ai[j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
    }
  });
  const x = solve(ata, aty);
  return x ? x.map((v, i) => v / (scale[i] ?? 1)) : null;
}

function rmsRelative(errors: readonly number[]): number {
  if (errors.length === 0) return 0;
  return Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
}

const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;

/** The range shown after calibration: twice the fit's RMS relative error, at least 6 % (run-to-run noise), at most 35 %. */
export function spreadOf(rms: number): number {
  return Math.min(0.35, Math.max(0.06, 2 * rms));
}

/**
 * Tries the term sets in order (most terms first) and returns the first whose parameters are all finite, non-negative
 * and within bounds. `columns` maps a parameter name to its column; names absent from a set are 0.
 */
function firstPhysical<N extends string>(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  sets: readonly (readonly N[])[],
  columns: Readonly<Record<N, number>>,
  bounds: Readonly<Record<N, readonly [number, number]>>,
): Record<N, number> | null {
  for (const set of sets) {
    if (rows.length < set.length) continue;
    const x = leastSquares(
      rows,
      targets,
      set.map((n) => columns[n]),
    );
    if (!x) continue;
    const fit = Object.fromEntries(Object.keys(columns).map((n) => [n, 0])) as Record<N, number>;
    let good = true;
    set.forEach((n, i) => {
      const v = x[i] ?? NaN;
      if (!Number.isFinite(v) || !within(v, bounds[n])) good = false;
      fit[n] = v;
    });
    if (good) return fit;
  }
  return null;
}

export interface FittedGeneration {
  readonly streamScale: number;
  readonly kvScale: number;
  readonly perLayerSec: number;
  readonly perTokenSec: number;
  readonly rms: number;
}

type GenTerm = 'streamScale' | 'kvScale' | 'perLayerSec' | 'perTokenSec';

export function fitGeneration(obs: readonly GenerationObservation[]): FittedGeneration | null {
  const good = obs.filter((o) => o.weightSec > 0 && o.measuredSec > 0 && Number.isFinite(o.measuredSec));
  if (good.length === 0) return null;
  const rows = good.map((o) => [o.weightSec, o.kvSec, o.layers, 1]);
  const targets = good.map((o) => o.measuredSec);
  const hasKv = good.some((o) => o.kvSec > 0);
  const sets: GenTerm[][] = [
    ['streamScale', 'kvScale', 'perLayerSec', 'perTokenSec'],
    ['streamScale', 'kvScale', 'perLayerSec'],
    ['streamScale', 'kvScale', 'perTokenSec'],
    ['streamScale', 'perLayerSec', 'perTokenSec'],
    ['streamScale', 'perLayerSec'],
    ['streamScale', 'perTokenSec'],
    ['streamScale'],
  ].filter((s) => hasKv || !s.includes('kvScale')) as GenTerm[][];
  const fit = firstPhysical(rows, targets, sets, { streamScale: 0, kvScale: 1, perLayerSec: 2, perTokenSec: 3 }, {
    streamScale: CORRECTION_LIMITS.streamScale,
    kvScale: CORRECTION_LIMITS.kvScale,
    perLayerSec: CORRECTION_LIMITS.perLayerSec,
    perTokenSec: CORRECTION_LIMITS.perTokenSec,
  });
  if (!fit) return null;
  // A set without its own KV term reads the KV cache at the weights' rescaled pace.
  const kvScale = hasKv && fit.kvScale > 0 ? fit.kvScale : fit.streamScale;
  const result = { ...fit, kvScale };
  const errors = good.map((o) => (result.streamScale * o.weightSec + kvScale * o.kvSec + result.perLayerSec * o.layers + result.perTokenSec) / o.measuredSec - 1);
  return { ...result, rms: rmsRelative(errors) };
}

export interface FittedPrompt {
  readonly promptScale: number;
  readonly promptPerLayerSec: number;
  readonly rms: number;
}

export function fitPrompt(obs: readonly PromptObservation[]): FittedPrompt | null {
  const good = obs.filter((o) => o.formulaSec > 0 && o.measuredSec > 0 && Number.isFinite(o.measuredSec));
  if (good.length === 0) return null;
  type PromptTerm = 'promptScale' | 'promptPerLayerSec';
  const fit = firstPhysical<PromptTerm>(
    good.map((o) => [o.formulaSec, o.layers]),
    good.map((o) => o.measuredSec),
    [['promptScale', 'promptPerLayerSec'], ['promptScale']],
    { promptScale: 0, promptPerLayerSec: 1 },
    { promptScale: CORRECTION_LIMITS.promptScale, promptPerLayerSec: CORRECTION_LIMITS.promptPerLayerSec },
  );
  if (!fit) return null;
  const errors = good.map((o) => (fit.promptScale * o.formulaSec + fit.promptPerLayerSec * o.layers) / o.measuredSec - 1);
  return { ...fit, rms: rmsRelative(errors) };
}
