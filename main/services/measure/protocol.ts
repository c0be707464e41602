/** Messages between the measuring child process (worker.ts) and its parent (runner.ts). */

import type { MeasureBackendChoice } from '../../../app/domain/measure';

export type { MeasureBackendChoice };
/** The backends node-llama-cpp's prebuilt binaries bring (no ROCm or SYCL build ships). */
export type MeasurableBackend = Exclude<MeasureBackendChoice, 'auto'>;

export interface MeasureJob {
  /** The module to import (node-llama-cpp; another name only in fault tests). */
  readonly moduleName: string;
  readonly backend: MeasureBackendChoice;
  readonly files: readonly { readonly path: string; readonly label: string }[];
  readonly promptTokens: number;
  /** Tokens evaluated before the shallow generation run. */
  readonly shallowTokens: number;
  readonly generateTokens: number;
  /** Measured rounds (one more is run first as a warm-up). */
  readonly rounds: number;
  readonly flashAttention: boolean;
  /** Token ids fed: firstToken .. firstToken + tokenCount - 1 (rows the synthetic file fills with random values). */
  readonly firstToken: number;
  readonly tokenCount: number;
  /** CPU threads for prompt processing; llama.cpuMathCores when absent. */
  readonly threads?: number | undefined;
  /** CPU threads for generation; when absent the worker picks the faster of `threads` and one fewer (CPU backend). */
  readonly generationThreads?: number | undefined;
}

export interface GenerationSample {
  /** Mean number of tokens in the context while the timed tokens were generated. */
  readonly depthTokens: number;
  readonly tokensPerSec: number;
  readonly samples: readonly number[];
}

export interface ShapeMeasurement {
  readonly fileIndex: number;
  readonly threads: number;
  readonly generationThreads: number;
  readonly promptTokensPerSec: number;
  readonly promptSamples: readonly number[];
  readonly generation: readonly GenerationSample[];
}

export type WorkerMessage =
  | { readonly type: 'info'; readonly backend: string; readonly build: string; readonly gpuNames: readonly string[]; readonly threads: number }
  | { readonly type: 'progress'; readonly fileIndex: number; readonly text: string; readonly fraction: number }
  | { readonly type: 'result'; readonly result: ShapeMeasurement }
  | { readonly type: 'error'; readonly code: 'NO_LLAMA' | 'NO_BACKEND' | 'MEASURE_FAILED'; readonly message: string }
  | { readonly type: 'done' };
