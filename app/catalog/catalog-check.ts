import type { ModelArchitecture, ModelSpec } from '../domain/model';
import { findQuant } from '../estimator/quant-types';
import { RANKING_QUALITY_METRIC } from '../estimator/recommend';
import { countParameters } from '../estimator/tensors';
import { weightBreakdown } from '../estimator/weights';
import { parseCatalog } from './models';

/** The tolerance the catalog test and `npm run catalog:check` allow between computed and stated counts and sizes. */
export const CATALOG_TOLERANCE = 0.03;

/** The one quality metric the ranking reads (app/estimator/recommend.ts); any other metric is ignored there. */
export const QUALITY_METRIC = RANKING_QUALITY_METRIC;

export interface CatalogFinding {
  /** Model id, or `file.json#index` for an entry that did not parse. */
  readonly model: string;
  readonly message: string;
}

export interface CatalogCheckReport {
  readonly models: number;
  readonly errors: readonly CatalogFinding[];
  /** Facts that are not wrong but worth a look (no quality score, no known GGUF file). */
  readonly notes: readonly CatalogFinding[];
}

const relativeGap = (computed: number, stated: number) => Math.abs(computed - stated) / stated;

/**
 * One-field changes that often explain a parameter gap, tried in order. Each returns the changed
 * architecture and the field it names, or null when it does not apply to this architecture.
 */
const SUSPECTS: readonly ((a: ModelArchitecture) => { field: string; arch: ModelArchitecture } | null)[] = [
  (a) => ({ field: `tiedEmbeddings (try ${!a.tiedEmbeddings})`, arch: { ...a, tiedEmbeddings: !a.tiedEmbeddings } }),
  (a) => (a.vision ? { field: 'vision.encoderParams (the stated count may exclude the vision tower)', arch: { ...a, vision: null } } : null),
  (a) => ({ field: `ffnGated (try ${!a.ffnGated})`, arch: { ...a, ffnGated: !a.ffnGated } }),
  (a) => (a.valueHeadDim !== a.headDim ? { field: 'valueHeadDim (try headDim)', arch: { ...a, valueHeadDim: a.headDim } } : null),
  (a) => (a.kvHeads !== a.attentionHeads ? { field: 'kvHeads (try attentionHeads)', arch: { ...a, kvHeads: a.attentionHeads } } : null),
  (a) =>
    a.moe
      ? { field: `moe.sharedExperts (try ${a.moe.sharedExperts > 0 ? 0 : 1})`, arch: { ...a, moe: { ...a.moe, sharedExperts: a.moe.sharedExperts > 0 ? 0 : 1, sharedExpertIntermediateSize: a.moe.sharedExpertIntermediateSize || a.moe.expertIntermediateSize } } }
      : null,
  (a) => (a.moe && a.moe.denseLayers > 0 ? { field: 'moe.denseLayers (try 0)', arch: { ...a, moe: { ...a.moe, denseLayers: 0 } } } : null),
  (a) => (a.moe?.latentSize !== undefined ? { field: 'moe.latentSize (try none: experts on the hidden width)', arch: { ...a, moe: { ...a.moe, latentSize: undefined } } } : null),
];

/**
 * Why a model's computed parameter count misses its stated one: the first single-field change that brings
 * the count within tolerance, else the size of the gap in the terms a reader can check (embeddings, one layer).
 *
 * @example diagnoseParameterGap(arch, 8_030_261_248) // null when within 3 %, else "tiedEmbeddings (try false) ..."
 */
export function diagnoseParameterGap(a: ModelArchitecture, stated: number): string | null {
  const computed = countParameters(a).total;
  if (relativeGap(computed, stated) <= CATALOG_TOLERANCE) return null;
  const pct = ((computed - stated) / stated) * 100;
  const head = `computed ${computed.toLocaleString('en-US')} vs stated ${stated.toLocaleString('en-US')} (${pct > 0 ? '+' : ''}${pct.toFixed(1)} %)`;
  for (const suspect of SUSPECTS) {
    const s = suspect(a);
    if (s && relativeGap(countParameters(s.arch).total, stated) <= CATALOG_TOLERANCE) return `${head}: check ${s.field}`;
  }
  const embedding = a.hiddenSize * a.vocabSize;
  const perLayer = (computed - embedding * (a.tiedEmbeddings ? 1 : 2) - (a.vision?.encoderParams ?? 0)) / a.layers;
  const gapLayers = Math.abs(computed - stated) / perLayer;
  return `${head}: no single field explains it; the gap is ${gapLayers.toFixed(1)} layers' worth (check layers, hiddenSize, intermediateSize, moe sizes) or ${(Math.abs(computed - stated) / embedding).toFixed(2)} embedding matrices (check vocabSize)`;
}

/** Everything `npm run catalog:check` verifies for one parsed entry. */
export function checkModel(m: ModelSpec): { errors: string[]; notes: string[] } {
  const errors: string[] = [];
  const notes: string[] = [];
  const gap = diagnoseParameterGap(m.architecture, m.parameters.total);
  if (gap) errors.push(`parameters: ${gap}`);
  if (m.ggufRepos.length === 0) errors.push('ggufRepos: none named, so no download command can be shown');
  if (m.sources['ggufRepos'] === undefined && m.ggufRepos.length > 0) notes.push('sources.ggufRepos: no note on where the repos were seen');
  for (const f of m.knownGgufFiles) {
    const quant = findQuant(f.quant);
    if (!quant) {
      errors.push(`knownGgufFiles ${f.file}: unknown quantization ${f.quant}`);
      continue;
    }
    if (!m.ggufRepos.includes(f.repo)) errors.push(`knownGgufFiles ${f.file}: repo ${f.repo} is not in ggufRepos`);
    const predicted = weightBreakdown(m.architecture, quant).totalBytes;
    const off = relativeGap(predicted, f.sizeBytes);
    if (off > CATALOG_TOLERANCE)
      errors.push(
        `knownGgufFiles ${f.file}: the architecture predicts ${predicted.toLocaleString('en-US')} bytes, the file has ${f.sizeBytes.toLocaleString('en-US')} (${(off * 100).toFixed(1)} % off)`,
      );
  }
  if (m.quality === null) notes.push('quality: none; ranked by the size-predicted score (docs/estimator.md, ranking)');
  else {
    if (m.quality.metric !== QUALITY_METRIC) errors.push(`quality.metric ${m.quality.metric}: the ranking only reads ${QUALITY_METRIC}`);
    if (!m.quality.asOf) errors.push('quality.asOf: a score needs the date of its snapshot');
  }
  if (m.architecture.moe === null && m.parameters.active !== m.parameters.total) errors.push('parameters.active: a dense model has active = total');
  return { errors, notes };
}

/**
 * Validates the family files: schema and required sources (parseCatalog), then per model the parameter count
 * against the architecture, the known GGUF files against the sizes the architecture predicts, and the quality
 * signal. Pure: the caller reads the files.
 */
export function checkCatalog(files: Readonly<Record<string, unknown>>): CatalogCheckReport {
  const { models, problems } = parseCatalog(files);
  const errors: CatalogFinding[] = problems.map((p) => ({ model: `${p.file}#${p.index}`, message: p.message }));
  const notes: CatalogFinding[] = [];
  for (const m of models) {
    const r = checkModel(m);
    for (const message of r.errors) errors.push({ model: m.id, message });
    for (const message of r.notes) notes.push({ model: m.id, message });
  }
  return { models: models.length, errors, notes };
}
