// npm run bench:accuracy: the estimator against real llama.cpp measurements in ../shared/calibration/.
import { calibrationAvailable, CALIBRATION_DIR, depthRatioErrors, percentile, predictCpuDepthRows, predictCpuRows, predictScoreboardRows, predictSizeRows, predictSpeedRows, predictValidationRows } from './calibration';
import type { ValidationRow } from './calibration';

if (!calibrationAvailable()) {
  console.error(`No calibration data at ${CALIBRATION_DIR} (set LLM_SIZER_CALIBRATION_DIR).`);
  process.exit(1);
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const speed = predictSpeedRows();
const problems = speed.filter((r) => r.predicted === null);
for (const p of problems) console.log(`skipped: ${p.hardware} ${p.test}: ${p.problem}`);
const scored = speed.filter((r) => r.predicted !== null).map((r) => ({ ...r, error: Math.abs((r.predicted ?? 0) - r.measured) / r.measured, ratio: (r.predicted ?? 0) / r.measured }));

function summary(label: string, rows: typeof scored): void {
  if (rows.length === 0) return;
  const errors = rows.map((r) => r.error);
  const worst = rows.reduce((a, b) => (Math.max(b.ratio, 1 / b.ratio) > Math.max(a.ratio, 1 / a.ratio) ? b : a));
  console.log(
    `${label.padEnd(38)} rows ${String(rows.length).padStart(3)}  median ${pct(percentile(errors, 50)).padStart(7)}  p90 ${pct(percentile(errors, 90)).padStart(7)}  worst ${worst.ratio.toFixed(2)}x (${worst.hardware} ${worst.quant} ${worst.test})`,
  );
}

console.log('\nSpeed: |predicted - measured| / measured');
const KIND_LABEL = { single: 'single-GPU', flagged: 'flagged (source CAUTION)', inconsistent: 'inconsistent (pp512 < pp4096)', multi: 'multi-GPU' } as const;
for (const kind of ['single', 'flagged', 'inconsistent', 'multi'] as const) {
  for (const test of ['tg', 'pp'] as const) {
    summary(`${KIND_LABEL[kind]} ${test === 'tg' ? 'generation' : 'prompt'}`, scored.filter((r) => r.kind === kind && r.test.startsWith(test)));
  }
}
const offBy2x = (r: (typeof scored)[number]) => r.ratio > 2 || r.ratio < 0.5;
const over2x = scored.filter((r) => r.kind === 'single' && offBy2x(r));
console.log(`single-GPU rows off by more than 2x: ${over2x.length}`);
for (const r of over2x) console.log(`  ${r.hardware} ${r.model} ${r.quant} ${r.test}: ${r.ratio.toFixed(2)}x`);
// Set-apart rows are never hidden: each one off by 2x is named with its reason.
for (const r of scored.filter((x) => x.kind === 'inconsistent' && offBy2x(x)))
  console.log(`  set apart (pp512 slower than its own pp4096): ${r.hardware} ${r.model} ${r.quant} ${r.test}: ${r.ratio.toFixed(2)}x`);
if (process.argv.includes('--rows')) {
  for (const r of scored) console.log(`${r.kind.padEnd(8)} ${r.hardware.padEnd(26)} ${r.model.slice(0, 10).padEnd(10)} ${r.quant.padEnd(7)} ${r.test.padEnd(7)} measured ${r.measured.toFixed(1).padStart(8)} predicted ${(r.predicted ?? 0).toFixed(1).padStart(8)}  ${r.ratio.toFixed(2)}x`);
}

console.log('\nGGUF size: |predicted - measured| / measured');
const sizes = predictSizeRows();
for (const s of sizes) {
  const e = (s.predictedBytes - s.measuredBytes) / s.measuredBytes;
  console.log(`${s.model.padEnd(24)} ${s.quant.padEnd(8)} measured ${(s.measuredBytes / 1024 ** 3).toFixed(2).padStart(7)} GiB  predicted ${(s.predictedBytes / 1024 ** 3).toFixed(2).padStart(7)} GiB  ${e >= 0 ? '+' : ''}${pct(e)}`);
}
const sizeErrors = sizes.map((s) => Math.abs(s.predictedBytes - s.measuredBytes) / s.measuredBytes);
console.log(`size rows ${sizes.length}: median ${pct(percentile(sizeErrors, 50))}, max ${pct(Math.max(...sizeErrors))}`);

console.log('\nOut-of-sample validation (never fitted): other GPUs, APUs, Macs and architectures');
const validation = predictValidationRows();
for (const v of validation) {
  const ratio = v.predicted === null ? null : v.predicted / v.measured;
  console.log(`${v.label.padEnd(72)} measured ${v.measured.toFixed(1).padStart(7)} predicted ${v.predicted === null ? '      —' : v.predicted.toFixed(1).padStart(7)}  ${ratio === null ? v.problem ?? '' : `${ratio.toFixed(2)}x`}${v.problem && ratio !== null ? ` (${v.problem})` : ''}`);
}
const scoredValidation = validation.filter((v) => v.predicted !== null).map((v) => Math.abs((v.predicted ?? 0) - v.measured) / v.measured);
console.log(`validation rows ${scoredValidation.length}: median ${pct(percentile(scoredValidation, 50))}, p90 ${pct(percentile(scoredValidation, 90))}, within 2x: ${validation.filter((v) => v.predicted !== null && v.predicted / v.measured <= 2 && v.predicted / v.measured >= 0.5).length}`);

console.log('\nScoreboards (tests/fixtures/calibration/scoreboards.csv): held-out rows never fitted; Metal "fit" rows shown apart');
const board = predictScoreboardRows();
const boardGroups = new Map<string, ValidationRow[]>();
for (const r of board) {
  if (r.predicted === null) continue;
  const key = `${r.apart ? 'apart  ' : r.split === 'fit' ? 'fit    ' : 'holdout'} ${r.backend.padEnd(6)} ${r.test.startsWith('tg') ? 'generation' : 'prompt'}`;
  boardGroups.set(key, [...(boardGroups.get(key) ?? []), r]);
}
for (const [key, rows] of [...boardGroups].sort(([a], [b]) => a.localeCompare(b))) {
  const errors = rows.map((r) => Math.abs((r.predicted ?? 0) - r.measured) / r.measured);
  const ratio = (r: ValidationRow) => (r.predicted ?? 0) / r.measured;
  const worst = rows.reduce((a, b) => (Math.max(ratio(b), 1 / ratio(b)) > Math.max(ratio(a), 1 / ratio(a)) ? b : a));
  const off = rows.filter((r) => ratio(r) > 2 || ratio(r) < 0.5).length;
  console.log(`${key.padEnd(30)} rows ${String(rows.length).padStart(3)}  median ${pct(percentile(errors, 50)).padStart(7)}  p90 ${pct(percentile(errors, 90)).padStart(7)}  off by 2x ${off}  worst ${ratio(worst).toFixed(2)}x (${worst.label})`);
}
// Rows set apart by a rule are never hidden: each cause, its rows and how far the estimate is from them.
const apartRows = board.filter((r) => r.apart !== null && r.predicted !== null);
for (const reason of [...new Set(apartRows.map((r) => r.apart ?? ''))].sort()) {
  const rows = apartRows.filter((r) => r.apart === reason);
  const ratios = rows.map((r) => (r.predicted ?? 0) / r.measured);
  console.log(`apart: ${reason}: rows ${rows.length}, median error ${pct(percentile(rows.map((r) => Math.abs((r.predicted ?? 0) - r.measured) / r.measured), 50))}, estimate/measured ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x`);
}
const unknown = board.filter((r) => r.predicted === null);
if (unknown.length > 0) console.log(`scoreboard rows without a prediction: ${unknown.length} (${[...new Set(unknown.map((r) => r.problem))].join('; ')})`);
if (process.argv.includes('--rows')) for (const r of board) console.log(`${(r.apart ? 'apart' : r.split).padEnd(8)} ${r.label.padEnd(70)} measured ${r.measured.toFixed(1).padStart(8)} predicted ${r.predicted === null ? '       —' : r.predicted.toFixed(1).padStart(8)}${r.predicted === null ? '' : `  ${(r.predicted / r.measured).toFixed(2)}x`}`);

console.log('\nCPU only (tests/fixtures/calibration/cpu-scoreboard.csv: the rows the CPU constants rest on)');
const cpuRows = predictCpuRows().filter((r) => r.predicted !== null);
for (const test of ['pp', 'tg'] as const) {
  const rows = cpuRows.filter((r) => r.test.startsWith(test));
  const errors = rows.map((r) => Math.abs((r.predicted ?? 0) - r.measured) / r.measured);
  const ratios = rows.map((r) => (r.predicted ?? 0) / r.measured);
  console.log(`cpu ${test === 'pp' ? 'prompt    ' : 'generation'}  rows ${String(rows.length).padStart(3)}  median ${pct(percentile(errors, 50)).padStart(7)}  p90 ${pct(percentile(errors, 90)).padStart(7)}  off by 2x ${ratios.filter((x) => x > 2 || x < 0.5).length}`);
}
if (process.argv.includes('--rows')) for (const r of cpuRows) console.log(`cpu      ${r.label.padEnd(70)} measured ${r.measured.toFixed(1).padStart(8)} predicted ${(r.predicted ?? 0).toFixed(1).padStart(8)}  ${((r.predicted ?? 0) / r.measured).toFixed(2)}x`);

console.log('\nCPU generation at depth (tests/fixtures/calibration/cpu-depth.csv; "slowdown": each row against the same run\'s shallowest)');
const depthRows = predictCpuDepthRows();
for (const [name, sel] of [
  ['fit', (r: (typeof depthRows)[number]) => r.apart === null && r.split === 'fit'],
  ['holdout', (r: (typeof depthRows)[number]) => r.apart === null && r.split === 'holdout'],
] as const) {
  const rows = depthRows.filter(sel).filter((r) => r.predicted !== null);
  const errors = rows.map((r) => Math.abs((r.predicted ?? 0) - r.measured) / r.measured);
  console.log(`cpu depth ${name.padEnd(8)} rows ${String(rows.length).padStart(3)}  median ${pct(percentile(errors, 50)).padStart(7)}  slowdown median ${pct(percentile(depthRatioErrors(rows), 50)).padStart(7)}`);
}
for (const cpu of [...new Set(depthRows.filter((r) => r.apart === null && r.split === 'holdout').map((r) => r.gpu))]) {
  const rows = depthRows.filter((r) => r.apart === null && r.split === 'holdout' && r.gpu === cpu);
  console.log(`  held out, ${cpu}: rows ${rows.length}, slowdown median ${pct(percentile(depthRatioErrors(rows), 50))}`);
}
for (const reason of [...new Set(depthRows.map((r) => r.apart).filter((x): x is string => x !== null))]) {
  const rows = depthRows.filter((r) => r.apart === reason && r.predicted !== null);
  console.log(`apart: ${reason}: rows ${rows.length}, slowdown median error ${pct(percentile(depthRatioErrors(rows), 50))}`);
}
if (process.argv.includes('--rows')) for (const r of depthRows) console.log(`${(r.apart ? 'apart' : r.split).padEnd(8)} ${r.label.padEnd(100)} measured ${r.measured.toFixed(2).padStart(7)} predicted ${(r.predicted ?? 0).toFixed(2).padStart(7)}  ${((r.predicted ?? 0) / r.measured).toFixed(2)}x`);

// Every scored row, fitted and held out, by backend and by vendor (issue #9): held-out rows are the targets
// (generation median <= 12 %, prompt <= 15 %, no group worse than twice the overall held-out median).
interface Scored {
  readonly fitted: boolean;
  readonly backend: string;
  readonly vendor: string;
  readonly family: string;
  readonly gen: boolean;
  readonly error: number;
}
const vendorOf = (name: string): string =>
  /apple|^M\d/i.test(name) ? 'apple' : /nvidia|geforce|rtx|^[0-9]{4}|^A\d|^H\d|^L40|GB10/i.test(name) ? 'nvidia' : /amd|radeon|instinct/i.test(name) ? 'amd' : /intel|arc/i.test(name) ? 'intel' : 'cpu';
/** The chip family (GPU architecture) of a row, for the per-family groups: issue #9's third grouping. */
const familyOf = (name: string, vendor: string): string => {
  const n = name.toLowerCase();
  if (vendor === 'apple') return /m5/.test(n) ? 'apple-m5' : /m[1-4]\b/.test(n) ? `apple-${/m([1-4])\b/.exec(n)?.[1] ?? ''}` : 'apple';
  if (vendor === 'amd') {
    if (/90[67]0|9060|r9700/.test(n)) return 'rdna4';
    if (/80[56]0s|8[89]0m/.test(n)) return 'rdna3.5';
    if (/\b7\d{3}\b|780m|w7\d{3}/.test(n)) return 'rdna3';
    if (/\b6\d{3}\b|w6\d{3}/.test(n)) return 'rdna2';
    if (/\b5\d{3}\b/.test(n)) return 'rdna1';
    if (/mi[123]\d\d/.test(n)) return 'cdna';
    return 'gcn';
  }
  if (vendor === 'intel') return /\bb\d{2,3}\b|1[34]0v/.test(n) ? 'xe2' : /\ba\d{2,3}m?\b/.test(n) ? 'xe-hpg' : 'xe-lpg';
  if (vendor === 'nvidia') return /rtx 50|blackwell|b200|gb10|thor/.test(n) ? 'blackwell' : /h100|h200|gh200/.test(n) ? 'hopper' : /rtx 40|ada|l40|l4\b|4090|4080|4070/.test(n) ? 'ada' : /a100|a40|a6000|rtx 30|30[5-9]0|3080|3090/.test(n) ? 'ampere' : 'nvidia-other';
  return 'cpu';
};
const all: Scored[] = [
  ...scored.filter((r) => r.kind === 'single').map((r) => ({ fitted: true, backend: vendorOf(r.hardware) === 'apple' ? 'metal' : 'cuda', vendor: vendorOf(r.hardware), family: familyOf(r.hardware, vendorOf(r.hardware)), gen: r.test.startsWith('tg'), error: r.error })),
  ...[...validation, ...board, ...predictCpuRows()]
    .filter((r) => r.predicted !== null && r.apart === null)
    .map((r) => ({
      fitted: r.split === 'fit',
      backend: r.backend || (/\[(\w+)\]/.exec(r.label)?.[1] ?? ''),
      vendor: r.backend === 'cpu' ? 'cpu' : vendorOf(r.gpu),
      family: r.backend === 'cpu' ? 'cpu' : familyOf(r.gpu, vendorOf(r.gpu)),
      gen: r.test.startsWith('tg'),
      error: Math.abs((r.predicted ?? 0) - r.measured) / r.measured,
    })),
];
console.log('\nAll scored rows by backend and vendor (fitted: rows the constants were set on; held out: never used to set them)');
for (const gen of [true, false]) {
  const held = all.filter((r) => !r.fitted && r.gen === gen);
  const overall = percentile(held.map((r) => r.error), 50);
  console.log(`${gen ? 'generation' : 'prompt    '} held out: rows ${held.length}, median ${pct(overall)}; fitted: rows ${all.filter((r) => r.fitted && r.gen === gen).length}, median ${pct(percentile(all.filter((r) => r.fitted && r.gen === gen).map((r) => r.error), 50))}`);
  for (const key of ['backend', 'vendor', 'family'] as const) {
    for (const group of [...new Set(all.map((r) => r[key]))].sort()) {
      const line = (['fitted', 'held out'] as const).map((split) => {
        const rows = all.filter((r) => r[key] === group && r.gen === gen && r.fitted === (split === 'fitted'));
        return rows.length === 0 ? `${split} —`.padEnd(24) : `${split} ${String(rows.length).padStart(3)} ${pct(percentile(rows.map((r) => r.error), 50)).padStart(7)}`.padEnd(24);
      });
      const heldRows = all.filter((r) => r[key] === group && r.gen === gen && !r.fitted);
      const worse = heldRows.length > 0 && percentile(heldRows.map((r) => r.error), 50) > 2 * overall ? '  > 2x the overall held-out median' : '';
      console.log(`  ${key.padEnd(7)} ${group.padEnd(12)} ${line.join(' ')}${worse}`);
    }
  }
}
