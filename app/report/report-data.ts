import type { Estimate, EstimateOptions } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { Recommendation } from '../estimator/recommend';

/** Everything a report shows; built by main from its own profile and the pure estimator. */
export interface ReportData {
  readonly appName: string;
  readonly appVersion: string;
  /** ISO time the report was generated (passed in: no clock inside app/). */
  readonly generatedAt: string;
  readonly profile: HardwareProfile;
  readonly options: EstimateOptions;
  readonly recommendations: readonly Recommendation[];
  /** The GGUF files found on disk in this session, sized with the same estimator (absent: none scanned). */
  readonly localModels?: readonly LocalModelLine[];
}

export interface LocalModelLine {
  readonly name: string;
  readonly path: string;
  readonly quant: string | null;
  readonly estimate: Estimate | null;
  readonly error: string | null;
}
