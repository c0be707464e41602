/**
 * Errors cross every boundary (IPC, HTTP, CLI) as values, never as thrown exceptions:
 * thrown errors lose their fields over IPC.
 *
 * @example
 * const r = ok(42);
 * if (r.ok) console.log(r.value);
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'UNKNOWN_GPU'
  | 'UNKNOWN_MODEL'
  | 'UNKNOWN_QUANT'
  | 'IMPOSSIBLE_VALUE'
  | 'SCAN_FAILED'
  | 'WRITE_FAILED'
  | 'READ_FAILED'
  | 'CANCELLED'
  | 'FORBIDDEN'
  /** The network could not be used (HF_HUB_OFFLINE, no connection, a time-out) and no cached answer stood in. */
  | 'OFFLINE'
  /** A remote service refused access (a gated or private Hugging Face repository: a token is needed). */
  | 'UNAUTHORIZED'
  | 'INTERNAL';

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** Turns anything thrown into an `AppError` message without losing the text. */
export function errorMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  return String(thrown);
}
