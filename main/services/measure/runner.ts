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

/**
 * The measuring process as the runner sees it: a Node child process (CLI, server) or an Electron utility process
 * (the desktop app, whose RunAsNode fuse is off), behind one small interface.
 */
export interface WorkerHandle {
  send(job: MeasureJob): void;
  onMessage(listener: (m: unknown) => void): void;
  /** Called once, after the last message was delivered; signal is null for a plain exit. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  onError(listener: (e: Error) => void): void;
  kill(): void;
  /** The last lines the process wrote to standard error, for a crash message. */
  stderrTail(): string;
}

export type WorkerLauncher = () => WorkerHandle;

/** A WorkerHandle over a child_process.fork child. */
export function childHandle(child: ChildProcess): WorkerHandle {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-2000);
  });
  return {
    send: (job) => child.send(job),
    onMessage: (l) => child.on('message', l),
    // 'close', not 'exit': it comes after the last IPC message has been delivered.
    onExit: (l) => child.on('close', (code, signal) => l(code, signal)),
    onError: (l) => child.on('error', l),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    stderrTail: () => stderr,
  };
}

/**
 * The worker as built (out/main/measure-worker.js beside the CLI), or, when running from source (tests, `jiti`),
 * worker.ts through jiti, as a Node child process.
 */
export function defaultLauncher(): WorkerLauncher {
  const stdio: ['ignore', 'ignore', 'pipe', 'ipc'] = ['ignore', 'ignore', 'pipe', 'ipc'];
  // Bundled, this code sits in out/main/ or in a shared chunk under out/main/chunks/.
  const built = [join(__dirname, 'measure-worker.js'), join(__dirname, '..', 'measure-worker.js')].find((p) => existsSync(p));
  if (built) return () => childHandle(fork(built, [], { stdio, serialization: 'json' }));
  const source = join(__dirname, 'worker.ts');
  if (!existsSync(source)) throw new Error(`The measuring worker is missing (no measure-worker.js beside ${__dirname}): rebuild the app.`);
  const jiti = require.resolve('jiti/package.json').replace(/package\.json$/, 'lib/jiti-cli.mjs');
  return () => childHandle(fork(jiti, [source], { stdio, serialization: 'json' }));
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
    let child: WorkerHandle;
    try {
      child = (o.launch ?? defaultLauncher())();
    } catch (e) {
      resolve(err('INTERNAL', `Could not start the measuring process: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    let info: WorkerInfo | null = null;
    const results: ShapeMeasurement[] = [];
    let settled = false;
    const finish = (r: Result<WorkerRun>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      child.kill();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish(err('INTERNAL', `llama.cpp did not finish within ${Math.round(o.timeLimitMs / 1000)} s; the measuring process was stopped.`)),
      o.timeLimitMs,
    );
    const onAbort = () => finish(err('CANCELLED', 'The measurement was cancelled.'));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.onMessage((raw: unknown) => {
      const m = raw as WorkerMessage;
      o.onMessage?.(m);
      if (m.type === 'info') info = m;
      else if (m.type === 'result') results.push(m.result);
      else if (m.type === 'error') finish(err(m.code === 'NO_LLAMA' ? 'NOT_FOUND' : 'INTERNAL', m.message));
      else if (m.type === 'done') finish(info ? ok({ info, results }) : err('INTERNAL', 'The measuring process sent no build information.'));
    });
    child.onError((e) => finish(err('INTERNAL', `The measuring process failed: ${e.message}`)));
    child.onExit((code, signal) => {
      const tail = child.stderrTail().trim().split('\n').slice(-3).join(' ').slice(0, 400);
      const how = signal ? `was killed (${signal}${signal === 'SIGKILL' ? ': out of memory, or killed by another program' : ''})` : `exited with code ${String(code)}`;
      finish(err('INTERNAL', `The measuring process ${how} before it finished${tail ? `: ${tail}` : ''}.`));
    });
    child.send(job);
  });
}
