import { err, ok } from '../api/result';
import type { Result } from '../api/result';

/**
 * llama-bench results as llama-bench writes them (tools/llama-bench/llama-bench.cpp): `-o json` (an array of test
 * objects), `-o jsonl` (one object a line), `-o csv` (a header line of the same field names) and the default
 * Markdown table (`| model | size | params | backend | ngl | test | t/s |`, test "pp512", "tg128" or "pp512 @ d4096").
 * Fields used: model_type ("llama 8B Q4_K - Medium"), model_size (bytes), model_n_params, backends, n_gpu_layers,
 * n_prompt, n_gen, n_depth, avg_ts, build_commit, build_number.
 */
export interface LlamaBenchRow {
  /** llama.cpp architecture name, the first word of model_type ("llama", "qwen3moe"). */
  readonly arch: string;
  readonly modelType: string;
  /** model_filename, when the format carries it (not the Markdown table). */
  readonly file: string | null;
  /** The file type as llama.cpp names it ("Q4_K - Medium"), and our id for it when known. */
  readonly fileTypeName: string;
  readonly quant: string | null;
  readonly modelBytes: number | null;
  readonly params: number | null;
  readonly backend: string;
  readonly gpuLayers: number;
  readonly promptTokens: number;
  readonly generateTokens: number;
  readonly depthTokens: number;
  readonly tokensPerSec: number;
  readonly build: string;
}

/** llama_model_ftype_name (src/llama-model-loader.cpp) -> our quantization ids. */
const FTYPE_BY_NAME: Readonly<Record<string, string>> = {
  'all F32': 'F32',
  F16: 'F16',
  BF16: 'BF16',
  Q4_0: 'Q4_0',
  Q4_1: 'Q4_1',
  Q5_0: 'Q5_0',
  Q5_1: 'Q5_1',
  Q8_0: 'Q8_0',
  MXFP4: 'MXFP4_MOE',
  'MXFP4 MoE': 'MXFP4_MOE',
  'Q2_K - Medium': 'Q2_K',
  'Q2_K - Small': 'Q2_K_S',
  'Q3_K - Small': 'Q3_K_S',
  'Q3_K - Medium': 'Q3_K_M',
  'Q3_K - Large': 'Q3_K_L',
  'Q4_K - Small': 'Q4_K_S',
  'Q4_K - Medium': 'Q4_K_M',
  'Q5_K - Small': 'Q5_K_S',
  'Q5_K - Medium': 'Q5_K_M',
  Q6_K: 'Q6_K',
  'IQ2_XXS - 2.0625 bpw': 'IQ2_XXS',
  'IQ2_XS - 2.3125 bpw': 'IQ2_XS',
  'IQ2_S - 2.5 bpw': 'IQ2_S',
  'IQ2_M - 2.7 bpw': 'IQ2_M',
  'IQ3_XS - 3.3 bpw': 'IQ3_XS',
  'IQ3_XXS - 3.0625 bpw': 'IQ3_XXS',
  'IQ1_S - 1.5625 bpw': 'IQ1_S',
  'IQ1_M - 1.75 bpw': 'IQ1_M',
  'IQ4_NL - 4.5 bpw': 'IQ4_NL',
  'IQ4_XS - 4.25 bpw': 'IQ4_XS',
  'IQ3_S - 3.4375 bpw': 'IQ3_S',
  'IQ3_S mix - 3.66 bpw': 'IQ3_M',
};

/** Splits "llama 8B Q4_K - Medium" into the architecture, the size label and the file type. */
function splitModelType(t: string): { arch: string; fileTypeName: string } {
  const parts = t.trim().split(/\s+/);
  const arch = parts[0] ?? '';
  // model_type is "<arch> <size> <ftype>"; the size is one word ("8B", "30B.A3B", "?B").
  // Older builds wrote "mostly Q4_0".
  const fileTypeName = parts.slice(2).join(' ').replace(/^mostly /, '');
  return { arch, fileTypeName };
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function fromObject(o: Record<string, unknown>): LlamaBenchRow | string {
  const modelType = typeof o.model_type === 'string' ? o.model_type : null;
  const tps = num(o.avg_ts);
  if (modelType === null || tps === null || tps <= 0) return 'a result without model_type or avg_ts';
  const { arch, fileTypeName } = splitModelType(modelType);
  const build = `llama.cpp ${typeof o.build_commit === 'string' ? o.build_commit : '?'} (build ${String(num(o.build_number) ?? '?')})`;
  return {
    arch,
    modelType,
    file: typeof o.model_filename === 'string' ? o.model_filename : null,
    fileTypeName,
    quant: Object.prototype.hasOwnProperty.call(FTYPE_BY_NAME, fileTypeName) ? (FTYPE_BY_NAME[fileTypeName] ?? null) : null,
    modelBytes: num(o.model_size),
    params: num(o.model_n_params),
    backend: typeof o.backends === 'string' ? o.backends : 'CPU',
    gpuLayers: num(o.n_gpu_layers) ?? 0,
    promptTokens: num(o.n_prompt) ?? 0,
    generateTokens: num(o.n_gen) ?? 0,
    depthTokens: num(o.n_depth) ?? 0,
    tokensPerSec: tps,
    build,
  };
}

/** Splits one CSV line (llama-bench quotes every field; quotes inside are doubled). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const SIZE_UNITS: Readonly<Record<string, number>> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

function fromMarkdown(cells: readonly string[], head: readonly string[]): LlamaBenchRow | string {
  const at = (name: string) => cells[head.indexOf(name)]?.trim() ?? '';
  const modelType = at('model');
  const test = /^(pp|tg)\s*(\d+)(?:\s*@\s*d(\d+))?$/.exec(at('test'));
  const tps = Number.parseFloat(at('t/s'));
  if (!modelType || !test || !Number.isFinite(tps) || tps <= 0) return `an unreadable row (${cells.join('|').slice(0, 80)})`;
  const size = /^([\d.]+)\s*(B|KiB|MiB|GiB|TiB)$/.exec(at('size'));
  const params = /^([\d.]+)\s*([KMBT])$/.exec(at('params'));
  const scale: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  const { arch, fileTypeName } = splitModelType(modelType);
  const n = Number(test[2]);
  return {
    arch,
    modelType,
    file: null,
    fileTypeName,
    quant: Object.prototype.hasOwnProperty.call(FTYPE_BY_NAME, fileTypeName) ? (FTYPE_BY_NAME[fileTypeName] ?? null) : null,
    modelBytes: size ? Number(size[1]) * (SIZE_UNITS[size[2] ?? 'B'] ?? 1) : null,
    params: params ? Number(params[1]) * (scale[params[2] ?? 'B'] ?? 1) : null,
    backend: at('backend') || 'CPU',
    gpuLayers: Number(at('ngl') || '0') || 0,
    promptTokens: test[1] === 'pp' ? n : 0,
    generateTokens: test[1] === 'tg' ? n : 0,
    depthTokens: test[3] ? Number(test[3]) : 0,
    tokensPerSec: tps,
    build: 'llama.cpp (Markdown table: build not recorded)',
  };
}

/** Parses llama-bench output in any of its four formats; rows it cannot read are listed in `skipped`. */
export function parseLlamaBench(text: string): Result<{ readonly rows: readonly LlamaBenchRow[]; readonly skipped: readonly string[] }> {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (t === '') return err('BAD_REQUEST', 'The file is empty.');
  const rows: LlamaBenchRow[] = [];
  const skipped: string[] = [];
  const take = (r: LlamaBenchRow | string) => (typeof r === 'string' ? skipped.push(r) : rows.push(r));
  if (t.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(t);
    } catch (e) {
      return err('BAD_REQUEST', `Not valid llama-bench JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!Array.isArray(data)) return err('BAD_REQUEST', 'llama-bench JSON is an array of results.');
    for (const o of data) take(o && typeof o === 'object' ? fromObject(o as Record<string, unknown>) : 'a result that is not an object');
  } else if (t.startsWith('{')) {
    for (const line of t.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      try {
        const o: unknown = JSON.parse(line);
        take(o && typeof o === 'object' ? fromObject(o as Record<string, unknown>) : 'a line that is not an object');
      } catch {
        skipped.push(`a line that is not JSON (${line.slice(0, 60)})`);
      }
    }
  } else if (t.startsWith('|')) {
    const lines = t.split(/\r?\n/).filter((l) => l.trim().startsWith('|'));
    const split = (l: string) => l.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
    const head = split(lines[0] ?? '');
    if (!head.includes('model') || !head.includes('test') || !head.includes('t/s')) return err('BAD_REQUEST', 'Not a llama-bench table: it needs the model, test and t/s columns.');
    for (const l of lines.slice(1)) {
      if (/^\|[\s:|-]+\|?$/.test(l.trim())) continue; // the |---| line
      take(fromMarkdown(split(l), head));
    }
  } else {
    const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '');
    const head = csvFields(lines[0] ?? '');
    if (!head.includes('model_type') || !head.includes('avg_ts')) return err('BAD_REQUEST', 'Not llama-bench output: expected JSON, JSON lines, CSV with model_type and avg_ts, or its Markdown table.');
    for (const l of lines.slice(1)) {
      const cells = csvFields(l);
      if (cells.length !== head.length) {
        skipped.push(`a CSV row of ${cells.length} fields under a header of ${head.length}`);
        continue;
      }
      const o: Record<string, unknown> = {};
      head.forEach((h, i) => {
        o[h] = cells[i];
      });
      take(fromObject(o));
    }
  }
  if (rows.length === 0) return err('BAD_REQUEST', `No llama-bench result could be read${skipped.length ? `: ${skipped[0] ?? ''}` : ''}.`);
  return ok({ rows, skipped });
}
