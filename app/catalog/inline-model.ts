import type { ModelArchitecture, ModelSpec } from '../domain/model';
import { countParameters } from '../estimator/tensors';

/**
 * A model that is not in the catalog (an inline architecture, a Hugging Face config.json): the estimator needs
 * only its architecture; parameters are counted from it unless stated; nothing else is known, so nothing else is claimed.
 */
export function inlineModelSpec(m: {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  /** owner/name on Hugging Face when known (names the GGUF file in the launch commands). */
  readonly hfRepo?: string | undefined;
  readonly parameters?: { readonly total: number; readonly active: number } | undefined;
  readonly nativeContextTokens?: number | undefined;
  readonly architecture: ModelArchitecture;
}): ModelSpec {
  return {
    id: m.id ?? 'inline-model',
    name: m.name ?? m.id ?? 'Inline model',
    family: 'inline',
    hfRepo: m.hfRepo !== undefined && /^[\w.-]+\/[\w.-]+$/.test(m.hfRepo) ? m.hfRepo : 'inline/model',
    releaseDate: '2026',
    license: 'unknown',
    parameters: m.parameters ?? countParameters(m.architecture),
    nativeContextTokens: m.nativeContextTokens ?? 1_048_576,
    capabilities: [],
    architecture: m.architecture,
    ggufRepos: [],
    knownGgufFiles: [],
    quality: null,
    sources: {},
  };
}
