// npm run catalog:quality: converts the scores of four other tables (Artificial Analysis index v3, v4 of 2026-10-07
// and v4.0 of 2026-06-15, Open LLM Leaderboard v2) into the ranking's one metric (LMArena text Elo, snapshot 2026-07-30) for catalog models LMArena
// has no row for, and writes them into resources/models/*.json as `quality` with `convertedFrom`. First the AA
// Intelligence Index v3 (2025-11-20, the best fit), then for models it has no row for the AA index v4 table of
// 2026-10-07 (the 2025-26 small models), then the AA index v4.0 of 2026-06-15 (the smallest 2026 models, which the
// 2026-10-07 copy lacks), then for models none has a row for the Open LLM Leaderboard v2 average
// (frozen March 2025). Each source gets its own least-squares line of Elo against its score over the catalog models
// that have a measured LMArena row and a row in that source; the lines are recomputed on every run
// (docs/estimator.md, ranking).
// Usage: jiti scripts/quality-convert.ts [--write]   (without --write it only prints the fits and the changes)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AA_INDEX, AA_INDEX_AS_OF, AA_INDEX_DATE_SOURCE, AA_INDEX_METRIC, AA_INDEX_SOURCE } from '../app/catalog/aa-index';
import { AA4_INDEX, AA4_INDEX_AS_OF, AA4_INDEX_METRIC, AA4_INDEX_SOURCE } from '../app/catalog/aa4-index';
import { AA4J_INDEX, AA4J_INDEX_AS_OF, AA4J_INDEX_METRIC, AA4J_INDEX_SOURCE } from '../app/catalog/aa4-june-index';
import { OLL_INDEX, OLL_INDEX_AS_OF, OLL_INDEX_METRIC, OLL_INDEX_SOURCE } from '../app/catalog/oll-index';
import { RANKING_QUALITY_METRIC } from '../app/estimator/recommend';

interface RawQuality {
  score: number;
  metric: string;
  source: string;
  asOf?: string;
  convertedFrom?: unknown;
}
interface RawModel {
  id: string;
  quality: RawQuality | null;
}
interface Source {
  name: string;
  index: Readonly<Record<string, { readonly row: string; readonly score: number }>>;
  metric: string;
  source: string;
  dateSource: string;
  asOf: string;
  /** How the fit names the source's score, e.g. "index". */
  unit: string;
}

/** The project's rule for using a second source at all: its line explains measured Elo (docs/estimator.md). */
const MIN_R2 = 0.5;
const MIN_MODELS = 10;

const SOURCES: readonly Source[] = [
  { name: 'AA index', index: AA_INDEX, metric: AA_INDEX_METRIC, source: AA_INDEX_SOURCE, dateSource: AA_INDEX_DATE_SOURCE, asOf: AA_INDEX_AS_OF, unit: 'index' },
  { name: 'AA index v4 (2026-10-07)', index: AA4_INDEX, metric: AA4_INDEX_METRIC, source: AA4_INDEX_SOURCE, dateSource: AA4_INDEX_SOURCE, asOf: AA4_INDEX_AS_OF, unit: 'index' },
  { name: 'AA index v4.0 (2026-06-15)', index: AA4J_INDEX, metric: AA4J_INDEX_METRIC, source: AA4J_INDEX_SOURCE, dateSource: AA4J_INDEX_SOURCE, asOf: AA4J_INDEX_AS_OF, unit: 'index' },
  { name: 'OLL v2 average', index: OLL_INDEX, metric: OLL_INDEX_METRIC, source: OLL_INDEX_SOURCE, dateSource: OLL_INDEX_SOURCE, asOf: OLL_INDEX_AS_OF, unit: 'average' },
];

/** Least-squares line of y against x, and its R². */
function line(pairs: readonly { x: number; y: number }[]): { slope: number; intercept: number; r2: number } {
  const n = pairs.length;
  const mx = pairs.reduce((s, p) => s + p.x, 0) / n;
  const my = pairs.reduce((s, p) => s + p.y, 0) / n;
  const sxy = pairs.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = pairs.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const syy = pairs.reduce((s, p) => s + (p.y - my) ** 2, 0);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: (sxy * sxy) / (sxx * syy) };
}

const dir = join(__dirname, '..', 'resources', 'models');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const docs = files.map((f) => ({ file: f, doc: JSON.parse(readFileSync(join(dir, f), 'utf8')) as { models: RawModel[] } }));
const models = docs.flatMap((d) => d.doc.models);
const isMeasured = (m: RawModel) => m.quality !== null && m.quality.convertedFrom === undefined;

let changed = 0;
const claimed = new Set<string>(); // models an earlier (preferred) source converts
for (const src of SOURCES) {
  // Measured LMArena rows (never a converted one) that this source also scores: the points of the fit.
  const pairs = models
    .filter((m) => m.quality?.metric === RANKING_QUALITY_METRIC && isMeasured(m) && src.index[m.id] !== undefined)
    .map((m) => ({ id: m.id, x: src.index[m.id]?.score ?? 0, y: m.quality?.score ?? 0 }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const n = pairs.length;
  const { slope, intercept, r2 } = line(pairs);
  const rmse = Math.sqrt(pairs.reduce((s, p) => s + (p.y - (intercept + slope * p.x)) ** 2, 0) / n);
  // Leave-one-out: each fitted model predicted by the line fitted without it (how far a converted score may be off).
  const loo = pairs.map((p, i) => {
    const l = line(pairs.filter((_, j) => j !== i));
    return Math.abs(p.y - (l.intercept + l.slope * p.x));
  });
  const fit = `Elo = ${intercept.toFixed(1)} + ${slope.toFixed(3)} × ${src.unit} over ${n} models, R² ${r2.toFixed(2)}`;
  console.log(
    `${src.name}: ${fit}, RMSE ${rmse.toFixed(1)} Elo; leave-one-out RMSE ${Math.sqrt(loo.reduce((s, e) => s + e * e, 0) / n).toFixed(1)}, at most ${Math.max(...loo).toFixed(0)}`,
  );
  console.log(`  models in the fit: ${pairs.map((p) => `${p.id} (${p.x}, ${p.y})`).join(', ')}`);
  if (!(n >= MIN_MODELS && r2 >= MIN_R2)) {
    console.log(`  not used: the rule is R² >= ${MIN_R2} over >= ${MIN_MODELS} models`);
    continue;
  }
  for (const m of models) {
    const row = src.index[m.id];
    if (!row || isMeasured(m) || claimed.has(m.id)) continue;
    claimed.add(m.id);
    const next: RawQuality = {
      score: Math.round(intercept + slope * row.score),
      metric: RANKING_QUALITY_METRIC,
      source: src.source,
      asOf: src.asOf,
      convertedFrom: { metric: src.metric, score: row.score, row: row.row, dateSource: src.dateSource, fit },
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
