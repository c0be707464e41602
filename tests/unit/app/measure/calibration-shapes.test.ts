import { describe, expect, it } from 'vitest';
import type { BackendCalibration, SpeedCorrection } from '../../../../app/domain/calibration';
import { builtInCatalog } from '../../../../app/catalog/models';
import { DEFAULT_OPTIONS, estimate } from '../../../../app/estimator/estimate';
import { findQuant } from '../../../../app/estimator/quant-types';
import { BACKEND_SPEED, GEMMA_LAYER_SEC } from '../../../../app/estimator/speed-constants';
import { applyCalibration, hardwareKey } from '../../../../app/measure/calibration-apply';
import { THREAD_CHOICE } from '../../../../app/domain/measure';
import { benchShapes, calibrate, expectedMeasureSec, formulaTimes, shapeModel, shapeSpeed, shapesForMachine } from '../../../../app/measure/calibration-shapes';
import type { ShapeResult } from '../../../../app/measure/calibration-shapes';
import { profileFromFixture } from '../../../helpers/fixture-profiles';

const vm = profileFromFixture('linux-vm-no-gpu');
const h200 = profileFromFixture('linux-nvidia-h200-vm');
/** A GPU: depth costs the KV cache's bytes at their own pace; the prompt pays a cost per layer. */
const gpuTruth: SpeedCorrection = {
  streamScale: 1.7,
  kvScale: 3,
  attentionScale: 0,
  perLayerSec: 60e-6,
  perTokenSec: 1.5e-3,
  promptScale: 0.45,
  promptExpertScale: 1,
  promptStreamScale: 0,
  promptPerLayerSec: 15e-6,
  generationSpread: 0.06,
  promptSpread: 0.06,
};
/** A CPU: depth costs attention compute (the KV cache read at the weights' pace); the prompt pays the weights' bytes. */
const cpuTruth: SpeedCorrection = { ...gpuTruth, kvScale: 1.7, attentionScale: 30, promptStreamScale: 4, promptPerLayerSec: 0, promptExpertScale: 1.8 };
const truthFor = (backend: 'cpu' | 'cuda') => (backend === 'cpu' ? cpuTruth : gpuTruth);

/** What llama.cpp "measured" if the machine behaved exactly as `truth` says. */
function measuredAs(profile: typeof vm, backend: 'cpu' | 'cuda'): ShapeResult[] {
  const truth = truthFor(backend);
  return benchShapes(backend).map((shape) => {
    const quant = findQuant(shape.quant);
    if (!quant) throw new Error(shape.quant);
    const model = shapeModel(shape);
    const at = (depth: number) => shapeSpeed(profile, backend, model, quant, depth, 512, truth);
    return {
      shape,
      fileBytes: 1,
      promptTokens: 512,
      promptTokensPerSec: at(512)?.prompt ?? 0,
      generation: [24, 528].map((d) => ({ depthTokens: d, tokensPerSec: at(d)?.generation ?? 0 })),
    };
  });
}

const meta = (p: typeof vm, backend: 'cpu' | 'cuda') => ({ device: 'test', hardwareKey: hardwareKey(p, backend), measuredAt: '2026-12-05T00:00:00.000Z', llamaCppBuild: 'test', source: 'synthetic' as const });

describe('calibrating the estimator to measurements', () => {
  it.each([
    ['the CPU of a VM', vm, 'cpu'],
    ['an H200 on CUDA', h200, 'cuda'],
  ] as const)('%s: the fit recovers the machine and its calibrated points match the measurements', (_, profile, backend) => {
    const cal = calibrate(profile, backend, measuredAs(profile, backend), meta(profile, backend));
    if (!cal) throw new Error('no fit');
    const truth = truthFor(backend);
    expect(cal.correction.streamScale).toBeCloseTo(truth.streamScale, 3);
    expect(cal.correction.attentionScale).toBeCloseTo(truth.attentionScale, 1);
    expect(cal.correction.promptStreamScale).toBeCloseTo(truth.promptStreamScale, 2);
    expect(cal.correction.promptExpertScale).toBeCloseTo(truth.promptExpertScale, 3);
    expect(cal.correction.perLayerSec).toBeCloseTo(truth.perLayerSec, 7);
    expect(cal.correction.perTokenSec).toBeCloseTo(truth.perTokenSec, 6);
    expect(cal.correction.promptScale).toBeCloseTo(truth.promptScale, 3);
    expect(cal.correction.kvScale).toBeCloseTo(truth.kvScale, 2);
    expect(cal.correction.promptPerLayerSec).toBeCloseTo(truth.promptPerLayerSec, 8);
    for (const p of cal.points) expect(p.calibratedTokensPerSec / p.measuredTokensPerSec).toBeCloseTo(1, 3);
    // Before calibration the formula was off: the test would pass for a fit that changed nothing otherwise.
    expect(cal.points.some((p) => Math.abs(p.estimatedTokensPerSec / p.measuredTokensPerSec - 1) > 0.2)).toBe(true);
  });

  it('every estimate on the machine then uses the correction, marked as measured, with a narrower range', () => {
    const cal = calibrate(vm, 'cpu', measuredAs(vm, 'cpu'), meta(vm, 'cpu')) as BackendCalibration;
    const model = builtInCatalog().models.find((m) => m.id === 'llama-3.1-8b-instruct');
    const quant = findQuant('Q4_K_M');
    if (!model || !quant) throw new Error('fixture');
    const plain = estimate(vm, model, quant, DEFAULT_OPTIONS);
    const measured = estimate(applyCalibration(vm, [cal]), model, quant, DEFAULT_OPTIONS);
    if (!plain.ok || !measured.ok || !plain.value.speed || !measured.value.speed) throw new Error('estimate failed');
    expect(plain.value.speed.calibration).toBeUndefined();
    expect(measured.value.speed.calibration).toEqual({ backends: ['cpu'], measuredAt: cal.measuredAt });
    const f = formulaTimes(vm, 'cpu', model, quant, DEFAULT_OPTIONS.depthTokens, DEFAULT_OPTIONS.promptTokens);
    if (!f) throw new Error('formula');
    const t = cpuTruth;
    const expected = 1 / (t.streamScale * f.weightSec + t.kvScale * f.kvSec + t.attentionScale * f.attentionSec + t.perLayerSec * model.architecture.layers + t.perTokenSec);
    // Attention compute is a real share of the token at the default depth: the test would notice it left out.
    expect(t.attentionScale * f.attentionSec * expected).toBeGreaterThan(0.01);
    expect(measured.value.speed.generationTokensPerSec.value).toBeCloseTo(expected, 6);
    const width = (r: { low: number; high: number; value: number }) => (r.high - r.low) / r.value;
    expect(width(measured.value.speed.generationTokensPerSec)).toBeLessThan(width(plain.value.speed.generationTokensPerSec));
  });

  it('a measurement of another CPU or GPU is stale: kept, listed, not used; --raw leaves every measurement out', () => {
    const cal = calibrate(vm, 'cpu', measuredAs(vm, 'cpu'), meta(vm, 'cpu')) as BackendCalibration;
    const other = { ...vm, cpu: { ...vm.cpu, name: { ...vm.cpu.name, value: 'Another CPU' } } };
    const applied = applyCalibration(other, [cal]);
    expect(applied.calibration?.entries).toHaveLength(0);
    expect(applied.calibration?.stale[0]?.reason).toMatch(/another CPU/);
    expect(applyCalibration(vm, [cal]).calibration?.entries).toHaveLength(1);
    expect(applyCalibration(applyCalibration(vm, [cal]), [cal], true).calibration).toBeUndefined();
    const gpuKey = hardwareKey(h200, 'cuda');
    const newDriver = { ...h200, gpus: h200.gpus.map((g) => ({ ...g, driverVersion: '999.1' })) };
    expect(hardwareKey(newDriver, 'cuda')).not.toBe(gpuKey);
  });

  it('measures only shapes that fit: a 4 GB GPU gets the GPU shapes that fit whole, topped up with smaller ones; too little memory is null', () => {
    expect(shapesForMachine(h200, 'cuda')).toEqual(benchShapes('cuda'));
    expect(shapesForMachine(vm, 'cpu')).toEqual(benchShapes('cpu'));
    const withVram = (gb: number) => ({
      ...h200,
      gpus: h200.gpus.map((g) => ({
        ...g,
        vramTotalBytes: g.vramTotalBytes && { ...g.vramTotalBytes, value: gb * 1024 ** 3 },
        vramFreeBytes: g.vramFreeBytes && { ...g.vramFreeBytes, value: gb * 1024 ** 3 - 300 * 1024 ** 2 },
      })),
    });
    const small = shapesForMachine(withVram(4), 'cuda');
    if (!small) throw new Error('a 4 GB GPU gets shapes');
    expect(small).toHaveLength(3);
    const [big] = benchShapes('cuda').slice(-1);
    expect(small).not.toContain(big);
    // Every chosen shape fits on the GPU whole, as the estimator sizes it.
    for (const shape of small) {
      const q = findQuant(shape.quant);
      if (!q) throw new Error(shape.quant);
      const e = estimate(withVram(4), shapeModel(shape), q, { ...DEFAULT_OPTIONS, contextTokens: 2048 });
      expect(e.ok && e.value.fit).toBe('full-gpu');
    }
    expect(shapesForMachine(withVram(0.3), 'cuda')).toBeNull();
  });

  it('counts a generated token\'s attention as llama.cpp runs it: MLA in its absorbed form (keys of kv_lora_rank + rope)', () => {
    const at = (id: string) => {
      const m = builtInCatalog().models.find((x) => x.id === id);
      const q = findQuant('Q4_K_M');
      if (!m || !q) throw new Error(id);
      const t = formulaTimes(vm, 'cpu', m, q, 1024, 512);
      if (!t) throw new Error(id);
      return t.attentionSec;
    };
    // DeepSeek V2 Lite: 27 layers x 16 heads x 2 x (2 x 512 + 64) FLOPs a cell; Llama 3.1 8B: 32 x 32 x 2 x (128 + 128).
    const mla = 27 * 16 * 2 * (2 * 512 + 64);
    const gqa = 32 * 32 * 2 * (128 + 128);
    expect(at('deepseek-v2-lite-chat') / at('llama-3.1-8b-instruct')).toBeCloseTo(mla / gqa, 6);
  });

  it('counts layer costs as the estimator does: an MoE layer twice on a GPU, once on the CPU; a prompt counts plain layers', () => {
    const moeShape = benchShapes('cpu').find((b) => b.architecture.moe !== null);
    if (!moeShape) throw new Error('no MoE shape');
    const quant = findQuant(moeShape.quant);
    if (!quant) throw new Error(moeShape.quant);
    const model = shapeModel(moeShape);
    const layers = moeShape.architecture.layers;
    const onCpu = formulaTimes(vm, 'cpu', model, quant, 48, 512);
    const onGpu = formulaTimes(h200, 'cuda', model, quant, 48, 512);
    if (!onCpu || !onGpu) throw new Error('formula');
    expect(onCpu.layerCosts).toBeCloseTo(layers, 6);
    expect(onGpu.layerCosts).toBeCloseTo(layers * 2, 6);
    expect(onCpu.layers).toBe(layers);
    expect(onGpu.layers).toBe(layers);
  });

  it('reads a Gemma 3 layer back as 1 + GEMMA_LAYER_SEC / the device constant layer costs on a GPU, so a fitted cost per layer carries it', () => {
    const gemma = builtInCatalog().models.find((m) => m.id === 'gemma-3-4b-it');
    const quant = findQuant('Q4_K_M');
    if (!gemma || !quant) throw new Error('catalog');
    const onGpu = formulaTimes(h200, 'cuda', gemma, quant, 48, 512);
    const onCpu = formulaTimes(vm, 'cpu', gemma, quant, 48, 512);
    if (!onGpu || !onCpu) throw new Error('formula');
    const layers = gemma.architecture.layers;
    expect(onGpu.layerCosts).toBeCloseTo(layers * (1 + GEMMA_LAYER_SEC / BACKEND_SPEED.cuda.perLayerSec), 6);
    expect(onCpu.layerCosts).toBeCloseTo(layers, 6);
    // Calibrated with a cost per layer twice the constant, the Gemma extra doubles with it.
    const doubled = shapeSpeed(h200, 'cuda', gemma, quant, 48, 512, { ...gpuTruth, perLayerSec: 2 * BACKEND_SPEED.cuda.perLayerSec });
    const plain = shapeSpeed(h200, 'cuda', { ...gemma, architecture: { ...gemma.architecture, ggufArch: 'gemma2' } }, quant, 48, 512, { ...gpuTruth, perLayerSec: 2 * BACKEND_SPEED.cuda.perLayerSec });
    if (!doubled || !plain) throw new Error('speed');
    expect(1 / doubled.generation - 1 / plain.generation).toBeCloseTo(layers * 2 * GEMMA_LAYER_SEC, 7);
  });
});

describe('how long measuring one model should take (expectedMeasureSec)', () => {
  const plan = { promptTokens: 512, shallowTokens: 16, generateTokens: 64, rounds: 3 };
  const model = builtInCatalog().models.find((m) => m.id === 'gpt-oss-20b');
  const quant = findQuant('Q4_K_M');
  if (!model || !quant) throw new Error('fixture');

  it("adds the worker's prompts, fills, generated tokens, thread choice and one read of the file, at the estimate's speeds", () => {
    const s = shapeSpeed(vm, 'cpu', model, quant, 512, 512, null);
    if (!s || s.prompt === null) throw new Error('speed');
    // The thread choice as the worker runs it: 2 candidates, each a shallow fill, an 8-token warm-up and 4 bursts of 16.
    expect(THREAD_CHOICE).toEqual({ candidates: 2, warmupTokens: 8, bursts: 4, burstTokens: 16 });
    // 4 prompts + the two fills (512 and 16 tokens) + 2 fills for the thread choice; 2 depths x 4 rounds x 64 tokens
    // + 2 x (8 + 64) for the thread choice; 12 GB at 1 GB/s.
    const hand = (4 * 512 + 512 + 16 + 2 * 16) / s.prompt + (2 * 4 * 64 + 144) / s.generation + 12e9 / 1e9;
    expect(expectedMeasureSec(vm, 'cpu', model, quant, plan, 12e9)).toBeCloseTo(hand, 6);
    // A 20B MoE on the 2-core VM: minutes, over a quarter of --quick's 300 s, so its limit grows past 300 s.
    expect(hand).toBeGreaterThan(100);
    // A GPU chooses no thread count: no bursts.
    const g = shapeSpeed(h200, 'cuda', model, quant, 512, 512, null);
    if (!g || g.prompt === null) throw new Error('speed');
    expect(expectedMeasureSec(h200, 'cuda', model, quant, plan, 0)).toBeCloseTo((4 * 512 + 528) / g.prompt + (2 * 4 * 64) / g.generation, 6);
  });

  it("uses the machine's stored correction when it has one", () => {
    const cal = calibrate(vm, 'cpu', measuredAs(vm, 'cpu'), meta(vm, 'cpu')) as BackendCalibration;
    const corrected = applyCalibration(vm, [cal]);
    const s = shapeSpeed(corrected, 'cpu', model, quant, 512, 512, cal.correction);
    if (!s || s.prompt === null) throw new Error('speed');
    const withCorrection = expectedMeasureSec(corrected, 'cpu', model, quant, plan, 0);
    expect(withCorrection).toBeCloseTo((4 * 512 + 528 + 32) / s.prompt + (2 * 4 * 64 + 144) / s.generation, 6);
    expect(withCorrection).not.toBeCloseTo(expectedMeasureSec(vm, 'cpu', model, quant, plan, 0) ?? 0, 0);
  });
});
