import { CORRECTION_LIMITS } from '../domain/calibration';

/**
 * Fits a machine's speed corrections to llama.cpp measurements (docs/estimator.md section 8).
 *
 * Generation time per token: t = a·W + k·K + m·A + b·L + c, where W is the formula's time to stream the weights, K
 * its time to read the KV cache at the measured depth, A the attention compute at that depth (FLOPs over the device's
 * rate; all three without fixed costs), L the layers: a, k and m rescale them, b is a cost per layer (kernel launches,
 * thread synchronisation), c a cost per token (graph building, the output). The cost of depth is either K (bytes: a
 * GPU) or A (compute: a CPU, where it follows the query heads, not the KV heads), never both: with two depths per
 * shape the measurements cannot tell them apart.
 *
 * Prompt time per token: p·P + r·S + q·L, P the formula's compute time, S the time to stream the active weights once
 * (a batch's matrix product reads its weights again for each tile of tokens), q a cost per layer per token (norms,
 * rope, activations, barriers: the work that is not a matrix product).
 *
 * Each equation is weighted by 1 / t (relative error), so a 0.1 GB model counts as much as a 5 GB one. No parameter
 * may be negative or out of bounds: of the sets of terms whose least-squares parameters are all physical, the one with
 * the smallest weighted residual wins (the weight scale is always kept), so an ill-conditioned set of measurements
 * falls back to a simpler, still physical, model.
 */

export interface GenerationObservation {
  /** Seconds the formula gives for streaming the weights for one token (no fixed costs). */
  readonly weightSec: number;
  /** Seconds the formula gives for reading the KV cache at this depth. */
  readonly kvSec: number;
  /** Seconds of attention compute at this depth at the device's FLOP rate (0 when its rate is unknown). */
  readonly attentionSec: number;
  readonly layers: number;
  /** Measured seconds per generated token. */
  readonly measuredSec: number;
}

export interface PromptObservation {
  /** Seconds per prompt token the formula gives without fixed costs. */
  readonly formulaSec: number;
  /** Seconds to stream the active weights once (bytes over bandwidth). */
  readonly streamSec: number;
  /** The routed experts' part of formulaSec (0 for a dense model). */
  readonly expertSec: number;
  readonly layers: number;
  readonly measuredSec: number;
}

/** Solves the small normal equations A x = y by Gaussian elimination with partial pivoting; null when singular. */
export function solve(a: number[][], y: number[]): number[] | null {
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
 * Fits every set of terms and returns, of those whose parameters are all finite and within bounds, the one with the
 * smallest weighted squared residual. `columns` maps a parameter name to its column; names absent from a set are 0.
 */
function bestPhysical<N extends string>(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  sets: readonly (readonly N[])[],
  columns: Readonly<Record<N, number>>,
  bounds: Readonly<Record<N, readonly [number, number]>>,
): { readonly fit: Record<N, number>; readonly sse: number } | null {
  let best: { fit: Record<N, number>; sse: number } | null = null;
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
    if (!good) continue;
    const sse = rows.reduce((acc, r, ri) => {
      const t = targets[ri] ?? 1;
      const v = set.reduce((a, n) => a + fit[n] * (r[columns[n]] ?? 0), 0);
      return acc + ((v - t) / t) ** 2;
    }, 0);
    if (!best || sse < best.sse - 1e-12) best = { fit, sse };
  }
  return best;
}

/** The generation terms of a correction (a fit or a stored SpeedCorrection). */
export type GenerationTerms = Pick<FittedGeneration, 'streamScale' | 'kvScale' | 'attentionScale' | 'perLayerSec' | 'perTokenSec'>;
/** The prompt terms of a correction. */
export type PromptTerms = Pick<FittedPrompt, 'promptScale' | 'promptStreamScale' | 'promptPerLayerSec' | 'promptExpertScale'>;

/** Seconds per generated token the corrected model gives for an observation's formula terms. */
export function generationSecOf(c: GenerationTerms, o: Omit<GenerationObservation, 'measuredSec'>): number {
  return c.streamScale * o.weightSec + c.kvScale * o.kvSec + c.attentionScale * o.attentionSec + c.perLayerSec * o.layers + c.perTokenSec;
}

/** Seconds per prompt token the corrected model gives: the experts' part at their own efficiency. */
export function promptSecOf(c: PromptTerms, o: Omit<PromptObservation, 'measuredSec'>): number {
  return c.promptScale * (o.formulaSec + (c.promptExpertScale - 1) * o.expertSec) + c.promptStreamScale * o.streamSec + c.promptPerLayerSec * o.layers;
}

export interface FittedGeneration {
  readonly streamScale: number;
  readonly kvScale: number;
  readonly attentionScale: number;
  readonly perLayerSec: number;
  readonly perTokenSec: number;
  readonly rms: number;
}

type GenTerm = 'streamScale' | 'kvScale' | 'attentionScale' | 'perLayerSec' | 'perTokenSec';

/**
 * `depthCost`: what makes a token slower as the context grows on this device: 'compute' on a CPU (attention's dot
 * products; 2-core VM: the slowdown from 48 to 544 tokens of context follows query heads x head size x depth within
 * 1.5x across shapes, the KV cache's bytes only within 8x), 'bytes' on a GPU (reading the KV cache).
 */
export function fitGeneration(obs: readonly GenerationObservation[], depthCost: 'compute' | 'bytes' = 'bytes'): FittedGeneration | null {
  const good = obs.filter((o) => o.weightSec > 0 && o.measuredSec > 0 && Number.isFinite(o.measuredSec));
  if (good.length === 0) return null;
  // Columns: 0 weights, 1 KV read, 2 attention compute, 3 layers, 4 one, 5 weights and KV read at one pace.
  const rows = good.map((o) => [o.weightSec, o.kvSec, o.attentionSec, o.layers, 1, o.weightSec + o.kvSec]);
  const targets = good.map((o) => o.measuredSec);
  const bounds = {
    streamScale: CORRECTION_LIMITS.streamScale,
    kvScale: CORRECTION_LIMITS.kvScale,
    attentionScale: CORRECTION_LIMITS.attentionScale,
    perLayerSec: CORRECTION_LIMITS.perLayerSec,
    perTokenSec: CORRECTION_LIMITS.perTokenSec,
  };
  const fixed: GenTerm[][] = [['perLayerSec', 'perTokenSec'], ['perLayerSec'], ['perTokenSec'], []];
  // The cost of depth: the KV read at its own pace (K), or the KV read at the weights' pace plus attention compute
  // (A), or the KV read at the weights' pace alone.
  const families: { readonly depth: GenTerm[]; readonly streamColumn: number; readonly usable: boolean }[] = [
    { depth: ['kvScale'], streamColumn: 0, usable: depthCost === 'bytes' && good.some((o) => o.kvSec > 0) },
    { depth: ['attentionScale'], streamColumn: 5, usable: depthCost === 'compute' && good.some((o) => o.attentionSec > 0) },
    { depth: [], streamColumn: 5, usable: true },
  ];
  let best: { fit: Record<GenTerm, number>; sse: number; kvAtStreamPace: boolean } | null = null;
  for (const f of families) {
    if (!f.usable) continue;
    const sets = fixed.map((x) => ['streamScale', ...f.depth, ...x] as GenTerm[]);
    const r = bestPhysical(rows, targets, sets, { streamScale: f.streamColumn, kvScale: 1, attentionScale: 2, perLayerSec: 3, perTokenSec: 4 }, bounds);
    if (r && (!best || r.sse < best.sse - 1e-12)) best = { ...r, kvAtStreamPace: f.streamColumn === 5 };
  }
  if (!best) return null;
  const kvScale = best.kvAtStreamPace ? best.fit.streamScale : best.fit.kvScale;
  const result = { ...best.fit, kvScale };
  const errors = good.map((o) => generationSecOf(result, o) / o.measuredSec - 1);
  return { ...result, rms: rmsRelative(errors) };
}

export interface FittedPrompt {
  readonly promptScale: number;
  readonly promptExpertScale: number;
  readonly promptStreamScale: number;
  readonly promptPerLayerSec: number;
  readonly rms: number;
}

/**
 * `device`: on a CPU the prompt's second term is the weights' bytes (p·P + r·S: a Q8_0 shape runs slower per FLOP than
 * a Q4_K one; 2-core VM, six runs: held-out median 11-20 % against 8-29 % with a cost per layer instead), on a GPU a
 * cost per layer (p·P + q·L: launches and the small kernels between the matrix products). Three calibration shapes
 * cannot carry three prompt parameters: the fit changes its mind from run to run.
 */
export function fitPrompt(obs: readonly PromptObservation[], device: 'cpu' | 'gpu' = 'gpu'): FittedPrompt | null {
  const good = obs.filter((o) => o.formulaSec > 0 && o.measuredSec > 0 && Number.isFinite(o.measuredSec));
  if (good.length === 0) return null;
  // The dense shapes carry the fit; a mixture-of-experts shape then gives the experts' own efficiency.
  const dense = good.filter((o) => !(o.expertSec > 0));
  const rows = dense.length > 0 ? dense : good;
  type PromptTerm = 'promptScale' | 'promptStreamScale' | 'promptPerLayerSec';
  const best = bestPhysical<PromptTerm>(
    rows.map((o) => [o.formulaSec, o.streamSec, o.layers]),
    rows.map((o) => o.measuredSec),
    device === 'cpu' ? [['promptScale', 'promptStreamScale'], ['promptScale']] : [['promptScale', 'promptPerLayerSec'], ['promptScale']],
    { promptScale: 0, promptStreamScale: 1, promptPerLayerSec: 2 },
    { promptScale: CORRECTION_LIMITS.promptScale, promptStreamScale: CORRECTION_LIMITS.promptStreamScale, promptPerLayerSec: CORRECTION_LIMITS.promptPerLayerSec },
  );
  if (!best) return null;
  const fit = best.fit;
  const others = (o: PromptObservation) => fit.promptStreamScale * o.streamSec + fit.promptPerLayerSec * o.layers;
  const ratios = good
    .filter((o) => o.expertSec > 0 && dense.length > 0)
    .map((o) => (o.measuredSec - others(o) - fit.promptScale * (o.formulaSec - o.expertSec)) / (fit.promptScale * o.expertSec))
    .sort((a, b) => a - b);
  const [lo, hi] = CORRECTION_LIMITS.promptExpertScale;
  const promptExpertScale = ratios.length > 0 ? Math.min(hi, Math.max(lo, ratios[Math.floor(ratios.length / 2)] ?? 1)) : 1;
  // The spread from the rows the fit did not match by construction (the expert scale makes an MoE row exact).
  const terms = { ...fit, promptExpertScale };
  const errors = (ratios.length > 0 ? dense : good).map((o) => promptSecOf(terms, o) / o.measuredSec - 1);
  return { ...fit, promptExpertScale, rms: rmsRelative(errors) };
}
