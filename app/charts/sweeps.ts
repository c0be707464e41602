import type { Estimate, EstimateOptions } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelSpec } from '../domain/model';
import { estimate } from '../estimator/estimate';
import { isRunnable } from '../estimator/recommend';
import type { QuantType } from '../estimator/quant-types';

/** One estimate at one length (context or prompt); `estimate` is null when the model does not run there. */
export interface SweepPoint {
  readonly tokens: number;
  readonly estimate: Estimate | null;
}

/** Context and prompt lengths double from 2K; the model's own maximum closes the range when it is not a power of two. */
export function doublingSteps(fromTokens: number, toTokens: number): number[] {
  const steps: number[] = [];
  for (let t = fromTokens; t < toTokens; t *= 2) steps.push(t);
  if (toTokens >= fromTokens) steps.push(toTokens);
  return steps;
}

function runOrNull(profile: HardwareProfile, model: ModelSpec, quant: QuantType, o: EstimateOptions): Estimate | null {
  const r = estimate(profile, model, quant, o);
  return r.ok && isRunnable(r.value) ? r.value : null;
}

/**
 * The estimate at each context from 2K to the model's trained maximum, generation measured with the context
 * full (each new token reads the whole KV cache: the slowest it gets at that length).
 */
export function contextSweep(profile: HardwareProfile, model: ModelSpec, quant: QuantType, base: EstimateOptions): SweepPoint[] {
  return doublingSteps(2048, Math.max(2048, model.nativeContextTokens)).map((tokens) => ({
    tokens,
    estimate: runOrNull(profile, model, quant, { ...base, contextTokens: tokens, depthTokens: tokens, promptTokens: Math.min(base.promptTokens, tokens) }),
  }));
}

/** The estimate at each prompt length from 512 tokens to the chosen context (time to first token). */
export function promptSweep(profile: HardwareProfile, model: ModelSpec, quant: QuantType, base: EstimateOptions): SweepPoint[] {
  return doublingSteps(512, base.contextTokens).map((tokens) => ({
    tokens,
    estimate: runOrNull(profile, model, quant, { ...base, promptTokens: tokens, depthTokens: tokens }),
  }));
}
