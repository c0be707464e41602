import { err, ok } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import type { HardwareProfile } from '../../../app/domain/hardware';
import type { MeasureReport } from '../../../app/domain/measure';
import { defaultBackend } from '../../../app/estimator/devices';
import type { LlamaBenchRow } from '../../../app/measure/llama-bench';
import { reportFromRows } from './import-bench';

/**
 * Times the models already installed in a local Ollama server through its own API (offered by `llm-sizer bench
 * --ollama`, never run by default): `/api/tags` lists them, `/api/show` gives each one's architecture and exact
 * parameter count (`model_info`), `/api/generate` with `stream: false` answers Ollama's own timings
 * (`prompt_eval_count`, `prompt_eval_duration`, `eval_count`, `eval_duration`, in nanoseconds), and `/api/ps` says
 * how much of the loaded model sits in VRAM (`size_vram` against `size`): only a model wholly on the GPU or wholly
 * on the CPU is a clean measurement of one device. Ollama API: github.com/ollama/ollama docs/api.md.
 */

export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';

type Fetch = typeof fetch;

/**
 * The Ollama server of this machine: OLLAMA_HOST as Ollama's own CLI reads it (`host[:port]`, an optional
 * `http://`; 0.0.0.0, the address a server binds to, means this machine; port 11434 when absent), else
 * 127.0.0.1:11434. Only this machine's server: a remote OLLAMA_HOST would time another machine, so it is ignored.
 */
export function ollamaUrlFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const raw = env['OLLAMA_HOST']?.trim();
  if (!raw) return OLLAMA_DEFAULT_URL;
  // A bare IPv6 address (::1) has to be bracketed to parse as a host.
  const host = raw.includes('::') && !raw.includes('[') && !/^[a-z]+:\/\//i.test(raw) ? `[${raw}]` : raw;
  let u: URL;
  try {
    u = new URL(/^[a-z]+:\/\//i.test(host) ? host : `http://${host}`);
  } catch {
    return OLLAMA_DEFAULT_URL;
  }
  if (u.protocol !== 'http:') return OLLAMA_DEFAULT_URL;
  const name = u.hostname === '0.0.0.0' || u.hostname === '' ? '127.0.0.1' : u.hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(name)) return OLLAMA_DEFAULT_URL;
  return `http://${name}:${u.port || '11434'}`;
}

interface Tag {
  readonly name: string;
  readonly details?: { readonly quantization_level?: string };
}

async function call<T>(f: Fetch, url: string, path: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const res = await f(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
  });
  if (!res.ok) throw new Error(`${path} answered HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** A prompt of about `words` distinct words, different on each call so Ollama's prompt cache cannot answer it. */
function prompt(words: number, salt: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(`w${(i * 7919 + salt * 104729) % 100003}`);
  return out.join(' ');
}

/** Ollama's quantization_level uses llama.cpp's names (Q4_K_M, Q8_0, F16, ...). */
function quantOf(level: string | undefined): string | null {
  if (!level) return null;
  const q = level.toUpperCase();
  return /^(F16|BF16|F32|Q\d_[0-9A-Z_]+|IQ\d_[A-Z_]+|MXFP4)$/.test(q) ? q : null;
}

/**
 * Whether an Ollama server answers at `url`, and what it has installed: two quick local requests (`/api/version`,
 * `/api/tags`, 1.5 s each), nothing timed. Null when nothing answers or the answer is not Ollama's.
 */
export async function findOllama(o: { readonly url?: string; readonly fetch?: Fetch } = {}): Promise<{ url: string; version: string; models: string[] } | null> {
  const url = (o.url ?? OLLAMA_DEFAULT_URL).replace(/\/+$/, '');
  const f = o.fetch ?? fetch;
  try {
    const v = await call<{ version?: unknown }>(f, url, '/api/version', undefined, 1500);
    const t = await call<{ models?: unknown }>(f, url, '/api/tags', undefined, 1500);
    if (typeof v.version !== 'string' || !Array.isArray(t.models)) return null;
    const models = t.models.map((m: unknown) => (m && typeof m === 'object' && typeof (m as { name?: unknown }).name === 'string' ? (m as { name: string }).name : null));
    return { url, version: v.version, models: models.filter((m): m is string => m !== null).slice(0, 500) };
  } catch {
    return null;
  }
}

export interface OllamaTiming {
  readonly rows: readonly LlamaBenchRow[];
  readonly skipped: readonly string[];
  readonly version: string;
}

/**
 * One timed prompt (about 512 words) and one generation (64 tokens) per installed model, as llama-bench rows for
 * the same fit. A server that does not answer is an error naming the address.
 */
export async function timeOllamaModels(o: {
  readonly url?: string;
  readonly fetch?: Fetch;
  readonly timeoutMs?: number;
  /** llama.cpp's backend name for this machine's GPU (CUDA, Metal, ROCm, Vulkan), or null without one. */
  readonly gpuBackend: string | null;
  readonly signal?: AbortSignal;
  /** Called before each model is timed: its index, the number of models, its name. */
  readonly onModel?: (index: number, count: number, name: string) => void;
}): Promise<Result<OllamaTiming>> {
  const url = (o.url ?? OLLAMA_DEFAULT_URL).replace(/\/+$/, '');
  const f = o.fetch ?? fetch;
  const timeout = o.timeoutMs ?? 300_000;
  let version: string;
  let tags: readonly Tag[];
  try {
    version = (await call<{ version?: string }>(f, url, '/api/version', undefined, 5000)).version ?? '?';
    const listed = (await call<{ models?: unknown }>(f, url, '/api/tags', undefined, 5000)).models;
    tags = Array.isArray(listed) ? (listed as Tag[]).filter((t) => t && typeof t.name === 'string') : [];
  } catch (e) {
    return err('NOT_FOUND', `No Ollama server answered at ${url} (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (tags.length === 0) return err('NOT_FOUND', `The Ollama server at ${url} has no models installed.`);
  const rows: LlamaBenchRow[] = [];
  const skipped: string[] = [];
  // Different words on every call, and on every run: a model still loaded from the last run must not answer the
  // prompt from its cache (a cached prompt reports a few prompt tokens at an absurd rate).
  const runSalt = Math.floor(Math.random() * 1_000_000);
  for (const [i, tag] of tags.entries()) {
    if (o.signal?.aborted) return err('CANCELLED', 'Timing the Ollama models was cancelled.');
    o.onModel?.(i, tags.length, tag.name);
    try {
      const show = await call<{ model_info?: Record<string, unknown>; details?: { quantization_level?: string } }>(f, url, '/api/show', { model: tag.name }, timeout, o.signal);
      const info = show.model_info ?? {};
      const arch = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : '';
      const params = typeof info['general.parameter_count'] === 'number' ? info['general.parameter_count'] : null;
      const quant = quantOf(show.details?.quantization_level ?? tag.details?.quantization_level);
      const g = await call<{ prompt_eval_count?: number; prompt_eval_duration?: number; eval_count?: number; eval_duration?: number }>(
        f,
        url,
        '/api/generate',
        { model: tag.name, prompt: prompt(512, runSalt + i), raw: true, stream: false, options: { num_predict: 64, num_ctx: 2048, temperature: 0 } },
        timeout,
        o.signal,
      );
      const ps = await call<{ models?: { name: string; size?: number; size_vram?: number }[] }>(f, url, '/api/ps', undefined, 5000, o.signal);
      const loaded = Array.isArray(ps.models) ? ps.models.find((m) => m.name === tag.name) : undefined;
      const inVram = loaded?.size_vram ?? 0;
      const size = loaded?.size ?? 0;
      // Where it ran decides which device the timings describe: unknown is no measurement of either.
      if (!loaded || !(size > 0)) {
        skipped.push(`${tag.name}: Ollama did not say where it ran (not in /api/ps), so its timings describe no known device`);
        continue;
      }
      const onGpu = inVram >= size;
      if (inVram > 0 && !onGpu) {
        skipped.push(`${tag.name}: partly on the GPU (${Math.round((100 * inVram) / Math.max(1, size))} % in VRAM), neither device alone`);
        continue;
      }
      if (onGpu && (o.gpuBackend === null || o.gpuBackend === 'CPU')) {
        skipped.push(`${tag.name}: ran on a GPU this machine's scan does not use for offload, so its timings describe no device the estimates use`);
        continue;
      }
      const base = { arch, modelType: `${arch} ${tag.name}`, file: tag.name, fileTypeName: quant ?? '?', quant, modelBytes: null, params, backend: onGpu ? (o.gpuBackend ?? 'GPU') : 'CPU', gpuLayers: onGpu ? -1 : 0, depthTokens: 0, build: `Ollama ${version}` };
      // On a machine with a GPU, a model kept on the CPU still sends large prompt batches to the GPU (as llama-bench
      // with -ngl 0 on a GPU build): its prompt speed is neither device alone. Its generation is the CPU's.
      const promptOnCpuOnly = onGpu || o.gpuBackend === null;
      if (!promptOnCpuOnly) skipped.push(`${tag.name}: prompt timing left out (on the CPU, but its prompt batches use the GPU)`);
      // A prompt answered from Ollama's cache, or a generation cut short, is not a measurement.
      if (promptOnCpuOnly && g.prompt_eval_count && g.prompt_eval_count >= 256 && g.prompt_eval_duration)
        rows.push({ ...base, promptTokens: g.prompt_eval_count, generateTokens: 0, tokensPerSec: g.prompt_eval_count / (g.prompt_eval_duration / 1e9) });
      if (g.eval_count && g.eval_count >= 8 && g.eval_duration)
        rows.push({ ...base, promptTokens: 0, generateTokens: g.eval_count, depthTokens: g.prompt_eval_count ?? 0, tokensPerSec: g.eval_count / (g.eval_duration / 1e9) });
    } catch (e) {
      if (o.signal?.aborted) return err('CANCELLED', 'Timing the Ollama models was cancelled.');
      skipped.push(`${tag.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return ok({ rows, skipped, version });
}

/** llama.cpp's name of the GPU backend this machine would use, as llama-bench writes it; null without a GPU. */
export function gpuBackendName(profile: HardwareProfile): string | null {
  const gpu = profile.gpus.find((g) => g.usedForOffload);
  const names: Record<string, string> = { cuda: 'CUDA', metal: 'Metal', rocm: 'ROCm', vulkan: 'Vulkan', sycl: 'SYCL', cpu: 'CPU' };
  return gpu ? (names[defaultBackend(gpu)] ?? null) : null;
}

/** `bench --ollama` and the app's "Time my Ollama models": time them, then fit as an import does. */
export async function ollamaReport(
  profile: HardwareProfile,
  o: { readonly url?: string; readonly fetch?: Fetch; readonly signal?: AbortSignal; readonly onModel?: (index: number, count: number, name: string) => void; readonly now: Date },
): Promise<Result<MeasureReport & { readonly skipped: readonly string[] }>> {
  const timed = await timeOllamaModels({ ...o, gpuBackend: gpuBackendName(profile) });
  if (!timed.ok) return timed;
  return reportFromRows(profile, 'Ollama', timed.value.rows, timed.value.skipped, o.now, 'ollama');
}
