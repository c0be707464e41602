// Development tool: refits a backend's speed constants (app/estimator/speed-constants.ts) by coordinate search on the
// "fit" rows of tests/fixtures/calibration/scoreboards.csv, and prints them with the fitted and held-out medians.
// The constants are per backend, never per row; each GPU weighs the same (a chip with 25 rows must not outvote one with
// 5), and generation constants are fitted on generation rows, prompt constants on prompt rows. Usage:
//   npx jiti scripts/fit-speed.ts cuda bandwidthEfficiency,perLayerSec,quantizedComputeFactor,attentionEfficiency
//   npx jiti scripts/fit-speed.ts metal bandwidthEfficiency,perLayerSec --since 2025   (rows measured from 2025 on)
// What was fitted on which rows, and the values, are in docs/estimator.md section 5.
import { BACKEND_SPEED } from '../app/estimator/speed-constants';
import type { Backend } from '../app/estimator/speed-constants';
import { percentile, predictScoreboardRows } from './calibration';

const KEYS = ['attentionEfficiency', 'bandwidthEfficiency', 'bandwidthHalfPoint', 'kvEfficiencyNoFlash', 'perLayerSec', 'computeEfficiency', 'computeHalfPeak', 'quantizedComputeFactor', 'sizeHalfParams', 'expertTileHalfColumns', 'expertCallSec'] as const;
type Key = (typeof KEYS)[number];
const GENERATION_KEYS: ReadonlySet<Key> = new Set(['bandwidthEfficiency', 'bandwidthHalfPoint', 'kvEfficiencyNoFlash', 'perLayerSec', 'sizeHalfParams']);

const [backendArg, keysArg] = process.argv.slice(2);
const backend = backendArg as Backend;
if (!backendArg || !(backendArg in BACKEND_SPEED) || !keysArg) {
  console.error('usage: npx jiti scripts/fit-speed.ts <cuda|metal|rocm|vulkan|sycl> <key,key,...> [--since YYYY]');
  process.exit(2);
}
const keys = keysArg.split(',') as Key[];
const constants = BACKEND_SPEED[backend] as unknown as Record<Key, number | undefined>;
for (const k of keys) {
  // A key the backend does not set (Metal has no attentionEfficiency) would be fitted from NaN.
  if (!(KEYS as readonly string[]).includes(k) || typeof constants[k] !== 'number' || !Number.isFinite(constants[k])) {
    console.error(`${k}: not a finite constant of ${backend} (one of ${KEYS.join(', ')})`);
    process.exit(2);
  }
}
const sinceAt = process.argv.indexOf('--since');
const since = sinceAt > 0 ? (process.argv[sinceAt + 1] ?? '') : '';

function rowsOf(split: 'fit' | 'holdout', test: 'tg' | 'pp') {
  return predictScoreboardRows().filter((r) => r.split === split && r.backend === backend && r.apart === null && r.predicted !== null && (r.date ?? '') >= since && r.test.startsWith(test));
}

/** Mean over GPUs of (median + half the 90th percentile) of |log(predicted / measured)|. */
function score(test: 'tg' | 'pp'): number {
  const rows = rowsOf('fit', test);
  const gpus = [...new Set(rows.map((r) => r.gpu))];
  const per = gpus.map((g) => {
    const errors = rows.filter((r) => r.gpu === g).map((r) => Math.abs(Math.log((r.predicted ?? 1) / r.measured)));
    return percentile(errors, 50) + 0.5 * percentile(errors, 90);
  });
  return per.reduce((a, b) => a + b, 0) / Math.max(1, per.length);
}

for (const test of ['tg', 'pp'] as const) {
  const group = keys.filter((k) => GENERATION_KEYS.has(k) === (test === 'tg'));
  let best = score(test);
  for (let round = 0; round < 12; round++) {
    for (const key of group) {
      for (const factor of [0.5, 0.7, 0.8, 0.9, 0.97, 1.03, 1.1, 1.25, 1.4, 2]) {
        const old = constants[key] ?? 0;
        constants[key] = old * factor;
        const s = score(test);
        if (s < best - 1e-6) best = s;
        else constants[key] = old;
      }
    }
  }
}
console.log(backend, Object.fromEntries(keys.map((k) => [k, Number((constants[k] ?? 0).toPrecision(3))])));
for (const split of ['fit', 'holdout'] as const) {
  for (const test of ['tg', 'pp'] as const) {
    const rows = rowsOf(split, test);
    const median = percentile(rows.map((r) => Math.abs((r.predicted ?? 0) - r.measured) / r.measured), 50);
    console.log(`${split.padEnd(7)} ${test === 'tg' ? 'generation' : 'prompt    '} rows ${String(rows.length).padStart(3)} median ${(median * 100).toFixed(1)} %`);
  }
}
