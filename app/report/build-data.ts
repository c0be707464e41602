import { builtInCatalog } from '../catalog/models';
import type { EstimateOptions } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelSpec } from '../domain/model';
import type { SaveReportRequest } from '../domain/report';
import { DEFAULT_OPTIONS } from '../estimator/estimate';
import { recommendedQuantIds } from '../estimator/quant-types';
import { DEFAULT_MIN_TOKENS_PER_SEC, recommendAll } from '../estimator/recommend';
import type { RecommendGoal, Recommendation } from '../estimator/recommend';
import { ESTIMATOR_VERSION } from '../estimator/version';
import { speedByContext } from './context-curve';
import type { LocalModelLine, PrivacyFacts, ReportData } from './report-data';

/**
 * The estimate options a report request stands for: the same derivation as the model list's controls
 * (renderer/features/models: estimateOptionsFor), so the report says what the window says.
 */
export function reportOptions(request: Pick<SaveReportRequest, 'contextTokens' | 'promptTokens' | 'kvCacheType' | 'runtime' | 'backend'>): EstimateOptions {
  const prompt = Math.min(request.promptTokens ?? DEFAULT_OPTIONS.promptTokens, request.contextTokens);
  return {
    ...DEFAULT_OPTIONS,
    contextTokens: request.contextTokens,
    kvCacheType: request.kvCacheType ?? DEFAULT_OPTIONS.kvCacheType,
    runtime: request.runtime ?? DEFAULT_OPTIONS.runtime,
    backend: request.backend,
    promptTokens: prompt,
    depthTokens: prompt,
  };
}

export interface ReportContext {
  readonly appName: string;
  readonly appVersion: string;
  readonly generatedAt: string;
  readonly timeZone?: string | undefined;
  readonly privacy?: PrivacyFacts | undefined;
  readonly localModels?: readonly LocalModelLine[] | undefined;
  /** The catalog (default: the built-in one). */
  readonly models?: readonly ModelSpec[] | undefined;
}

/**
 * Everything a report shows for a request: the full ranking for the requested goal, the top of the
 * ranking for each goal, and the first pick's speed against context. Pure: the same call the UI's
 * list makes (recommendAll with the same options), so every format shows the window's numbers.
 */
export function buildReportData(profile: HardwareProfile, request: Omit<SaveReportRequest, 'format'>, ctx: ReportContext): ReportData {
  const options = reportOptions(request);
  const goal: RecommendGoal = request.goal ?? 'quality';
  const models = ctx.models ?? builtInCatalog().models;
  const rank = (g: RecommendGoal): Recommendation[] =>
    recommendAll(profile, models, { estimate: options, quantIds: recommendedQuantIds(options.runtime), goal: g, minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC });
  const recommendations = rank(goal);
  const picksByGoal: Partial<Record<RecommendGoal, readonly Recommendation[]>> = {};
  for (const g of ['quality', 'speed', 'context'] as const) picksByGoal[g] = g === goal ? recommendations : rank(g);
  const first = recommendations.find((r) => r.best !== null && ['full-gpu', 'partial', 'cpu-only'].includes(r.best.fit));
  return {
    appName: ctx.appName,
    appVersion: ctx.appVersion,
    estimatorVersion: ESTIMATOR_VERSION,
    generatedAt: ctx.generatedAt,
    timeZone: ctx.timeZone,
    profile,
    options,
    goal,
    minTokensPerSec: DEFAULT_MIN_TOKENS_PER_SEC,
    recommendations,
    picksByGoal,
    contextCurve: first?.best ? speedByContext(profile, first.model, first.best.quant, options) : [],
    ...(ctx.localModels ? { localModels: ctx.localModels } : {}),
    privacy: ctx.privacy,
  };
}
