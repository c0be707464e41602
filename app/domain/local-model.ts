import type { AppError } from '../api/result';
import type { GgufModel } from '../estimator/gguf-model';

/** A GGUF model found on disk (or dropped on the window), sized from its own tensor table. */
export interface LocalModel {
  readonly path: string;
  /** The app whose folder it was found in: LM Studio, Ollama, Hugging Face, llama.cpp, Jan, GPT4All, user. */
  readonly app: string;
  readonly displayName: string;
  readonly fileBytes: number;
  readonly parts: readonly string[];
  readonly mmprojPath: string | null;
  /** The architecture and exact weights read from the header, or null with `error` when unreadable. */
  readonly model: GgufModel | null;
  readonly error: AppError | null;
}

export interface LocalScanProgress {
  readonly running: boolean;
  readonly scannedFiles: number;
  readonly found: number;
  readonly currentPath: string;
}

export interface LocalModelScan {
  readonly folders: readonly { readonly app: string; readonly path: string }[];
  readonly models: readonly LocalModel[];
  readonly cancelled: boolean;
  readonly durationMs: number;
}
