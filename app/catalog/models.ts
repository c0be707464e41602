import cohereLike from '../../resources/models/others.json';
import deepseek from '../../resources/models/deepseek.json';
import gemma from '../../resources/models/gemma.json';
import glm from '../../resources/models/glm.json';
import gptOss from '../../resources/models/gpt-oss.json';
import granite from '../../resources/models/granite.json';
import kimi from '../../resources/models/kimi.json';
import liquid from '../../resources/models/liquid.json';
import llama from '../../resources/models/llama.json';
import mistral from '../../resources/models/mistral.json';
import nvidia from '../../resources/models/nvidia.json';
import olmo from '../../resources/models/olmo.json';
import phi from '../../resources/models/phi.json';
import qwen from '../../resources/models/qwen.json';
import smollm from '../../resources/models/smollm.json';
import type { ModelSpec } from '../domain/model';
import { modelFileSchema, modelSpecSchema } from './model-schema';

/** Every family file in resources/models/, by file name. A test checks that none is missing here. */
export const MODEL_FILES: Readonly<Record<string, unknown>> = {
  'deepseek.json': deepseek,
  'gemma.json': gemma,
  'glm.json': glm,
  'gpt-oss.json': gptOss,
  'granite.json': granite,
  'kimi.json': kimi,
  'liquid.json': liquid,
  'llama.json': llama,
  'mistral.json': mistral,
  'nvidia.json': nvidia,
  'olmo.json': olmo,
  'others.json': cohereLike,
  'phi.json': phi,
  'qwen.json': qwen,
  'smollm.json': smollm,
};

export interface CatalogProblem {
  readonly file: string;
  readonly index: number;
  readonly message: string;
}

export interface Catalog {
  readonly models: readonly ModelSpec[];
  readonly problems: readonly CatalogProblem[];
}

/** Validates every entry on its own: a broken entry is reported and left out, the rest still load. */
export function parseCatalog(files: Readonly<Record<string, unknown>>): Catalog {
  const models: ModelSpec[] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Set<string>();
  for (const [file, data] of Object.entries(files)) {
    const parsed = modelFileSchema.safeParse(data);
    if (!parsed.success) {
      problems.push({ file, index: -1, message: parsed.error.issues[0]?.message ?? 'invalid file' });
      continue;
    }
    parsed.data.models.forEach((entry, index) => {
      const r = modelSpecSchema.safeParse(entry);
      if (!r.success) {
        const issue = r.error.issues[0];
        problems.push({ file, index, message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
        return;
      }
      if (seen.has(r.data.id)) {
        problems.push({ file, index, message: `duplicate id ${r.data.id}` });
        return;
      }
      seen.add(r.data.id);
      models.push(r.data);
    });
  }
  models.sort((a, b) => a.family.localeCompare(b.family) || a.parameters.total - b.parameters.total);
  return { models, problems };
}

let cached: Catalog | null = null;

/** The built-in catalog, validated once. */
export function builtInCatalog(): Catalog {
  if (cached === null) cached = parseCatalog(MODEL_FILES);
  return cached;
}

export function findModel(id: string): ModelSpec | null {
  const key = id.trim().toLowerCase();
  return builtInCatalog().models.find((m) => m.id === key) ?? null;
}
