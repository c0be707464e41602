import { err } from '../../../app/api/result';
import type { Result } from '../../../app/api/result';
import { builtInCatalog } from '../../../app/catalog/models';
import type { HardwareProfile } from '../../../app/domain/hardware';
import { calibrateFromLlamaBench } from '../../../app/measure/import-calibration';
import { parseLlamaBench } from '../../../app/measure/llama-bench';
import type { LlamaBenchRow } from '../../../app/measure/llama-bench';
import type { MeasureReport, MeasuredRow } from './measure-machine';

/** llama-bench output is a few KB per result; more than this is not one. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** `llm-sizer bench --import FILE` and the UI's import: parse, match, fit; the same report as a measurement. */
export function importBenchFile(profile: HardwareProfile, name: string, text: string, now: Date): Result<MeasureReport & { readonly skipped: readonly string[] }> {
  if (text.length > MAX_IMPORT_BYTES) return err('BAD_REQUEST', `${name} is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB: not llama-bench output.`);
  const parsed = parseLlamaBench(text);
  if (!parsed.ok) return err('BAD_REQUEST', `${name}: ${parsed.error.message}`);
  return reportFromRows(profile, name, parsed.value.rows, parsed.value.skipped, now, 'llama-bench');
}

/** Fits llama-bench-shaped rows (a file, or Ollama's own timings) and reports them as a measurement. */
export function reportFromRows(
  profile: HardwareProfile,
  name: string,
  benchRows: readonly LlamaBenchRow[],
  alreadySkipped: readonly string[],
  now: Date,
  source: 'llama-bench' | 'ollama',
): Result<MeasureReport & { readonly skipped: readonly string[] }> {
  const r = calibrateFromLlamaBench(profile, benchRows, builtInCatalog().models, now.toISOString(), source);
  if (!r.ok) return err('BAD_REQUEST', `${name}: ${r.error.message}`);
  const rows: MeasuredRow[] = [];
  for (const c of r.value.calibrations)
    for (const p of c.points)
      rows.push({
        label: p.label,
        backend: c.backend,
        fileBytes: p.fileBytes,
        kind: p.kind,
        depthTokens: p.depthTokens,
        estimatedTokensPerSec: p.estimatedTokensPerSec,
        measuredTokensPerSec: p.measuredTokensPerSec,
        calibratedTokensPerSec: p.calibratedTokensPerSec,
      });
  return {
    ok: true,
    value: {
      build: r.value.calibrations[0]?.llamaCppBuild ?? 'llama-bench',
      runs: r.value.calibrations.map((c) => ({ backend: c.backend, device: c.device, threads: 0, seconds: 0 })),
      rows,
      calibrations: r.value.calibrations,
      // One model's prompt and generation rows are skipped for the same reason: say it once.
      skipped: [...new Set([...alreadySkipped, ...r.value.skipped])],
    },
  };
}
