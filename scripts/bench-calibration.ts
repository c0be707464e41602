// npm run bench:calibration [-- --quick] [-- --rounds N] [-- --save FILE]: how well `llm-sizer bench` calibrates this machine.
// Runs the calibration (the CPU calibration set, or the GPU set with --backend cuda|vulkan|metal), then measures
// shapes the calibration never saw (main/services/measure/held-out.ts) with real llama.cpp and prints, for each, the
// estimate before calibration, after it, and the measurement, with the median errors. Nothing is saved
// (--save writes the calibration and the held-out rows as JSON, to refit offline).
import { scanHardware } from '../main/services/hardware/scan';
import { HELD_OUT_CPU, measureHeldOut, medianError } from '../main/services/measure/held-out';
import { measureMachine } from '../main/services/measure/measure-machine';
import type { MeasurableBackend } from '../main/services/measure/protocol';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const backend = (args[args.indexOf('--backend') + 1] ?? 'cpu') as MeasurableBackend;
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 3) || 3;

async function main(): Promise<void> {
  const profile = await scanHardware({});
  const started = Date.now();
  const cal = await measureMachine(profile, { quick, backend: args.includes('--backend') ? backend : 'cpu' }, {
    onProgress: (p) => process.stderr.write(`\r${Math.round(p.fraction * 100)}% ${p.text}`.padEnd(90).slice(0, 90)),
  });
  process.stderr.write('\n');
  if (!cal.ok) throw new Error(cal.error.message);
  const c = cal.value.calibrations[0];
  if (!c) throw new Error('no calibration');
  console.log(`Calibration (${quick ? 'quick' : 'full'}): ${((Date.now() - started) / 1000).toFixed(0)} s on ${c.device}, ${cal.value.build}`);
  const k = c.correction;
  console.log(
    `  weights x${k.streamScale.toFixed(3)}, KV x${k.kvScale.toFixed(3)}, attention x${k.attentionScale.toFixed(2)}, ${(k.perLayerSec * 1e6).toFixed(1)} us/layer, ${(k.perTokenSec * 1e3).toFixed(3)} ms/token, prompt x${k.promptScale.toFixed(3)} (experts x${k.promptExpertScale.toFixed(2)}) + bytes x${k.promptStreamScale.toFixed(3)} + ${(k.promptPerLayerSec * 1e6).toFixed(2)} us/layer`,
  );
  for (const p of c.points)
    console.log(`  fit: ${p.label.padEnd(34)} ${p.kind === 'prompt' ? 'pp512   ' : `tg @${String(p.depthTokens).padEnd(4)}`} est ${p.estimatedTokensPerSec.toFixed(1).padStart(7)} cal ${p.calibratedTokensPerSec.toFixed(1).padStart(7)} measured ${p.measuredTokensPerSec.toFixed(1).padStart(7)}`);
  const held = await measureHeldOut(profile, c.backend === 'cpu' ? 'cpu' : backend, c, HELD_OUT_CPU, { rounds, timeLimitMs: 1_800_000 });
  if (!held.ok) throw new Error(held.error.message);
  console.log('\nHeld-out shapes (never in the calibration):');
  console.log('| shape | file | test | uncalibrated | calibrated | measured |');
  console.log('|---|---|---|---|---|---|');
  for (const r of held.value)
    console.log(`| ${r.label} | ${(r.fileBytes / 1e9).toFixed(2)} GB | ${r.kind === 'prompt' ? 'prompt 512' : `generation @${Math.round(r.depthTokens ?? 0)}`} | ${r.estimated.toFixed(1)} | ${r.calibrated.toFixed(1)} | ${r.measured.toFixed(1)} |`);
  const gen = held.value.filter((r) => r.kind === 'generation');
  const pp = held.value.filter((r) => r.kind === 'prompt');
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`\nMedian error, generation: uncalibrated ${pct(medianError(gen, (r) => r.estimated))}, calibrated ${pct(medianError(gen, (r) => r.calibrated))}`);
  console.log(`Median error, prompt:     uncalibrated ${pct(medianError(pp, (r) => r.estimated))}, calibrated ${pct(medianError(pp, (r) => r.calibrated))}`);
  const save = args.indexOf('--save');
  if (save >= 0 && args[save + 1]) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(args[save + 1] as string, JSON.stringify({ calibration: c, heldOut: held.value }, null, 1));
  }
  console.log(`Median error, all:        uncalibrated ${pct(medianError(held.value, (r) => r.estimated))}, calibrated ${pct(medianError(held.value, (r) => r.calibrated))}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
