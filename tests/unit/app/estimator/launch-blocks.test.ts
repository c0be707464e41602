import { describe, expect, it } from 'vitest';
import { gpuIndex } from '../../../../app/catalog/gpus';
import { profileFromSpec } from '../../../../app/catalog/what-if';
import { DEFAULT_OPTIONS, estimate } from '../../../../app/estimator/estimate';
import { launchBlocks } from '../../../../app/estimator/launch-blocks';
import { model, quant } from '../../../helpers/models';

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
});
