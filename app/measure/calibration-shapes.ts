import { CALIBRATION_FIT_VERSION } from '../domain/calibration';
import type { BackendCalibration, CalibratedBackend, CalibrationPoint, SpeedCorrection } from '../domain/calibration';
import { ok } from '../api/result';
import type { Result } from '../api/result';
import type { EstimateOptions, FitKind } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelArchitecture, ModelSpec } from '../domain/model';
import { THREAD_CHOICE } from '../domain/measure';
import { correctionFor } from '../estimator/devices';
import { DEFAULT_OPTIONS, estimate } from '../estimator/estimate';
import { findQuant } from '../estimator/quant-types';
import type { QuantType } from '../estimator/quant-types';
import { fitGeneration, fitPrompt, generationSecOf, promptSecOf, spreadOf } from './calibration-fit';
import type { GenerationObservation, PromptObservation } from './calibration-fit';

/**
 * The shapes `llm-sizer bench` measures and what the formula says of them. Dense llama-style models of random shape
 * (never a catalog model): layer counts and widths vary independently, so the fit can tell a cost per layer from the
 * bandwidth term. Sized to the machine: GPUs get shapes 8-32x larger, so a token takes milliseconds, not microseconds.
 */

export interface BenchShape {
  readonly label: string;
  readonly architecture: ModelArchitecture;
  readonly quant: string;
}

function dense(layers: number, hidden: number, ff: number, heads: number, kvHeads: number, vocab = 32000): ModelArchitecture {
  return {
    ggufArch: 'llama',
    layers,
    hiddenSize: hidden,
    intermediateSize: ff,
    ffnGated: true,
    attentionHeads: heads,
    kvHeads,
    headDim: hidden / heads,
    valueHeadDim: hidden / heads,
    vocabSize: vocab,
    tiedEmbeddings: false,
    moe: null,
    slidingWindow: null,
    mla: null,
    linearAttention: null,
    vision: null,
  };
}

export function shapeLabel(a: ModelArchitecture, quant: string): string {
  const moe = a.moe ? `, ${a.moe.experts} experts (${a.moe.expertsPerToken} active)` : '';
  const swa = a.slidingWindow ? `, sliding window ${a.slidingWindow.windowTokens}` : '';
  return `${a.layers} layers, hidden ${a.hiddenSize}${moe}${swa}, ${quant}`;
}

function shape(a: ModelArchitecture, quant: string): BenchShape {
  return { label: shapeLabel(a, quant), architecture: a, quant };
}

/** The CPU calibration set: three dense shapes of about 0.1, 0.2 and 0.45 GB, and a 0.25 GB mixture of experts. */
const CPU_SHAPES: readonly BenchShape[] = [
  shape(dense(8, 1024, 2816, 16, 4), 'Q4_K_M'),
  shape(dense(24, 768, 2048, 12, 4), 'Q8_0'),
  shape(dense(12, 2048, 5632, 16, 8), 'Q4_K_M'),
  // A mixture of experts (Mixtral-style, no shared expert): 32 experts, 4 active, so a 512-token prompt gives each
  // expert about 64 tokens; it sets the experts' prompt efficiency (promptExpertScale) and adds to the generation fit.
  shape(
    {
      ...dense(8, 1024, 512, 16, 4),
      intermediateSize: null,
      moe: { experts: 32, expertsPerToken: 4, sharedExperts: 0, expertIntermediateSize: 512, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1 },
    },
    'Q4_K_M',
  ),
];

/** GPU calibration set: 1-8 GB, where launch costs and bandwidth both show. */
const GPU_SHAPES: readonly BenchShape[] = [
  shape(dense(16, 2048, 5632, 16, 8), 'Q4_K_M'),
  shape(dense(40, 2560, 6912, 20, 4), 'Q8_0'),
  shape(dense(32, 4096, 14336, 32, 8, 128256), 'Q4_K_M'),
];

export function benchShapes(backend: CalibratedBackend): readonly BenchShape[] {
  return backend === 'cpu' ? CPU_SHAPES : GPU_SHAPES;
}

/** How a model fits when measured on `backend`: with the benchmark's 2048-token context, all on the GPU or the CPU alone. */
export function measuringFit(profile: HardwareProfile, backend: CalibratedBackend, model: ModelSpec, quant: QuantType): Result<FitKind> {
  const e = estimate(profileFor(profile, backend, null), model, quant, { ...DEFAULT_OPTIONS, contextTokens: 2048 });
  return e.ok ? ok(e.value.fit) : e;
}

/** Whether llama.cpp can measure it whole there: in memory on the CPU, all layers on the GPU. */
export function fitsWhole(backend: CalibratedBackend, fit: FitKind): boolean {
  return backend === 'cpu' ? fit !== 'none' && fit !== 'disk' : fit === 'full-gpu';
}

/**
 * The calibration set for this machine: the backend's shapes that fit it whole (a GPU shape all on the GPU, with the
 * benchmark's 2048-token context; a CPU shape in RAM), topped up with the smaller shapes of the other set, largest
 * first, so a 4 GB GPU still gets three shapes (the largest GPU shape is 4.9 GB). Fewer than two shapes cannot carry
 * a fit: null then.
 */
export function shapesForMachine(profile: HardwareProfile, backend: CalibratedBackend): readonly BenchShape[] | null {
  const fits = (shape: BenchShape): boolean => {
    const quant = findQuant(shape.quant);
    const fit = quant ? measuringFit(profile, backend, shapeModel(shape), quant) : null;
    return fit !== null && fit.ok && fitsWhole(backend, fit.value);
  };
  const own = benchShapes(backend).filter(fits);
  if (own.length >= 3) return own;
  const others = [...(backend === 'cpu' ? GPU_SHAPES : CPU_SHAPES)].filter((s) => !s.architecture.moe).reverse().filter((s) => !own.includes(s) && fits(s));
  const chosen = [...own, ...others].slice(0, 3);
  return chosen.length >= 2 ? chosen : null;
}

/** A catalog-shaped model for a shape, so the estimator sizes it like any other. */
export function shapeModel(s: BenchShape): ModelSpec {
  return {
    id: `bench:${s.label}`,
    name: `Test model (${s.label})`,
    family: 'synthetic',
    hfRepo: 'llm-sizer/synthetic',
    releaseDate: '2026-01-01',
    license: 'none',
    parameters: { total: 0, active: 0 },
    nativeContextTokens: 131072,
    capabilities: ['chat'],
    architecture: s.architecture,
    ggufRepos: [],
    knownGgufFiles: [],
    quality: null,
    sources: {},
  };
}

/** The profile as llama.cpp sees it on `backend`: the CPU alone (GPUs not used), or its GPUs. */
export function profileFor(profile: HardwareProfile, backend: CalibratedBackend, correction: SpeedCorrection | null): HardwareProfile {
  const gpus = backend === 'cpu' ? profile.gpus.map((g) => ({ ...g, usedForOffload: false })) : profile.gpus;
  const entries: BackendCalibration[] = correction
    ? [{ backend, device: '', hardwareKey: '', measuredAt: '', llamaCppBuild: '', source: 'synthetic', correction, points: [] }]
    : [];
  return { ...profile, gpus, calibration: { entries, stale: [] } };
}

/** Corrections that keep one of the formula's terms and remove the rest (fixed costs included): what the fit needs. */
const ZERO: SpeedCorrection = { streamScale: 0, kvScale: 0, attentionScale: 0, perLayerSec: 0, perTokenSec: 0, promptScale: 1, promptExpertScale: 1, promptStreamScale: 0, promptPerLayerSec: 0, generationSpread: 0, promptSpread: 0 };
const WEIGHTS_ONLY: SpeedCorrection = { ...ZERO, streamScale: 1 };
const KV_ONLY: SpeedCorrection = { ...ZERO, kvScale: 1 };
const ATTENTION_ONLY: SpeedCorrection = { ...ZERO, attentionScale: 1 };
const PROMPT_STREAM_ONLY: SpeedCorrection = { ...ZERO, promptScale: 0, promptStreamScale: 1 };
const NO_EXPERTS: SpeedCorrection = { ...WEIGHTS_ONLY, promptExpertScale: 0 };
/** A millisecond per layer cost and nothing else: the estimator's own count of layer costs (speed.ts generationSec). */
const LAYERS_ONLY: SpeedCorrection = { ...ZERO, perLayerSec: 1e-3 };

export interface FormulaTimes {
  /** Seconds per token of the bare weight stream. */
  readonly weightSec: number;
  /** Seconds per token of the bare KV-cache read at the depth. */
  readonly kvSec: number;
  /** Seconds per token of the bare attention compute at the depth (FLOPs over the device's rate). */
  readonly attentionSec: number;
  /** Bare prompt-processing seconds per token. */
  readonly promptSec: number;
  /** Seconds to stream the active weights once (bytes over bandwidth), for the prompt's bytes term. */
  readonly promptStreamSec: number;
  /** The routed experts' part of promptSec (0 for a dense model). */
  readonly promptExpertSec: number;
  /** Layer costs of a generated token as the estimator counts them (recurrent and, on a GPU, MoE layers count more). */
  readonly layerCosts: number;
  /** Plain layers: what a prompt token's per-layer cost multiplies (speed.ts promptSecPerToken). */
  readonly layers: number;
  /** The uncalibrated estimate, tokens/s. */
  readonly generationTokensPerSec: number;
  readonly promptTokensPerSec: number;
}

function optionsAt(depthTokens: number, promptTokens: number): EstimateOptions {
  return { ...DEFAULT_OPTIONS, contextTokens: Math.max(2048, promptTokens + depthTokens + 64), promptTokens, depthTokens, ubatchTokens: 512 };
}

/** What the formula says of a model on one backend at one depth: bare terms for the fit, and the plain estimate. */
export function formulaTimes(
  profile: HardwareProfile,
  backend: CalibratedBackend,
  model: ModelSpec,
  quant: QuantType,
  depthTokens: number,
  promptTokens: number,
): FormulaTimes | null {
  const at = (correction: SpeedCorrection | null) => shapeSpeed(profile, backend, model, quant, depthTokens, promptTokens, correction);
  const ws = at(WEIGHTS_ONLY);
  const ks = at(KV_ONLY);
  const as = at(ATTENTION_ONLY);
  const pss = at(PROMPT_STREAM_ONLY);
  const nes = at(NO_EXPERTS);
  const ps = at(null);
  const ls = at(LAYERS_ONLY);
  if (!ws || !ks || !as || !pss || !nes || !ps || !ls || nes.prompt === null || ws.prompt === null || ps.prompt === null) return null;
  const inverse = (tps: number) => (tps > 0 && Number.isFinite(tps) ? 1 / tps : 0);
  return {
    weightSec: inverse(ws.generation),
    kvSec: inverse(ks.generation),
    attentionSec: inverse(as.generation),
    promptSec: 1 / ws.prompt,
    promptStreamSec: pss.prompt ? inverse(pss.prompt) : 0,
    promptExpertSec: Math.max(0, 1 / ws.prompt - 1 / nes.prompt),
    // As the estimator counts fixed costs: a recurrent layer costs 1 + RECURRENT_LAYER_OVERHEAD layers, a layer with
    // routed experts 1 + MOE_LAYER_OVERHEAD, a Gemma 3/3n/4 layer on a GPU GEMMA_LAYER_SEC more in proportion to the
    // device's layer constant (speed.ts generationSec), read back from the estimator itself.
    layerCosts: inverse(ls.generation) / LAYERS_ONLY.perLayerSec,
    layers: model.architecture.layers,
    generationTokensPerSec: ps.generation,
    promptTokensPerSec: ps.prompt,
  };
}

/** The estimate of a model on one backend, with a given correction (or none): tokens/s. */
export function shapeSpeed(
  profile: HardwareProfile,
  backend: CalibratedBackend,
  model: ModelSpec,
  quant: QuantType,
  depthTokens: number,
  promptTokens: number,
  correction: SpeedCorrection | null,
): { readonly generation: number; readonly prompt: number | null } | null {
  const e = estimate(profileFor(profile, backend, correction), model, quant, optionsAt(depthTokens, promptTokens));
  if (!e.ok || !e.value.speed) return null;
  return { generation: e.value.speed.generationTokensPerSec.value, prompt: e.value.speed.promptTokensPerSec?.value ?? null };
}

/** What one measuring run asks of llama.cpp for each file (main/services/measure/protocol.ts MeasureJob). */
export interface MeasurePlan {
  readonly promptTokens: number;
  readonly shallowTokens: number;
  readonly generateTokens: number;
  readonly rounds: number;
}

/**
 * Seconds llama.cpp should take to measure one model as the worker does it, by this machine's estimate (its stored
 * correction when it has one): the prompt a warm-up and `rounds` times, then at each of the two depths the context
 * filled once and `generateTokens` generated a warm-up and `rounds` times; on a CPU of more than one core, the thread
 * choice (THREAD_CHOICE: 2 x (8 + 4 x 16) tokens generated after 2 shallow fills); and the file read once from disk
 * at 1 GB/s. Null when the formula gives no speed.
 *
 * @example
 * // prompt 50 tok/s, generation 20 tok/s, 512 / 16 / 64 tokens, 3 rounds, a 5 GB file, on a GPU:
 * // 4 x 512 / 50 + (512 + 16) / 50 + 2 x 4 x 64 / 20 + 5 = 40.96 + 10.56 + 25.6 + 5 = 82.1 s
 */
export function expectedMeasureSec(profile: HardwareProfile, backend: CalibratedBackend, model: ModelSpec, quant: QuantType, plan: MeasurePlan, fileBytes: number): number | null {
  const s = shapeSpeed(profile, backend, model, quant, plan.promptTokens, plan.promptTokens, correctionFor(profile, backend));
  if (!s || !(s.generation > 0) || !(s.prompt !== null && s.prompt > 0)) return null;
  const choosing = backend === 'cpu' && profile.cpu.logicalCores.value > 1;
  const t = THREAD_CHOICE;
  const prompt = ((plan.rounds + 1) * plan.promptTokens + plan.promptTokens + plan.shallowTokens + (choosing ? t.candidates * plan.shallowTokens : 0)) / s.prompt;
  const generation = (2 * (plan.rounds + 1) * plan.generateTokens + (choosing ? t.candidates * (t.warmupTokens + t.bursts * t.burstTokens) : 0)) / s.generation;
  return prompt + generation + fileBytes / 1e9;
}

/** A measured shape, as the bench reports it. */
export interface ShapeResult {
  readonly shape: BenchShape;
  readonly fileBytes: number;
  readonly promptTokens: number;
  readonly promptTokensPerSec: number;
  readonly generation: readonly { readonly depthTokens: number; readonly tokensPerSec: number }[];
}

/** Whole-number depth for the estimator (the measured mean depth can be fractional). */
const depthOf = (d: number) => Math.max(0, Math.round(d));

/**
 * Fits one backend's correction to measured shapes and lists, for each measurement, the estimate before and after.
 * Null when the measurements cannot carry a fit (nothing measured, or the formula cannot size a shape).
 */
export function calibrate(
  profile: HardwareProfile,
  backend: CalibratedBackend,
  results: readonly ShapeResult[],
  meta: Pick<BackendCalibration, 'device' | 'hardwareKey' | 'measuredAt' | 'llamaCppBuild' | 'source' | 'generationThreads' | 'promptThreads'>,
): BackendCalibration | null {
  const gen: (GenerationObservation & { label: string; depth: number; estimated: number; fileBytes: number })[] = [];
  const prompt: (PromptObservation & { label: string; estimated: number; fileBytes: number })[] = [];
  for (const r of results) {
    const quant = findQuant(r.shape.quant);
    if (!quant) continue;
    const model = shapeModel(r.shape);
    const pt = formulaTimes(profile, backend, model, quant, r.promptTokens, r.promptTokens);
    if (!pt) return null;
    if (r.promptTokensPerSec > 0)
      prompt.push({ formulaSec: pt.promptSec, streamSec: pt.promptStreamSec, expertSec: pt.promptExpertSec, layers: pt.layers, measuredSec: 1 / r.promptTokensPerSec, label: r.shape.label, estimated: pt.promptTokensPerSec, fileBytes: r.fileBytes });
    for (const g of r.generation) {
      const t = formulaTimes(profile, backend, model, quant, depthOf(g.depthTokens), r.promptTokens);
      if (!t || !(g.tokensPerSec > 0)) continue;
      gen.push({ weightSec: t.weightSec, kvSec: t.kvSec, attentionSec: t.attentionSec, layers: t.layerCosts, measuredSec: 1 / g.tokensPerSec, label: r.shape.label, depth: g.depthTokens, estimated: t.generationTokensPerSec, fileBytes: r.fileBytes });
    }
  }
  const g = fitGeneration(gen, backend === 'cpu' ? 'compute' : 'bytes');
  const p = fitPrompt(prompt, backend === 'cpu' ? 'cpu' : 'gpu');
  if (!g || !p) return null;
  const correction: SpeedCorrection = {
    streamScale: g.streamScale,
    kvScale: g.kvScale,
    attentionScale: g.attentionScale,
    perLayerSec: g.perLayerSec,
    perTokenSec: g.perTokenSec,
    promptScale: p.promptScale,
    promptExpertScale: p.promptExpertScale,
    promptStreamScale: p.promptStreamScale,
    promptPerLayerSec: p.promptPerLayerSec,
    generationSpread: spreadOf(g.rms),
    promptSpread: spreadOf(p.rms),
  };
  const points: CalibrationPoint[] = [
    ...prompt.map((o) => ({
      label: o.label,
      fileBytes: o.fileBytes,
      layers: Math.round(o.layers),
      depthTokens: null,
      kind: 'prompt' as const,
      estimatedTokensPerSec: o.estimated,
      measuredTokensPerSec: 1 / o.measuredSec,
      calibratedTokensPerSec: 1 / promptSecOf(correction, o),
    })),
    ...gen.map((o) => ({
      label: o.label,
      fileBytes: o.fileBytes,
      layers: Math.round(o.layers),
      depthTokens: o.depth,
      kind: 'generation' as const,
      estimatedTokensPerSec: o.estimated,
      measuredTokensPerSec: 1 / o.measuredSec,
      calibratedTokensPerSec: 1 / generationSecOf(correction, o),
    })),
  ];
  return { backend, ...meta, fitVersion: CALIBRATION_FIT_VERSION, correction, points };
}
