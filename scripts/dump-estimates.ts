// npx jiti scripts/dump-estimates.ts: every estimate over the catalog x every quantization x 6 contexts, for the
// fixture profiles and named-GPU machines (Intel, AMD, Apple, two NVIDIA cards, a partial offload) under 14 option
// sets, hashed. Prints one line per (machine, options) with the count and SHA-256 of the JSON results, then the total.
// A change meant to leave every result alone (a speed-up, a refactor) must print the same lines before and after.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { gpuIndex } from '../app/catalog/gpus';
import { builtInCatalog } from '../app/catalog/models';
import { profileFromSpec } from '../app/catalog/what-if';
import type { EstimateOptions } from '../app/domain/estimate';
import type { HardwareProfile } from '../app/domain/hardware';
import { DEFAULT_OPTIONS, estimate } from '../app/estimator/estimate';
import { QUANT_TYPES } from '../app/estimator/quant-types';
import { parseProfile } from '../main/services/profile-file';

const GIB = 1024 ** 3;
const dir = resolve('tests/fixtures/profiles');
const machines: { name: string; profile: HardwareProfile }[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const p = parseProfile(readFileSync(resolve(dir, f), 'utf8'), f);
    if (!p.ok) throw new Error(p.error.message);
    return { name: f.replace(/\.json$/, ''), profile: p.value };
  });
for (const [name, gpuNames, ramGB, vramGB] of [
  ['intel-arc-b580', ['Intel Arc B580'], 32, undefined],
  ['amd-rx-7900-xtx', ['AMD Radeon RX 7900 XTX'], 64, undefined],
  ['apple-m3-max', ['Apple M3 Max (40-core GPU)'], 64, undefined],
  ['two-rtx-3090', ['NVIDIA GeForce RTX 3090', 'NVIDIA GeForce RTX 3090'], 128, undefined],
  ['rtx-4060-8gb-partial', ['NVIDIA GeForce RTX 4060'], 32, 8],
] as const) {
  const r = profileFromSpec(gpuIndex(), { gpuNames: [...gpuNames], ramBytes: ramGB * GIB, vramBytes: vramGB === undefined ? undefined : vramGB * GIB, ramBandwidthBytesPerSec: 80e9 }, '2026-11-28T00:00:00Z');
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  machines.push({ name, profile: r.value });
}
const variants: [string, Partial<EstimateOptions>][] = [
  ['default', {}],
  ['fa-off', { flashAttention: false }],
  ['kv-q8', { kvCacheType: 'q8_0' }],
  ['kv-q4', { kvCacheType: 'q4_0' }],
  ['ollama', { runtime: 'ollama' }],
  ['lmstudio', { runtime: 'lmstudio' }],
  ['mlx', { runtime: 'mlx' }],
  ['vulkan', { backend: 'vulkan' }],
  ['cpu', { backend: 'cpu' }],
  ['cuda', { backend: 'cuda' }],
  ['rocm', { backend: 'rocm' }],
  ['total-vram-vision', { useFreeVram: false, includeVision: true }],
  ['long-prompt', { promptTokens: 4096, depthTokens: 1024, ubatchTokens: 2048 }],
  ['deep', { promptTokens: 0, depthTokens: 4096, ubatchTokens: 128, flashAttention: false }],
];
const models = builtInCatalog().models;
const contexts = [2048, 8192, 32768, 65536, 131072, 3000];
const all = createHash('sha256');
let total = 0;
for (const { name, profile } of machines)
  for (const [vname, v] of variants) {
    const h = createHash('sha256');
    let n = 0;
    for (const c of contexts) {
      const options = { ...DEFAULT_OPTIONS, ...v, contextTokens: c };
      for (const m of models)
        for (const q of QUANT_TYPES) {
          h.update(JSON.stringify(estimate(profile, m, q, options)));
          h.update('\n');
          n++;
        }
    }
    const digest = h.digest('hex');
    all.update(digest);
    total += n;
    console.log(`${name}/${vname} ${n} ${digest}`);
  }
console.log(`total: ${total} estimates (${machines.length} machines x ${variants.length} option sets x ${contexts.length} contexts x ${models.length} models x ${QUANT_TYPES.length} quantizations), sha256 of the set hashes ${all.digest('hex')}`);
