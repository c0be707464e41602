import { basename, dirname, resolve } from 'node:path';
import { modelFromHfConfig } from '../../../app/catalog/hf-config';
import type { HfConfigModel } from '../../../app/catalog/hf-config';
import type { HfGgufModel, HfRepoScan } from '../../../app/domain/hf-repo';
import { inlineModelSpec } from '../../../app/catalog/inline-model';
import { answerEstimateRequest } from '../../../app/api/batch';
import { estimateGguf } from '../../../app/estimator/local-estimate';
import { LocalModelScanner } from '../../services/local-models/local-models';
import { gpuIndex } from '../../../app/catalog/gpus';
import { findModel } from '../../../app/catalog/models';
import type { Result } from '../../../app/api/result';
import type { Backend, Estimate, EstimateOptions, Runtime } from '../../../app/domain/estimate';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { BACKENDS, RUNTIMES } from '../../../app/domain/estimate';
import { DEFAULT_OPTIONS, estimate } from '../../../app/estimator/estimate';
import { KV_CACHE_TYPES } from '../../../app/estimator/kv-cache';
import type { KvCacheType } from '../../../app/estimator/kv-cache';
import { findQuant } from '../../../app/estimator/quant-types';
import { maxContext } from '../../../app/estimator/recommend';
import { UsageError, flagBool, flagString, parsePositiveInt } from '../args';
import type { ParsedArgs } from '../args';
import type { CliIo, Command } from '../command';
import { HARDWARE_FLAGS, RAW_FLAG, hardwareChoice } from '../hardware-source';
import { printEstimate } from '../print';
import { hfFailureCode, hfLaunch, hfRefFromFlag, lookUpHf, printHfSource } from '../hf-lookup';
import { jsonLines } from '../json-lines';
import { readSmallTextFile } from '../../services/read-small-file';

/** The largest config.json read: real ones are a few KB (DeepSeek V3's is 1.7 KB), a large multimodal one under 100 KB. */
export const MAX_HF_CONFIG_BYTES = 4 * 1024 * 1024;

export function estimateOptionsFromFlags(args: ParsedArgs): EstimateOptions {
  const ctx = flagString(args, 'context');
  const contextTokens = ctx ? parsePositiveInt(ctx, '--context') : DEFAULT_OPTIONS.contextTokens;
  const kv = flagString(args, 'kv') ?? 'f16';
  if (!(KV_CACHE_TYPES as readonly string[]).includes(kv)) throw new UsageError(`--kv must be one of ${KV_CACHE_TYPES.join(', ')}.`);
  const runtime = flagString(args, 'runtime') ?? 'llama.cpp';
  if (!(RUNTIMES as readonly string[]).includes(runtime)) throw new UsageError(`--runtime must be one of ${RUNTIMES.join(', ')}.`);
  const backend = flagString(args, 'backend');
  if (backend !== undefined && !(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}.`);
  const prompt = flagString(args, 'prompt');
  const depth = flagString(args, 'depth');
  const promptTokens = prompt ? parsePositiveInt(prompt, '--prompt') : Math.min(DEFAULT_OPTIONS.promptTokens, contextTokens);
  if (promptTokens > contextTokens) throw new UsageError(`--prompt (${promptTokens}) must fit in --context (${contextTokens}).`);
  return {
    ...DEFAULT_OPTIONS,
    contextTokens,
    kvCacheType: kv as KvCacheType,
    flashAttention: !flagBool(args, 'no-flash-attention'),
    promptTokens,
    depthTokens: depth ? Number(depth) : Math.min(DEFAULT_OPTIONS.depthTokens, contextTokens),
    runtime: runtime as Runtime,
    backend: backend as Backend | undefined,
    useFreeVram: !flagBool(args, 'total-vram'),
    includeVision: flagBool(args, 'vision'),
  };
}

export const ESTIMATE_OPTION_FLAGS = [
  { name: 'context', takesValue: true, help: 'context length in tokens (8192 or 8k; default 8192)' },
  { name: 'kv', takesValue: true, help: 'KV cache type: f16, q8_0 or q4_0 (default f16)' },
  { name: 'no-flash-attention', takesValue: false, help: 'plan without flash attention (bigger compute buffer)' },
  { name: 'prompt', takesValue: true, help: 'prompt length for prompt speed and time to first token (default 512)' },
  { name: 'depth', takesValue: true, help: 'tokens already in context when generating (default 512)' },
  { name: 'runtime', takesValue: true, help: 'llama.cpp, ollama, lmstudio or mlx (default llama.cpp)' },
  { name: 'backend', takesValue: true, help: "llama.cpp backend: cuda, rocm, vulkan, metal, sycl or cpu (default: the machine's: CUDA on NVIDIA, Metal on Apple, ROCm on supported AMD, else Vulkan)" },
  { name: 'total-vram', takesValue: false, help: 'plan against total VRAM instead of free VRAM' },
  { name: 'vision', takesValue: false, help: 'include the vision projector of a multimodal model' },
] as const;

async function runBatch(source: string, io: CliIo): Promise<number> {
  const chunks = source === '-' ? io.readStdin() : io.readFileChunks(resolve(io.cwd, source));
  const deps = { gpuIndex: gpuIndex(), findModel, now: new Date().toISOString() };
  let failures = 0;
  for await (const line of jsonLines(chunks)) {
    if (line.trim() === '') {
      io.out(`${JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: 'This line is blank.' } })}\n`);
      failures++;
      continue;
    }
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch {
      io.out(`${JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: 'This line is not JSON.' } })}\n`);
      failures++;
      continue;
    }
    const response = answerEstimateRequest(request, deps);
    if (!response.ok) failures++;
    io.out(`${JSON.stringify(response)}\n`);
  }
  return failures > 0 ? 3 : 0;
}

async function runGguf(args: ParsedArgs, io: CliIo, path: string): Promise<number> {
  const local = await new LocalModelScanner().sizeFile(resolve(io.cwd, path));
  if (!local.ok) {
    io.err(`llm-sizer estimate: ${local.error.message}\n`);
    return 1;
  }
  if (!local.value.model) {
    io.err(`llm-sizer estimate: ${local.value.error?.message ?? 'the file could not be understood'}\n`);
    return 1;
  }
  const model = local.value.model;
  return estimateAndPrint(args, io, (profile, options) => estimateGguf(profile, model, local.value.path, options));
}

/** A model from a Hugging Face config.json: the architecture it states, estimated at the chosen quantization. */
async function runHfConfig(args: ParsedArgs, io: CliIo, path: string): Promise<number> {
  const file = resolve(io.cwd, path);
  const read = await readSmallTextFile(file, MAX_HF_CONFIG_BYTES);
  if (read.kind !== 'text') {
    io.err(`llm-sizer estimate: cannot read ${file}: ${read.kind === 'missing' ? 'no such file' : read.reason}\n`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch {
    io.err(`llm-sizer estimate: ${file} is not valid JSON.\n`);
    return 1;
  }
  const config = modelFromHfConfig(json);
  if (!config.ok) {
    io.err(`llm-sizer estimate: ${file}: ${config.error.message}\n`);
    return 1;
  }
  // transformers writes the repo it was loaded from into _name_or_path; else the folder names the model.
  const named = (json as Record<string, unknown>)['_name_or_path'];
  const name = typeof named === 'string' && named.trim() !== '' ? named.trim() : basename(dirname(file));
  return estimateConfigModel(args, io, config.value, name, flagString(args, 'quant'));
}

/** Estimates a model described by a config.json at the chosen quantization (default Q4_K_M). */
function estimateConfigModel(args: ParsedArgs, io: CliIo, read: HfConfigModel, name: string, quantFlag: string | undefined): Promise<number> {
  const quantId = quantFlag ?? 'Q4_K_M';
  const quant = findQuant(quantId);
  if (!quant) {
    io.err(`llm-sizer estimate: unknown quantization "${quantId}".\n`);
    return Promise.resolve(2);
  }
  const model = inlineModelSpec({
    id: 'hf-config',
    name: `${name} (${read.modelType} config.json)`,
    hfRepo: name,
    nativeContextTokens: read.nativeContextTokens,
    architecture: read.architecture,
  });
  for (const a of read.assumptions) io.err(`Note: assumed ${a}.\n`);
  return estimateAndPrint(
    args,
    io,
    (profile, options) => estimate(profile, model, quant, options),
    (profile, options, e) => maxContext(profile, model, quant, options, e.fit),
  );
}

/** Chooses the GGUF model of a live repository: the one of the quantization asked for, else the only one. */
function chooseHfModel(scan: HfRepoScan, quant: string, explicit: boolean): { model: HfGgufModel } | { problem: string } {
  const hit = scan.gguf[0];
  if (hit) return { model: hit };
  const available = scan.otherQuants.join(', ');
  return {
    problem: explicit
      ? `${scan.repo} has no GGUF file of ${quant}. Available: ${available}.`
      : `${scan.repo} has no ${quant} GGUF file; choose one with --hf ${scan.repo}:QUANT. Available: ${available}.`,
  };
}

/** A model from a live Hugging Face repository: a GGUF file sized from its header, or config.json. */
async function runHf(args: ParsedArgs, io: CliIo, text: string): Promise<number> {
  const ref = hfRefFromFlag(text);
  const quantFlag = flagString(args, 'quant');
  if (ref.quant !== null && quantFlag !== undefined && ref.quant.toUpperCase() !== quantFlag.toUpperCase()) {
    throw new UsageError(`--hf ${text} names ${ref.quant} and --quant names ${quantFlag}: give one.`);
  }
  const explicit = ref.quant ?? quantFlag ?? null;
  const quant = explicit ?? 'Q4_K_M';
  let scan = await lookUpHf({ ...ref, quant });
  // a repository with a single GGUF model of another quantization: that one
  if (scan.ok && explicit === null && scan.value.gguf.length === 0 && scan.value.otherQuants.length === 1) scan = await lookUpHf({ ...ref, quant: null });
  if (!scan.ok) {
    io.err(`llm-sizer estimate: ${scan.error.message}\n`);
    return hfFailureCode(scan.error.code);
  }
  const found = scan.value;
  printHfSource(found, io);
  const hasGguf = found.gguf.length > 0 || found.otherQuants.length > 0;
  if (!hasGguf) {
    if (found.config) return estimateConfigModel(args, io, found.config, found.repo, explicit ?? undefined);
    io.err(`llm-sizer estimate: ${found.configError?.message ?? `${found.repo} has neither GGUF files nor a config.json.`}\n`);
    return 1;
  }
  const chosen = chooseHfModel(found, quant, explicit !== null);
  if ('problem' in chosen) {
    io.err(`llm-sizer estimate: ${chosen.problem}\n`);
    return 2;
  }
  const g = chosen.model;
  if (!g.model) {
    io.err(`llm-sizer estimate: ${g.error?.message ?? `${g.file} could not be understood`}\n`);
    return 1;
  }
  const model = g.model;
  io.err(`Note: ${found.repo}/${g.file}: ${model.quantLabel}, weights read from its header (${g.headerBytesRead} bytes fetched${g.headerBytesRead === 0 ? ': cached' : ''}).\n`);
  return estimateAndPrint(args, io, (profile, options) => {
    const r = estimateGguf(profile, model, `hf.co/${found.repo}/${g.file}`, options);
    if (!r.ok) return r;
    // llama.cpp and Ollama download the same file by its repository and tag
    return { ok: true, value: { ...r.value, launch: hfLaunch(r.value.launch, found.repo, explicit ?? model.quantLabel, g.file) } };
  });
}

/** Loads the hardware, estimates, and prints the estimate (text, or JSON with --json). */
async function estimateAndPrint(
  args: ParsedArgs,
  io: CliIo,
  compute: (profile: HardwareProfile, options: EstimateOptions) => Result<Estimate>,
  largestContext?: (profile: HardwareProfile, options: EstimateOptions, e: Estimate) => number,
): Promise<number> {
  const options = estimateOptionsFromFlags(args);
  const hw = await hardwareChoice(args, { withCalibration: !flagBool(args, 'raw'), onNotice: (t) => io.err(`Note: ${t}\n`) }).load();
  if (!hw.ok) {
    io.err(`llm-sizer estimate: ${hw.error.message}\n`);
    return 1;
  }
  const r = compute(hw.value, options);
  if (!r.ok) {
    io.err(`llm-sizer estimate: ${r.error.message}\n`);
    return 2;
  }
  if (flagBool(args, 'json')) {
    io.out(`${JSON.stringify(r.value, null, 2)}\n`);
    return 0;
  }
  io.out(printEstimate(r.value));
  if (largestContext && r.value.fit !== 'none') {
    const tokens = largestContext(hw.value, options, r.value);
    io.out(`  Largest context that keeps this fit (${options.kvCacheType} KV cache): ${tokens > 0 ? `${tokens} tokens` : 'none'}\n`);
  }
  return 0;
}

export const estimateCommand: Command = {
  name: 'estimate',
  summary: 'memory, fit, speed and launch settings for one model and quantization; or a JSON-lines batch',
  usage: 'llm-sizer estimate --model ID | --gguf FILE | --hf-config FILE | --hf ORG/REPO[:QUANT] [--quant Q4_K_M] [--context 8192] [--json] | --batch FILE|-',
  flags: [
    { name: 'model', takesValue: true, help: 'catalog model id (see llm-sizer models)' },
    { name: 'gguf', takesValue: true, help: 'size a GGUF file from its own header instead (its quantization is the file\'s)' },
    { name: 'hf-config', takesValue: true, help: 'size any model from its Hugging Face config.json (with --quant)' },
    { name: 'hf', takesValue: true, help: 'a live Hugging Face repository, ORG/REPO[:QUANT][@REVISION]: its GGUF file sized from the header (range requests), else its config.json' },
    { name: 'quant', takesValue: true, help: 'quantization, e.g. Q4_K_M, Q8_0, IQ3_XXS, MLX_4BIT (default Q4_K_M; MLX_4BIT with --runtime mlx)' },
    { name: 'json', takesValue: false, help: 'print the response object as JSON' },
    { name: 'batch', takesValue: true, help: 'read JSON requests, one per line, from FILE or - (stdin); write one response per line' },
    ...ESTIMATE_OPTION_FLAGS,
    ...HARDWARE_FLAGS,
    RAW_FLAG,
  ],
  async run(args, io) {
    const batch = flagString(args, 'batch');
    if (batch !== undefined) return runBatch(batch, io);
    const gguf = flagString(args, 'gguf');
    if (gguf !== undefined) return runGguf(args, io, gguf);
    const hf = flagString(args, 'hf');
    if (hf !== undefined) return runHf(args, io, hf);
    const hfConfig = flagString(args, 'hf-config');
    if (hfConfig !== undefined) return runHfConfig(args, io, hfConfig);
    const modelId = flagString(args, 'model');
    if (!modelId) throw new UsageError('--model, --gguf, --hf-config or --hf is required (or --batch). See llm-sizer models.');
    const model = findModel(modelId);
    if (!model) {
      io.err(`llm-sizer estimate: unknown model "${modelId}". Run llm-sizer models to list the ids.\n`);
      return 2;
    }
    const quantId = flagString(args, 'quant') ?? (flagString(args, 'runtime') === 'mlx' ? 'MLX_4BIT' : 'Q4_K_M');
    const quant = findQuant(quantId);
    if (!quant) {
      io.err(`llm-sizer estimate: unknown quantization "${quantId}".\n`);
      return 2;
    }
    return estimateAndPrint(
      args,
      io,
      (profile, options) => estimate(profile, model, quant, options),
      (profile, options, e) => maxContext(profile, model, quant, options, e.fit),
    );
  },
};
