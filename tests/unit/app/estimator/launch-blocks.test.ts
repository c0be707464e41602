import { describe, expect, it } from 'vitest';
import { gpuIndex } from '../../../../app/catalog/gpus';
import { profileFromSpec } from '../../../../app/catalog/what-if';
import { DEFAULT_OPTIONS, estimate } from '../../../../app/estimator/estimate';
import { launchBlocks } from '../../../../app/estimator/launch-blocks';
import { model, quant } from '../../../helpers/models';
import { profileFromFixture } from '../../../helpers/fixture-profiles';
import { applyCalibration, hardwareKey } from '../../../../app/measure/calibration-apply';
import { CALIBRATION_FIT_VERSION } from '../../../../app/domain/calibration';
import type { BackendCalibration } from '../../../../app/domain/calibration';

const GIB = 1024 ** 3;

function run(kv: 'f16' | 'q8_0' = 'f16') {
  const p = profileFromSpec(gpuIndex(), { gpuNames: ['RTX 4090'], ramBytes: 64 * GIB, ramBandwidthBytesPerSec: 80e9 }, '2026-11-28T00:00:00Z');
  if (!p.ok) throw new Error(p.error.message);
  const r = estimate(p.value, model('llama-3.1-8b-instruct'), quant('Q4_K_M'), { ...DEFAULT_OPTIONS, useFreeVram: false, kvCacheType: kv, contextTokens: 16384 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('launchBlocks', () => {
  const m = model('llama-3.1-8b-instruct');

  it('gives llama-server -hf repo:quant with the estimate flags, and a local-file variant', () => {
    const blocks = launchBlocks(run(), m, 'llama.cpp');
    expect(blocks[0]?.code).toBe(`llama-server -hf ${m.ggufRepos[0]}:Q4_K_M -c 16384 -ngl 33 -fa on`);
    expect(blocks[1]?.code).toMatch(/^llama-server -m \S+Q4_K_M\.gguf -c 16384 -ngl 33 -fa on$/);
  });

  it('writes an Ollama Modelfile in its PARAMETER syntax and puts the server-wide KV type in the environment', () => {
    const blocks = launchBlocks(run('q8_0'), m, 'ollama');
    expect(blocks[0]?.runtime).toBe('ollama');
    expect(blocks[0]?.code).toBe(`FROM hf.co/${m.ggufRepos[0]}:Q4_K_M\nPARAMETER num_ctx 16384\nPARAMETER num_gpu 33`);
    expect(blocks[1]?.code).toContain('OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0 ollama serve');
    expect(blocks[1]?.code).toContain('ollama create llama-3.1-8b-instruct-q4_k_m -f Modelfile');
  });

  it('keeps prose out of the code', () => {
    for (const b of launchBlocks(run(), m, 'lmstudio')) expect(b.code).not.toContain('#');
    expect(launchBlocks(run(), m, 'lmstudio')[0]?.code).toMatch(/^lms load /);
  });

  it('passes the thread counts llm-sizer bench measured faster (-t 1 -tb 2) when the CPU works, and says why; not when all is on the GPU', () => {
    const vm = profileFromFixture('linux-vm-no-gpu');
    const entry = (generationThreads: number): BackendCalibration => ({
      backend: 'cpu',
      device: 'CPU, 2 threads (generation: 1 thread, faster here)',
      hardwareKey: hardwareKey(vm, 'cpu'),
      measuredAt: '2026-12-05T00:00:00.000Z',
      llamaCppBuild: 'test',
      source: 'synthetic',
      fitVersion: CALIBRATION_FIT_VERSION,
      generationThreads,
      promptThreads: 2,
      correction: { streamScale: 1, kvScale: 1, attentionScale: 30, perLayerSec: 0, perTokenSec: 0, promptScale: 0.5, promptExpertScale: 1, promptStreamScale: 0, promptPerLayerSec: 0, generationSpread: 0.1, promptSpread: 0.1 },
      points: [],
    });
    const small = model('qwen2.5-0.5b-instruct');
    const cpuRun = (g: number) => {
      const r = estimate(applyCalibration(vm, [entry(g)]), small, quant('Q4_K_M'), DEFAULT_OPTIONS);
      if (!r.ok) throw new Error(r.error.message);
      return launchBlocks(r.value, small, 'llama.cpp').filter((b) => b.runtime === 'llama.cpp');
    };
    const blocks = cpuRun(1);
    expect(blocks.at(-1)?.code).toMatch(/ -t 1 -tb 2$/);
    expect(blocks.at(-1)?.notes.join(' ')).toMatch(/measured generation faster here with 1 thread than with all 2/);
    // Every core was the faster: nothing to say.
    expect(cpuRun(2).at(-1)?.code).not.toMatch(/ -t /);
    // The same measurement on a machine whose GPU holds the whole model: the CPU does no layer's work.
    const gpu = profileFromSpec(gpuIndex(), { gpuNames: ['RTX 4090'], ramBytes: 64 * GIB, ramBandwidthBytesPerSec: 80e9 }, '2026-11-28T00:00:00Z');
    if (!gpu.ok) throw new Error(gpu.error.message);
    const onGpu = estimate({ ...gpu.value, calibration: { entries: [entry(1)], stale: [] } }, small, quant('Q4_K_M'), DEFAULT_OPTIONS);
    if (!onGpu.ok) throw new Error(onGpu.error.message);
    expect(onGpu.value.launch.llamaCpp).not.toMatch(/ -t /);
  });
});
