// npm run catalog:check: validates every entry of resources/models/*.json (schema, sources, parameter count
// against the architecture, known GGUF file sizes, quality signal) and exits 1 on any error.
// Add --notes to list the entries without a quality score or other facts worth a look.
import { checkCatalog } from '../app/catalog/catalog-check';
import { MODEL_FILES, parseCatalog } from '../app/catalog/models';

const report = checkCatalog(MODEL_FILES);
const { models } = parseCatalog(MODEL_FILES);
const scored = models.filter((m) => m.quality !== null).length;
const converted = models.filter((m) => m.quality?.convertedFrom !== undefined).length;
const byYear = new Map<string, number>();
for (const m of models) byYear.set(m.releaseDate.slice(0, 4), (byYear.get(m.releaseDate.slice(0, 4)) ?? 0) + 1);
const years = [...byYear.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([y, n]) => `${y}: ${n}`).join(', ');

console.log(`${report.models} models (${years}); quality score for ${scored} (${((scored / Math.max(1, models.length)) * 100).toFixed(0)} %: ${scored - converted} measured, ${converted} converted), the rest ranked by size`);
if (process.argv.includes('--notes')) for (const n of report.notes) console.log(`note  ${n.model}: ${n.message}`);
for (const e of report.errors) console.log(`ERROR ${e.model}: ${e.message}`);
console.log(report.errors.length === 0 ? 'catalog OK' : `${report.errors.length} error(s)`);
process.exit(report.errors.length === 0 ? 0 : 1);
