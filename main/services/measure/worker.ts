/**
 * The measuring child process: loads real llama.cpp (node-llama-cpp's prebuilt binaries) and times prompt
 * processing and generation on the GGUF files it is given. It runs in its own process so that a native crash, a hang
 * or an out-of-memory kills only it; the parent (runner.ts) enforces the time limit and cancellation.
 *
 * Protocol (process.send, JSON): the job arrives as the first message; the child answers with `info`, then
 * `progress` and one `result` per file, then `done`, or `error` and exits. Self-contained: it imports nothing of
 * the app, so it can run as plain Node, under ELECTRON_RUN_AS_NODE, or in an Electron utility process.
 *
 * Timing follows ../shared/notes/measuring.md: prompt processing with llama.cpuMathCores threads, generation with the
 * thread count that runs it fastest (every core or one fewer, chosen once per run); the first round of each is a
 * warm-up and is discarded; prompt: the median of the rounds; generation: the median time of a token.
 */
import { THREAD_CHOICE } from '../../../app/domain/measure';
import type { MeasureJob, WorkerMessage, ShapeMeasurement } from './protocol';

type Llama = {
  readonly gpu: string | false;
  readonly cpuMathCores: number;
  readonly buildType: string;
  readonly llamaCppRelease: { readonly repo: string; readonly release: string };
  getGpuDeviceNames(): Promise<string[]>;
  loadModel(o: Record<string, unknown>): Promise<LlamaModel>;
};
type LlamaModel = {
  createContext(o: Record<string, unknown>): Promise<{ getSequence(): Sequence; dispose(): Promise<void> }>;
  dispose(): Promise<void>;
};
type Sequence = {
  clearHistory(): Promise<void>;
  evaluateWithoutGeneratingNewTokens(tokens: number[]): Promise<void>;
  eraseContextTokenRanges(ranges: { start: number; end: number }[]): Promise<void>;
};

/** An Electron utility process talks through process.parentPort; a Node child through process.send. */
const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; once(e: 'message', l: (e: { data: unknown }) => void): void } }).parentPort;

function send(m: WorkerMessage): void {
  if (parentPort) parentPort.postMessage(m);
  else process.send?.(m);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function tokens(job: MeasureJob, n: number, start: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(job.firstToken + ((start + i * 7) % job.tokenCount));
  return out;
}

async function seconds(f: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
}

/** Generates `n` tokens one at a time; the seconds each took. */
async function generate(seq: Sequence, job: MeasureJob, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await seconds(() => seq.evaluateWithoutGeneratingNewTokens(tokens(job, 1, 300 + i))));
  return out;
}

/** Generates `n` tokens after the first `depth` cells, then erases them, so the next burst runs at the same depth. */
async function burstAt(seq: Sequence, job: MeasureJob, depth: number, n: number): Promise<number[]> {
  const t = await generate(seq, job, n);
  await seq.eraseContextTokenRanges([{ start: depth, end: depth + n }]);
  return t;
}

type Context = { getSequence(): Sequence; dispose(): Promise<void> };

function contextFor(model: LlamaModel, job: MeasureJob, threads: number): Promise<Context> {
  return model.createContext({
    contextSize: job.promptTokens + job.generateTokens + 64,
    batchSize: job.promptTokens,
    threads,
    flashAttention: job.flashAttention,
    ignoreMemorySafetyChecks: true,
  });
}

/**
 * Generation at one depth: the context is filled to `depth` once, then each round generates `generateTokens` tokens
 * and erases them again, so every round runs at the same depth. The first round is a warm-up.
 */
async function generationAt(seq: Sequence, job: MeasureJob, depth: number, rounds: number, onRound: (r: number) => void): Promise<{ perToken: number[]; perRound: number[] }> {
  await seq.clearHistory();
  await seq.evaluateWithoutGeneratingNewTokens(tokens(job, depth, 1));
  const perToken: number[] = [];
  const perRound: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    onRound(r);
    const t = await burstAt(seq, job, depth, job.generateTokens);
    if (r === 0) continue; // warm-up: page faults, first allocations, CPU frequency ramp
    perToken.push(...t);
    perRound.push(job.generateTokens / sum(t));
  }
  return { perToken, perRound };
}

/**
 * The thread count generation runs fastest with: every core, or one fewer. A generated token is a few milliseconds
 * of memory-bound work split across threads that wait for each other, so on a machine with few cores (or a VM whose
 * cores are shared) a thread the OS parks for a moment stalls the whole token; one fewer thread can be faster and
 * steadier (2-core VM: 1 thread 57-59 tok/s, 2 threads 37-63 on the same 0.45 GB file). Judged by total time over
 * interleaved bursts, the throughput a user would see.
 */
async function pickGenerationThreads(model: LlamaModel, job: MeasureJob, threads: number): Promise<number> {
  const candidates = [threads, threads - 1];
  const total = [0, 0];
  const contexts: Context[] = [];
  try {
    for (const c of candidates) contexts.push(await contextFor(model, job, c));
    const seqs = contexts.map((c) => c.getSequence());
    const burst = async (s: Sequence, n: number): Promise<number> => sum(await burstAt(s, job, job.shallowTokens, n));
    for (const s of seqs) {
      await s.evaluateWithoutGeneratingNewTokens(tokens(job, job.shallowTokens, 1));
      await burst(s, THREAD_CHOICE.warmupTokens);
    }
    for (let b = 0; b < THREAD_CHOICE.bursts; b++) for (const [i, s] of seqs.entries()) total[i] = (total[i] ?? 0) + (await burst(s, THREAD_CHOICE.burstTokens));
  } finally {
    for (const c of contexts) await c.dispose();
  }
  return (total[1] ?? Infinity) < (total[0] ?? Infinity) ? (candidates[1] ?? threads) : threads;
}

async function measureFile(llama: Llama, job: MeasureJob, index: number, generationThreads: { value: number | undefined }): Promise<ShapeMeasurement> {
  const file = job.files[index];
  if (!file) throw new Error('no such file');
  const step = (text: string, fraction: number) => send({ type: 'progress', fileIndex: index, text, fraction });
  step(`loading ${file.label}`, 0);
  const gpu = job.backend !== 'cpu';
  const model = await llama.loadModel({ modelPath: file.path, gpuLayers: gpu ? 'max' : 0, useMmap: true, ignoreMemorySafetyChecks: true });
  const threads = job.threads ?? llama.cpuMathCores;
  const rounds = job.rounds;
  const pp: number[] = [];
  let deep: { perToken: number[]; perRound: number[] };
  let shallow: { perToken: number[]; perRound: number[] };
  try {
    // Only the CPU backend spreads generation over CPU threads; a GPU backend keeps the count given.
    if (generationThreads.value === undefined) {
      if (!gpu && threads > 1) {
        step(`choosing the thread count: ${file.label}`, 0.02);
        // Two contexts at once may not fit where one does: then every core, as llama.cpp would use.
        generationThreads.value = await pickGenerationThreads(model, job, threads).catch(() => threads);
      } else generationThreads.value = threads;
    }
    const genThreads = generationThreads.value;
    let ctx: Context | null = await contextFor(model, job, threads);
    try {
      // a context holds one sequence: generation reuses it unless it needs a context of its own thread count
      let seq = ctx.getSequence();
      for (let r = 0; r <= rounds; r++) {
        step(`prompt, ${r === 0 ? 'warming up' : `round ${r} of ${rounds}`}: ${file.label}`, 0.05 + (0.3 * r) / (rounds + 1));
        await seq.clearHistory();
        const ppSec = await seconds(() => seq.evaluateWithoutGeneratingNewTokens(tokens(job, job.promptTokens, r)));
        if (r > 0) pp.push(job.promptTokens / ppSec);
      }
      if (genThreads !== threads) {
        const old = ctx;
        ctx = null;
        await old.dispose();
        ctx = await contextFor(model, job, genThreads);
        seq = ctx.getSequence();
      }
      const each = (from: number, what: string) => (r: number) =>
        step(`${what}, ${r === 0 ? 'warming up' : `round ${r} of ${rounds}`}: ${file.label}`, from + (0.3 * r) / (rounds + 1));
      deep = await generationAt(seq, job, job.promptTokens, rounds, each(0.35, 'generation after the prompt'));
      shallow = await generationAt(seq, job, job.shallowTokens, rounds, each(0.65, 'generation'));
    } finally {
      await ctx?.dispose();
    }
  } finally {
    await model.dispose();
  }
  step(`done: ${file.label}`, 1);
  // Generation: the median time of a token over all rounds, so a token the OS delayed moves it little.
  const rate = (g: { perToken: number[] }) => 1 / median(g.perToken);
  const half = job.generateTokens / 2;
  return {
    fileIndex: index,
    threads,
    generationThreads: generationThreads.value ?? threads,
    promptTokensPerSec: median(pp),
    generation: [
      { depthTokens: job.shallowTokens + half, tokensPerSec: rate(shallow), samples: shallow.perRound },
      { depthTokens: job.promptTokens + half, tokensPerSec: rate(deep), samples: deep.perRound },
    ],
    promptSamples: pp,
  };
}

async function run(job: MeasureJob): Promise<void> {
  let mod: { getLlama: (o: Record<string, unknown>) => Promise<Llama> };
  try {
    mod = (await import(job.moduleName)) as typeof mod;
  } catch (e) {
    send({ type: 'error', code: 'NO_LLAMA', message: `node-llama-cpp could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const gpu = job.backend === 'cpu' ? false : job.backend === 'auto' ? 'auto' : job.backend;
  let llama: Llama;
  try {
    llama = await mod.getLlama({ gpu, build: 'never', logLevel: 'error', progressLogs: false, usePrebuiltBinaries: true });
  } catch (e) {
    send({ type: 'error', code: 'NO_BACKEND', message: `llama.cpp's ${job.backend} backend could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const gpuNames = llama.gpu === false ? [] : await llama.getGpuDeviceNames().catch(() => []);
  send({
    type: 'info',
    backend: llama.gpu === false ? 'cpu' : llama.gpu,
    build: `${llama.llamaCppRelease.repo}@${llama.llamaCppRelease.release} (${llama.buildType})`,
    gpuNames,
    threads: job.threads ?? llama.cpuMathCores,
  });
  const generationThreads = { value: job.generationThreads };
  for (let i = 0; i < job.files.length; i++) {
    try {
      send({ type: 'result', result: await measureFile(llama, job, i, generationThreads) });
    } catch (e) {
      send({ type: 'error', code: 'MEASURE_FAILED', message: `llama.cpp failed on ${job.files[i]?.label ?? 'a file'}: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
  }
  send({ type: 'done' });
}

function start(m: unknown): void {
  void run(m as MeasureJob).finally(() => {
    // Let the last message flush, then leave: llama.cpp's threads must not keep the process alive.
    setTimeout(() => process.exit(0), 50);
  });
}

if (parentPort) parentPort.once('message', (e) => start(e.data));
else process.once('message', start);
