import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli-io';
import { fuzzIterations, fuzzRng, fuzzTimeoutMs, mutateJson, mutateText } from '../../helpers/fuzz';

const VALID = [
  { hardware: { gpus: 'RTX 4090', ramGB: 64 }, model: 'llama-3.1-8b-instruct', quant: 'Q4_K_M', contextTokens: 8192 },
  { hardware: { gpus: ['RTX 3090', 'RTX 3090'], ramGB: 128 }, model: 'qwen3-30b-a3b', quant: 'Q8_0', contextTokens: 32768, kvCacheType: 'q8_0' },
  { hardware: { ramGB: 16 }, model: { hfConfig: { model_type: 'llama', num_hidden_layers: 2, hidden_size: 64, intermediate_size: 128, num_attention_heads: 4, vocab_size: 100 } }, quant: 'Q4_K_M', contextTokens: 1024 },
];
const BATCHES = fuzzIterations(100);
const LINES_PER_BATCH = 25;

/** The JSON Lines records of a text: split at \n, a \r before it dropped, no record after a final \n. */
function records(text: string): number {
  if (text === '') return 0;
  const parts = text.split('\n');
  return text.endsWith('\n') ? parts.length - 1 : parts.length;
}

describe('fuzz: estimate --batch lines', () => {
  it(`${BATCHES} batches of ${LINES_PER_BATCH} mutated lines: one JSON answer per record, in order`, async () => {
    const rng = fuzzRng(3);
    for (let b = 0; b < BATCHES; b++) {
      const lines: string[] = [];
      for (let i = 0; i < LINES_PER_BATCH; i++) {
        const roll = rng();
        if (roll < 0.4) lines.push(JSON.stringify(mutateJson(rng.pick(VALID), rng, 1 + rng.int(3))));
        else if (roll < 0.7) lines.push(mutateText(JSON.stringify(rng.pick(VALID)), rng));
        else if (roll < 0.8) lines.push(rng.pick(['', ' ', '\t', '\r', 'null', '[]', '"x"', '{}', '\u0000']));
        else lines.push(JSON.stringify(rng.pick(VALID)));
      }
      const stdin = lines.join(rng() < 0.5 ? '\n' : '\r\n') + (rng() < 0.5 ? '\n' : '');
      const r = await cli(['estimate', '--batch', '-'], stdin);
      const answers = r.out.split('\n').slice(0, -1);
      expect(answers, `batch ${b}`).toHaveLength(records(stdin));
      for (const a of answers) expect(typeof (JSON.parse(a) as { ok: unknown }).ok).toBe('boolean');
      expect([0, 3]).toContain(r.code);
    }
  }, fuzzTimeoutMs(BATCHES, 1000));
});
