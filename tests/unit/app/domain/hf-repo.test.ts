import { describe, expect, it } from 'vitest';
import { fileMatchesQuant, parseHfRef } from '../../../../app/domain/hf-repo';

describe('parseHfRef', () => {
  it('reads ORG/REPO with an optional quantization and revision', () => {
    expect(parseHfRef('Qwen/Qwen3-8B-GGUF')).toEqual({ ok: true, value: { repo: 'Qwen/Qwen3-8B-GGUF', quant: null, revision: 'main' } });
    expect(parseHfRef(' unsloth/Qwen3-8B-GGUF:Q4_K_M ')).toEqual({ ok: true, value: { repo: 'unsloth/Qwen3-8B-GGUF', quant: 'Q4_K_M', revision: 'main' } });
    expect(parseHfRef('org/repo:Q8_0@v1.0')).toEqual({ ok: true, value: { repo: 'org/repo', quant: 'Q8_0', revision: 'v1.0' } });
  });

  it('accepts the repository URL and hf.co/ names', () => {
    expect(parseHfRef('https://huggingface.co/Qwen/Qwen3-8B/').ok && parseHfRef('https://huggingface.co/Qwen/Qwen3-8B/')).toMatchObject({ value: { repo: 'Qwen/Qwen3-8B' } });
    expect(parseHfRef('hf.co/bartowski/x-GGUF:IQ4_XS')).toMatchObject({ value: { repo: 'bartowski/x-GGUF', quant: 'IQ4_XS' } });
  });

  it('refuses what is not a repository name, without touching the input', () => {
    for (const bad of ['', 'justone', 'a/b/c', '../etc/passwd', 'org/..', 'org/repo:', 'org/repo:Q4 K', 'org /repo']) {
      const r = parseHfRef(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_REQUEST');
    }
  });
});

describe('fileMatchesQuant', () => {
  it('matches the quantization as a whole word, any case, in names and folders', () => {
    expect(fileMatchesQuant('Qwen3-8B-Q4_K_M.gguf', 'q4_k_m')).toBe(true);
    expect(fileMatchesQuant('x.q4_k_m-00001-of-00002.gguf', 'Q4_K_M')).toBe(true);
    expect(fileMatchesQuant('Q8_0/x-00001-of-00002.gguf', 'Q8_0')).toBe(true);
    expect(fileMatchesQuant('x-UD-Q4_K_XL.gguf', 'UD-Q4_K_XL')).toBe(true);
  });

  it('does not take one quantization for a longer one', () => {
    expect(fileMatchesQuant('x-Q4_K_M.gguf', 'Q4_K')).toBe(false);
    expect(fileMatchesQuant('x-IQ4_XS.gguf', 'Q4_XS')).toBe(false);
    expect(fileMatchesQuant('x-Q4_0.gguf', 'Q4_K_M')).toBe(false);
  });
});
