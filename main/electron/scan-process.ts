import type { ForkOptions } from 'electron/main';
import { err, errorMessage } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import type { HardwareProfile } from '../../app/domain/hardware';
import { parseProfile } from '../services/profile-file';

/** What the scan worker posts to main: the profile as JSON text (parsed and validated here), or why it failed. */
export type ScanMessage = { readonly ok: true; readonly json: string } | { readonly ok: false; readonly message: string };

/** The part of Electron's UtilityProcess we use: injectable, so tests pass a fake. */
export interface UtilityProcessLike {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type ForkUtility = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcessLike;

function isScanMessage(m: unknown): m is ScanMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return (r.ok === true && typeof r.json === 'string') || (r.ok === false && typeof r.message === 'string');
}

/**
 * Scans in an Electron utility process (`utilityProcess.fork` of the bundled scan-worker.js): a Node
 * child that needs no ELECTRON_RUN_AS_NODE, so that fuse stays off. Neither the synchronous parts of
 * systeminformation nor a hanging driver tool can freeze the window; after `timeoutMs` the child is killed.
 */
export function scanInUtilityProcess(fork: ForkUtility, workerPath: string, timeoutMs: number): Promise<Result<HardwareProfile>> {
  return new Promise((resolve) => {
    let settled = false;
    let child: UtilityProcessLike | null = null;
    const finish = (r: Result<HardwareProfile>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child?.kill();
      resolve(r);
    };
    const timer = setTimeout(() => finish(err('SCAN_FAILED', `The hardware scan took longer than ${timeoutMs / 1000} s and was stopped.`)), timeoutMs);
    try {
      child = fork(workerPath, [], { serviceName: 'LLM Sizer hardware scan', stdio: 'ignore' });
    } catch (e) {
      finish(err('SCAN_FAILED', `The hardware scan could not start: ${errorMessage(e)}`));
      return;
    }
    child.on('message', (m) => {
      if (!isScanMessage(m)) finish(err('SCAN_FAILED', 'The hardware scan sent an unreadable answer.'));
      else if (m.ok) finish(parseProfile(m.json, 'the scan'));
      else finish(err('SCAN_FAILED', `The hardware scan failed: ${m.message}`));
    });
    child.on('exit', (code) => finish(err('SCAN_FAILED', `The hardware scan stopped (exit code ${code}) before it answered.`)));
  });
}

/** The worker's side: scan, then post the profile (or the error) to main, which ends the process. */
export async function runScanWorker(post: (m: ScanMessage) => void, scan: () => Promise<HardwareProfile>): Promise<void> {
  try {
    post({ ok: true, json: JSON.stringify(await scan()) });
  } catch (e) {
    post({ ok: false, message: errorMessage(e) });
  }
}
