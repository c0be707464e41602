import type { Estimate, FitKind } from '../domain/estimate';
import { formatBytes, formatTokens, formatTokensPerSec } from '../format/units';
import type { QualityScore, RecommendGoal, Recommendation } from '../estimator/recommend';
import { DEFAULT_MIN_TOKENS_PER_SEC, qualityScores } from '../estimator/recommend';
import { SIZE_FALLBACK_RANKED_BY, qualityText } from '../estimator/quality-text';
import { contextChart } from './charts/context-chart';
import { memoryChart } from './charts/memory-chart';
import { speedChart } from './charts/speed-chart';
import type { Chart } from './charts/svg';
import { FIT_LABELS } from './fit-style';
import { formatLocalTime } from './local-time';
import { machineRows } from './machine-rows';
import type { MachineRow } from './machine-rows';
import { withoutPrivateFacts } from './privacy';
import type { ReportData } from './report-data';

export interface TableRow {
  readonly cells: readonly string[];
  /** The row's fit, for its colour; null: no estimate. */
  readonly fit: FitKind | null;
}

export interface ReportTable {
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
  /** Index of the column that says the fit in words (coloured in HTML and PDF). */
  readonly fitColumn: number;
  /** Columns printed as code (paths). */
  readonly codeColumns: readonly number[];
}

export interface Pick {
  readonly model: string;
  readonly quant: string;
  readonly fit: FitKind;
  readonly fitLabel: string;
  readonly memory: string;
  readonly generation: string;
  readonly reason: string;
}

export interface PickGroup {
  readonly goal: RecommendGoal;
  readonly title: string;
  readonly picks: readonly Pick[];
}

export interface LaunchBlock {
  readonly title: string;
  readonly commands: readonly { readonly runtime: string; readonly command: string }[];
}

/**
 * Everything a report says, as text, in order: Markdown, HTML and PDF print this model and nothing else,
 * so every format shows the same numbers to the digit.
 */
export interface ReportModel {
  readonly title: string;
  readonly generatedAt: string;
  readonly generatedLocal: string;
  readonly versionLine: string;
  readonly summary: string;
  readonly profileLabel: string;
  readonly machine: readonly MachineRow[];
  readonly warnings: readonly string[];
  readonly settings: readonly { readonly item: string; readonly value: string }[];
  readonly picks: readonly PickGroup[];
  readonly charts: readonly Chart[];
  readonly table: ReportTable;
  readonly local: ReportTable | null;
  readonly launch: readonly LaunchBlock[];
  readonly assumptions: readonly string[];
}

/** How many picks each goal lists, and how many bars a chart draws. */
export const PICKS_PER_GOAL = 3;
export const CHART_BARS = 8;

const GOAL_TITLES: Readonly<Record<RecommendGoal, string>> = {
  quality: 'Best quality',
  speed: 'Fastest',
  context: 'Most room for context',
};

const RUNTIME_NAMES = { 'llama.cpp': 'llama.cpp', ollama: 'Ollama', lmstudio: 'LM Studio', mlx: 'MLX' } as const;

/** Generation speed as every format prints it: value, then the low–high range. */
export function generationText(e: Estimate): string {
  if (!e.speed) return 'unknown';
  const g = e.speed.generationTokensPerSec;
  return `${formatTokensPerSec(g.value)} tok/s (${formatTokensPerSec(g.low)}–${formatTokensPerSec(g.high)})`;
}

export function promptText(e: Estimate): string {
  if (!e.speed?.promptTokensPerSec) return 'unknown';
  return `${formatTokensPerSec(e.speed.promptTokensPerSec.value)} tok/s`;
}

export function gpuLayersText(e: Estimate): string {
  return `${Math.min(e.gpuLayers, e.totalLayers + 1)}/${e.totalLayers + 1}`;
}

/** The ranking's quality key of each model by id (its basis: measured, converted, or the size fallback). */
type QualityKeys = ReadonlyMap<string, QualityScore>;

function reasonFor(goal: RecommendGoal, r: Recommendation & { best: Estimate }, minTps: number, keys: QualityKeys): string {
  const e = r.best;
  if (goal === 'quality') {
    const rankedBy = keys.get(r.model.id)?.basis === 'estimated' ? SIZE_FALLBACK_RANKED_BY : qualityText(r.model).rankedBy;
    if (r.belowMinSpeed) return `no quantization reaches ${minTps} tok/s here; ${e.quant} is the fastest that runs (${rankedBy})`;
    return `a top-ranked model that reaches ${minTps} tok/s (${rankedBy}); ${e.quant} is its highest-quality quantization at that speed`;
  }
  if (goal === 'speed') return `generates ${e.speed ? `${formatTokensPerSec(e.speed.generationTokensPerSec.value)} tok/s` : 'at an unknown speed'}, the fastest of the models that run`;
  return `leaves ${formatBytes(e.memory.headroomBytes)} free for a longer context`;
}

function runnableOf(recs: readonly Recommendation[]): (Recommendation & { best: Estimate })[] {
  return recs.filter((r): r is Recommendation & { best: Estimate } => r.best !== null && r.best.fit !== 'disk' && r.best.fit !== 'none');
}

function pickOf(goal: RecommendGoal, r: Recommendation & { best: Estimate }, minTps: number, keys: QualityKeys): Pick {
  const e = r.best;
  return { model: r.model.name, quant: e.quant, fit: e.fit, fitLabel: FIT_LABELS[e.fit], memory: formatBytes(e.memory.totalBytes), generation: generationText(e), reason: reasonFor(goal, r, minTps, keys) };
}

function fullTable(recs: readonly Recommendation[]): ReportTable {
  return {
    columns: ['Model', 'Quant', 'Fit', 'GPU layers', 'Memory', 'Generation', 'Prompt'],
    fitColumn: 2,
    codeColumns: [],
    rows: recs.map((r) => {
      const e = r.best;
      if (!e) return { cells: [r.model.name, '—', FIT_LABELS.none, '—', '—', '—', '—'], fit: 'none' };
      return { cells: [r.model.name, e.quant, FIT_LABELS[e.fit], gpuLayersText(e), formatBytes(e.memory.totalBytes), generationText(e), promptText(e)], fit: e.fit };
    }),
  };
}

function localTable(d: ReportData): ReportTable | null {
  if (!d.localModels || d.localModels.length === 0) return null;
  return {
    columns: ['File', 'Quant', 'Fit', 'Memory', 'Generation', 'Path'],
    fitColumn: 2,
    codeColumns: [5],
    rows: d.localModels.map((l) => {
      const e = l.estimate;
      return { cells: [l.name, l.quant ?? '—', e ? FIT_LABELS[e.fit] : (l.error ?? '—'), e ? formatBytes(e.memory.totalBytes) : '—', e ? generationText(e) : '—', l.path], fit: e ? e.fit : null };
    }),
  };
}

function machineShort(d: ReportData): string {
  const p = d.profile;
  const gpus = p.gpus.filter((g) => g.usedForOffload);
  const gpuText = gpus.map((g) => `${g.name.value}${g.vramTotalBytes ? ` ${formatBytes(g.vramTotalBytes.value)}` : ''}`).join(' + ');
  return `${gpuText ? `${gpuText}, ` : `${p.cpu.name.value}, `}${formatBytes(p.memory.totalBytes.value)} RAM`;
}

function launchBlocks(d: ReportData, groups: readonly PickGroup[], byGoal: Partial<Record<RecommendGoal, readonly Recommendation[]>>): LaunchBlock[] {
  const seen = new Set<string>();
  const blocks: LaunchBlock[] = [];
  const first = d.options.runtime === 'mlx' ? 'llama.cpp' : d.options.runtime;
  for (const g of groups) {
    for (const r of runnableOf(byGoal[g.goal] ?? []).slice(0, PICKS_PER_GOAL)) {
      const key = `${r.model.id} ${r.best.quant}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const all = [
        { runtime: d.options.runtime === 'mlx' ? 'MLX' : 'llama.cpp', key: 'llama.cpp', command: r.best.launch.llamaCpp },
        { runtime: 'Ollama', key: 'ollama', command: r.best.launch.ollama },
        { runtime: 'LM Studio', key: 'lmstudio', command: r.best.launch.lmStudio },
      ];
      const ordered = [...all.filter((c) => c.key === first), ...all.filter((c) => c.key !== first)];
      blocks.push({ title: `${r.model.name} ${r.best.quant}`, commands: ordered.map(({ runtime, command }) => ({ runtime, command })) });
    }
  }
  return blocks;
}

function charts(d: ReportData, goal: RecommendGoal): Chart[] {
  const top = runnableOf(d.recommendations).slice(0, CHART_BARS);
  if (top.length === 0) return [];
  const label = (r: Recommendation & { best: Estimate }) => `${r.model.name} ${r.best.quant}`;
  const offload = d.profile.gpus.filter((g) => g.usedForOffload && g.vramTotalBytes);
  const vram = offload.length > 0 ? offload.reduce((s, g) => s + (g.vramTotalBytes?.value ?? 0), 0) : null;
  const out: Chart[] = [memoryChart(top.map((r) => ({ label: label(r), gpuBytes: r.best.memory.gpuBytes, cpuBytes: r.best.memory.cpuBytes })), vram, d.profile.memory.totalBytes.value)];
  const fast = top.filter((r) => r.best.speed !== null);
  if (fast.length > 0)
    out.push(
      speedChart(
        fast.map((r) => {
          const g = r.best.speed?.generationTokensPerSec ?? { value: 0, low: 0, high: 0 };
          return { label: label(r), tokensPerSec: g.value, low: g.low, high: g.high };
        }),
      ),
    );
  const firstPick = top[0];
  if (firstPick && d.contextCurve && d.contextCurve.length > 0) out.push(contextChart(`${label(firstPick)} (${GOAL_TITLES[goal].toLowerCase()})`, d.contextCurve));
  return out;
}

/** Builds the report model from the data; private facts are taken out unless the user asked to keep them. */
export function buildReportModel(data: ReportData): ReportModel {
  const d = withoutPrivateFacts(data);
  const o = d.options;
  const goal = d.goal ?? 'quality';
  const minTps = d.minTokensPerSec ?? DEFAULT_MIN_TOKENS_PER_SEC;
  const byGoal: Partial<Record<RecommendGoal, readonly Recommendation[]>> = d.picksByGoal ?? { [goal]: d.recommendations };
  const goals = (['quality', 'speed', 'context'] as const).filter((g) => byGoal[g] !== undefined);
  // The same keys recommendAll ranked by: one catalog, so one basis per model in every goal's picks.
  const keys: QualityKeys = new Map([...qualityScores(d.recommendations.map((r) => r.model))].map(([m, k]) => [m.id, k]));
  const picks: PickGroup[] = goals.map((g) => ({
    goal: g,
    title: GOAL_TITLES[g],
    picks: runnableOf(byGoal[g] ?? []).slice(0, PICKS_PER_GOAL).map((r) => pickOf(g, r, minTps, keys)),
  }));
  const first = runnableOf(d.recommendations)[0];
  const runtime = RUNTIME_NAMES[o.runtime];
  const summary = first
    ? `${machineShort(d)}: ${first.model.name} ${first.best.quant} (${FIT_LABELS[first.best.fit]}), ${formatBytes(first.best.memory.totalBytes)}, ${first.best.speed ? `${formatTokensPerSec(first.best.speed.generationTokensPerSec.value)} tok/s` : 'speed unknown'} at ${formatTokens(o.contextTokens)} context (${runtime}; ${d.appName} ${d.appVersion})`
    : `${machineShort(d)}: no catalog model runs at ${formatTokens(o.contextTokens)} context (${d.appName} ${d.appVersion})`;
  return {
    title: `${d.appName} report`,
    generatedAt: d.generatedAt,
    generatedLocal: formatLocalTime(d.generatedAt, d.timeZone),
    versionLine: `${d.appName} ${d.appVersion}${d.estimatorVersion ? `, estimator ${d.estimatorVersion}` : ''}`,
    summary,
    profileLabel: `${d.profile.label}, captured ${formatLocalTime(d.profile.capturedAt, d.timeZone)}`,
    machine: machineRows(d.profile),
    warnings: d.profile.warnings,
    settings: [
      { item: 'Context', value: `${formatTokens(o.contextTokens)} tokens` },
      { item: 'Prompt', value: `${formatTokens(o.promptTokens)} tokens (generation measured with it in the context)` },
      { item: 'KV cache', value: `${o.kvCacheType}, flash attention ${o.flashAttention ? 'on' : 'off'}` },
      { item: 'Runtime', value: runtime },
      { item: 'Backend', value: o.backend ?? "the machine's default (CUDA on NVIDIA, Metal on Apple, ROCm or Vulkan on AMD, Vulkan on Intel, else CPU)" },
      { item: 'Speeds', value: speedBasis(d.profile) },
      { item: 'Ranking', value: goal === 'quality' ? `best quality reaching ${minTps} tok/s` : GOAL_TITLES[goal].toLowerCase() },
      { item: 'VRAM planned against', value: o.useFreeVram ? 'free VRAM (what runtimes see)' : 'total VRAM' },
    ],
    picks,
    charts: charts(d, goal),
    table: fullTable(d.recommendations),
    local: localTable(d),
    launch: launchBlocks(d, picks, byGoal),
    assumptions: [
      'Speeds are estimates from memory bandwidth and compute, with a low–high range; real speed depends on the build, drivers and what else runs.',
      'Memory is in GiB and MiB (2^30 and 2^20 bytes), as llama.cpp and nvidia-smi report it.',
      `Generation speed is for a ${formatTokens(o.promptTokens)}-token prompt already in the context; prompt speed for processing that prompt.`,
      'A pick leaves llama.cpp\'s 1 GiB --fit margin free on the GPU where it can; "Partial offload" keeps some layers or experts in RAM.',
      qualityBasis(keys, d.recommendations),
      'Every formula and constant, with its source: docs/estimator.md.',
    ],
  };
}

/** What "best quality" rests on: how many of the ranked models have a measured, a converted or no leaderboard score. */
function qualityBasis(keys: QualityKeys, recs: readonly Recommendation[]): string {
  const all = [...keys.values()];
  const count = (basis: QualityScore['basis']) => all.filter((k) => k.basis === basis).length;
  const [measured, converted, none] = [count('measured'), count('converted'), count('estimated')];
  if (all.length === 0) return 'Quality ranks by LMArena text Elo (docs/estimator.md, ranking); no catalog model was ranked here.';
  if (none === all.length && recs.some((r) => r.model.quality))
    return `Quality: too few of the ${all.length} models ranked here have a leaderboard score to rank by it, so all rank by the score their size predicts (a fallback; docs/estimator.md, ranking).`;
  return `Quality ranks by LMArena text Elo: measured for ${measured} of the ${all.length} models, converted from the Artificial Analysis index for ${converted}; the other ${none} have no leaderboard score and rank by the score their size predicts (a fallback).`;
}

/** Whether the speeds rest on this machine's own llama.cpp measurements (llm-sizer bench) or on the formula alone. */
export function speedBasis(p: ReportData['profile']): string {
  const entries = p.calibration?.entries ?? [];
  if (entries.length === 0) return 'estimated by the formula (not measured on this machine; llm-sizer bench measures it)';
  return `calibrated to this machine's llama.cpp measurements: ${entries.map((e) => `${e.backend} on ${e.measuredAt.slice(0, 10)} (${e.source})`).join(', ')}`;
}
