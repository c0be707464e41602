// npm run catalog:quality: converts Artificial Analysis Intelligence Index scores into the ranking's one metric
// (LMArena text Elo, snapshot 2026-07-30) for catalog models LMArena has no row for, and writes them into
// resources/models/*.json as `quality` with `convertedFrom`. The line is a least-squares fit of Elo against the
// AA index over the catalog models both sources score; it is recomputed on every run (docs/estimator.md, ranking).
// Usage: jiti scripts/quality-convert.ts [--write]   (without --write it only prints the fit and the changes)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AA_INDEX, AA_INDEX_AS_OF, AA_INDEX_DATE_SOURCE, AA_INDEX_METRIC, AA_INDEX_SOURCE } from '../app/catalog/aa-index';
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

const dir = join(__dirname, '..', 'resources', 'models');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const docs = files.map((f) => ({ file: f, doc: JSON.parse(readFileSync(join(dir, f), 'utf8')) as { models: RawModel[] } }));
const models = docs.flatMap((d) => d.doc.models);

// Measured LMArena rows (never a converted one) that AA also scores: the points of the fit.
const pairs = models
  .filter((m) => m.quality?.metric === RANKING_QUALITY_METRIC && m.quality.convertedFrom === undefined && AA_INDEX[m.id] !== undefined)
  .map((m) => ({ id: m.id, x: AA_INDEX[m.id]?.score ?? 0, y: m.quality?.score ?? 0 }))
  .sort((a, b) => a.id.localeCompare(b.id));
const n = pairs.length;
const mx = pairs.reduce((s, p) => s + p.x, 0) / n;
const my = pairs.reduce((s, p) => s + p.y, 0) / n;
const sxy = pairs.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
const sxx = pairs.reduce((s, p) => s + (p.x - mx) ** 2, 0);
const syy = pairs.reduce((s, p) => s + (p.y - my) ** 2, 0);
const slope = sxy / sxx;
const intercept = my - slope * mx;
const r2 = (sxy * sxy) / (sxx * syy);
const rmse = Math.sqrt(pairs.reduce((s, p) => s + (p.y - (intercept + slope * p.x)) ** 2, 0) / n);
console.log(`fit over ${n} models: Elo = ${intercept.toFixed(1)} + ${slope.toFixed(3)} × AA index; R² = ${r2.toFixed(3)}, RMSE ${rmse.toFixed(1)} Elo`);
console.log(`models in the fit: ${pairs.map((p) => `${p.id} (${p.x}, ${p.y})`).join(', ')}`);

let changed = 0;
for (const m of models) {
  const aa = AA_INDEX[m.id];
  const measured = m.quality !== null && m.quality.convertedFrom === undefined;
  if (!aa || measured) continue;
  const next: RawQuality = {
    score: Math.round(intercept + slope * aa.score),
    metric: RANKING_QUALITY_METRIC,
    source: AA_INDEX_SOURCE,
    asOf: AA_INDEX_AS_OF,
    convertedFrom: {
      metric: AA_INDEX_METRIC,
      score: aa.score,
      row: aa.row,
      dateSource: AA_INDEX_DATE_SOURCE,
      fit: `Elo = ${intercept.toFixed(1)} + ${slope.toFixed(3)} × index over ${n} models, R² ${r2.toFixed(2)}`,
    },
  };
  if (JSON.stringify(next) !== JSON.stringify(m.quality)) {
    changed++;
    console.log(`${m.id}: ${aa.row} ${aa.score} -> ${next.score} Elo (converted)`);
  }
  m.quality = next;
}
const total = models.length;
const scored = models.filter((m) => m.quality !== null).length;
console.log(`${changed} changed; ${scored} of ${total} models scored (${((scored / total) * 100).toFixed(0)} %)`);
if (process.argv.includes('--write')) for (const d of docs) writeFileSync(join(dir, d.file), `${JSON.stringify(d.doc, null, 2)}\n`);
