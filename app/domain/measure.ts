import type { BackendCalibration, CalibratedBackend } from './calibration';

/** What "Measure this machine" and `llm-sizer bench` report (docs/cli.md, bench). */

export const MEASURE_BACKENDS = ['auto', 'cpu', 'cuda', 'vulkan', 'metal'] as const;

/**
 * How the measuring worker chooses a CPU's generation thread count on a machine with more than one core: each
 * candidate (every core, one fewer) gets its own context, filled to the shallow depth, a warm-up burst and then
 * interleaved bursts; the faster total wins. Shared with the estimate of how long a measurement takes.
 */
export const THREAD_CHOICE = { candidates: 2, warmupTokens: 8, bursts: 4, burstTokens: 16 } as const;
export type MeasureBackendChoice = (typeof MEASURE_BACKENDS)[number];

export interface MeasureRunRequest {
  readonly quick: boolean;
  readonly backend?: MeasureBackendChoice | undefined;
}

export interface MeasureProgress {
  readonly phase: 'idle' | 'preparing' | 'writing' | 'measuring' | 'fitting' | 'done';
  /** 0..1 over the whole run. */
  readonly fraction: number;
  readonly text: string;
}

/** One line of the estimated-against-measured table. */
export interface MeasuredRow {
  readonly label: string;
  readonly backend: string;
  readonly fileBytes: number;
  readonly kind: 'prompt' | 'generation';
  readonly depthTokens: number | null;
  readonly estimatedTokensPerSec: number | null;
  readonly measuredTokensPerSec: number;
  /** After calibration (null when measuring a single model without a stored correction). */
  readonly calibratedTokensPerSec: number | null;
}

export interface MeasureReport {
  readonly build: string;
  readonly runs: readonly { readonly backend: CalibratedBackend; readonly device: string; readonly threads: number; readonly seconds: number }[];
  readonly rows: readonly MeasuredRow[];
  /** The corrections fitted (none when measuring a single model). */
  readonly calibrations: readonly BackendCalibration[];
  /** Imported results that could not be used, with the reason. */
  readonly skipped?: readonly string[] | undefined;
}

/** A measurement or import as the app shows it: the report, and whether its corrections were saved. */
export interface MeasureOutcome extends MeasureReport {
  readonly saved: boolean;
  /** Why they were not saved, when they were not. */
  readonly notice: string | null;
}

/** llama-bench output the user picked (the served app cannot read a path on the browser's machine). */
/** A local Ollama server that answered, and the models installed in it (nothing timed yet). */
export interface OllamaServer {
  readonly url: string;
  readonly version: string;
  readonly models: readonly string[];
}

export interface BenchImportRequest {
  readonly fileName: string;
  readonly content: string;
}

/** What to tell a user whose install has no node-llama-cpp (an optional dependency). */
export const NO_LLAMA_HINT =
  'Measuring needs node-llama-cpp, an optional dependency: run "npm install node-llama-cpp@3.21.1" in the app folder (it brings prebuilt llama.cpp for CPU, CUDA, Vulkan and Metal). Every other feature works without it.';
