import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import type { BackendCalibration } from '../../../app/domain/calibration';
import type { HardwareProfile } from '../../../app/domain/hardware';
import type { ModelArchitecture } from '../../../app/domain/model';
import { findQuant } from '../../../app/estimator/quant-types';
import { applyCalibration } from '../../../app/measure/calibration-apply';
import { shapeLabel, shapeModel, shapeSpeed } from '../../../app/measure/calibration-shapes';
import { SYNTHETIC_FIRST_TOKEN, SYNTHETIC_RANDOM_ROWS, synthesizeGguf } from '../../../app/measure/synthetic-gguf';
import type { MeasurableBackend } from './protocol';
import { runWorker } from './runner';
import type { WorkerLauncher } from './runner';
import { writeSyntheticGguf } from './synthetic-file';

/**
 * Shapes the calibration never sees, to check it (`npm run bench:calibration` and the CI round trip): other layer
 * counts, widths, quantizations, a mixture of experts and a sliding-window model.
 */
export interface HeldOutShape {
  readonly architecture: ModelArchitecture;
  readonly quant: string;
}

const base = { ggufArch: 'llama', ffnGated: true, vocabSize: 32000, tiedEmbeddings: false, moe: null, slidingWindow: null, mla: null, linearAttention: null, vision: null };

export const HELD_OUT_CPU: readonly HeldOutShape[] = [
  { architecture: { ...base, layers: 20, hiddenSize: 1280, intermediateSize: 3456, attentionHeads: 20, kvHeads: 4, headDim: 64, valueHeadDim: 64 }, quant: 'Q4_K_M' },
  { architecture: { ...base, layers: 16, hiddenSize: 1536, intermediateSize: 4096, attentionHeads: 12, kvHeads: 4, headDim: 128, valueHeadDim: 128 }, quant: 'Q8_0' },
  {
    architecture: {
      ...base,
      layers: 12,
      hiddenSize: 1024,
      intermediateSize: null,
      attentionHeads: 16,
      kvHeads: 4,
      headDim: 64,
      valueHeadDim: 64,
      moe: { experts: 16, expertsPerToken: 2, sharedExperts: 0, expertIntermediateSize: 1024, sharedExpertIntermediateSize: 0, denseLayers: 0, moeLayerStep: 1 },
    },
    quant: 'Q4_K_M',
  },
  {
    architecture: { ...base, ggufArch: 'gemma3', layers: 18, hiddenSize: 1152, intermediateSize: 3072, attentionHeads: 4, kvHeads: 1, headDim: 256, valueHeadDim: 256, tiedEmbeddings: true, slidingWindow: { windowTokens: 512, slidingLayers: 15 } },
    quant: 'IQ4_XS',
  },
];

export interface HeldOutRow {
  readonly label: string;
  readonly fileBytes: number;
  readonly kind: 'prompt' | 'generation';
  readonly depthTokens: number | null;
  readonly estimated: number;
  readonly calibrated: number;
  readonly measured: number;
}

/** Measures held-out shapes and estimates each before and after `calibration`. Temporary files are removed. */
export async function measureHeldOut(
  profile: HardwareProfile,
  backend: MeasurableBackend,
  calibration: BackendCalibration,
  shapes: readonly HeldOutShape[],
  o: { readonly rounds: number; readonly launch?: WorkerLauncher; readonly timeLimitMs: number },
): Promise<Result<readonly HeldOutRow[]>> {
  const dir = await mkdtemp(join(tmpdir(), `llm-sizer-bench-${process.pid}-`));
  try {
    const files: { path: string; label: string; fileBytes: number; shape: HeldOutShape }[] = [];
    for (const [i, shape] of shapes.entries()) {
      const quant = findQuant(shape.quant);
      if (!quant) return err('UNKNOWN_QUANT', shape.quant);
      const label = shapeLabel(shape.architecture, shape.quant);
      const s = synthesizeGguf(shape.architecture, quant, { name: label, contextTokens: 8192 });
      if (!s.ok) return s;
      const path = join(dir, `held-out-${i}.gguf`);
      const w = await writeSyntheticGguf(path, s.value, { dir });
      if (!w.ok) return w;
      files.push({ path, label, fileBytes: s.value.fileBytes, shape });
    }
    const job = {
      moduleName: 'node-llama-cpp',
      backend,
      files: files.map((f) => ({ path: f.path, label: f.label })),
      promptTokens: 512,
      shallowTokens: 16,
      generateTokens: 32,
      rounds: o.rounds,
      // The same thread count the calibration generated with, so both measure the same thing.
      ...(calibration.generationThreads !== undefined ? { generationThreads: calibration.generationThreads } : {}),
      flashAttention: true,
      firstToken: SYNTHETIC_FIRST_TOKEN,
      tokenCount: SYNTHETIC_RANDOM_ROWS - SYNTHETIC_FIRST_TOKEN,
    };
    const run = await runWorker(job, { timeLimitMs: o.timeLimitMs, ...(o.launch ? { launch: o.launch } : {}) });
    if (!run.ok) return run;
    const calibrated = applyCalibration(profile, [calibration]);
    const rows: HeldOutRow[] = [];
    for (const r of run.value.results) {
      const f = files[r.fileIndex];
      const quant = f ? findQuant(f.shape.quant) : null;
      if (!f || !quant) continue;
      const model = shapeModel({ label: f.label, architecture: f.shape.architecture, quant: f.shape.quant });
      const before = (d: number) => shapeSpeed(profile, calibration.backend, model, quant, d, 512, null);
      const after = (d: number) => shapeSpeed(calibrated, calibration.backend, model, quant, d, 512, calibration.correction);
      const pb = before(512);
      const pa = after(512);
      if (pb?.prompt && pa?.prompt)
        rows.push({ label: f.label, fileBytes: f.fileBytes, kind: 'prompt', depthTokens: null, estimated: pb.prompt, calibrated: pa.prompt, measured: r.promptTokensPerSec });
      for (const g of r.generation) {
        const d = Math.round(g.depthTokens);
        const b = before(d);
        const a = after(d);
        if (b && a) rows.push({ label: f.label, fileBytes: f.fileBytes, kind: 'generation', depthTokens: g.depthTokens, estimated: b.generation, calibrated: a.generation, measured: g.tokensPerSec });
      }
    }
    return ok(rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median of |estimate / measured - 1| over rows. */
export function medianError(rows: readonly HeldOutRow[], pick: (r: HeldOutRow) => number): number {
  const e = rows.map((r) => Math.abs(pick(r) / r.measured - 1)).sort((a, b) => a - b);
  if (e.length === 0) return NaN;
  const mid = Math.floor(e.length / 2);
  return e.length % 2 ? (e[mid] ?? NaN) : ((e[mid - 1] ?? 0) + (e[mid] ?? 0)) / 2;
}
