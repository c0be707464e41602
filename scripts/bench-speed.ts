// npm run bench:speed: the whole catalog x every quantization x 5 context lengths on one profile.
// "cold" includes sizing every model's weights once (memoized per model x quant); "warm" is what the UI
// pays on each slider move afterwards.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseProfile } from '../main/services/profile-file';
import { builtInCatalog } from '../app/catalog/models';
import { DEFAULT_OPTIONS, estimate } from '../app/estimator/estimate';
import { QUANT_TYPES } from '../app/estimator/quant-types';

const file = process.argv[2] ?? resolve('tests/fixtures/profiles/linux-nvidia-h200-vm.json');
const profile = parseProfile(readFileSync(file, 'utf8'), file);
if (!profile.ok) throw new Error(profile.error.message);
const models = builtInCatalog().models;
const contexts = [2048, 8192, 32768, 65536, 131072];
// Every GGUF quantization (the MLX ones need an Apple GPU and the mlx runtime).
const quants = QUANT_TYPES.filter((q) => q.format === 'gguf');

function pass(): { ms: number; count: number } {
  const start = performance.now();
  let count = 0;
  // One options object per context, as the UI builds one per slider position and reuses it for every model.
  for (const c of contexts) {
    const options = { ...DEFAULT_OPTIONS, contextTokens: c };
    for (const m of models)
      for (const q of quants) {
        const r = estimate(profile.ok ? profile.value : (undefined as never), m, q, options);
        if (r.ok) count++;
      }
  }
  return { ms: performance.now() - start, count };
}

const cold = pass();
const warm: number[] = [];
for (let i = 0; i < 10; i++) warm.push(pass().ms);
warm.sort((a, b) => a - b);
const n = models.length * quants.length * contexts.length;
console.log(`${models.length} models x ${quants.length} quants x ${contexts.length} contexts = ${n} estimates (${cold.count} valid) on ${profile.value.label}`);
console.log(`cold: ${cold.ms.toFixed(1)} ms (weights sized once per model x quant)`);
console.log(`warm: median ${warm[5]?.toFixed(1)} ms, best ${warm[0]?.toFixed(1)} ms, worst ${warm[9]?.toFixed(1)} ms  (target <= 25 ms)`);
console.log(`per estimate: ${(((warm[5] ?? 0) * 1000) / n).toFixed(2)} µs`);

// What a slider move costs: every model x every GGUF quant at one new context (never seen before).
const moves: number[] = [];
for (const c of [3072, 6144, 12288, 24576, 49152, 98304, 20480, 40960, 81920, 163840, 10240]) {
  const start = performance.now();
  const options = { ...DEFAULT_OPTIONS, contextTokens: c };
  for (const m of models) for (const q of quants) estimate(profile.value, m, q, options);
  moves.push(performance.now() - start);
}
moves.sort((a, b) => a - b);
console.log(`one slider move (${models.length} x ${quants.length} at a new context): median ${moves[5]?.toFixed(1)} ms, worst ${moves[10]?.toFixed(1)} ms`);
