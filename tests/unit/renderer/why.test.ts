import { describe, expect, it } from 'vitest';
import { whyRanked } from '../../../renderer/features/models/why';
import { model } from '../../helpers/models';

describe('whyRanked', () => {
  it('says which kind of quality number ranks the model: measured, converted, or the size fallback', () => {
    expect(whyRanked(model('gemma-3-27b-it'), null, 10).short).toBe('LMArena Elo 1366');
    const converted = whyRanked(model('qwen3-coder-30b-a3b-instruct'), null, 10);
    expect(converted.short).toBe('LMArena Elo ≈1301 (converted)');
    expect(converted.long[0]).toMatch(/^Quality: LMArena Elo 1301, converted from the Artificial Analysis/);
    const fallback = whyRanked(model('phi-4-reasoning'), null, 10);
    expect(fallback.short).toBe('14.7B, no score');
    expect(fallback.long[0]).toMatch(/ranked by the score its size predicts \(a fallback/);
  });
});
