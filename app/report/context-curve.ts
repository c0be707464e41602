import type { EstimateOptions } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelSpec } from '../domain/model';
import { estimate } from '../estimator/estimate';
import { isRunnable } from '../estimator/recommend';
import { findQuant } from '../estimator/quant-types';
import type { ContextPoint } from './report-data';

/** The context lengths the speed chart samples: the list's context steps. */
export const CURVE_CONTEXTS = [2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144] as const;

/**
 * Generation speed of one model and quantization at each context length up to its native one (and the
 * context the report is made for), with the same estimator and options as the report. Generation is
 * measured with the prompt's KV cache in place, as in the report.
 *
 * @example speedByContext(profile, model, 'Q4_K_M', DEFAULT_OPTIONS)
 */
export function speedByContext(profile: HardwareProfile, model: ModelSpec, quantId: string, options: EstimateOptions): ContextPoint[] {
  const quant = findQuant(quantId);
  if (!quant) return [];
  const contexts = new Set<number>([...CURVE_CONTEXTS.filter((c) => c <= model.nativeContextTokens), options.contextTokens]);
  return [...contexts]
    .sort((a, b) => a - b)
    .map((contextTokens) => {
      const prompt = Math.min(options.promptTokens, contextTokens);
      const r = estimate(profile, model, quant, { ...options, contextTokens, promptTokens: prompt, depthTokens: Math.min(options.depthTokens, contextTokens) });
      if (!r.ok) return { contextTokens, tokensPerSec: null, fit: 'none' as const };
      const e = r.value;
      return { contextTokens, tokensPerSec: isRunnable(e) && e.speed ? e.speed.generationTokensPerSec.value : null, fit: e.fit };
    });
}
