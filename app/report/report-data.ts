import type { Estimate, EstimateOptions, FitKind } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { RecommendGoal, Recommendation } from '../estimator/recommend';

/** Everything a report shows; built by main from its own profile and the pure estimator. */
export interface ReportData {
  readonly appName: string;
  readonly appVersion: string;
  /** Version of the estimator's formulas and constants (app/estimator/version.ts). */
  readonly estimatorVersion?: string | undefined;
  /** ISO time the report was generated (passed in: no clock inside app/). */
  readonly generatedAt: string;
  /** IANA zone the date is shown in (passed in: app/ reads no environment); absent: UTC. */
  readonly timeZone?: string | undefined;
  readonly profile: HardwareProfile;
  readonly options: EstimateOptions;
  /** The goal the full table is ranked by (default quality). */
  readonly goal?: RecommendGoal | undefined;
  /** Goal "quality": the slowest generation still ranked first. */
  readonly minTokensPerSec?: number | undefined;
  /** The full table: every catalog model, ranked for `goal`. */
  readonly recommendations: readonly Recommendation[];
  /** The top of the ranking for each goal (absent: taken from `recommendations` for its goal only). */
  readonly picksByGoal?: Readonly<Partial<Record<RecommendGoal, readonly Recommendation[]>>> | undefined;
  /** Generation speed of the first pick at several context lengths (context-curve.ts). */
  readonly contextCurve?: readonly ContextPoint[] | undefined;
  /** The GGUF files found on disk in this session, sized with the same estimator (absent: none scanned). */
  readonly localModels?: readonly LocalModelLine[];
  /** What to keep out of the report; absent: nothing is known, nothing is replaced. */
  readonly privacy?: PrivacyFacts | undefined;
}

export interface ContextPoint {
  readonly contextTokens: number;
  /** Null when the speed is unknown or the model does not run at this context. */
  readonly tokensPerSec: number | null;
  readonly fit: FitKind;
}

export interface LocalModelLine {
  readonly name: string;
  readonly path: string;
  readonly quant: string | null;
  readonly estimate: Estimate | null;
  readonly error: string | null;
}

/** Facts about the user that a shared report leaves out unless asked (`--include-private`). */
export interface PrivacyFacts {
  readonly homeDir: string | null;
  readonly userName: string | null;
  readonly hostName: string | null;
  /** True: keep everything as it is (the user asked). */
  readonly includePrivate: boolean;
}
