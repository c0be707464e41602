import { CORRECTION_LIMITS } from '../domain/calibration';
import type { SpeedCorrection } from '../domain/calibration';

/**
 * Fits a machine's speed corrections to llama.cpp measurements (docs/estimator.md section 8). Generation time per
 * token is modelled as t = a * S + b * L + c: S the formula's time to stream the weights and KV cache (before any
 * fixed cost), L the layers, so a is the bandwidth efficiency relative to the formula's, b a cost per layer (kernel
 * launches, thread synchronisation) and c a cost per token (graph building, the output). Prompt time per token is
 * p * P, P the formula's compute time. Each equation is weighted by 1 / t (relative error), so a 0.1 GB model
 * counts as much as a 5 GB one. Parameters are never negative: a term that would be is dropped and the rest refitted.
 */

export interface GenerationObservation {
  /** Seconds the formula gives for the weight and KV stream of one token (no fixed costs). */
  readonly streamSec: number;
  readonly layers: number;
  /** Measured seconds per generated token. */
  readonly measuredSec: number;
}

export interface PromptObservation {
  /** Seconds per prompt token the formula gives without fixed costs. */
  readonly formulaSec: number;
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

/** Weighted least squares over the chosen columns of [S, L, 1]; x in the order of `use`. */
function leastSquares(obs: readonly GenerationObservation[], use: readonly (0 | 1 | 2)[]): number[] | null {
  const n = use.length;
  const ata = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const aty = new Array<number>(n).fill(0);
  for (const o of obs) {
    const w = 1 / o.measuredSec;
    const row = use.map((k) => (k === 0 ? o.streamSec : k === 1 ? o.layers : 1) * w);
    const y = o.measuredSec * w;
    for (let i = 0; i < n; i++) {
      aty[i] = (aty[i] ?? 0) + (row[i] ?? 0) * y;
      const ai = ata[i];
      if (ai) for (let j = 0; j < n; j++) ai[j] = (ai[j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
    }
  }
  return solve(ata, aty);
}

function rmsRelative(errors: readonly number[]): number {
  if (errors.length === 0) return 0;
  return Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
}

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

/** The range shown after calibration: twice the fit's RMS relative error, at least 6 % (run-to-run noise), at most 35 %. */
export function spreadOf(rms: number): number {
  return Math.min(0.35, Math.max(0.06, 2 * rms));
}

export interface FittedGeneration {
  readonly streamScale: number;
  readonly perLayerSec: number;
  readonly perTokenSec: number;
  readonly rms: number;
}

export function fitGeneration(obs: readonly GenerationObservation[]): FittedGeneration | null {
  const good = obs.filter((o) => o.streamSec > 0 && o.measuredSec > 0 && Number.isFinite(o.measuredSec));
  if (good.length === 0) return null;
  // Most terms first; fewer when there are too few points or a term comes out negative.
  const candidates: (0 | 1 | 2)[][] = [
    [0, 1, 2],
    [0, 1],
    [0, 2],
    [0],
  ];
  for (const use of candidates) {
    if (good.length < use.length + (use.length > 1 ? 1 : 0)) continue;
    const x = leastSquares(good, use);
    if (!x || x.some((v) => !Number.isFinite(v) || v < 0)) continue;
    const get = (k: 0 | 1 | 2) => {
      const i = use.indexOf(k);
      return i < 0 ? 0 : (x[i] ?? 0);
    };
    const fit = {
      streamScale: clamp(get(0), CORRECTION_LIMITS.streamScale),
      perLayerSec: clamp(get(1), CORRECTION_LIMITS.perLayerSec),
      perTokenSec: clamp(get(2), CORRECTION_LIMITS.perTokenSec),
    };
    if (fit.streamScale !== get(0)) continue;
    const errors = good.map((o) => (fit.streamScale * o.streamSec + fit.perLayerSec * o.layers + fit.perTokenSec) / o.measuredSec - 1);
    return { ...fit, rms: rmsRelative(errors) };
  }
  return null;
}

export function fitPrompt(obs: readonly PromptObservation[]): { readonly promptScale: number; readonly rms: number } | null {
  const good = obs.filter((o) => o.formulaSec > 0 && o.measuredSec > 0 && Number.isFinite(o.measuredSec));
  if (good.length === 0) return null;
  let num = 0;
  let den = 0;
  for (const o of good) {
    const r = o.formulaSec / o.measuredSec;
    num += r;
    den += r * r;
  }
  const scale = num / den;
  if (!Number.isFinite(scale) || scale <= 0) return null;
  const promptScale = clamp(scale, CORRECTION_LIMITS.promptScale);
  return { promptScale, rms: rmsRelative(good.map((o) => (promptScale * o.formulaSec) / o.measuredSec - 1)) };
}

/** Both fits as one correction, or null when either has nothing to stand on. */
export function fitCorrection(gen: readonly GenerationObservation[], prompt: readonly PromptObservation[]): SpeedCorrection | null {
  const g = fitGeneration(gen);
  const p = fitPrompt(prompt);
  if (!g || !p) return null;
  return {
    streamScale: g.streamScale,
    perLayerSec: g.perLayerSec,
    perTokenSec: g.perTokenSec,
    promptScale: p.promptScale,
    generationSpread: spreadOf(g.rms),
    promptSpread: spreadOf(p.rms),
  };
}
