// npm run catalog:quality: converts the scores of six other tables (Artificial Analysis index v3, v4 of 2026-10-07
// and v4.0 of 2026-06-15, Open LLM Leaderboard v2, Swallow LLM Leaderboard, ReLE) into the ranking's one metric (LMArena text Elo, snapshot 2026-07-30) for catalog models LMArena
// has no row for, and writes them into resources/models/*.json as `quality` with `convertedFrom`. First the AA
// Intelligence Index v3 (2025-11-20, the best fit), then for models it has no row for the AA index v4 table of
// 2026-10-07 (the 2025-26 small models), then the AA index v4.0 of 2026-06-15 (the smallest 2026 models, which the
// 2026-10-07 copy lacks), then for models none has a row for the Open LLM Leaderboard v2 average
// (frozen March 2025), then the Swallow leaderboard's English average (2026-02-20), then ReLE's Chinese total
// accuracy (v5.8, 2025-11-03) for what is left. Each source gets its own least-squares fit of Elo against its score, with log10 of the
// model's effective parameters as a second variable where that predicts better (fitSource), over the catalog models
// that have a measured LMArena row and a row in that source; the fits are recomputed on every run
// (docs/estimator.md, ranking).
// Usage: jiti scripts/quality-convert.ts [--write]   (without --write it only prints the fits and the changes)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AA_INDEX, AA_INDEX_AS_OF, AA_INDEX_DATE_SOURCE, AA_INDEX_METRIC, AA_INDEX_SOURCE } from '../app/catalog/aa-index';
import { AA4_INDEX, AA4_INDEX_AS_OF, AA4_INDEX_METRIC, AA4_INDEX_SOURCE } from '../app/catalog/aa4-index';
import { AA4J_INDEX, AA4J_INDEX_AS_OF, AA4J_INDEX_METRIC, AA4J_INDEX_SOURCE } from '../app/catalog/aa4-june-index';
import { OLL_INDEX, OLL_INDEX_AS_OF, OLL_INDEX_METRIC, OLL_INDEX_SOURCE } from '../app/catalog/oll-index';
import { RELE_INDEX, RELE_INDEX_AS_OF, RELE_INDEX_METRIC, RELE_INDEX_SOURCE } from '../app/catalog/rele-index';
import { SWALLOW_INDEX, SWALLOW_INDEX_AS_OF, SWALLOW_INDEX_METRIC, SWALLOW_INDEX_SOURCE } from '../app/catalog/swallow-index';
import type { ModelSpec, QualityRows } from '../app/domain/model';
import { RANKING_QUALITY_METRIC, effectiveParams } from '../app/estimator/recommend';
import { solve } from '../app/measure/calibration-fit';

interface RawQuality {
  score: number;
  metric: string;
  source: string;
  asOf?: string;
  convertedFrom?: unknown;
}
interface RawModel {
  id: string;
  parameters: { total: number; active: number };
  architecture: { moe: unknown };
  quality: RawQuality | null;
}
interface Source {
  name: string;
  index: QualityRows;
  metric: string;
  source: string;
  dateSource: string;
  asOf: string;
  /** How the fit names the source's score, e.g. "index". */
  unit: string;
}

/**
 * The project's rule for using a second source at all: its own score explains measured Elo (docs/estimator.md), by
 * the one-variable line's R², so that the size term, which explains part of Elo by itself, cannot carry a source.
 */
const MIN_R2 = 0.5;
const MIN_MODELS = 10;

const SOURCES: readonly Source[] = [
  { name: 'AA index', index: AA_INDEX, metric: AA_INDEX_METRIC, source: AA_INDEX_SOURCE, dateSource: AA_INDEX_DATE_SOURCE, asOf: AA_INDEX_AS_OF, unit: 'index' },
  { name: 'AA index v4 (2026-10-07)', index: AA4_INDEX, metric: AA4_INDEX_METRIC, source: AA4_INDEX_SOURCE, dateSource: AA4_INDEX_SOURCE, asOf: AA4_INDEX_AS_OF, unit: 'index' },
  { name: 'AA index v4.0 (2026-06-15)', index: AA4J_INDEX, metric: AA4J_INDEX_METRIC, source: AA4J_INDEX_SOURCE, dateSource: AA4J_INDEX_SOURCE, asOf: AA4J_INDEX_AS_OF, unit: 'index' },
  { name: 'OLL v2 average', index: OLL_INDEX, metric: OLL_INDEX_METRIC, source: OLL_INDEX_SOURCE, dateSource: OLL_INDEX_SOURCE, asOf: OLL_INDEX_AS_OF, unit: 'average' },
  { name: 'Swallow en_post average', index: SWALLOW_INDEX, metric: SWALLOW_INDEX_METRIC, source: SWALLOW_INDEX_SOURCE, dateSource: SWALLOW_INDEX_SOURCE, asOf: SWALLOW_INDEX_AS_OF, unit: 'average' },
  { name: 'ReLE total accuracy', index: RELE_INDEX, metric: RELE_INDEX_METRIC, source: RELE_INDEX_SOURCE, dateSource: RELE_INDEX_SOURCE, asOf: RELE_INDEX_AS_OF, unit: 'accuracy' },
];

interface Point {
  id: string;
  /** The source's score. */
  x: number;
  /** log10 of the model's effective parameters (recommend.ts effectiveParams). */
  p: number;
  /** Measured LMArena Elo. */
  y: number;
}
/** Intercept, the score's coefficient and (two-variable form only) the size's. */
type Coefficients = readonly number[];

/** Least squares of y on the columns of `rows` (a column of ones first), by the normal equations; null if singular. */
function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): number[] | null {
  const k = rows[0]?.length ?? 0;
  const ata = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => rows.reduce((acc, r) => acc + (r[i] ?? 0) * (r[j] ?? 0), 0)));
  const aty = Array.from({ length: k }, (_, i) => rows.reduce((acc, r, ri) => acc + (r[i] ?? 0) * (y[ri] ?? 0), 0));
  return solve(ata, aty);
}

const predict = (c: Coefficients, q: Pick<Point, 'x' | 'p'>): number => (c[0] ?? 0) + (c[1] ?? 0) * q.x + (c.length > 2 ? (c[2] ?? 0) * q.p : 0);

/**
 * Both forms of the conversion over a source's points: Elo = a + b·score, and Elo = a + b·score + c·log10(effective
 * parameters). A leaderboard of benchmarks (AA, OLL) scores small models closer to big ones than chat preference does
 * (LMArena: Llama 3.2 1B 1111 Elo, 185 below the one-line AA v4.0 conversion of its index), so the size term can
 * carry what the score misses. The form kept is the one whose leave-one-out RMSE is lower, the two-variable one only
 * with both coefficients positive (a better score and a bigger model never predict less).
 */
function fitSource(pairs: readonly Point[]): { coefficients: Coefficients; r2: number; r2Score: number; rmse: number; loo: number[] } | null {
  const forms = [(q: Pick<Point, 'x' | 'p'>) => [1, q.x], (q: Pick<Point, 'x' | 'p'>) => [1, q.x, q.p]];
  let best: { coefficients: Coefficients; r2: number; rmse: number; loo: number[]; looRmse: number } | null = null;
  let r2Score = NaN;
  for (const row of forms) {
    const c = leastSquares(pairs.map(row), pairs.map((q) => q.y));
    if (!c || c.slice(1).some((v) => !(v > 0))) continue;
    const loo = pairs.map((q, i) => {
      const rest = pairs.filter((_, j) => j !== i);
      const l = leastSquares(rest.map(row), rest.map((r) => r.y));
      return l ? Math.abs(q.y - predict(l, q)) : Infinity;
    });
    const looRmse = Math.sqrt(loo.reduce((s, e) => s + e * e, 0) / loo.length);
    const my = pairs.reduce((s, q) => s + q.y, 0) / pairs.length;
    const sse = pairs.reduce((s, q) => s + (q.y - predict(c, q)) ** 2, 0);
    const sst = pairs.reduce((s, q) => s + (q.y - my) ** 2, 0);
    if (row === forms[0]) r2Score = 1 - sse / sst;
    if (!best || looRmse < best.looRmse) best = { coefficients: c, r2: 1 - sse / sst, rmse: Math.sqrt(sse / pairs.length), loo, looRmse };
  }
  return best ? { ...best, r2Score } : null;
}

const dir = join(__dirname, '..', 'resources', 'models');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const docs = files.map((f) => ({ file: f, doc: JSON.parse(readFileSync(join(dir, f), 'utf8')) as { models: RawModel[] } }));
const models = docs.flatMap((d) => d.doc.models);
const isMeasured = (m: RawModel) => m.quality !== null && m.quality.convertedFrom === undefined;
const sizeOf = (m: RawModel) => Math.log10(effectiveParams({ architecture: m.architecture as ModelSpec['architecture'], parameters: m.parameters }));

let changed = 0;
const claimed = new Set<string>(); // models an earlier (preferred) source converts
for (const src of SOURCES) {
  // Measured LMArena rows (never a converted one) that this source also scores: the points of the fit.
  const pairs: Point[] = models
    .filter((m) => m.quality?.metric === RANKING_QUALITY_METRIC && isMeasured(m) && src.index[m.id] !== undefined)
    .map((m) => ({ id: m.id, x: src.index[m.id]?.score ?? 0, p: sizeOf(m), y: m.quality?.score ?? 0 }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const n = pairs.length;
  const fitted = n >= 3 ? fitSource(pairs) : null;
  if (!fitted) {
    console.log(`${src.name}: no fit over ${n} models`);
    continue;
  }
  const { coefficients: c, r2, r2Score, rmse, loo } = fitted;
  const sizeTerm = c.length > 2 ? ` + ${(c[2] ?? 0).toFixed(2)} × log10(effective parameter count)` : '';
  const alone = c.length > 2 ? ` (${src.unit} alone ${r2Score.toFixed(2)})` : '';
  const fit = `Elo = ${(c[0] ?? 0).toFixed(1)} + ${(c[1] ?? 0).toFixed(3)} × ${src.unit}${sizeTerm} over ${n} models, R² ${r2.toFixed(2)}${alone}`;
  console.log(
    `${src.name}: ${fit}, RMSE ${rmse.toFixed(1)} Elo; leave-one-out RMSE ${Math.sqrt(loo.reduce((s, e) => s + e * e, 0) / n).toFixed(1)}, at most ${Math.max(...loo).toFixed(0)}`,
  );
  console.log(`  models in the fit: ${pairs.map((p) => `${p.id} (${p.x}, ${p.y})`).join(', ')}`);
  if (!(n >= MIN_MODELS && r2Score >= MIN_R2)) {
    console.log(`  not used: the rule is R² >= ${MIN_R2} of the ${src.unit} alone over >= ${MIN_MODELS} models`);
    continue;
  }
  // A row above every fitted one is converted at the top of the fitted range, not extrapolated: a line fitted on
  // scores up to x_max says nothing of what lies beyond (Qwen3.8 27B: AA v4 33.7 against a top fitted 27.9 would give
  // 1495). And no conversion exceeds the highest measured Elo it was fitted on: the size term can lift a large model
  // past it from inside the index range (Kimi K2.7 Code, a 1T MoE at 25.8, would get 1475 against GLM-5.1's measured
  // 1469), and a converted score above every measured one would decide the top pick on an extrapolation. Below the
  // range no floor is set: conversions there are documented as likely too high already.
  const xMax = Math.max(...pairs.map((q) => q.x));
  const yMax = Math.max(...pairs.map((q) => q.y));
  for (const m of models) {
    const row = src.index[m.id];
    if (!row || isMeasured(m) || claimed.has(m.id)) continue;
    claimed.add(m.id);
    const above = row.score > xMax;
    const line = Math.round(predict(c, { x: above ? xMax : row.score, p: sizeOf(m) }));
    const capped = line > yMax;
    const notes = [
      ...(above ? [`${row.score} is above the highest fitted ${src.unit} (${xMax}), so it is converted at ${xMax}, not extrapolated`] : []),
      ...(capped ? [`the line gives ${line}, above the highest measured Elo it was fitted on, so it is capped at ${yMax}`] : []),
    ];
    const next: RawQuality = {
      score: capped ? yMax : line,
      metric: RANKING_QUALITY_METRIC,
      source: src.source,
      asOf: src.asOf,
      convertedFrom: {
        metric: src.metric,
        score: row.score,
        row: row.row,
        dateSource: src.dateSource,
        fit: [fit, ...notes].join('; '),
      },
    };
    if (JSON.stringify(next) !== JSON.stringify(m.quality)) {
      changed++;
      console.log(`  ${m.id}: ${row.row} ${row.score} -> ${next.score} Elo (converted)`);
    }
    m.quality = next;
  }
}
const total = models.length;
const scored = models.filter((m) => m.quality !== null).length;
console.log(`${changed} changed; ${scored} of ${total} models scored (${((scored / total) * 100).toFixed(0)} %)`);
if (process.argv.includes('--write')) for (const d of docs) writeFileSync(join(dir, d.file), `${JSON.stringify(d.doc, null, 2)}\n`);
