/**
 * The measuring child process: loads real llama.cpp (node-llama-cpp's prebuilt binaries) and times prompt
 * processing and generation on the GGUF files it is given. It runs in its own process so that a native crash, a hang
 * or an out-of-memory kills only it; the parent (runner.ts) enforces the time limit and cancellation.
 *
 * Protocol (process.send, JSON): the job arrives as the first message; the child answers with `info`, then
 * `progress` and one `result` per file, then `done`, or `error` and exits. Self-contained: it imports nothing of
 * the app, so it can run as plain Node, under ELECTRON_RUN_AS_NODE, or in an Electron utility process.
 *
 * Timing follows ../shared/notes/measuring.md: one context per file, reused (clearHistory between runs); threads set
 * to llama.cpuMathCores; the first round is a warm-up and is discarded; medians of the rest.
 */
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
type Sequence = { clearHistory(): Promise<void>; evaluateWithoutGeneratingNewTokens(tokens: number[]): Promise<void> };

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

async function generate(seq: Sequence, job: MeasureJob, n: number): Promise<number> {
  return seconds(async () => {
    for (let i = 0; i < n; i++) await seq.evaluateWithoutGeneratingNewTokens(tokens(job, 1, 300 + i));
  });
}

async function measureFile(llama: Llama, job: MeasureJob, index: number): Promise<ShapeMeasurement> {
  const file = job.files[index];
  if (!file) throw new Error('no such file');
  const step = (text: string, fraction: number) => send({ type: 'progress', fileIndex: index, text, fraction });
  step(`loading ${file.label}`, 0);
  const gpu = job.backend !== 'cpu';
  const model = await llama.loadModel({ modelPath: file.path, gpuLayers: gpu ? 'max' : 0, useMmap: true, ignoreMemorySafetyChecks: true });
  const threads = job.threads ?? llama.cpuMathCores;
  const ctx = await model.createContext({
    contextSize: job.promptTokens + job.generateTokens + 64,
    batchSize: job.promptTokens,
    threads,
    flashAttention: job.flashAttention,
    ignoreMemorySafetyChecks: true,
  });
  const seq = ctx.getSequence();
  const pp: number[] = [];
  const tgDeep: number[] = [];
  const tgShallow: number[] = [];
  const rounds = job.rounds + 1;
  try {
    for (let r = 0; r < rounds; r++) {
      step(`${r === 0 ? 'warming up' : `round ${r} of ${job.rounds}`}: ${file.label}`, r / rounds);
      await seq.clearHistory();
      const ppSec = await seconds(() => seq.evaluateWithoutGeneratingNewTokens(tokens(job, job.promptTokens, r)));
      const deepSec = await generate(seq, job, job.generateTokens);
      await seq.clearHistory();
      await seq.evaluateWithoutGeneratingNewTokens(tokens(job, job.shallowTokens, r + 1));
      const shallowSec = await generate(seq, job, job.generateTokens);
      if (r === 0) continue; // warm-up: page faults, first allocations, CPU frequency ramp
      pp.push(job.promptTokens / ppSec);
      tgDeep.push(job.generateTokens / deepSec);
      tgShallow.push(job.generateTokens / shallowSec);
    }
  } finally {
    await ctx.dispose();
    await model.dispose();
  }
  step(`done: ${file.label}`, 1);
  return {
    fileIndex: index,
    threads,
    promptTokensPerSec: median(pp),
    generation: [
      { depthTokens: job.shallowTokens + job.generateTokens / 2, tokensPerSec: median(tgShallow), samples: tgShallow },
      { depthTokens: job.promptTokens + job.generateTokens / 2, tokensPerSec: median(tgDeep), samples: tgDeep },
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
  for (let i = 0; i < job.files.length; i++) {
    try {
      send({ type: 'result', result: await measureFile(llama, job, i) });
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
