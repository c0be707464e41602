import { describe, expect, it } from 'vitest';
import { utilityLauncher } from '../../../../main/electron/measure-process';
import type { MeasureUtilityLike } from '../../../../main/electron/measure-process';
import type { MeasureJob } from '../../../../main/services/measure/protocol';
import { runWorker } from '../../../../main/services/measure/runner';

/** A stand-in utility process that answers a job as the worker would, or dies after its first message. */
function fakeUtility(die: boolean): { fork: (p: string) => MeasureUtilityLike; forked: string[]; killed: () => boolean } {
  const forked: string[] = [];
  let killed = false;
  return {
    forked,
    killed: () => killed,
    fork: (path) => {
      forked.push(path);
      const listeners: Record<string, ((x: unknown) => void)[]> = { message: [], exit: [] };
      const emit = (e: string, x: unknown) => listeners[e]?.forEach((l) => l(x));
      return {
        postMessage: (job: unknown) => {
          const j = job as MeasureJob;
          setTimeout(() => {
            emit('message', { type: 'info', backend: 'cpu', build: 'ggml-org/llama.cpp@test', gpuNames: [], threads: 2 });
            if (die) return emit('exit', 9);
            emit('message', { type: 'result', result: { fileIndex: 0, threads: 2, promptTokensPerSec: 100, promptSamples: [100], generation: [] } });
            emit('message', { type: 'done' });
            emit('exit', 0);
            expect(j.files).toHaveLength(1);
          }, 5);
        },
        on: (event: string, l: (x: never) => void) => listeners[event]?.push(l as (x: unknown) => void),
        kill: () => ((killed = true), true),
        stderr: null,
      } as MeasureUtilityLike;
    },
  };
}

const job: MeasureJob = { moduleName: 'node-llama-cpp', backend: 'cpu', files: [{ path: '/x.gguf', label: 'x' }], promptTokens: 8, shallowTokens: 1, generateTokens: 1, rounds: 1, flashAttention: true, firstToken: 259, tokenCount: 10 };

describe('measuring in an Electron utility process', () => {
  it('forks the bundled worker and collects its answers', async () => {
    const u = fakeUtility(false);
    const r = await runWorker(job, { launch: utilityLauncher(u.fork, '/app/out/main/measure-worker.js'), timeLimitMs: 5000 });
    expect(u.forked).toEqual(['/app/out/main/measure-worker.js']);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.info.build).toBe('ggml-org/llama.cpp@test');
    expect(r.value.results).toHaveLength(1);
  });

  it('reports a process that dies before it finishes', async () => {
    const u = fakeUtility(true);
    const r = await runWorker(job, { launch: utilityLauncher(u.fork, '/w.js'), timeLimitMs: 5000 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/exited with code 9 before it finished/);
  });
});
