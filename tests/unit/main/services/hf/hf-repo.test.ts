import { describe, expect, it } from 'vitest';
import { groupGgufFiles } from '../../../../../main/services/hf/hf-repo';

const f = (path: string, bytes = 100) => ({ path, bytes, sha256: null });

describe('groupGgufFiles', () => {
  it('joins split parts per folder and prefix, keeps projectors apart, ignores other files', () => {
    const { groups, projectors } = groupGgufFiles([
      f('README.md'),
      f('Q8_0/m-Q8_0-00002-of-00002.gguf'),
      f('Q8_0/m-Q8_0-00001-of-00002.gguf'),
      f('m-Q4_K_M.gguf'),
      f('mmproj-m-F16.gguf'),
      f('config.json'),
    ]);
    expect(groups.map((g) => g.parts.map((p) => p.path))).toEqual([
      ['m-Q4_K_M.gguf'],
      ['Q8_0/m-Q8_0-00001-of-00002.gguf', 'Q8_0/m-Q8_0-00002-of-00002.gguf'],
    ]);
    expect(groups.every((g) => g.missing === null)).toBe(true);
    expect(projectors.map((p) => p.path)).toEqual(['mmproj-m-F16.gguf']);
  });

  it('says when a split model misses parts', () => {
    const { groups } = groupGgufFiles([f('m-00001-of-00003.gguf'), f('m-00003-of-00003.gguf')]);
    expect(groups[0]?.missing).toBe('m-00001-of-00003.gguf: split model has 2 of 3 parts in the repository');
  });

  it('returns nothing for a repository without GGUF files', () => {
    expect(groupGgufFiles([f('model.safetensors'), f('config.json')])).toEqual({ groups: [], projectors: [] });
  });
});
