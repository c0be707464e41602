import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUALITY_METRIC, diagnoseParameterGap } from '../../../../app/catalog/catalog-check';
import { MODEL_FILES, builtInCatalog, findModel, parseCatalog } from '../../../../app/catalog/models';
import { countParameters } from '../../../../app/estimator/tensors';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

describe('the built-in model catalog', () => {
  const catalog = builtInCatalog();

  it('loads every family file in resources/models/', () => {
    const onDisk = readdirSync(resolve(ROOT, 'resources/models')).filter((f) => f.endsWith('.json')).sort();
    expect(Object.keys(MODEL_FILES).sort()).toEqual(onDisk);
  });

  it('has at least 140 models, 15 of them released in 2026, and every entry passes the schema', () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.models.length).toBeGreaterThanOrEqual(140);
    expect(catalog.models.filter((m) => m.releaseDate.startsWith('2026')).length).toBeGreaterThanOrEqual(15);
  });

  it('has unique ids', () => {
    const ids = catalog.models.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a source URL for architecture, parameters, release date, license, context and capabilities of every model', () => {
    for (const m of catalog.models) {
      for (const key of ['architecture', 'parameters', 'releaseDate', 'license', 'nativeContextTokens', 'capabilities']) {
        expect(m.sources[key], `${m.id}.sources.${key}`).toMatch(/^https?:\/\//);
      }
    }
  });

  it('names a GGUF repo for every model, so the Ollama command can be pasted as it is', () => {
    const missing = catalog.models.filter((m) => m.ggufRepos.length === 0).map((m) => m.id);
    expect(missing).toEqual([]);
    for (const m of catalog.models) for (const r of m.ggufRepos) expect(r, m.id).toMatch(/^[\w.-]+\/[\w.-]+$/);
  });

  it('states parameter counts that the architecture reproduces within 3 % (a gap names the suspect field)', () => {
    const off: string[] = [];
    for (const m of catalog.models) {
      const gap = diagnoseParameterGap(m.architecture, m.parameters.total);
      if (gap) off.push(`${m.id}: ${gap}`);
    }
    expect(off).toEqual([]);
  });

  it('scores quality with one metric, each score dated and sourced', () => {
    const scored = catalog.models.filter((m) => m.quality !== null);
    // Measured LMArena rows plus Artificial Analysis scores converted into them (docs/estimator.md, ranking).
    expect(scored.length / catalog.models.length).toBeGreaterThanOrEqual(0.7);
    for (const m of scored) {
      expect(m.quality?.metric, m.id).toBe(QUALITY_METRIC);
      expect(m.quality?.asOf, m.id).toMatch(/^\d{4}-\d{2}/);
      expect(m.quality?.source, m.id).toMatch(/^https:\/\//);
    }
  });

  it('covers the families people run', () => {
    const families = new Set(catalog.models.map((m) => m.family));
    for (const f of ['llama', 'qwen', 'gemma', 'mistral', 'phi', 'deepseek', 'gpt-oss', 'glm', 'kimi', 'granite', 'olmo', 'smollm']) {
      expect(families.has(f), f).toBe(true);
    }
  });

  it('describes mixture-of-experts models with fewer active than total parameters', () => {
    const moe = catalog.models.filter((m) => m.architecture.moe !== null);
    expect(moe.length).toBeGreaterThan(10);
    for (const m of moe) expect(m.parameters.active, m.id).toBeLessThan(m.parameters.total);
    const qwen = findModel('qwen3-30b-a3b');
    expect(qwen).not.toBeNull();
    const counted = countParameters(qwen!.architecture);
    expect(counted.active / counted.total).toBeLessThan(0.15);
  });

  it('reports a broken entry and still loads the others', () => {
    const good = catalog.models[0];
    const parsed = parseCatalog({ 'a.json': { schemaVersion: 1, models: [good, { id: 'Bad Id!' }] }, 'b.json': 'not a file' });
    expect(parsed.models).toHaveLength(1);
    expect(parsed.problems).toHaveLength(2);
    expect(parsed.problems[0]?.file).toBe('a.json');
  });
});
