import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import type { BackendCalibration, CalibratedBackend, SpeedCorrection } from '../../../app/domain/calibration';
import type { HardwareProfile } from '../../../app/domain/hardware';
import type { ModelSpec } from '../../../app/domain/model';
import type { QuantType } from '../../../app/estimator/quant-types';
import type { MeasureProgress, MeasureReport, MeasuredRow } from '../../../app/domain/measure';
export type { MeasureProgress, MeasureReport, MeasuredRow };
import { findQuant } from '../../../app/estimator/quant-types';
import { hardwareKey } from '../../../app/measure/calibration-apply';
import { correctionFor } from '../../../app/estimator/devices';
import { calibrate, expectedMeasureSec, fitsWhole, measuringFit, shapeModel, shapeSpeed, shapesForMachine } from '../../../app/measure/calibration-shapes';
import type { BenchShape, ShapeResult } from '../../../app/measure/calibration-shapes';
import { SYNTHETIC_FIRST_TOKEN, SYNTHETIC_RANDOM_ROWS, synthesizeGguf } from '../../../app/measure/synthetic-gguf';
import type { MeasurableBackend, MeasureBackendChoice, MeasureJob, WorkerMessage } from './protocol';
import { runWorker } from './runner';
import type { WorkerLauncher } from './runner';
import { writeSyntheticGguf } from './synthetic-file';
import type { FreeSpace } from './synthetic-file';

export interface MeasureRequest {
  readonly quick: boolean;
  readonly backend: MeasureBackendChoice;
  /** Measure this model's own shape (at full size) instead of the calibration set. */
  readonly model?: { readonly spec: ModelSpec; readonly quant: QuantType } | undefined;
}

export interface MeasureDeps {
  readonly now?: () => Date;
  readonly tmpRoot?: string;
  readonly launch?: WorkerLauncher;
  readonly free?: FreeSpace;
  readonly moduleName?: string;
  readonly onProgress?: (p: MeasureProgress) => void;
  readonly signal?: AbortSignal;
  /** Seconds the child may run per backend (default: 5 minutes quick, 15 minutes otherwise). */
  readonly timeLimitSec?: number;
  readonly platform?: NodeJS.Platform;
}

const TMP_PREFIX = 'llm-sizer-bench-';

/**
 * Removes the folders of earlier runs that were killed before they could clean up: a folder whose owner process is
 * gone. The folder name carries the pid.
 */
export async function cleanStaleBenchFolders(root: string): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = new RegExp(`^${TMP_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      alive = false;
    }
    try {
      const s = await stat(join(root, name));
      // A live owner keeps its folder, unless the folder is a day old (the pid was reused by another program).
      if (alive && Date.now() - s.mtimeMs < 86_400_000) continue;
      if (s.isDirectory()) {
        await rm(join(root, name), { recursive: true, force: true });
        removed++;
      }
    } catch {
      // another cleaner got there first
    }
  }
  return removed;
}

/** The backends a run measures: the GPU backend llama.cpp would use (if any GPU), and the CPU alone. */
export function backendsToMeasure(profile: HardwareProfile, choice: MeasureBackendChoice, quick: boolean): MeasurableBackend[] {
  if (choice !== 'auto') return [choice];
  const gpu = profile.gpus.find((g) => g.usedForOffload);
  if (!gpu) return ['cpu'];
  // node-llama-cpp's prebuilt binaries: CUDA for NVIDIA, Metal for Apple, Vulkan for AMD and Intel.
  const backend: MeasurableBackend = gpu.vendor === 'nvidia' ? 'cuda' : gpu.vendor === 'apple' ? 'metal' : 'vulkan';
  return quick ? [backend] : [backend, 'cpu'];
}

function deviceName(profile: HardwareProfile, backend: CalibratedBackend, threads: number, generationThreads: number, gpuNames: readonly string[]): string {
  const plural = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
  if (backend === 'cpu')
    return `CPU: ${profile.cpu.name.value}, ${plural(threads)}${generationThreads !== threads ? ` (generation: ${plural(generationThreads)}, faster here)` : ''}`;
  return gpuNames.length > 0 ? gpuNames.join(' + ') : profile.gpus.filter((g) => g.usedForOffload).map((g) => g.name.value).join(' + ');
}

interface Prepared {
  readonly shape: BenchShape;
  readonly path: string;
  readonly fileBytes: number;
}

/**
 * `llm-sizer bench` and the app's "Measure this machine": writes synthetic GGUF files of the calibration shapes (or of
 * one model), times them with real llama.cpp in a child process, fits this machine's corrections and returns the
 * table of estimated, measured and calibrated speeds. Temporary files are removed whatever happens; nothing is saved
 * here (the caller stores `calibrations`).
 */
export async function measureMachine(profile: HardwareProfile, req: MeasureRequest, deps: MeasureDeps = {}): Promise<Result<MeasureReport>> {
  const now = deps.now ?? (() => new Date());
  const root = deps.tmpRoot ?? tmpdir();
  const progress = (p: MeasureProgress) => deps.onProgress?.(p);
  const backends = backendsToMeasure(profile, req.backend, req.quick);
  progress({ phase: 'preparing', fraction: 0, text: `Measuring ${backends.join(' and ')} with llama.cpp` });
  await cleanStaleBenchFolders(root);
  let dir: string;
  try {
    dir = await mkdtemp(join(root, `${TMP_PREFIX}${process.pid}-`));
  } catch (e) {
    return err('WRITE_FAILED', `Cannot create a temporary folder in ${root}: ${(e as Error).message}`);
  }
  try {
    const runs: MeasureReport['runs'][number][] = [];
    const rows: MeasuredRow[] = [];
    const calibrations: BackendCalibration[] = [];
    let build = '';
    for (let b = 0; b < backends.length; b++) {
      const backend = backends[b] as MeasurableBackend;
      const span = (x: number) => (b + x) / backends.length;
      const fitting = req.model ? null : shapesForMachine(profile, backend);
      if (!req.model && !fitting) {
        // Another backend of this run may still be measured (a full GPU, then the CPU); none at all is an error.
        if (b < backends.length - 1 || calibrations.length > 0) continue;
        return err('IMPOSSIBLE_VALUE', `Too little free ${backend === 'cpu' ? 'memory' : 'GPU memory'} for the test models (they need 0.1-0.5 GB each): close other programs and measure again.`);
      }
      const shapes: BenchShape[] = req.model
        ? [{ label: `${req.model.spec.name} ${req.model.quant.id}`, architecture: req.model.spec.architecture, quant: req.model.quant.id }]
        : [...(fitting ?? [])];
      if (req.model) {
        const fit = measuringFit(profile, backend, req.model.spec, req.model.quant);
        if (!fit.ok) return fit;
        if (fit.value === 'none' || fit.value === 'disk')
          return err('IMPOSSIBLE_VALUE', `${req.model.spec.name} ${req.model.quant.id} does not fit in this machine's memory on ${backend}, so it cannot be measured at full size.`);
        if (!fitsWhole(backend, fit.value))
          return err('IMPOSSIBLE_VALUE', `${req.model.spec.name} ${req.model.quant.id} does not fit entirely on the GPU; measure it with --backend cpu.`);
      }
      const prepared: Prepared[] = [];
      for (let i = 0; i < shapes.length; i++) {
        const shape = shapes[i] as BenchShape;
        const quant = findQuant(shape.quant);
        if (!quant) return err('UNKNOWN_QUANT', `Unknown quantization ${shape.quant}.`);
        progress({ phase: 'writing', fraction: span(0.05 * (i / shapes.length)), text: `Writing a test model: ${shape.label}` });
        const file = synthesizeGguf(shape.architecture, quant, { name: `LLM Sizer test model: ${shape.label}`, contextTokens: 8192 });
        if (!file.ok) return file;
        const path = join(dir, `shape-${i}.gguf`);
        const written = await writeSyntheticGguf(path, file.value, { dir, ...(deps.free ? { free: deps.free } : {}), ...(deps.platform ? { platform: deps.platform } : {}) });
        if (!written.ok) return written;
        prepared.push({ shape, path, fileBytes: file.value.fileBytes });
      }
      const job: MeasureJob = {
        moduleName: deps.moduleName ?? 'node-llama-cpp',
        backend,
        files: prepared.map((p) => ({ path: p.path, label: p.shape.label })),
        promptTokens: 512,
        shallowTokens: 16,
        // Three measured rounds even when quick: the median of three survives one disturbed round (a shared machine).
        generateTokens: 64,
        rounds: req.quick ? 3 : 5,
        flashAttention: true,
        firstToken: SYNTHETIC_FIRST_TOKEN,
        tokenCount: SYNTHETIC_RANDOM_ROWS - SYNTHETIC_FIRST_TOKEN,
      };
      const started = Date.now();
      const expected = req.model ? expectedMeasureSec(profile, backend, req.model.spec, req.model.quant, job, prepared[0]?.fileBytes ?? 0) : null;
      const limitSec = deps.timeLimitSec ?? measureTimeLimitSec(req.quick, expected);
      if (expected !== null) progress({ phase: 'measuring', fraction: span(0.05), text: `${backend}: about ${formatDuration(expected)} by the estimate (stopped after ${formatDuration(limitSec)})` });
      const run = await runWorker(job, {
        ...(deps.launch ? { launch: deps.launch } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
        timeLimitMs: limitSec * 1000,
        onMessage: (m: WorkerMessage) => {
          if (m.type === 'progress')
            progress({ phase: 'measuring', fraction: span(0.05 + 0.9 * ((m.fileIndex + m.fraction) / prepared.length)), text: `${backend}: ${m.text}` });
        },
      });
      for (const p of prepared) await rm(p.path, { force: true });
      if (!run.ok) return run;
      build = run.value.info.build;
      const generationThreads = run.value.results[0]?.generationThreads ?? run.value.info.threads;
      const device = deviceName(profile, backend, run.value.info.threads, generationThreads, run.value.info.gpuNames);
      runs.push({ backend, device, threads: run.value.info.threads, seconds: (Date.now() - started) / 1000 });
      const results: ShapeResult[] = run.value.results.map((r) => {
        const p = prepared[r.fileIndex] as Prepared;
        return { shape: p.shape, fileBytes: p.fileBytes, promptTokens: job.promptTokens, promptTokensPerSec: r.promptTokensPerSec, generation: r.generation };
      });
      progress({ phase: 'fitting', fraction: span(0.97), text: `${backend}: fitting this machine's corrections` });
      if (req.model) {
        rows.push(...modelRows(profile, backend, results));
        continue;
      }
      const fitted = calibrate(profile, backend, results, {
        device,
        hardwareKey: hardwareKey(profile, backend),
        measuredAt: now().toISOString(),
        llamaCppBuild: build,
        source: 'synthetic',
        ...(backend === 'cpu' ? { generationThreads, promptThreads: run.value.info.threads } : {}),
      });
      if (!fitted) return err('INTERNAL', `The ${backend} measurements could not be fitted (a shape measured 0 tok/s?).`);
      calibrations.push(fitted);
      rows.push(
        ...fitted.points.map((pt) => ({
          label: pt.label,
          backend,
          fileBytes: pt.fileBytes,
          kind: pt.kind,
          depthTokens: pt.depthTokens,
          estimatedTokensPerSec: pt.estimatedTokensPerSec,
          measuredTokensPerSec: pt.measuredTokensPerSec,
          calibratedTokensPerSec: pt.calibratedTokensPerSec,
        })),
      );
    }
    progress({ phase: 'done', fraction: 1, text: 'Done' });
    return ok({ build, runs, rows, calibrations });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** "45 s", "4 min", "1 h 10 min". */
function formatDuration(sec: number): string {
  if (sec < 90) return `${Math.max(1, Math.round(sec))} s`;
  const min = Math.round(sec / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

/**
 * The time a measuring process may take before it is stopped as hung: 300 s with --quick and 900 s without, or for one
 * model measured at full size three times what the estimate says it should take plus a minute, when that is longer
 * (gpt-oss-20b on the 2-core CI machine about 180 s; Llama 3.3 70B there nearly two hours).
 */
export function measureTimeLimitSec(quick: boolean | undefined, expectedSec: number | null): number {
  const floor = quick ? 300 : 900;
  return expectedSec === null || !Number.isFinite(expectedSec) ? floor : Math.max(floor, Math.ceil(3 * expectedSec + 60));
}

/** Rows for a single model measured at full size: the plain estimate, and the one with this machine's stored correction. */
function modelRows(profile: HardwareProfile, backend: CalibratedBackend, results: readonly ShapeResult[]): MeasuredRow[] {
  const stored = correctionFor(profile, backend);
  const rows: MeasuredRow[] = [];
  for (const r of results) {
    const quant = findQuant(r.shape.quant);
    if (!quant) continue;
    const model = shapeModel(r.shape);
    const at = (depth: number, correction: SpeedCorrection | null) => shapeSpeed(profile, backend, model, quant, depth, r.promptTokens, correction);
    const plain = at(r.promptTokens, null);
    const cal = stored ? at(r.promptTokens, stored) : null;
    rows.push({ label: r.shape.label, backend, fileBytes: r.fileBytes, kind: 'prompt', depthTokens: null, estimatedTokensPerSec: plain?.prompt ?? null, measuredTokensPerSec: r.promptTokensPerSec, calibratedTokensPerSec: cal?.prompt ?? null });
    for (const g of r.generation) {
      const depth = Math.round(g.depthTokens);
      const p = at(depth, null);
      const c = stored ? at(depth, stored) : null;
      rows.push({ label: r.shape.label, backend, fileBytes: r.fileBytes, kind: 'generation', depthTokens: g.depthTokens, estimatedTokensPerSec: p?.generation ?? null, measuredTokensPerSec: g.tokensPerSec, calibratedTokensPerSec: c?.generation ?? null });
    }
  }
  return rows;
}
