import { describe, expect, it } from 'vitest';
import { checkCatalog, checkModel, diagnoseParameterGap } from '../../../../app/catalog/catalog-check';
import { MODEL_FILES, findModel } from '../../../../app/catalog/models';
import { countParameters } from '../../../../app/estimator/tensors';

describe('checkCatalog (npm run catalog:check)', () => {
  it('finds no error in the built-in catalog', () => {
    const report = checkCatalog(MODEL_FILES);
    expect(report.errors).toEqual([]);
    expect(report.models).toBeGreaterThanOrEqual(140);
  });

  it('reports an entry that does not parse with its file and index', () => {
    const report = checkCatalog({ 'x.json': { schemaVersion: 1, models: [{ id: 'Bad Id!' }] } });
    expect(report.models).toBe(0);
    expect(report.errors[0]?.model).toBe('x.json#0');
  });

  it('names the field when a parameter gap has a one-field explanation', () => {
    const llama = findModel('llama-3.1-8b-instruct');
    expect(llama).not.toBeNull();
    if (!llama) return;
    expect(diagnoseParameterGap(llama.architecture, llama.parameters.total)).toBeNull();
    // Tied embeddings on an untied model drop one 4096 x 128256 matrix (6.5 %): the check names tiedEmbeddings.
    expect(diagnoseParameterGap({ ...llama.architecture, tiedEmbeddings: true }, llama.parameters.total)).toMatch(/tiedEmbeddings/);
    // A wrong layer count has no one-field fix among the suspects: the gap is given in layers.
    expect(diagnoseParameterGap({ ...llama.architecture, layers: 24 }, llama.parameters.total)).toMatch(/layers' worth/);
  });

  it('checks known GGUF files against the size the architecture predicts', () => {
    const m = findModel('llama-3.1-8b-instruct');
    if (!m) throw new Error('llama-3.1-8b-instruct missing');
    const repo = m.ggufRepos[0] ?? 'x/y';
    const wrong = { ...m, knownGgufFiles: [{ repo, file: 'x-Q4_K_M.gguf', quant: 'Q4_K_M', sizeBytes: 1_000_000_000, source: 'https://example.org' }] };
    expect(checkModel(wrong).errors.join('\n')).toMatch(/predicts .* bytes/);
    const unknown = { ...m, knownGgufFiles: [{ repo, file: 'x.gguf', quant: 'Q9_Z', sizeBytes: 1, source: 'https://example.org' }] };
    expect(checkModel(unknown).errors.join('\n')).toMatch(/unknown quantization Q9_Z/);
  });

  it('refuses a score in a metric the ranking does not read, or without a date', () => {
    const m = findModel('qwen3-32b');
    if (!m) throw new Error('qwen3-32b missing');
    expect(checkModel({ ...m, quality: { score: 50, metric: 'aa-intelligence-index', source: 'https://example.org', asOf: '2026-01' } }).errors.join('\n')).toMatch(/only reads lmarena-text-elo/);
    expect(checkModel({ ...m, quality: { score: 1300, metric: 'lmarena-text-elo', source: 'https://example.org' } }).errors.join('\n')).toMatch(/asOf/);
  });

  it('does not mutate the architecture it diagnoses', () => {
    const m = findModel('qwen3-30b-a3b');
    if (!m) throw new Error('qwen3-30b-a3b missing');
    const before = JSON.stringify(m.architecture);
    const total = countParameters(m.architecture).total;
    diagnoseParameterGap(m.architecture, total * 2);
    expect(JSON.stringify(m.architecture)).toBe(before);
  });
});
