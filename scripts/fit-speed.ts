// Development tool: fits the per-backend speed constants (app/estimator/speed-constants.ts) to the
// single-GPU rows of ../shared/calibration/speed.csv by coordinate search, and prints them. The constants
// are per backend (six numbers for all CUDA GPUs, six for all Macs), never per row. Metal also uses the "fit" half
// of tests/fixtures/calibration/scoreboards.csv (llama.cpp discussion #4167). Usage:
//   npx jiti scripts/fit-speed.ts
import { BACKEND_SPEED } from '../app/estimator/speed-constants';
import type { BackendSpeed } from '../app/estimator/speed-constants';
import { percentile, predictScoreboardRows, predictSpeedRows } from './calibration';

type Key = Exclude<keyof BackendSpeed, 'uncertainty' | 'promptLowFraction'>;
const KEYS: Key[] = ['bandwidthEfficiency', 'bandwidthHalfPoint', 'kvEfficiencyNoFlash', 'perLayerSec', 'computeEfficiency', 'computeHalfPeak', 'quantizedComputeFactor'];

function score(backend: 'cuda' | 'metal'): number {
  const rows = predictSpeedRows().filter((r) => r.kind === 'single' && r.predicted !== null && (backend === 'metal') === /^M\d/.test(r.hardware));
  // Metal also fits on the "fit" half of llama.cpp's Apple Silicon scoreboard (one GPU variant per chip); the other half is held out.
  const board = backend === 'metal' ? predictScoreboardRows().filter((r) => r.split === 'fit' && r.backend === 'metal' && r.predicted !== null) : [];
  const errors = [...rows, ...board].map((r) => Math.abs(Math.log((r.predicted ?? 1) / r.measured)));
  return percentile(errors, 50) + 0.5 * percentile(errors, 90);
}

for (const backend of ['cuda', 'metal'] as const) {
  const constants = BACKEND_SPEED[backend] as unknown as Record<Key, number>;
  let best = score(backend);
  for (let round = 0; round < 6; round++) {
    for (const key of KEYS) {
      for (const factor of [0.7, 0.85, 0.95, 1.05, 1.15, 1.4]) {
        const old = constants[key];
        constants[key] = old * factor;
        const s = score(backend);
        if (s < best - 1e-6) best = s;
        else constants[key] = old;
      }
    }
  }
  console.log(backend, JSON.stringify(constants), 'score', best.toFixed(4));
}
