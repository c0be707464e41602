import { err } from '../api/result';
import type { Result } from '../api/result';
import type { Estimate, EstimateOptions } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelSpec } from '../domain/model';
import { estimate } from './estimate';
import type { GgufModel } from './gguf-model';
import { QUANT_TYPES, findQuant } from './quant-types';
import type { QuantType } from './quant-types';

/** A catalog-shaped description of a model read from a GGUF file; its facts come from the file itself. */
export function modelSpecFromGguf(g: GgufModel, path: string): ModelSpec {
  const id = `local-${path.split(/[\\/]/).pop()?.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') ?? 'model'}`;
  return {
    id,
    name: g.name,
    family: 'local',
    hfRepo: 'local/file',
    releaseDate: '',
    license: '',
    parameters: g.parameters,
    nativeContextTokens: g.contextTokens,
    capabilities: [],
    architecture: g.architecture,
    ggufRepos: [],
    knownGgufFiles: [],
    quality: null,
    sources: { architecture: path, parameters: path },
  };
}

/** The quantization a file says it is; an unknown label keeps its name and is treated as quantized. */
function quantOf(label: string): QuantType {
  const known = findQuant(label);
  if (known) return known;
  const base = QUANT_TYPES.find((q) => q.id === 'Q4_K_M') as QuantType;
  return { ...base, id: label };
}

/**
 * Estimates a model from its own GGUF header: the weights are the file's exact tensor bytes, and the
 * context is capped at the one the file was trained for. The UI, the CLI and the report all call this,
 * so one file gets one answer.
 */
export function estimateGguf(profile: HardwareProfile, g: GgufModel, path: string, options: EstimateOptions): Result<Estimate> {
  if (!(g.weights.totalBytes > 0)) return err('BAD_REQUEST', `${path}: the file has no tensor data to size.`);
  const contextTokens = g.contextTokens > 0 ? Math.min(options.contextTokens, g.contextTokens) : options.contextTokens;
  const capped = { ...options, contextTokens, depthTokens: Math.min(options.depthTokens, contextTokens) };
  return estimate(profile, modelSpecFromGguf(g, path), quantOf(g.quantLabel), capped, g.weights);
}
