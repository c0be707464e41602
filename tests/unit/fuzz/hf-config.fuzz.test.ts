import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFromHfConfig } from '../../../app/catalog/hf-config';
import { inlineModelSpec } from '../../../app/catalog/inline-model';
import { DEFAULT_OPTIONS, estimate } from '../../../app/estimator/estimate';
import { findQuant } from '../../../app/estimator/quant-types';
import { fuzzIterations, fuzzRng, fuzzTimeoutMs, mutateJson } from '../../helpers/fuzz';
import { profileFromFixture } from '../../helpers/fixture-profiles';

const DIR = resolve(__dirname, '../../fixtures/hf-configs');
const CONFIGS = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(resolve(DIR, f), 'utf8')) as unknown);
const N = fuzzIterations(3000);

describe('fuzz: Hugging Face config.json', () => {
  it(`${N} mutated configs are read or refused with a message, never thrown; what reads is estimated without a throw`, () => {
    const rng = fuzzRng(2);
    const quant = findQuant('Q4_K_M');
    if (!quant) throw new Error('no Q4_K_M');
    const profile = profileFromFixture('linux-nvidia-h200-vm');
    let accepted = 0;
    for (let i = 0; i < N; i++) {
      const config = mutateJson(rng.pick(CONFIGS), rng, 1 + rng.int(4));
      const r = modelFromHfConfig(config);
      if (!r.ok) {
        expect(r.error.message.length, `case ${i}`).toBeGreaterThan(0);
        continue;
      }
      accepted++;
      const model = inlineModelSpec({ id: 'fuzz', name: 'fuzz', hfRepo: 'fuzz', nativeContextTokens: r.value.nativeContextTokens, architecture: r.value.architecture });
      const e = estimate(profile, model, quant, { ...DEFAULT_OPTIONS, contextTokens: 4096 });
      expect(typeof e.ok).toBe('boolean');
    }
    expect(accepted).toBeGreaterThan(0);
  }, fuzzTimeoutMs(N, 20));
});
