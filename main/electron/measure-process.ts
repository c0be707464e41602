import type { ForkOptions } from 'electron/main';
import type { MeasureJob } from '../services/measure/protocol';
import type { WorkerHandle, WorkerLauncher } from '../services/measure/runner';

/** The part of Electron's UtilityProcess the measuring runner needs: injectable, so tests pass a fake. */
export interface MeasureUtilityLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
  readonly stderr?: { on(event: 'data', listener: (chunk: Buffer) => void): unknown } | null;
}

export type ForkMeasureUtility = (modulePath: string, args: string[], options: ForkOptions) => MeasureUtilityLike;

/**
 * Measures in an Electron utility process (the bundled measure-worker.js, which loads node-llama-cpp): like the scan,
 * it needs no ELECTRON_RUN_AS_NODE, so that fuse stays off (docs/decisions/0005). A utility process reports no
 * signal: a kill shows as a non-zero exit code.
 */
export function utilityLauncher(fork: ForkMeasureUtility, workerPath: string): WorkerLauncher {
  return (): WorkerHandle => {
    const child = fork(workerPath, [], { serviceName: 'LLM Sizer llama.cpp measurement', stdio: 'pipe' });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr = (stderr + d.toString('utf8')).slice(-2000);
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    return {
      send: (job: MeasureJob) => child.postMessage(job),
      onMessage: (l) => child.on('message', l),
      onExit: (l) => child.on('exit', (code) => l(code, null)),
      onError: () => undefined,
      kill: () => {
        if (!exited) child.kill();
      },
      stderrTail: () => stderr,
    };
  };
}
