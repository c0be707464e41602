import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import type { MeasureJob, ShapeMeasurement, WorkerMessage } from './protocol';

export interface WorkerInfo {
  readonly backend: string;
  readonly build: string;
  readonly gpuNames: readonly string[];
  readonly threads: number;
}

export interface WorkerRun {
  readonly info: WorkerInfo;
  readonly results: readonly ShapeMeasurement[];
}

/** Starts the measuring child process with an IPC channel. */
export type WorkerLauncher = () => ChildProcess;

/**
 * The worker as built (out/main/measure-worker.js beside the CLI and the Electron entry), or, when running from
 * source (tests, `jiti`), worker.ts through jiti. ELECTRON_RUN_AS_NODE makes Electron's executable plain Node.
 */
export function defaultLauncher(): WorkerLauncher {
  const built = join(__dirname, 'measure-worker.js');
  const source = join(__dirname, 'worker.ts');
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const stdio: ['ignore', 'ignore', 'pipe', 'ipc'] = ['ignore', 'ignore', 'pipe', 'ipc'];
  if (existsSync(built)) return () => fork(built, [], { env, stdio, serialization: 'json' });
  const jiti = require.resolve('jiti/package.json').replace(/package\.json$/, 'lib/jiti-cli.mjs');
  return () => fork(jiti, [source], { env, stdio, serialization: 'json' });
}

export interface RunOptions {
  readonly launch?: WorkerLauncher;
  readonly signal?: AbortSignal;
  readonly timeLimitMs: number;
  readonly onMessage?: (m: WorkerMessage) => void;
}

/**
 * Runs one job in a child process. A crash, a kill, an out-of-memory or a hang past the time limit becomes an error
 * value naming what happened; an abort kills the child and answers CANCELLED. The child never outlives the call.
 */
export function runWorker(job: MeasureJob, o: RunOptions): Promise<Result<WorkerRun>> {
  return new Promise((resolve) => {
    if (o.signal?.aborted) {
      resolve(err('CANCELLED', 'The measurement was cancelled.'));
      return;
    }
    let child: ChildProcess;
    try {
      child = (o.launch ?? defaultLauncher())();
    } catch (e) {
      resolve(err('INTERNAL', `Could not start the measuring process: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    let info: WorkerInfo | null = null;
    const results: ShapeMeasurement[] = [];
    let settled = false;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-2000);
    });
    const finish = (r: Result<WorkerRun>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(r);
    };
    const timer = setTimeout(
      () => finish(err('INTERNAL', `llama.cpp did not finish within ${Math.round(o.timeLimitMs / 1000)} s; the measuring process was stopped.`)),
      o.timeLimitMs,
    );
    const onAbort = () => finish(err('CANCELLED', 'The measurement was cancelled.'));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (raw: unknown) => {
      const m = raw as WorkerMessage;
      o.onMessage?.(m);
      if (m.type === 'info') info = m;
      else if (m.type === 'result') results.push(m.result);
      else if (m.type === 'error') finish(err(m.code === 'NO_LLAMA' ? 'NOT_FOUND' : 'INTERNAL', m.message));
      else if (m.type === 'done') finish(info ? ok({ info, results }) : err('INTERNAL', 'The measuring process sent no build information.'));
    });
    child.on('error', (e) => finish(err('INTERNAL', `The measuring process failed: ${e.message}`)));
    // 'close', not 'exit': it comes after the last IPC message has been delivered.
    child.on('close', (code, signal) => {
      const tail = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400);
      const how = signal ? `was killed (${signal}${signal === 'SIGKILL' ? ': out of memory, or killed by another program' : ''})` : `exited with code ${String(code)}`;
      finish(err('INTERNAL', `The measuring process ${how} before it finished${tail ? `: ${tail}` : ''}.`));
    });
    child.send(job);
  });
}
