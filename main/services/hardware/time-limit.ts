export type Timed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: 'timeout' | 'error'; readonly message: string };

/**
 * Waits for `work` at most `ms` milliseconds. Never rejects: a slow or failing probe becomes a value,
 * so the rest of the scan still arrives.
 */
export function withTimeLimit<T>(work: Promise<T>, ms: number, label: string): Promise<Timed<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, reason: 'timeout', message: `${label} did not answer within ${ms} ms` }), ms);
    timer.unref?.();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve({ ok: true, value });
      },
      (e: unknown) => {
        clearTimeout(timer);
        resolve({ ok: false, reason: 'error', message: `${label} failed: ${e instanceof Error ? e.message : String(e)}` });
      },
    );
  });
}
