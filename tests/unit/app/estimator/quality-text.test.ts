import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../../app/domain/model';
import { qualityText } from '../../../../app/estimator/quality-text';
import { model } from '../../../helpers/models';

describe('qualityText', () => {
  it('gives a measured score as it is, with its leaderboard date', () => {
    const t = qualityText(model('gemma-3-27b-it'));
    expect(t.short).toBe('LMArena Elo 1366');
    expect(t.long).toBe('Quality: LMArena Elo 1366 (leaderboard of 2026-07-30).');
    expect(t.rankedBy).toBe('ranked by LMArena Elo 1366');
  });

  it('marks a converted score as converted and names the row, the index and the fit', () => {
    const m = model('qwen3-coder-30b-a3b-instruct');
    const t = qualityText(m);
    expect(t.short).toBe('LMArena Elo ≈1301 (converted)');
    expect(t.long).toContain('converted from the Artificial Analysis Intelligence Index v3 33 ("Qwen3 Coder 30B A3B Instruct", 2025-11-20)');
    expect(t.long).toContain(m.quality?.convertedFrom?.fit ?? 'a fit');
    expect(t.rankedBy).toBe('ranked by LMArena Elo ≈1301, converted from the Artificial Analysis Intelligence Index v3');
  });

  it('names the AA v4.0 table of 2026-06-15 by its own name, not by its metric id', () => {
    const t = qualityText(model('qwen3.5-2b'));
    expect(t.long).toContain('converted from the Artificial Analysis Intelligence Index v4.0 16.29 ("Qwen3.5 2B (Reasoning)", 2026-06-15)');
    expect(t.rankedBy).toBe(`ranked by LMArena Elo ≈${model('qwen3.5-2b').quality?.score ?? 0}, converted from the Artificial Analysis Intelligence Index v4.0`);
  });

  it('names the Open LLM Leaderboard row for a score converted from it', () => {
    const m = model('qwen2.5-7b-instruct');
    const t = qualityText(m);
    expect(t.short).toBe('LMArena Elo ≈1258 (converted)');
    expect(t.long).toContain('converted from the Open LLM Leaderboard v2 average 35.2 ("Qwen/Qwen2.5-7B-Instruct", 2025-04-05)');
    expect(t.long).toContain(m.quality?.convertedFrom?.fit ?? 'a fit');
    expect(t.rankedBy).toBe('ranked by LMArena Elo ≈1258, converted from the Open LLM Leaderboard v2 average');
  });

  it('names the Swallow leaderboard for a score converted from it', () => {
    const t = qualityText(model('olmo-3-7b-think'));
    expect(t.long).toContain('converted from the Swallow LLM Leaderboard English average 0.658 ("allenai/Olmo-3-7B-Think", 2026-02-20)');
  });

  it('names the ReLE table for a score converted from it', () => {
    const t = qualityText(model('hunyuan-a13b-instruct'));
    expect(t.long).toContain('converted from the ReLE (Chinese LLM benchmark) total accuracy 59.8 ("Hunyuan-A13B-Instruct", 2025-11-03)');
  });

  it('says a model without a score is ranked by the size fallback, not by a measurement', () => {
    const t = qualityText(model('phi-4-reasoning'));
    expect(t.short).toBe('14.7B, no score');
    expect(t.long).toMatch(/no leaderboard score.*size predicts \(a fallback, not a measurement\)/);
    expect(t.rankedBy).toBe('no leaderboard score, ranked by the score its size predicts, a fallback');
  });

  it('passes an unknown metric through by its id and leaves the model untouched', () => {
    const base = model('gemma-3-27b-it');
    const m: ModelSpec = { ...base, quality: { score: 71.6, metric: 'some-index', source: 'https://example.org' } };
    const before = JSON.stringify(m);
    expect(qualityText(m)).toEqual({ short: 'some-index 72', long: 'Quality: some-index 72.', rankedBy: 'ranked by some-index 72' });
    expect(JSON.stringify(m)).toBe(before);
  });
});
