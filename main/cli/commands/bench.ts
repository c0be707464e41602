import { readFile } from 'node:fs/promises';
import { builtInCatalog } from '../../../app/catalog/models';
import { NO_LLAMA_HINT } from '../../../app/domain/measure';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { findQuant } from '../../../app/estimator/quant-types';
import { applyCalibration } from '../../../app/measure/calibration-apply';
import { formatBytes } from '../../../app/format/units';
import { defaultConfigDir } from '../../services/app-paths';
import { CalibrationStore } from '../../services/measure/calibration-store';
import { importBenchFile } from '../../services/measure/import-bench';
import { OLLAMA_DEFAULT_URL, ollamaReport, ollamaUrlFromEnv } from '../../services/measure/ollama-timing';
import { measureMachine } from '../../services/measure/measure-machine';
import type { MeasureProgress, MeasureReport } from '../../services/measure/measure-machine';
import type { MeasureBackendChoice } from '../../services/measure/protocol';
import { UsageError, flagBool, flagString } from '../args';
import type { CliIo, Command } from '../command';
import { hardwareChoice } from '../hardware-source';

const BACKENDS: readonly MeasureBackendChoice[] = ['auto', 'cpu', 'cuda', 'vulkan', 'metal'];


function bar(p: MeasureProgress): string {
  const width = 24;
  const full = Math.round(p.fraction * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.round(p.fraction * 100)).padStart(3)}% ${p.text}`;
}

function tps(v: number | null): string {
  if (v === null) return '-';
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

/** The estimated / measured / calibrated table, one row per measurement. */
export function printReport(r: MeasureReport): string {
  const lines = [`llama.cpp: ${r.build} (node-llama-cpp)`];
  for (const run of r.runs) lines.push(`${run.backend}: ${run.device} (${run.seconds.toFixed(0)} s)`);
  lines.push('');
  const head = ['backend', 'shape', 'file', 'test', 'estimated', 'measured', 'calibrated'];
  const rows = r.rows.map((x) => [
    x.backend,
    x.label,
    formatBytes(x.fileBytes),
    x.kind === 'prompt' ? 'prompt 512' : `gen @${Math.round(x.depthTokens ?? 0)}`,
    tps(x.estimatedTokensPerSec),
    tps(x.measuredTokensPerSec),
    tps(x.calibratedTokensPerSec),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (row: readonly string[]) => row.map((c, i) => (i >= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  lines.push(fmt(head), ...rows.map(fmt), '', 'Speeds in tokens/s. "calibrated": the estimate after fitting this machine\'s corrections.');
  for (const c of r.calibrations) {
    const k = c.correction;
    lines.push(
      `${c.backend} correction: weights x${k.streamScale.toFixed(2)}, KV x${k.kvScale.toFixed(2)}, attention x${k.attentionScale.toFixed(1)}, ${(k.perLayerSec * 1e6).toFixed(0)} us per layer, ${(k.perTokenSec * 1e3).toFixed(2)} ms per token, prompt x${k.promptScale.toFixed(2)} (experts x${k.promptExpertScale.toFixed(2)}) + weights' bytes x${k.promptStreamScale.toFixed(2)} + ${(k.promptPerLayerSec * 1e6).toFixed(1)} us per layer (range +-${Math.round(k.generationSpread * 100)} % / +-${Math.round(k.promptSpread * 100)} %)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function showStored(profile: HardwareProfile, io: CliIo, json: boolean, storePath: string): number {
  const cal = profile.calibration;
  if (json) {
    io.out(`${JSON.stringify({ path: storePath, entries: cal?.entries ?? [], stale: cal?.stale ?? [] }, null, 2)}\n`);
    return 0;
  }
  if (!cal || (cal.entries.length === 0 && cal.stale.length === 0)) {
    io.out(`No measurements yet (${storePath}). Run "llm-sizer bench --quick".\n`);
    return 0;
  }
  for (const e of cal.entries) io.out(`${e.backend}: measured ${e.measuredAt} on ${e.device} with ${e.llamaCppBuild} (${e.source}); in use\n`);
  for (const s of cal.stale) io.out(`${s.backend}: measured ${s.measuredAt}, stale: ${s.reason}; not used\n`);
  return 0;
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure this machine with real llama.cpp on synthetic models, and calibrate every estimate to it',
  usage: 'llm-sizer bench [--quick] [--json] [--backend auto|cpu|cuda|vulkan|metal] [--model ID --quant Q] | --import FILE | --ollama [--ollama-url URL] | --show | --reset',
  flags: [
    { name: 'quick', takesValue: false, help: 'fewer rounds and shapes (about a minute on a 2-core CPU)' },
    { name: 'json', takesValue: false, help: 'print the result as JSON' },
    { name: 'backend', takesValue: true, help: 'auto (default: the GPU backend and the CPU), cpu, cuda, vulkan or metal' },
    { name: 'model', takesValue: true, help: "measure this catalog model's own shape at full size (with --quant), before downloading it" },
    { name: 'quant', takesValue: true, help: 'quantization for --model, e.g. Q4_K_M' },
    { name: 'import', takesValue: true, help: 'calibrate from llama-bench results (-o json, jsonl, csv, or its Markdown table)' },
    { name: 'ollama', takesValue: false, help: 'time the models already installed in a local Ollama server through its API (never by default)' },
    { name: 'ollama-url', takesValue: true, help: `the Ollama server for --ollama (default: OLLAMA_HOST when it names this machine, else ${OLLAMA_DEFAULT_URL})` },
    { name: 'show', takesValue: false, help: 'list the stored measurements and whether they still apply' },
    { name: 'reset', takesValue: false, help: 'forget every stored measurement' },
  ],
  async run(args, io) {
    const json = flagBool(args, 'json');
    const store = new CalibrationStore(defaultConfigDir());
    const backend = (flagString(args, 'backend') ?? 'auto') as MeasureBackendChoice;
    if (!BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}.`);
    const modelId = flagString(args, 'model');
    const quantId = flagString(args, 'quant');
    if ((modelId === undefined) !== (quantId === undefined)) throw new UsageError('--model and --quant go together.');
    if (flagBool(args, 'reset')) {
      try {
        await store.reset();
      } catch (e) {
        io.err(`llm-sizer bench: ${(e as Error).message}\n`);
        return 1;
      }
      io.out(`Forgot every measurement (${store.path}).\n`);
      return 0;
    }
    const scanned = await hardwareChoice(args, { withCalibration: false, onNotice: (t) => io.err(`Note: ${t}\n`) }).load();
    if (!scanned.ok) {
      io.err(`llm-sizer bench: ${scanned.error.message}\n`);
      return 1;
    }
    const stored = await store.load();
    if (stored.notice) io.err(`Note: ${stored.notice}\n`);
    const profile = applyCalibration(scanned.value, stored.entries);
    if (flagBool(args, 'show')) return showStored(profile, io, json, store.path);
    if (flagBool(args, 'ollama')) {
      io.err('Timing the models installed in Ollama (one prompt and 64 generated tokens each)...\n');
      const r = await ollamaReport(profile, { url: flagString(args, 'ollama-url') ?? ollamaUrlFromEnv(process.env), now: new Date(), onModel: (i, n, name) => io.err(`  ${i + 1}/${n} ${name}\n`) });
      if (!r.ok) {
        io.err(`llm-sizer bench: ${r.error.message}\n`);
        return 1;
      }
      return save(r.value, io, json, store);
    }
    const importPath = flagString(args, 'import');
    if (importPath) {
      let text: string;
      try {
        text = await readFile(importPath, 'utf8');
      } catch (e) {
        io.err(`llm-sizer bench: cannot read ${importPath}: ${(e as Error).message}\n`);
        return 1;
      }
      const r = importBenchFile(profile, importPath, text, new Date());
      if (!r.ok) {
        io.err(`llm-sizer bench: ${r.error.message}\n`);
        return 1;
      }
      return save(r.value, io, json, store);
    }
    let model: { spec: NonNullable<ReturnType<typeof builtInCatalog>['models'][number]>; quant: NonNullable<ReturnType<typeof findQuant>> } | undefined;
    if (modelId !== undefined && quantId !== undefined) {
      const spec = builtInCatalog().models.find((m) => m.id === modelId);
      if (!spec) throw new UsageError(`Unknown model "${modelId}" (llm-sizer models lists them).`);
      const quant = findQuant(quantId);
      if (!quant || quant.format !== 'gguf') throw new UsageError(`Unknown GGUF quantization "${quantId}".`);
      model = { spec, quant };
    }
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    let last = '';
    try {
      const r = await measureMachine(
        profile,
        { quick: flagBool(args, 'quick'), backend, model },
        {
          signal: abort.signal,
          onProgress: (p) => {
            const line = bar(p);
            if (line === last) return;
            last = line;
            io.err(process.stderr.isTTY ? `\r${line.slice(0, 100).padEnd(100)}` : `${line}\n`);
          },
        },
      );
      if (process.stderr.isTTY) io.err('\n');
      if (!r.ok) {
        io.err(`llm-sizer bench: ${r.error.message}\n`);
        if (r.error.code === 'NOT_FOUND') io.err(`${NO_LLAMA_HINT}\n`);
        return r.error.code === 'CANCELLED' ? 130 : 1;
      }
      return save(r.value, io, json, store);
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

async function save(report: MeasureReport, io: CliIo, json: boolean, store: CalibrationStore): Promise<number> {
  let saved = true;
  let problem = '';
  for (const c of report.calibrations) {
    try {
      await store.add(c);
    } catch (e) {
      saved = false;
      problem = (e as Error).message;
    }
  }
  if (json) io.out(`${JSON.stringify({ ...report, saved: report.calibrations.length > 0 && saved, path: store.path }, null, 2)}\n`);
  else {
    io.out(printReport(report));
    const skipped = 'skipped' in report ? (report as { skipped: readonly string[] }).skipped : [];
    for (const s of skipped) io.out(`Skipped: ${s}\n`);
    if (report.calibrations.length > 0)
      io.out(
        saved
          ? `Saved to ${store.path}: every estimate on this machine now uses it (--raw ignores it, "llm-sizer bench --reset" forgets it).\n`
          : `Not saved: ${problem}\n`,
      );
  }
  return saved ? 0 : 1;
}
