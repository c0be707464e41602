import { err, ok } from '../api/result';
import type { Result } from '../api/result';
import type { BackendCalibration, CalibratedBackend } from '../domain/calibration';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelSpec } from '../domain/model';
import { findQuant } from '../estimator/quant-types';
import { calibrate } from './calibration-shapes';
import type { ShapeResult } from './calibration-shapes';
import { hardwareKey } from './calibration-apply';
import type { LlamaBenchRow } from './llama-bench';

/** llama-bench's `backends` field (ggml backend names) to the backend a calibration is for. */
export function backendOfRow(r: LlamaBenchRow): CalibratedBackend | null {
  const b = r.backend.toLowerCase();
  const gpu = b.includes('cuda') ? 'cuda' : b.includes('rocm') || b.includes('hip') ? 'rocm' : b.includes('metal') ? 'metal' : b.includes('vulkan') ? 'vulkan' : b.includes('sycl') ? 'sycl' : null;
  if (gpu === null) return 'cpu';
  // ngl -1 (or 99) is every layer. A GPU build with no layers offloaded still sends large prompt batches to the GPU:
  // neither device alone.
  return r.gpuLayers !== 0 ? gpu : null;
}

/** The catalog model a result is of: same llama.cpp architecture, parameter count within 3 %. */
export function matchModel(r: LlamaBenchRow, catalog: readonly ModelSpec[]): ModelSpec | null {
  if (r.params === null) return null;
  const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const file = r.file ? key(r.file.split(/[\\/]/).pop() ?? '') : '';
  let best: ModelSpec | null = null;
  let bestScore = Infinity;
  for (const m of catalog) {
    if (m.architecture.ggufArch !== r.arch) continue;
    const gap = Math.abs(m.parameters.total - r.params) / r.params;
    if (gap > 0.03) continue;
    // Models of one shape (a fine-tune and its base) size alike; the one the file is named after reads best.
    const named = file !== '' && file.includes(key(m.hfRepo.split('/')[1] ?? m.id)) ? 0 : 1;
    const score = named + gap;
    if (score < bestScore) {
      bestScore = score;
      best = m;
    }
  }
  return best;
}

export interface ImportResult {
  readonly calibrations: readonly BackendCalibration[];
  readonly results: readonly (ShapeResult & { readonly backend: CalibratedBackend })[];
  readonly skipped: readonly string[];
}

/**
 * Calibrates this machine from llama-bench results: each result is matched to the catalog model it measured (the
 * speed model needs the shape, which llama-bench does not print), grouped by backend, and fitted as `llm-sizer bench`
 * fits its own measurements. Results of models the catalog does not have are listed as skipped.
 */
export function calibrateFromLlamaBench(
  profile: HardwareProfile,
  rows: readonly LlamaBenchRow[],
  catalog: readonly ModelSpec[],
  measuredAt: string,
  source: 'llama-bench' | 'ollama' = 'llama-bench',
): Result<ImportResult> {
  const skipped: string[] = [];
  const byKey = new Map<string, { backend: CalibratedBackend; model: ModelSpec; quant: string; rows: LlamaBenchRow[] }>();
  for (const r of rows) {
    const backend = backendOfRow(r);
    if (!backend) {
      skipped.push(`${r.modelType} on ${r.backend} with ${r.gpuLayers} GPU layers: neither the GPU nor the CPU alone`);
      continue;
    }
    if (backend !== 'cpu' && !profile.gpus.some((g) => g.usedForOffload)) {
      skipped.push(`${r.modelType} was measured on ${r.backend}, but this machine has no GPU to use it for: import results measured on this machine`);
      continue;
    }
    if (!r.quant || !findQuant(r.quant)) {
      skipped.push(`${r.modelType}: file type "${r.fileTypeName}" is not one the estimator sizes`);
      continue;
    }
    const model = matchModel(r, catalog);
    if (!model) {
      skipped.push(`${r.modelType}: no catalog model of that architecture and size (${r.params ?? '?'} parameters)`);
      continue;
    }
    const key = `${backend}|${model.id}|${r.quant}`;
    const g = byKey.get(key) ?? { backend, model, quant: r.quant, rows: [] };
    g.rows.push(r);
    byKey.set(key, g);
  }
  const results: (ShapeResult & { backend: CalibratedBackend })[] = [];
  for (const g of byKey.values()) {
    const pp = g.rows.filter((r) => r.promptTokens > 0 && r.generateTokens === 0).sort((a, b) => a.depthTokens - b.depthTokens)[0];
    const tg = g.rows.filter((r) => r.generateTokens > 0 && r.promptTokens === 0);
    results.push({
      backend: g.backend,
      shape: { label: `${g.model.name} ${g.quant}`, architecture: g.model.architecture, quant: g.quant },
      fileBytes: g.rows.find((r) => r.modelBytes !== null)?.modelBytes ?? 0,
      promptTokens: pp?.promptTokens ?? 512,
      promptTokensPerSec: pp?.tokensPerSec ?? 0,
      generation: tg.map((r) => ({ depthTokens: r.depthTokens + r.generateTokens / 2, tokensPerSec: r.tokensPerSec })),
    });
  }
  const calibrations: BackendCalibration[] = [];
  for (const backend of new Set(results.map((r) => r.backend))) {
    const mine = results.filter((r) => r.backend === backend);
    const build = rows.find((r) => backendOfRow(r) === backend)?.build ?? 'llama.cpp';
    const c = calibrate(profile, backend, mine, {
      device: backend === 'cpu' ? `CPU: ${profile.cpu.name.value}` : profile.gpus.filter((x) => x.usedForOffload).map((x) => x.name.value).join(' + ') || backend,
      hardwareKey: hardwareKey(profile, backend),
      measuredAt,
      llamaCppBuild: build,
      source,
    });
    if (c) calibrations.push(c);
    else skipped.push(`${backend}: the results need at least one prompt (pp) and one generation (tg) test to fit`);
  }
  if (calibrations.length === 0) return err('BAD_REQUEST', `Nothing to calibrate from: ${skipped.slice(0, 3).join('; ') || 'no usable result'}.`);
  return ok({ calibrations, results, skipped });
}
