// Shared by the accuracy benchmark and its test: reads ../shared/calibration/ and predicts each row.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { matchGpu } from '../app/catalog/gpu-match';
import { gpuIndex } from '../app/catalog/gpus';
import { findModel } from '../app/catalog/models';
import { profileFromSpec } from '../app/catalog/what-if';
import { DEFAULT_OPTIONS, estimate } from '../app/estimator/estimate';
import { findQuant } from '../app/estimator/quant-types';
import { weightBreakdown } from '../app/estimator/weights';
import { modelSpecSchema } from '../app/catalog/model-schema';
import type { ModelSpec } from '../app/domain/model';
import { BACKENDS } from '../app/domain/estimate';
import type { Backend, FitKind, KvCacheType } from '../app/domain/estimate';
import type { QuantType } from '../app/estimator/quant-types';
import type { HardwareProfile, Sourced } from '../app/domain/hardware';

/**
 * ../shared/calibration beside the project when it is there, else the identical copies in tests/fixtures/calibration
 * (so the benchmark and its tests run on a clean clone too); LLM_SIZER_CALIBRATION_DIR overrides both.
 */
export const CALIBRATION_DIR =
  process.env['LLM_SIZER_CALIBRATION_DIR'] ??
  [resolve(__dirname, '..', '..', 'shared', 'calibration'), resolve(__dirname, '..', 'tests', 'fixtures', 'calibration')].find((d) =>
    existsSync(join(d, 'speed.csv')),
  ) ??
  resolve(__dirname, '..', 'tests', 'fixtures', 'calibration');

/** Minimal RFC 4180 CSV parsing (quoted fields, doubled quotes). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

/** The benchmark's hardware names, as the GPU table knows them, with the RAM of the machine (Macs: unified memory). */
const HARDWARE: Readonly<Record<string, { gpu: string; ramGB: number }>> = {
  '3070 8GB': { gpu: 'GeForce RTX 3070', ramGB: 64 },
  '3080 10GB': { gpu: 'GeForce RTX 3080', ramGB: 64 },
  '3080 Ti 12GB': { gpu: 'GeForce RTX 3080 Ti', ramGB: 64 },
  '3090 24GB': { gpu: 'GeForce RTX 3090', ramGB: 64 },
  '4070 Ti 12GB': { gpu: 'GeForce RTX 4070 Ti', ramGB: 64 },
  '4080 16GB': { gpu: 'GeForce RTX 4080', ramGB: 64 },
  '4090 24GB': { gpu: 'GeForce RTX 4090', ramGB: 64 },
  'RTX 4000 Ada 20GB': { gpu: 'RTX 4000 Ada', ramGB: 64 },
  'RTX 5000 Ada 32GB': { gpu: 'RTX 5000 Ada', ramGB: 64 },
  'RTX 6000 Ada 48GB': { gpu: 'RTX 6000 Ada', ramGB: 128 },
  'RTX A6000 48GB': { gpu: 'RTX A6000', ramGB: 128 },
  'A40 48GB': { gpu: 'A40', ramGB: 128 },
  'L40S 48GB': { gpu: 'L40S', ramGB: 128 },
  'A100 PCIe 80GB': { gpu: 'A100 PCIe 80GB', ramGB: 256 },
  'A100 SXM 80GB': { gpu: 'A100 SXM4 80GB', ramGB: 256 },
  'H100 PCIe 80GB': { gpu: 'H100 PCIe', ramGB: 256 },
  'M1 7‑Core GPU 8GB': { gpu: 'Apple M1 7-core GPU', ramGB: 8 },
  'M1 Max 32‑Core GPU 64GB': { gpu: 'Apple M1 Max 32-core GPU', ramGB: 64 },
  'M2 Ultra 76-Core GPU 192GB': { gpu: 'Apple M2 Ultra 76-core GPU', ramGB: 192 },
  'M3 Max 40‑Core GPU 64GB': { gpu: 'Apple M3 Max 40-core GPU', ramGB: 64 },
};

const MODELS: Readonly<Record<string, string>> = {
  'llama3 8B (Meta-Llama-3-8B)': 'llama-3.1-8b-instruct',
  'llama3 70B (Meta-Llama-3-70B)': 'llama-3.1-70b-instruct',
};

export interface SpeedRow {
  readonly hardware: string;
  readonly model: string;
  readonly quant: string;
  readonly test: string;
  readonly measured: number;
  readonly predicted: number | null;
  readonly kind: 'single' | 'multi' | 'flagged' | 'inconsistent';
  readonly problem: string | null;
}

/**
 * A pp512 row more than 5 % slower than the same machine, model and quantization at pp4096 contradicts itself:
 * the longer prompt does all the work of the shorter one plus attention over more tokens. Such a run was
 * disturbed (clocks, a neighbour); it is set apart like the source's CAUTION rows, and reported, not scored.
 */
export const INCONSISTENT_PP_MARGIN = 1.05;

function inconsistentPp512(rows: readonly Record<string, string>[]): Set<Record<string, string>> {
  const key = (r: Record<string, string>) => [r['hardware'], r['backend'], r['model'], r['quant']].join('|');
  const pp4096 = new Map<string, number>();
  for (const r of rows) if (r['test'] === 'pp4096') pp4096.set(key(r), Number(r['tok_s']));
  return new Set(rows.filter((r) => r['test'] === 'pp512' && (pp4096.get(key(r)) ?? 0) > Number(r['tok_s']) * INCONSISTENT_PP_MARGIN));
}

/**
 * One llama-bench test estimated: ppN processes N prompt tokens after `depth` tokens; tgN generates N tokens from
 * `depth`, so each reads on average depth + N/2 of KV cache. A fit other than the one the run had is named.
 */
function predictTest(
  profile: HardwareProfile,
  model: ModelSpec,
  quant: QuantType,
  prompt: boolean,
  n: number,
  o: { readonly contextTokens: number; readonly depth: number; readonly flashAttention: boolean; readonly expectedFit: FitKind; readonly backend?: Backend | undefined; readonly ubatchTokens?: number | undefined; readonly kvCacheType?: KvCacheType | undefined },
): { readonly predicted: number | null; readonly problem: string | null } {
  const e = estimate(profile, model, quant, {
    ...DEFAULT_OPTIONS,
    contextTokens: o.contextTokens,
    flashAttention: o.flashAttention,
    promptTokens: prompt ? n : 512,
    depthTokens: prompt ? o.depth : o.depth + Math.floor(n / 2),
    useFreeVram: false,
    backend: o.backend,
    ...(o.ubatchTokens ? { ubatchTokens: o.ubatchTokens } : {}),
    ...(o.kvCacheType ? { kvCacheType: o.kvCacheType } : {}),
  });
  if (!e.ok || !e.value.speed) return { predicted: null, problem: e.ok ? 'no speed' : e.error.message };
  const predicted = prompt ? (e.value.speed.promptTokensPerSec?.value ?? null) : e.value.speed.generationTokensPerSec.value;
  return { predicted, problem: predicted === null ? 'no FP16 figure' : e.value.fit === o.expectedFit ? null : `fit ${e.value.fit}` };
}

/** llama-bench: ppN = N prompt tokens from an empty context; tgN = N tokens generated, average depth N/2. */
export function predictSpeedRows(): SpeedRow[] {
  const rows = parseCsv(readFileSync(join(CALIBRATION_DIR, 'speed.csv'), 'utf8'));
  const inconsistent = inconsistentPp512(rows);
  return rows.map((r) => {
    const kind: SpeedRow['kind'] = /MULTI-GPU/.test(r['notes'] ?? '')
      ? 'multi'
      : /CAUTION/.test(r['notes'] ?? '')
        ? 'flagged'
        : inconsistent.has(r)
          ? 'inconsistent'
          : 'single';
    const base = { hardware: r['hardware'] ?? '', model: r['model'] ?? '', quant: r['quant'] ?? '', test: r['test'] ?? '', measured: Number(r['tok_s']), kind };
    const multi = /^(.*) \* (\d+)$/.exec(base.hardware);
    const hwName = multi?.[1] ?? base.hardware;
    const count = multi?.[2] ? Number(multi[2]) : 1;
    const hw = HARDWARE[hwName];
    const model = findModel(MODELS[base.model] ?? '');
    const quant = findQuant(base.quant);
    const m = /^(pp|tg)(\d+)$/.exec(base.test);
    if (!hw || !model || !quant || !m) return { ...base, predicted: null, problem: `unmapped (${hwName}, ${base.model}, ${base.quant}, ${base.test})` };
    const n = Number(m[2]);
    const profile = profileFromSpec(gpuIndex(), { gpuNames: Array.from({ length: count }, () => hw.gpu), ramBytes: hw.ramGB * 1024 ** 3 }, '2024-05-01T00:00:00Z');
    if (!profile.ok) return { ...base, predicted: null, problem: profile.error.message };
    return { ...base, ...predictTest(profile.value, model, quant, m[1] === 'pp', n, { contextTokens: n, depth: 0, flashAttention: false, expectedFit: 'full-gpu' }) };
  });
}

export interface SizeRow {
  readonly model: string;
  readonly quant: string;
  readonly measuredBytes: number;
  readonly predictedBytes: number;
}

/** GGUF sizes: llama.cpp's quantize README (Llama 3.1 8B, GiB) and the 70B size table (GiB). */
export function predictSizeRows(): SizeRow[] {
  const rows = parseCsv(readFileSync(join(CALIBRATION_DIR, 'memory.csv'), 'utf8'));
  const out: SizeRow[] = [];
  for (const r of rows) {
    const size = /^([0-9.]+) GiB$/.exec((r['file_size_bytes_or_gb'] ?? '').trim());
    const model = r['model'] ?? '';
    const id = /^Llama-3\.1-8B/.test(model) ? 'llama-3.1-8b-instruct' : /^Meta-Llama-3 70B/.test(model) ? 'llama-3.1-70b-instruct' : null;
    const quant = findQuant(r['quant'] ?? '');
    const spec = id ? findModel(id) : null;
    if (!size?.[1] || !spec || !quant) continue;
    out.push({
      model: id ?? model,
      quant: quant.id,
      measuredBytes: Number(size[1]) * 1024 ** 3,
      predictedBytes: weightBreakdown(spec.architecture, quant).totalBytes,
    });
  }
  return out;
}

export function calibrationAvailable(): boolean {
  return existsSync(join(CALIBRATION_DIR, 'speed.csv'));
}

/**
 * The p-th percentile by nearest rank; the median (p = 50) of an even count is the mean of the two middle values, so
 * that a group of two rows at 1 % and 114 % does not report a 1 % median.
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  if (p === 50 && sorted.length % 2 === 0) return ((sorted[sorted.length / 2 - 1] ?? Number.NaN) + (sorted[sorted.length / 2] ?? Number.NaN)) / 2;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export interface ValidationRow {
  readonly label: string;
  readonly test: string;
  /** The backend the row was measured with (scoreboards only; validation rows say it in their source). */
  readonly backend: string;
  readonly gpu: string;
  /** Scoreboards: "fit" rows may tune the per-backend constants (scripts/fit-speed.ts); "holdout" rows never do. */
  readonly split: 'fit' | 'holdout';
  /** Why the row is reported apart from the scored ones (apartReason: host, fork, build date), or null. */
  readonly apart: string | null;
  /** When the row was measured (YYYY-MM, or the year), where the CSV says. */
  readonly date?: string;
  /** Where the row comes from (the CSV's source column: URL, table, OS and driver as the source gives them). */
  readonly source?: string;
  readonly measured: number;
  readonly predicted: number | null;
  readonly problem: string | null;
}

const FIXTURES = resolve(__dirname, '..', 'tests', 'fixtures', 'calibration');

/**
 * A discrete GPU driven by a single-board computer or an Arm/RISC-V host (Raspberry Pi 5 / 500+ / CM5 on a PCIe x1
 * link, a SiFive HiFive board, an Ampere Arm workstation): llama.cpp's per-token host work (graph building, kernel
 * launches, synchronisation) runs on a CPU several times slower than a desktop's, so such a row measures the host,
 * not the GPU (geerlingguy/ai-benchmarks: the same RX 7900 XT and RX 9070 XT run 1.3-2.7x slower there than the
 * physics of the card allows). Applied to every row whose source names such a host; reported apart, never scored.
 */
export const HOST_LIMITED = /\bhost\b[^|]{0,40}?(\bPi\b|Raspberry|RISC-V|HiFive|Ampere)|(Raspberry Pi|RISC-V)[^|]{0,20}\bhost\b/i;

/**
 * The llama.cpp the estimator models is a 2025-2026 build: its AMD and Intel backends changed more since 2024 than the
 * chips differ. The Vulkan backend got cooperative-matrix kernels in December 2024 (PR #10597) and integer-dot
 * quantized matrix kernels in April 2025 (PR #12135); ROCm got rocWMMA flash attention in March 2025 (PR #12032); the
 * same Strix Halo ran Llama 2 7B Q4_0 pp512 at 298 tok/s with ROCm in August 2025 and 1545 in May 2026. Rows measured
 * with ROCm, Vulkan or SYCL builds older than this date are reported apart, never scored. CUDA and Metal rows of 2023-24
 * stay in: those two backends' constants rest on them, and their held-out rows score within a 10 % median error.
 */
export const MODERN_BUILD_FROM = '2025-01';

/**
 * ROCm multiplies quantized matrices on AMD's matrix units (MFMA on CDNA3: PR #14624, July 2025; WMMA on RDNA4: PR
 * #17156, November 2025; WMMA on RDNA3/3.5: PR #17576, December 2025). Before, large batches went through rocBLAS or
 * hipBLASLt (dequantize, then GEMM), whose speed depended on the library's tuning for the chip: on Strix Halo (gfx1151)
 * ROCm 6.4 with hipBLASLt ran pp512 2.5x faster than with rocBLAS (kyuz0/amd-strix-halo-toolboxes docs/benchmarks.md).
 * ROCm prompt rows of GPUs with matrix units measured before this date are reported apart.
 */
export const ROCM_MATRIX_MMQ_FROM = '2025-12';

/**
 * llama.cpp's Vulkan backend got matrix-multiply tile sizes tuned for AMD GPUs with cooperative matrices (RDNA3,
 * RDNA3.5, RDNA4) in January 2026 (PR #18749, 2026-01-11, tuned on a Radeon 8060S: pp512 of Llama 8B Q4_0 645 -> 875,
 * Q4_K_S 530 -> 794, Q8_0 422 -> 742 tok/s, +36-76 %; "improvements on AMD RX 9060 XT" too). The Vulkan prompt
 * constants rest on 2026 rows after it. Vulkan prompt rows of such GPUs measured before this date are reported apart.
 */
export const VULKAN_AMD_COOPMAT_TUNED_FROM = '2026-01';

/**
 * llama.cpp build 5589 (PR #14001, June 2025) turned VK_KHR_cooperative_matrix on for Intel's Xe2 GPUs (Battlemage,
 * Lunar Lake), whose XMX units earlier builds left idle: the PR's own table has pp512 of Gemma 2 2B 2.8x faster on an
 * Arc 140V and 3.3x on an Arc B580 under Windows, the same machines and driver. The estimate multiplies on the matrix
 * units, so Xe2 prompt rows of earlier builds are reported apart. Every other Intel prompt row stays held out.
 */
export const VULKAN_INTEL_XE2_COOPMAT_BUILD = 5589;
const INTEL_XE2_NAME = /\bArc\b.*\b(?:B5[0-9]0|B[56]0|1[34]0V)\b/i;

/**
 * Pull requests whose code never reached upstream llama.cpp, so no user runs it: #22066 (SYCL Battlemage optimizations,
 * closed without merging), #24407 (Vulkan GEMM optimizations for Intel Xe, open) and its draft "mega PR" #24408 ("Draft /
 * Evaluation only, not for merge"). A row whose build field names one of them (measured on that branch) is reported
 * apart; "before" columns of the same threads, measured on master, stay in.
 */
export const UNMERGED_PULL_REQUESTS: readonly number[] = [22066, 24407, 24408];

/** The llama.cpp build number a row's build field names ("b5583 master", "a0dd7795 (5589)"), or null. */
function buildNumber(build: string): number | null {
  const m = /(?:^|\s|\()b?(\d{4,5})\b/.exec(build);
  return m ? Number(m[1]) : null;
}

/** Why a scoreboard row is reported apart instead of scored, or null: one rule per cause, applied to every row alike. */
export function apartReason(r: Readonly<Record<string, string>>): string | null {
  const source = r['source'] ?? '';
  const backend = r['backend'] ?? '';
  const date = r['date'] ?? '';
  const prompt = (r['test'] ?? '').startsWith('pp');
  // The GPU's table entry, looked up once and only for the rules that need it.
  let spec: ReturnType<typeof matchGpu> | undefined;
  const gpu = () => (spec === undefined ? (spec = matchGpu(gpuIndex(), r['gpu'] ?? '')) : spec);
  const amdMatrixCores = () => gpu()?.vendor === 'amd' && gpu()?.fp16Accumulate !== 'vector';
  if (HOST_LIMITED.test(source)) return 'host-limited (an SBC or Arm/RISC-V host)';
  if (/ipex-llm/i.test(source)) return "Intel's IPEX-LLM fork, not upstream llama.cpp";
  const pulls = [...(r['build'] ?? '').matchAll(/PR #(\d+)/g)].map((m) => Number(m[1]));
  if (pulls.some((n) => UNMERGED_PULL_REQUESTS.includes(n))) return 'a build of a pull request never merged upstream';
  // A build that leaves GGML_ASSERT on (llama-bench prints "warning: asserts enabled, performance may be affected"):
  // on an Arc Pro B70 under SYCL such a build ran pp512 of Qwen3.5 27B Q4_K_M at 302 tok/s against 718 with NDEBUG,
  // generation nearly unchanged (PMZFX/intel-arc-pro-b70-benchmarks, FINDINGS.md). Its prompt rows are set apart.
  if (prompt && /asserts enabled/i.test(source)) return 'prompt of a build with assertions on (llama-bench: "asserts enabled")';
  if (['rocm', 'vulkan', 'sycl'].includes(backend) && date !== '' && date < MODERN_BUILD_FROM) return `a ${backend} build before ${MODERN_BUILD_FROM}`;
  if (backend === 'rocm' && prompt && date !== '' && date < ROCM_MATRIX_MMQ_FROM && amdMatrixCores()) return 'ROCm prompt before the matrix-core (WMMA/MFMA) quantized kernels';
  // RDNA3/3.5/4 (the Radeons with matrix cores), not the Instinct (CDNA) cards the PR did not tune.
  if (backend === 'vulkan' && prompt && date !== '' && date < VULKAN_AMD_COOPMAT_TUNED_FROM && amdMatrixCores() && !/instinct|\bmi\d{2,3}/i.test(r['gpu'] ?? ''))
    return 'Vulkan prompt on an AMD matrix-core GPU before the coopmat tile tuning (PR #18749)';
  const build = buildNumber(r['build'] ?? '');
  if (backend === 'vulkan' && prompt && build !== null && build < VULKAN_INTEL_XE2_COOPMAT_BUILD && INTEL_XE2_NAME.test(r['gpu'] ?? ''))
    return 'Vulkan prompt on an Intel Xe2 GPU before its cooperative matrices were turned on (PR #14001, build 5589)';
  if (backend === 'vulkan' && prompt && r['quant'] === 'BF16') return 'BF16 prompt on Vulkan (devices without bfloat16 support: scalar shaders, not modelled)';
  // The same cause on ROCm: a GPU without matrix units (gfx906: MI50, MI60, Radeon VII) has no bfloat16 arithmetic
  // either, and multiplies BF16 weights after converting them (kyuz0/mi50-gfx906-toolboxes: 0.26-0.31 of its FP32
  // rate, against 0.5 of its FP16 rate for F16 and quantized weights on the same card).
  if (backend === 'rocm' && prompt && r['quant'] === 'BF16' && gpu()?.fp16Accumulate === 'vector')
    return 'BF16 prompt on a ROCm GPU without matrix units (bfloat16 converted, not modelled)';
  return null;
}

/** Models the scoreboards use that the catalog does not carry (Llama 2 7B: "llama 7B" in llama-bench). */
function fixtureModel(id: string): ModelSpec | null {
  const file = join(FIXTURES, `${id}.json`);
  if (!/^[a-z0-9.-]+$/.test(id) || !existsSync(file)) return null;
  const parsed = modelSpecSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/** Predicts every row of a CSV with gpu, ram_gb, model, quant, test, depth, flash_attention and tok_s columns. */
export function predictRows(file: string): ValidationRow[] {
  const rows = parseCsv(readFileSync(isAbsolute(file) ? file : join(FIXTURES, file), 'utf8'));
  return rows.map((r) => {
    const label = `${r['gpu'] ?? ''} ${r['backend'] ? `[${r['backend']}] ` : ''}${r['model'] ?? ''} ${r['quant'] ?? ''} ${r['test'] ?? ''}${r['depth'] !== '0' ? ` @${r['depth'] ?? ''}` : ''}`;
    const apart = apartReason(r);
    const base = { label, test: r['test'] ?? '', backend: r['backend'] ?? '', gpu: r['gpu'] ?? '', split: r['split'] === 'fit' ? ('fit' as const) : ('holdout' as const), apart, date: r['date'] ?? '', source: r['source'] ?? '', measured: Number(r['tok_s']) };
    const m = /^(pp|tg)(\d+)$/.exec(base.test);
    const model = findModel(r['model'] ?? '') ?? fixtureModel(r['model'] ?? '');
    const quant = findQuant(r['quant'] ?? '');
    if (!m || !model || !quant) return { ...base, predicted: null, problem: 'unmapped' };
    const n = Number(m[2]);
    const depth = Number(r['depth'] ?? 0);
    const profile = profileFromSpec(gpuIndex(), { gpuNames: [r['gpu'] ?? ''], ramBytes: Number(r['ram_gb']) * 1024 ** 3 }, '2026-01-01T00:00:00Z');
    if (!profile.ok) return { ...base, predicted: null, problem: profile.error.message };
    // The row's backend (the same GPU runs several, with different speeds); none named: the machine's default.
    const backend = (BACKENDS as readonly string[]).includes(r['backend'] ?? '') ? (r['backend'] as Backend) : undefined;
    // llama-bench's -ub when the row states one (the DGX Spark page ran 2048), else the default 512.
    const ubatchTokens = Number(r['ubatch'] ?? '') || undefined;
    const o = { contextTokens: Math.max(depth + n, 512), depth, flashAttention: r['flash_attention'] === 'on', expectedFit: 'full-gpu' as const, backend, ubatchTokens };
    return { ...base, ...predictTest(profile.value, model, quant, m[1] === 'pp', n, o) };
  });
}

/**
 * Out-of-sample rows (tests/fixtures/calibration/validation.csv): published measurements on hardware and models
 * the calibration rows do not have, never used to fit anything.
 */
export function predictValidationRows(): ValidationRow[] {
  return predictRows('validation.csv');
}

/**
 * Scoreboard rows (tests/fixtures/calibration/scoreboards.csv): llama.cpp's Apple Silicon table (discussion #4167,
 * 28 chips, Llama 2 7B F16 / Q8_0 / Q4_0) and AMD / Intel runs on ROCm, Vulkan and SYCL, never used to fit anything.
 */
export function predictScoreboardRows(): ValidationRow[] {
  return predictRows('scoreboards.csv');
}

/** A CPU-only machine as a scoreboard row describes it: cores (threads used), base clock, ISA, RAM bandwidth. */
function cpuProfile(r: Record<string, string>): HardwareProfile {
  const cores = Number(r['threads']);
  const src = <T>(value: T): Sourced<T> => ({ value, source: 'user', confidence: 'medium' });
  const ram = Number(r['ram_gb']) * 1024 ** 3;
  return {
    schemaVersion: 1,
    capturedAt: '2026-01-01T00:00:00Z',
    label: r['cpu'] ?? 'CPU',
    os: { platform: 'linux', release: '', arch: /neon/.test(r['isa'] ?? '') ? 'arm64' : 'x64', virtual: false },
    cpu: {
      name: src(r['cpu'] ?? 'CPU'),
      vendor: '',
      physicalCores: src(cores),
      logicalCores: src(cores),
      isa: (r['isa'] ?? '').split(/\s+/).filter(Boolean),
      arch: /neon/.test(r['isa'] ?? '') ? 'arm64' : 'x64',
      clockHz: src(Number(r['clock_ghz']) * 1e9),
    },
    memory: { totalBytes: src(ram), availableBytes: src(ram * 0.9), bandwidthBytesPerSec: src(Number(r['ram_bw_gbps']) * 1e9), type: null },
    gpus: [],
    warnings: [],
  };
}

/**
 * llama.cpp's CPU flash attention split a generated token's work across the KV length in January 2026 (PR #19209,
 * "larger (>2x) speed-ups as context size grows"; before, only across query heads). CPU generation rows at depth with
 * flash attention on, measured before, are reported apart; so would be rows of later builds with a quantized KV cache,
 * which the split path still does not take (the bundled build's ggml-cpu/ops.cpp: `kv_is_f32_or_f16`); no such row
 * is in the fixture yet.
 */
export const CPU_FA_KV_SPLIT_FROM = '2026-01';

/** Why a CPU row at depth is reported apart, or null. */
export function cpuDepthApartReason(r: Readonly<Record<string, string>>): string | null {
  if (r['flash_attention'] !== 'on') return null;
  if ((r['date'] ?? '') !== '' && (r['date'] ?? '') < CPU_FA_KV_SPLIT_FROM) return 'CPU flash attention before its KV split (PR #19209, 2026-01)';
  if ((r['kv'] ?? 'f16') !== 'f16') return 'CPU flash attention over a quantized KV cache (no KV split)';
  return null;
}

/**
 * CPU-only generation at depth (tests/fixtures/calibration/cpu-depth.csv): llama-bench `tgN @ dD` and sweep-bench
 * rows of upstream llama.cpp, each with the threads, clock and RAM bandwidth of its machine (assumptions named per
 * row), its flash-attention setting and KV cache type.
 */
export function predictCpuDepthRows(): (ValidationRow & { readonly depth: number })[] {
  const rows = parseCsv(readFileSync(join(FIXTURES, 'cpu-depth.csv'), 'utf8'));
  return rows.map((r) => {
    const depth = Number(r['depth']);
    const label = `${r['cpu'] ?? ''} x${r['threads'] ?? ''} ${r['model'] ?? ''} ${r['quant'] ?? ''} ${r['test'] ?? ''} @${depth} fa ${r['flash_attention'] ?? ''} kv ${r['kv'] ?? ''}`;
    const base = { label, test: r['test'] ?? '', backend: 'cpu', gpu: r['cpu'] ?? '', split: r['split'] === 'fit' ? ('fit' as const) : ('holdout' as const), apart: cpuDepthApartReason(r), date: r['date'] ?? '', source: r['source'] ?? '', measured: Number(r['tok_s']), depth };
    const m = /^tg(\d+)$/.exec(base.test);
    const model = findModel(r['model'] ?? '');
    const quant = findQuant(r['quant'] ?? '');
    const kvCacheType: KvCacheType = r['kv'] === 'q8_0' || r['kv'] === 'q4_0' ? r['kv'] : 'f16';
    if (!m || !model || !quant) return { ...base, predicted: null, problem: 'unmapped' };
    const n = Number(m[1]);
    const o = { contextTokens: depth + n + 512, depth, flashAttention: r['flash_attention'] === 'on', expectedFit: 'cpu-only' as const, backend: 'cpu' as const, kvCacheType };
    return { ...base, ...predictTest(cpuProfile(r), model, quant, false, n, o) };
  });
}

/**
 * How far each row's slowdown with depth is from the measured one: for every machine, model and setting, each deeper
 * row's predicted / shallowest-predicted against its measured / shallowest-measured, minus 1 (so the formula's error
 * at the shallowest depth, the same at every depth, drops out).
 */
export function depthRatioErrors(rows: readonly (ValidationRow & { readonly depth: number })[]): number[] {
  const groups = new Map<string, (ValidationRow & { readonly depth: number })[]>();
  for (const r of rows) {
    if (r.predicted === null) continue;
    const key = `${r.label.replace(/ @\d+/, '')} ${r.source ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const errors: number[] = [];
  for (const g of groups.values()) {
    const sorted = [...g].sort((a, b) => a.depth - b.depth);
    const base = sorted[0];
    if (!base || base.predicted === null) continue;
    for (const r of sorted.slice(1)) errors.push(Math.abs((r.predicted ?? 0) / base.predicted / (r.measured / base.measured) - 1));
  }
  return errors;
}

/**
 * CPU-only rows (tests/fixtures/calibration/cpu-scoreboard.csv): 10 CPUs, each row with the threads it used, the
 * CPU's base clock and its RAM bandwidth (from the vendor's specification; assumptions are said per row).
 * CPU_INT8_EFFICIENCY and CPU_DECODE_BYTES_PER_CYCLE rest on these rows ("fit").
 */
export function predictCpuRows(): ValidationRow[] {
  const rows = parseCsv(readFileSync(join(FIXTURES, 'cpu-scoreboard.csv'), 'utf8'));
  return rows.map((r) => {
    const label = `${r['cpu'] ?? ''} x${r['threads'] ?? ''} ${r['model'] ?? ''} ${r['quant'] ?? ''} ${r['test'] ?? ''}`;
    const base = { label, test: r['test'] ?? '', backend: 'cpu', gpu: r['cpu'] ?? '', split: r['split'] === 'fit' ? ('fit' as const) : ('holdout' as const), apart: null, measured: Number(r['tok_s']) };
    const m = /^(pp|tg)(\d+)$/.exec(base.test);
    const model = findModel(r['model'] ?? '') ?? fixtureModel(r['model'] ?? '');
    const quant = findQuant(r['quant'] ?? '');
    if (!m || !model || !quant) return { ...base, predicted: null, problem: 'unmapped' };
    const n = Number(m[2]);
    const o = { contextTokens: Math.max(n + 512, 1024), depth: 0, flashAttention: false, expectedFit: 'cpu-only' as const };
    return { ...base, ...predictTest(cpuProfile(r), model, quant, m[1] === 'pp', n, o) };
  });
}
