import { describe, expect, it } from 'vitest';
import { gpuIndex } from '../../../../app/catalog/gpus';
import { profileFromSpec } from '../../../../app/catalog/what-if';
import type { EstimateOptions } from '../../../../app/domain/estimate';
import type { HardwareProfile } from '../../../../app/domain/hardware';
import { AMD_GCN_RDNA1_NAME, cpuPromptTypeRates, matrixConstantsFor, matrixScaleFor, perLayerSecFor, streamScaleFor } from '../../../../app/estimator/devices';
import { DEFAULT_OPTIONS, estimate } from '../../../../app/estimator/estimate';
import { kvCacheSize } from '../../../../app/estimator/kv-cache';
import { maxContext } from '../../../../app/estimator/recommend';
import { bandwidthEfficiency, cpuPromptTypeScale, cpuRecurrentPromptSec, expertDispatchSecPerToken, expertStreamSecPerToken, expertTileFactor } from '../../../../app/estimator/speed';
import { AMD_GCN_STREAM_SCALE, BACKEND_SPEED, CPU_ATTENTION_FLOPS_PER_CYCLE, CPU_PROMPT_TYPE_RATE_X86, CPU_PROMPT_TYPE_REFERENCE, CPU_RECURRENT_PROMPT_CYCLES, FALLBACK_CPU_CLOCK_HZ, CPU_TOKEN_OVERHEAD_CYCLES, CUDA_NO_GRAPHS_LAYER_SEC, GEMMA_LAYER_SEC, INTEL_VULKAN_MATRIX_SCALE, INTEL_VULKAN_STREAM_SCALE, MOE_LAYER_OVERHEAD, RECURRENT_LAYER_OVERHEAD } from '../../../../app/estimator/speed-constants';
import { weightBreakdown } from '../../../../app/estimator/weights';
import { computeBuffers } from '../../../../app/estimator/compute-buffer';
import { countParameters } from '../../../../app/estimator/tensors';
import { model, quant } from '../../../helpers/models';
import { applyCalibration, hardwareKey } from '../../../../app/measure/calibration-apply';
import { CALIBRATION_FIT_VERSION } from '../../../../app/domain/calibration';

const GIB = 1024 ** 3;

function hw(gpus: string[], ramGB: number, vramBytes?: number): HardwareProfile {
  const r = profileFromSpec(gpuIndex(), { gpuNames: gpus, ramBytes: ramGB * GIB, vramBytes, ramBandwidthBytesPerSec: 80e9 }, '2026-11-28T00:00:00Z');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function run(profile: HardwareProfile, id: string, q: string, o: Partial<EstimateOptions> = {}) {
  const r = estimate(profile, model(id), quant(q), { ...DEFAULT_OPTIONS, useFreeVram: false, ...o });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('fit boundaries', () => {
  const needed = run(hw(['RTX 4090'], 64), 'llama-3.1-8b-instruct', 'Q4_K_M').memory.gpuBytes;

  it('fits fully on a GPU with exactly the memory it needs, and not with one byte less', () => {
    expect(run(hw(['RTX 4090'], 64, needed), 'llama-3.1-8b-instruct', 'Q4_K_M').fit).toBe('full-gpu');
    const short = run(hw(['RTX 4090'], 64, needed - 1), 'llama-3.1-8b-instruct', 'Q4_K_M');
    expect(short.fit).toBe('partial');
    // A partial offload keeps llama.cpp's --fit margin (1 GiB) free, as its own --fit would: a few layers fewer.
    expect(short.gpuLayers).toBeLessThan(33);
    expect(short.gpuLayers).toBeGreaterThan(24);
    expect(short.memory.headroomBytes).toBeGreaterThanOrEqual(GIB);
  });

  it('offloads fewer layers as VRAM shrinks, the way -ngl counts them', () => {
    const layers = [12, 8, 6, 4].map((gb) => run(hw(['RTX 4090'], 64, gb * GIB), 'llama-3.1-70b-instruct', 'Q4_K_M').gpuLayers);
    expect(layers[0]).toBeGreaterThan(layers[1] ?? 0);
    expect(layers[1]).toBeGreaterThan(layers[2] ?? 0);
    expect(layers[2]).toBeGreaterThan(layers[3] ?? 0);
    const e = run(hw(['RTX 4090'], 64, 12 * GIB), 'llama-3.1-70b-instruct', 'Q4_K_M');
    expect(e.fit).toBe('partial');
    expect(e.launch.llamaCpp).toContain(`-ngl ${e.gpuLayers}`);
    expect(e.launch.llamaCpp).toContain('-m Llama-3.1-70B-Instruct-Q4_K_M.gguf ');
    // A -BF16 checkpoint repository's GGUF file does not carry the precision in its name.
    expect(run(hw(['RTX 4090'], 64), 'nvidia-nemotron-3-nano-30b-a3b', 'Q4_K_M').launch.llamaCpp).toContain('-m NVIDIA-Nemotron-3-Nano-30B-A3B-Q4_K_M.gguf ');
    // ... nor does the MLX repository suggested on a Mac.
    const mac = hw(['Apple M4 Max (40-core GPU)'], 128);
    expect(run(mac, 'nvidia-nemotron-3-nano-30b-a3b', 'MLX_4BIT', { runtime: 'mlx' }).launch.lmStudio).toContain('mlx-community/NVIDIA-Nemotron-3-Nano-30B-A3B-4bit ');
    // what is on the GPU stays within its capacity
    expect(e.memory.devices[0]?.usedBytes).toBeLessThanOrEqual(12 * GIB);
  });

  it('keeps the experts of the first layers on the CPU for a mixture-of-experts model that does not fit (--n-cpu-moe)', () => {
    const e = run(hw(['RTX 4060'], 64, 8 * GIB), 'qwen3-30b-a3b', 'Q4_K_M');
    expect(e.fit).toBe('partial');
    expect(e.cpuMoeLayers).toBeGreaterThan(0);
    expect(e.gpuLayers).toBe(49);
    expect(e.launch.llamaCpp).toContain(`--n-cpu-moe ${e.cpuMoeLayers}`);
  });

  it('runs on the CPU without a GPU, runs from disk when RAM is short, and does not fit without room for the cache', () => {
    expect(run(hw([], 32), 'llama-3.1-8b-instruct', 'Q4_K_M').fit).toBe('cpu-only');
    expect(run(hw([], 32), 'llama-3.1-70b-instruct', 'Q4_K_M').fit).toBe('disk');
    expect(run(hw([], 1), 'llama-3.1-70b-instruct', 'Q4_K_M', { contextTokens: 131072 }).fit).toBe('none');
  });

  it('splits layers across two GPUs and fits what one cannot hold', () => {
    const one = run(hw(['RTX 3090'], 128), 'llama-3.1-70b-instruct', 'Q4_K_M');
    const two = run(hw(['RTX 3090', 'RTX 3090'], 128), 'llama-3.1-70b-instruct', 'Q4_K_M');
    expect(one.fit).toBe('partial');
    expect(two.fit).toBe('full-gpu');
    // Split by bytes: the second card also holds the output layer and its buffers, so it takes one layer fewer,
    // and the command says so (-ts counts the output layer with the last card, as llama.cpp splits it).
    expect(two.memory.devices.map((d) => d.layers)).toEqual([41, 39]);
    expect(two.launch.llamaCpp).toContain('-ts 41,40');
    const [a, b] = two.memory.devices.map((d) => d.usedBytes);
    expect(Math.abs((a ?? 0) - (b ?? 0))).toBeLessThan(GIB);
  });

  it('balances a mixture-of-experts split by bytes: the card whose layers keep experts on the CPU takes more layers', () => {
    const e = run(hw(['RTX 3090', 'RTX 3090'], 128), 'glm-4.5-air', 'Q4_K_M');
    expect(e.fit).toBe('partial');
    expect(e.cpuMoeLayers).toBeGreaterThan(0);
    const [first, second] = e.memory.devices;
    // Both cards well used (a count split left the first at 3 of 24 GB).
    expect((first?.usedBytes ?? 0) / (first?.capacityBytes ?? 1)).toBeGreaterThan(0.8);
    expect((second?.usedBytes ?? 0) / (second?.capacityBytes ?? 1)).toBeGreaterThan(0.8);
    expect(first?.layers ?? 0).toBeGreaterThan(second?.layers ?? 0);
  });
});

describe('unified memory', () => {
  it('plans against the macOS GPU budget (3/4 of 64 GB), not the whole RAM, and never counts it twice', () => {
    const mac = hw(['Apple M3 Max 40-core GPU'], 64);
    expect(mac.gpus[0]?.vramTotalBytes?.value).toBe(48 * GIB);
    const e = run(mac, 'llama-3.1-70b-instruct', 'Q4_K_M');
    expect(e.fit).toBe('full-gpu');
    const big = run(mac, 'llama-3.1-70b-instruct', 'Q8_0');
    expect(big.fit).not.toBe('full-gpu');
  });

  it('a 128 GB Mac holds a 70 GB model on the GPU', () => {
    const e = run(hw(['Apple M4 Max 40-core GPU'], 128), 'llama-3.1-70b-instruct', 'Q8_0');
    expect(e.fit).toBe('full-gpu');
  });
});

describe('speed', () => {
  it('reads only active experts: a 30B-A3B MoE generates far faster than a dense 32B on the same GPU', () => {
    const p = hw(['RTX 4090'], 64);
    const moe = run(p, 'qwen3-30b-a3b', 'Q4_K_M').speed?.generationTokensPerSec.value ?? 0;
    const dense = run(p, 'qwen3-32b', 'Q4_K_M').speed?.generationTokensPerSec.value ?? 0;
    expect(moe).toBeGreaterThan(3 * dense);
  });

  it('slows with depth: each token also reads the KV cache', () => {
    const p = hw(['RTX 4090'], 64);
    const shallow = run(p, 'llama-3.1-8b-instruct', 'Q4_K_M', { contextTokens: 32768, depthTokens: 512 }).speed?.generationTokensPerSec.value ?? 0;
    const deep = run(p, 'llama-3.1-8b-instruct', 'Q4_K_M', { contextTokens: 32768, depthTokens: 32000 }).speed?.generationTokensPerSec.value ?? 0;
    expect(deep).toBeLessThan(shallow * 0.9);
  });

  it('partial offload is much slower than full offload, and the range brackets the value', () => {
    const full = run(hw(['RTX 4090'], 64), 'llama-3.1-8b-instruct', 'Q4_K_M').speed;
    const partial = run(hw(['RTX 4090'], 64, 3 * GIB), 'llama-3.1-8b-instruct', 'Q4_K_M').speed;
    expect(partial?.generationTokensPerSec.value ?? 0).toBeLessThan((full?.generationTokensPerSec.value ?? 0) / 2);
    const g = full?.generationTokensPerSec;
    expect(g?.low).toBeLessThan(g?.value ?? 0);
    expect(g?.high).toBeGreaterThan(g?.value ?? 0);
    expect(full?.timeToFirstTokenSec?.value).toBeCloseTo(512 / (full?.promptTokensPerSec?.value ?? 1), 6);
  });

  it('knows generation but not prompt speed for a GPU with a bandwidth but no FP16 figure (GB10, RTX 50 laptops)', () => {
    const p = hw(['RTX 4090'], 64);
    const noFp16: HardwareProfile = { ...p, gpus: p.gpus.map((g) => ({ ...g, fp16FlopsPerSec: null })) };
    const e = run(noFp16, 'llama-3.1-8b-instruct', 'Q4_K_M');
    expect(e.speed?.generationTokensPerSec.value).toBeGreaterThan(50);
    expect(e.speed?.promptTokensPerSec).toBeNull();
    expect(e.speed?.timeToFirstTokenSec).toBeNull();
  });

  it('is unknown, not invented, for a GPU without a bandwidth figure', () => {
    const p = hw(['RTX 4090'], 64);
    const unknown: HardwareProfile = { ...p, gpus: p.gpus.map((g) => ({ ...g, bandwidthBytesPerSec: null, specId: null })) };
    const e = run(unknown, 'llama-3.1-8b-instruct', 'Q4_K_M');
    expect(e.fit).toBe('full-gpu');
    expect(e.speed).toBeNull();
  });
});

describe('bad requests are errors, never numbers', () => {
  const p = hw(['RTX 4090'], 64);
  const bad: [string, Partial<EstimateOptions>][] = [
    ['NaN context', { contextTokens: Number.NaN }],
    ['negative context', { contextTokens: -8192 }],
    ['zero context', { contextTokens: 0 }],
    ['fractional prompt', { promptTokens: 1.5 }],
    ['infinite depth', { depthTokens: Number.POSITIVE_INFINITY }],
    ['depth beyond context', { contextTokens: 4096, depthTokens: 8192 }],
    ['quantized KV without flash attention', { kvCacheType: 'q8_0', flashAttention: false }],
  ];
  for (const [label, o] of bad) {
    it(label, () => {
      const r = estimate(p, model('llama-3.1-8b-instruct'), quant('Q4_K_M'), { ...DEFAULT_OPTIONS, ...o });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('IMPOSSIBLE_VALUE');
    });
  }

  it('a profile with NaN RAM', () => {
    const broken: HardwareProfile = { ...p, memory: { ...p.memory, totalBytes: { ...p.memory.totalBytes, value: Number.NaN } } };
    expect(estimate(broken, model('llama-3.1-8b-instruct'), quant('Q4_K_M')).ok).toBe(false);
  });
});

describe('largest context', () => {
  it('finds the largest context that still fits fully on the GPU, to 256 tokens', () => {
    const p = hw(['RTX 4090'], 64);
    const ctx = maxContext(p, model('llama-3.1-8b-instruct'), quant('Q8_0'), { ...DEFAULT_OPTIONS, useFreeVram: false }, 'full-gpu');
    expect(ctx % 256).toBe(0);
    expect(run(p, 'llama-3.1-8b-instruct', 'Q8_0', { contextTokens: ctx }).fit).toBe('full-gpu');
    expect(run(p, 'llama-3.1-8b-instruct', 'Q8_0', { contextTokens: ctx + 256 }).fit).not.toBe('full-gpu');
    const q4kv = maxContext(p, model('llama-3.1-8b-instruct'), quant('Q8_0'), { ...DEFAULT_OPTIONS, useFreeVram: false, kvCacheType: 'q4_0' }, 'full-gpu');
    expect(q4kv).toBeGreaterThan(ctx);
  });
});


describe('runtimes', () => {
  it('MLX weights launch with mlx-lm and LM Studio, and Ollama is told it cannot run them', () => {
    const mac = hw(['Apple M4 Pro 20-core GPU'], 48);
    const e = run(mac, 'qwen3-30b-a3b', 'MLX_4BIT', { runtime: 'mlx' });
    expect(e.launch.llamaCpp).toMatch(/^mlx_lm\.server --model mlx-community\/Qwen3-30B-A3B-4bit/);
    expect(e.launch.lmStudio).toContain('lms load mlx-community/Qwen3-30B-A3B-4bit --context-length 8192');
    expect(e.launch.ollama).toMatch(/not MLX weights/);
    expect(e.launch.llamaCpp).not.toContain('.gguf');
  });

  it('MLX needs MLX weights and Apple Silicon, and has no partial offload', () => {
    const mac = hw(['Apple M3 Max 40-core GPU'], 64);
    const ok = estimate(mac, model('llama-3.1-8b-instruct'), quant('MLX_4BIT'), { ...DEFAULT_OPTIONS, runtime: 'mlx' });
    expect(ok.ok && ok.value.fit).toBe('full-gpu');
    const ggufOnMlx = estimate(mac, model('llama-3.1-8b-instruct'), quant('Q4_K_M'), { ...DEFAULT_OPTIONS, runtime: 'mlx' });
    expect(ggufOnMlx.ok).toBe(false);
    const mlxOnNvidia = estimate(hw(['RTX 4090'], 64), model('llama-3.1-8b-instruct'), quant('MLX_4BIT'), { ...DEFAULT_OPTIONS, runtime: 'mlx' });
    expect(mlxOnNvidia.ok).toBe(false);
    const mlxOnLlamaCpp = estimate(mac, model('llama-3.1-8b-instruct'), quant('MLX_4BIT'), DEFAULT_OPTIONS);
    expect(mlxOnLlamaCpp.ok).toBe(false);
    const tooBig = estimate(mac, model('llama-3.1-70b-instruct'), quant('MLX_8BIT'), { ...DEFAULT_OPTIONS, runtime: 'mlx' });
    expect(tooBig.ok && tooBig.value.fit).toBe('none');
  });

  it('Ollama keeps the 1 GiB its --fit target leaves free on each GPU; llama.cpp with -ngl does not', () => {
    const needed = run(hw(['RTX 4090'], 64), 'llama-3.1-8b-instruct', 'Q4_K_M').memory.gpuBytes;
    const tight = hw(['RTX 4090'], 64, needed + 512 * 1024 ** 2);
    expect(run(tight, 'llama-3.1-8b-instruct', 'Q4_K_M', { runtime: 'llama.cpp' }).fit).toBe('full-gpu');
    expect(run(tight, 'llama-3.1-8b-instruct', 'Q4_K_M', { runtime: 'lmstudio' }).fit).toBe('full-gpu');
    expect(run(tight, 'llama-3.1-8b-instruct', 'Q4_K_M', { runtime: 'ollama' }).fit).toBe('partial');
  });

  it('F32 files are sized at 4 bytes a weight', () => {
    const e = run(hw([], 256), 'llama-3.2-1b-instruct', 'F32');
    const f16 = run(hw([], 256), 'llama-3.2-1b-instruct', 'F16');
    expect(e.memory.weightsBytes / f16.memory.weightsBytes).toBeCloseTo(2, 2);
  });
});

describe('what-if unified machines', () => {
  it('a Strix Halo APU gets the Linux TTM default of half its RAM, and runs a 70B model on its GPU', () => {
    const apu = hw(['AMD Radeon 8060S'], 128);
    expect(apu.gpus[0]?.vramTotalBytes?.value).toBe(64 * GIB);
    const e = run(apu, 'llama-3.1-70b-instruct', 'Q4_K_M');
    expect(e.fit).toBe('full-gpu');
    expect(e.speed?.generationTokensPerSec.value).toBeGreaterThan(3);
  });

  it('a DGX Spark (GB10) plans on its whole unified memory but leaves 1 GiB for the host side', () => {
    const spark = hw(['NVIDIA GB10 (DGX Spark)'], 128);
    const e = run(spark, 'gpt-oss-120b', 'MXFP4_MOE');
    expect(e.fit).toBe('full-gpu');
    expect(e.memory.headroomBytes).toBeGreaterThan(0);
  });

  it('a unified GPU takes from RAM what it holds, not its whole budget: host-side embeddings still fit (GB10, Gemma 3 27B)', () => {
    // Gemma 3's 262k-token embedding stays in host memory (1.1 GiB at Q6_K): more than the 1 GiB host margin.
    const e = run(hw(['NVIDIA GB10 (DGX Spark)'], 128), 'gemma-3-27b-it', 'Q4_K_M');
    expect(e.fit).toBe('full-gpu');
    expect(e.memory.cpuBytes).toBeGreaterThan(GIB);
    expect(e.memory.headroomBytes).toBeGreaterThan(90 * GIB);
  });
});

describe('split GGUF files', () => {
  it('says when a file is too large for one Hugging Face file, and what Ollama needs then', () => {
    const big = run(hw(['NVIDIA H200 SXM 141GB'], 256), 'llama-3.1-70b-instruct', 'Q8_0');
    expect(big.notes.join(' ')).toMatch(/split on Hugging Face.*llama-gguf-split --merge/);
    const small = run(hw(['NVIDIA H200 SXM 141GB'], 256), 'llama-3.1-8b-instruct', 'Q8_0');
    expect(small.notes.join(' ')).not.toMatch(/split on Hugging Face/);
  });
});

describe('expert offload belongs to llama.cpp', () => {
  it('Ollama offloads whole layers for a mixture-of-experts model that does not fit, and says llama.cpp can do better', () => {
    const laptop = hw(['NVIDIA GeForce RTX 4060 Laptop GPU'], 32);
    const llama = run(laptop, 'qwen3-30b-a3b', 'Q4_K_M');
    expect(llama.cpuMoeLayers).toBeGreaterThan(0);
    expect(llama.launch.llamaCpp).toContain('--n-cpu-moe');
    const ollama = run(laptop, 'qwen3-30b-a3b', 'Q4_K_M', { runtime: 'ollama' });
    expect(ollama.fit).toBe('partial');
    expect(ollama.cpuMoeLayers).toBe(0);
    expect(ollama.gpuLayers).toBeLessThan(ollama.totalLayers);
    expect(ollama.launch.ollama).toContain(`num_gpu ${ollama.gpuLayers}`);
    expect(ollama.notes.join(' ')).toMatch(/--n-cpu-moe keeps only the experts/);
    expect(ollama.speed?.generationTokensPerSec.value ?? 0).toBeLessThan(llama.speed?.generationTokensPerSec.value ?? 0);
  });
});

describe('memory that adds up', () => {
  const parts = (e: ReturnType<typeof run>) => e.memory.weightsBytes + e.memory.kvCacheBytes + e.memory.computeBytes + e.memory.overheadBytes + e.memory.visionBytes;

  it('total = GPU + CPU = the sum of its parts, on the CPU, on a GPU, and split between them', () => {
    for (const [profile, id] of [
      [hw([], 16), 'llama-3.1-8b-instruct'],
      [hw(['NVIDIA GeForce RTX 4090'], 64), 'gemma-3-27b-it'],
      [hw(['NVIDIA GeForce RTX 4060 Laptop GPU'], 32), 'qwen3-30b-a3b'],
      [hw(['NVIDIA GeForce RTX 3090', 'NVIDIA GeForce RTX 3090'], 128), 'llama-3.1-70b-instruct'],
    ] as const) {
      const e = run(profile, id, 'Q4_K_M');
      expect(e.memory.gpuBytes + e.memory.cpuBytes, id).toBe(e.memory.totalBytes);
      expect(parts(e), id).toBeCloseTo(e.memory.totalBytes, -3);
    }
  });

  it('loads a tied embedding twice only when the output layer goes to a GPU', () => {
    const gemma = model('gemma-3-27b-it');
    expect(gemma.architecture.tiedEmbeddings).toBe(true);
    const onGpu = run(hw(['NVIDIA GeForce RTX 4090'], 64), 'gemma-3-27b-it', 'Q4_K_M');
    const onCpu = run(hw([], 64), 'gemma-3-27b-it', 'Q4_K_M');
    // 262,208 x 5,376 embedding at Q6_K: about 1.1 GiB more weights in memory with the GPU copy.
    expect((onGpu.memory.weightsBytes - onCpu.memory.weightsBytes) / GIB).toBeGreaterThan(1);
    expect((onGpu.memory.weightsBytes - onCpu.memory.weightsBytes) / GIB).toBeLessThan(1.3);
  });

  it('copies only token_embd for the output layer, not the per-layer embedding table beside it (Gemma 4 E2B)', () => {
    const w = weightBreakdown(model('gemma-4-e2b-it').architecture, quant('Q4_K_M'));
    // token_embd 1536 x 262,144 at Q6_K (tied: the output rule) = 330,301,440 bytes; the per-layer table is far larger
    expect(w.outputCopyBytes).toBe(1536 * 262144 * (210 / 256));
    expect(w.tokenEmbdBytes).toBeGreaterThan(3 * w.outputCopyBytes);
    const onGpu = run(hw(['NVIDIA GeForce RTX 4090'], 64), 'gemma-4-e2b-it', 'Q4_K_M');
    expect(onGpu.memory.weightsBytes).toBe(w.totalBytes + w.outputCopyBytes);
    expect(onGpu.memory.gpuBytes + onGpu.memory.cpuBytes).toBe(onGpu.memory.totalBytes);
    expect(parts(onGpu)).toBeCloseTo(onGpu.memory.totalBytes, -3);
  });

  it('loads no second copy when the file carries its own output matrix (Qwen3 0.6B as llama.cpp converts it)', () => {
    const e = run(hw(['NVIDIA GeForce RTX 4090'], 64), 'qwen3-0.6b', 'Q4_K_M');
    const w = weightBreakdown(model('qwen3-0.6b').architecture, quant('Q4_K_M'));
    expect(w.outputCopyBytes).toBe(0);
    expect(e.memory.weightsBytes).toBe(w.totalBytes);
  });
});

describe('recommendations with room to spare', () => {
  it('prefers a quantization that leaves 1 GiB free over one that fits with less', async () => {
    const { recommendModel } = await import('../../../../app/estimator/recommend');
    const { recommendedQuantIds } = await import('../../../../app/estimator/quant-types');
    const card = hw(['NVIDIA GeForce RTX 4090'], 64);
    const r = recommendModel(card, model('deepseek-r1-distill-qwen-32b'), {
      estimate: { ...DEFAULT_OPTIONS, useFreeVram: false },
      quantIds: recommendedQuantIds('llama.cpp'),
      goal: 'quality',
      minTokensPerSec: 10,
    });
    // Q5_K_M fits the 24 GB card with ~0.1 GiB to spare; the pick is the next one down, with more than 1 GiB.
    const tight = r.options.find((e) => e.quant === 'Q5_K_M');
    expect(tight?.fit).toBe('full-gpu');
    expect(tight?.memory.headroomBytes ?? Infinity).toBeLessThan(GIB);
    expect(r.best?.fit).toBe('full-gpu');
    expect(r.best?.memory.headroomBytes ?? 0).toBeGreaterThanOrEqual(GIB);
    // Ollama's capacity already leaves its 1 GiB free: no second margin on top, so it may take a larger quant.
    const ollama = recommendModel(card, model('gemma-3-27b-it'), {
      estimate: { ...DEFAULT_OPTIONS, useFreeVram: false, runtime: 'ollama' },
      quantIds: recommendedQuantIds('ollama'),
      goal: 'quality',
      minTokensPerSec: 10,
    });
    const fitsOllama = ollama.options.filter((e) => e.fit === 'full-gpu').map((e) => e.quant);
    expect(ollama.best?.quant).toBe(fitsOllama[0]);
  });

  it('does not call a model "below the minimum speed" when its speed is unknown', async () => {
    const { recommendModel } = await import('../../../../app/estimator/recommend');
    const { recommendedQuantIds } = await import('../../../../app/estimator/quant-types');
    const noBandwidth = hw(['NVIDIA GeForce RTX 4090'], 64);
    const gpu = noBandwidth.gpus[0];
    if (!gpu) throw new Error('no gpu');
    const unknown = { ...noBandwidth, gpus: [{ ...gpu, bandwidthBytesPerSec: null }] };
    const r = recommendModel(unknown, model('llama-3.1-8b-instruct'), {
      estimate: { ...DEFAULT_OPTIONS, useFreeVram: false },
      quantIds: recommendedQuantIds('llama.cpp'),
      goal: 'quality',
      minTokensPerSec: 10,
    });
    expect(r.best?.speed).toBeNull();
    expect(r.belowMinSpeed).toBe(false);
  });
});

describe('the ranking is one consistent order', () => {
  it('sorts the same way whatever order the catalog comes in', async () => {
    const { recommendAll } = await import('../../../../app/estimator/recommend');
    const { recommendedQuantIds } = await import('../../../../app/estimator/quant-types');
    const { builtInCatalog } = await import('../../../../app/catalog/models');
    const card = hw(['NVIDIA GeForce RTX 4090'], 64);
    const o = { estimate: { ...DEFAULT_OPTIONS, useFreeVram: false }, quantIds: recommendedQuantIds('llama.cpp'), goal: 'quality' as const, minTokensPerSec: 10 };
    const models = builtInCatalog().models;
    const forward = recommendAll(card, models, o).map((r) => r.model.id);
    const backward = recommendAll(card, [...models].reverse(), o).map((r) => r.model.id);
    expect(backward).toEqual(forward);
  });
});

describe('backend', () => {
  it('defaults to what the machine would use and accepts another that runs on the GPU', () => {
    const amd = hw(['Radeon RX 7900 XTX'], 64);
    const rocm = run(amd, 'llama-3.1-8b-instruct', 'Q4_K_M');
    expect(run(amd, 'llama-3.1-8b-instruct', 'Q4_K_M', { backend: 'rocm' }).speed).toEqual(rocm.speed);
    const vulkan = run(amd, 'llama-3.1-8b-instruct', 'Q4_K_M', { backend: 'vulkan' });
    expect(vulkan.speed?.promptTokensPerSec?.value).not.toBe(rocm.speed?.promptTokensPerSec?.value);
  });

  it('cpu offloads nothing, even with a GPU', () => {
    const e = run(hw(['RTX 4090'], 64), 'llama-3.1-8b-instruct', 'Q4_K_M', { backend: 'cpu' });
    expect(e.fit).toBe('cpu-only');
    expect(e.gpuLayers).toBe(0);
    expect(e.notes.join(' ')).not.toContain('memory is unknown');
  });

  it('refuses a backend that does not run on the GPU', () => {
    const r = estimate(hw(['RTX 4090'], 64), model('llama-3.1-8b-instruct'), quant('Q4_K_M'), { ...DEFAULT_OPTIONS, backend: 'rocm' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('cuda');
    expect(estimate(hw(['Apple M3 Max 40-core GPU'], 64), model('llama-3.1-8b-instruct'), quant('Q4_K_M'), { ...DEFAULT_OPTIONS, backend: 'vulkan' }).ok).toBe(false);
  });
});

describe('fixed costs per token', () => {
  /** A model's Q4_K_M token on an RTX 4090 at depth 0: the estimate, the model, its weights and the weight stream's rate. */
  function onRtx4090(id: string) {
    const p = hw(['RTX 4090'], 64);
    const m = model(id);
    const e = run(p, id, 'Q4_K_M', { depthTokens: 0, contextTokens: 4096 });
    expect(e.fit).toBe('full-gpu');
    const bw = p.gpus[0]?.bandwidthBytesPerSec?.value ?? 0;
    return { e, m, w: weightBreakdown(m.architecture, quant('Q4_K_M')), bw, eff: bandwidthEfficiency('cuda', bw) };
  }

  it('recurrent layers cost 1.5 extra layer costs each, plus their state read and written (Qwen3.5 27B on an RTX 4090)', () => {
    const { e, m, w, bw, eff } = onRtx4090('qwen3.5-27b');
    const recurrent = m.architecture.linearAttention?.layers ?? 0;
    const state = kvCacheSize(m.architecture, { contextTokens: 4096, kvCacheType: 'f16', ubatchTokens: 512, swaFull: false }).recurrentBytes;
    const bytesOnly = w.activeBytesPerToken / (bw * eff) + m.architecture.layers * BACKEND_SPEED.cuda.perLayerSec;
    const expected = bytesOnly + recurrent * RECURRENT_LAYER_OVERHEAD * BACKEND_SPEED.cuda.perLayerSec + (2 * state) / (bw * eff);
    expect(recurrent).toBe(48);
    expect(1 / e.speed!.generationTokensPerSec.value).toBeCloseTo(expected, 5);
    // 48 x 1.5 x 24 µs = 1.7 ms and the state on top of ~19 ms: slower than bytes and layers alone, and within 15 %
    // of the RTX 4090's 45.18 tok/s (jiegec/kb, llama-bench tg64, build 8820, a held-out scoreboard row)
    expect(expected / bytesOnly).toBeGreaterThan(1.05);
    expect(Math.abs(1 / expected / 45.18 - 1)).toBeLessThan(0.15);
  });

  it('a layer with routed experts costs MOE_LAYER_OVERHEAD extra layer costs (Qwen3 30B-A3B on an RTX 4090)', () => {
    const { e, m, w, bw, eff } = onRtx4090('qwen3-30b-a3b');
    // Every one of its 48 layers holds experts: 48 x (1 + 1) layer costs.
    expect(m.architecture.moe?.denseLayers).toBe(0);
    const expected = w.activeBytesPerToken / (bw * eff) + m.architecture.layers * (1 + MOE_LAYER_OVERHEAD) * BACKEND_SPEED.cuda.perLayerSec;
    expect(1 / e.speed!.generationTokensPerSec.value).toBeCloseTo(expected, 5);
  });

  it('a Gemma 3 / 4 layer costs GEMMA_LAYER_SEC more on a GPU (Gemma 3 12B dense, Gemma 4 26B-A4B with experts)', () => {
    const g3 = onRtx4090('gemma-3-12b-it');
    expect(g3.m.architecture.ggufArch).toBe('gemma3');
    // 48 layers x (24 µs + 40 µs) beside the bytes: 3.1 ms on ~7 ms of weights.
    const g3Expected = g3.w.activeBytesPerToken / (g3.bw * g3.eff) + g3.m.architecture.layers * (BACKEND_SPEED.cuda.perLayerSec + GEMMA_LAYER_SEC);
    expect(1 / g3.e.speed!.generationTokensPerSec.value).toBeCloseTo(g3Expected, 5);
    const g4 = onRtx4090('gemma-4-26b-a4b-it');
    const g4Expected =
      g4.w.activeBytesPerToken / (g4.bw * g4.eff) + g4.m.architecture.layers * ((1 + MOE_LAYER_OVERHEAD) * BACKEND_SPEED.cuda.perLayerSec + GEMMA_LAYER_SEC);
    expect(1 / g4.e.speed!.generationTokensPerSec.value).toBeCloseTo(g4Expected, 5);
  });

  it('the Gemma layer cost follows the architecture (not Gemma 2) and stays off the CPU', () => {
    const base = model('gemma-3-4b-it');
    const as = (ggufArch: string) => ({ ...base, architecture: { ...base.architecture, ggufArch } });
    const gen = (p: HardwareProfile, m: typeof base) => {
      const r = estimate(p, m, quant('Q4_K_M'), { ...DEFAULT_OPTIONS, useFreeVram: false, depthTokens: 0, contextTokens: 4096 });
      if (!r.ok) throw new Error(r.error.message);
      return 1 / r.value.speed!.generationTokensPerSec.value;
    };
    const gpu = hw(['RTX 4090'], 64);
    expect(gen(gpu, as('gemma3')) - gen(gpu, as('gemma2'))).toBeCloseTo(base.architecture.layers * GEMMA_LAYER_SEC, 7);
    expect(gen(gpu, as('gemma4'))).toBeCloseTo(gen(gpu, as('gemma3')), 9);
    const cpu = hw([], 64);
    expect(gen(cpu, as('gemma3'))).toBeCloseTo(gen(cpu, as('gemma2')), 9);
    // only where rows measured it: not on Metal (an M4 Max) nor on an Intel GPU under Vulkan (a B580)
    for (const g of ['Apple M4 Max (40-core GPU)', 'Arc B580']) {
      const p = hw([g], 128);
      expect(gen(p, as('gemma3')), g).toBeCloseTo(gen(p, as('gemma2')), 9);
    }
    const amd = hw(['RX 7900 XTX'], 64);
    expect(gen(amd, as('gemma3')) - gen(amd, as('gemma2'))).toBeCloseTo(base.architecture.layers * GEMMA_LAYER_SEC, 7);
  });

  it("counts Gemma 4 E2B's per-layer embedding table as a lookup, not matrix work, in prompt speed", () => {
    const e2b = model('gemma-4-e2b-it');
    const ple = e2b.architecture.perLayerEmbedding;
    if (!ple) throw new Error('fixture');
    // 35 layers x 256 x 262144 = 2.35 B of its parameters are the table
    expect(e2b.architecture.layers * ple.hiddenSize * ple.vocabSize).toBeGreaterThan(2e9);
    const without = { ...e2b, architecture: { ...e2b.architecture, perLayerEmbedding: null } };
    const pp = (m: typeof e2b) => {
      const r = estimate(hw(['RTX 4090'], 64), m, quant('Q4_K_M'), { ...DEFAULT_OPTIONS, useFreeVram: false });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.speed!.promptTokensPerSec!.value;
    };
    // Without the table the model does the same matrix work but for its small projections: within 5 %, not 1.8x.
    expect(pp(e2b) / pp(without)).toBeGreaterThan(0.95);
    expect(pp(e2b) / pp(without)).toBeLessThanOrEqual(1);
  });

  it('a model on the CPU alone pays 3.75 M cycles a token besides its layers', () => {
    const p = hw([], 32);
    const a = run(p, 'qwen3-0.6b', 'Q4_K_M', { depthTokens: 0, contextTokens: 1024 });
    const clock = p.cpu.clockHz?.value ?? 2.5e9;
    // never faster than the fixed work alone: 28 layers x 150 µs + 3.75e6 cycles
    expect(1 / a.speed!.generationTokensPerSec.value).toBeGreaterThan(28 * BACKEND_SPEED.cpu.perLayerSec + CPU_TOKEN_OVERHEAD_CYCLES / clock);
  });
});

describe('models with per-layer blocks or a sparse-attention indexer', () => {
  it('Nemotron Nano 9B v2 keeps a 128k context on a 24 GB card: only its 4 attention layers grow with the context', () => {
    const e = run(hw(['RTX 4090'], 64), 'nvidia-nemotron-nano-9b-v2', 'Q4_K_M', { contextTokens: 131072 });
    expect(e.fit).toBe('full-gpu');
    // 4 layers x 131072 cells x 4096 bytes (f16 K and V of 8 x 128) + 27 Mamba-2 states of 5,390,336 bytes
    expect(e.memory.kvCacheBytes).toBe(4 * 131072 * 4096 + 27 * 5_390_336);
  });

  it('estimates memory and speed for every new hybrid and DSA model without a non-finite number', () => {
    const big = hw(['H200', 'H200', 'H200', 'H200', 'H200', 'H200', 'H200', 'H200'], 2048);
    for (const id of ['nvidia-nemotron-nano-9b-v2', 'nvidia-nemotron-nano-12b-v2', 'nvidia-nemotron-3-nano-30b-a3b', 'lfm2-350m', 'lfm2-1.2b', 'lfm2-8b-a1b', 'deepseek-v3.2', 'glm-5']) {
      const e = run(big, id, 'Q4_K_M', { contextTokens: 32768 });
      expect(e.fit, id).not.toBe('none');
      expect(Number.isFinite(e.memory.gpuBytes) && e.memory.gpuBytes > 0, id).toBe(true);
      expect(e.speed?.generationTokensPerSec.value ?? 0, id).toBeGreaterThan(0);
    }
  });
});

describe('routed experts in prompt processing', () => {
  it('reads the experts a GPU holds once per ubatch (hand-computed: 10 GB / (256 GB/s x 0.8915) / 512 = 85.6 µs a token)', () => {
    const eBw = 0.92 / (1 + 256e9 / 8e12);
    expect(bandwidthEfficiency('vulkan', 256e9)).toBeCloseTo(eBw, 6);
    expect(expertStreamSecPerToken(10e9, 256e9, 'vulkan', 512, 512, { expertsPerToken: 4, experts: 128 })).toBeCloseTo(10e9 / (256e9 * eBw) / 512, 12);
    expect(expertStreamSecPerToken(10e9, 256e9, 'vulkan', 512, 512, { expertsPerToken: 4, experts: 128 }) * 1e6).toBeCloseTo(85.6, 1);
  });

  it('a 16-token prompt touches only the experts its tokens pick (16 x 4 of 128: half), in one batch of 16', () => {
    const eBw = 0.92 / (1 + 256e9 / 8e12);
    expect(expertStreamSecPerToken(10e9, 256e9, 'vulkan', 16, 512, { expertsPerToken: 4, experts: 128 })).toBeCloseTo((10e9 * 0.5) / (256e9 * eBw) / 16, 12);
  });

  it('costs nothing for a dense model or a GPU without experts', () => {
    expect(expertStreamSecPerToken(10e9, 256e9, 'rocm', 512, 512, null)).toBe(0);
    expect(expertStreamSecPerToken(0, 256e9, 'rocm', 512, 512, { expertsPerToken: 4, experts: 32 })).toBe(0);
  });

  it('slows an MoE prompt on a GPU, and leaves a dense one where it was', () => {
    const strix = hw(['AMD Radeon 8060S'], 128);
    const moe = run(strix, 'gpt-oss-120b', 'MXFP4_MOE', { promptTokens: 512 });
    const expertBytes = weightBreakdown(model('gpt-oss-120b').architecture, quant('MXFP4_MOE')).layerExpertBytes.reduce((a, b) => a + b, 0);
    // The expert read alone bounds the prompt rate: 60 GB of experts per 512-token ubatch at ROCm's share of 256 GB/s.
    const bound = 1 / (expertBytes / (256e9 * bandwidthEfficiency('rocm', 256e9)) / 512);
    expect(moe.speed?.promptTokensPerSec?.value).toBeLessThan(bound);
  });
});

describe('routed experts multiply few tokens each (expertTileFactor)', () => {
  const arch = (experts: number, active: number) => ({ ...model('gpt-oss-120b').architecture, moe: { ...model('gpt-oss-120b').architecture.moe!, experts, expertsPerToken: active } });
  it('scales the experts share of the matrix time by (1 + 64/n) / (1 + 64/batch): gpt-oss-120b at ubatch 512, 16 columns', () => {
    // Experts hold 70 % of the active bytes: held expert bytes x 4/128 = 0.7 x the active bytes.
    const share = { heldExpertBytes: 0.7 * 32, weightBytes: 1 };
    const f = expertTileFactor(share, { arch: arch(128, 4), promptTokens: 512, ubatchTokens: 512 });
    expect(f).toBeCloseTo(0.3 + (0.7 * (1 + 64 / 16)) / (1 + 64 / 512), 10);
    expect(f).toBeCloseTo(3.41, 2);
  });
  it('never makes experts faster than a dense matrix, even when expertsPerToken exceeds experts', () => {
    const share = { heldExpertBytes: 0.7, weightBytes: 1 };
    expect(expertTileFactor(share, { arch: arch(4, 8), promptTokens: 512, ubatchTokens: 512 })).toBeCloseTo(1, 10);
    expect(expertTileFactor(share, { arch: arch(0, 4), promptTokens: 512, ubatchTokens: 512 })).toBe(1);
  });
  it('costs less at a larger ubatch (more tokens an expert) and nothing without experts', () => {
    const share = { heldExpertBytes: 0.7 * 32, weightBytes: 1 };
    const at512 = expertTileFactor(share, { arch: arch(128, 4), promptTokens: 2048, ubatchTokens: 512 });
    const at2048 = expertTileFactor(share, { arch: arch(128, 4), promptTokens: 2048, ubatchTokens: 2048 });
    expect(at2048).toBeLessThan(at512);
    expect(at2048).toBeCloseTo(0.3 + (0.7 * (1 + 64 / 64)) / (1 + 64 / 2048), 10);
    expect(expertTileFactor({ heldExpertBytes: 0, weightBytes: 1 }, { arch: model('llama-3.1-8b-instruct').architecture, promptTokens: 512, ubatchTokens: 512 })).toBe(1);
  });
});

describe('SYCL multiplies a prompt batch expert by expert (expertDispatchSecPerToken)', () => {
  const arch = (experts: number, active: number) => ({ ...model('qwen3.6-35b-a3b').architecture, moe: { ...model('qwen3.6-35b-a3b').architecture.moe!, experts, expertsPerToken: active } });
  it('costs MoE layers x experts touched x the call time / batch: 40 layers of 256 experts at ubatch 512, 58 us a call', () => {
    // 512 tokens x 8 routed reach all 256 experts: 40 x 256 x 58e-6 / 512 = 1.16 ms a token.
    expect(expertDispatchSecPerToken({ expertLayers: 40 }, { arch: arch(256, 8), promptTokens: 512, ubatchTokens: 512 }, 58e-6)).toBeCloseTo(1.16e-3, 9);
    // A 16-token prompt touches at most 16 x 8 = 128 of them: 40 x 128 x 58e-6 / 16 = 18.56 ms a token.
    expect(expertDispatchSecPerToken({ expertLayers: 40 }, { arch: arch(256, 8), promptTokens: 16, ubatchTokens: 512 }, 58e-6)).toBeCloseTo(18.56e-3, 9);
  });
  it('answers 0, never NaN, for a NaN, negative or zero call time, expert count or layer count', () => {
    const s = { arch: arch(256, 8), promptTokens: 512, ubatchTokens: 512 };
    for (const callSec of [Number.NaN, -1e-6, 0]) expect(expertDispatchSecPerToken({ expertLayers: 40 }, s, callSec)).toBe(0);
    for (const expertLayers of [Number.NaN, -3]) expect(expertDispatchSecPerToken({ expertLayers }, s, 58e-6)).toBe(0);
    expect(expertDispatchSecPerToken({ expertLayers: 40 }, { ...s, arch: arch(Number.NaN, 8) }, 58e-6)).toBe(0);
    // A broken expertsPerToken counts one expert a token; a prompt of no tokens counts one.
    expect(expertDispatchSecPerToken({ expertLayers: 40 }, { ...s, arch: arch(256, Number.NaN) }, 58e-6)).toBeCloseTo((40 * 256 * 58e-6) / 512, 12);
    expect(Number.isFinite(expertDispatchSecPerToken({ expertLayers: 40 }, { ...s, promptTokens: 0 }, 58e-6))).toBe(true);
  });

  it('costs nothing without a call time, without MoE layers on the device, or on a dense model', () => {
    const s = { arch: arch(256, 8), promptTokens: 512, ubatchTokens: 512 };
    expect(expertDispatchSecPerToken({ expertLayers: 40 }, s, 0)).toBe(0);
    expect(expertDispatchSecPerToken({ expertLayers: 0 }, s, 58e-6)).toBe(0);
    expect(expertDispatchSecPerToken({ expertLayers: 40 }, { ...s, arch: model('llama-3.1-8b-instruct').architecture }, 58e-6)).toBe(0);
  });
  it('bounds a SYCL MoE prompt below its dispatch rate; no other backend has the cost', () => {
    const b70 = hw(['Arc Pro B70'], 64);
    const callSec = BACKEND_SPEED.sycl.expertCallSec ?? 0;
    expect(callSec).toBeGreaterThan(0);
    const bound = 1 / ((40 * 256 * callSec) / 512);
    const sycl = run(b70, 'qwen3.6-35b-a3b', 'Q4_K_M', { backend: 'sycl', promptTokens: 512 }).speed?.promptTokensPerSec?.value ?? Infinity;
    expect(sycl).toBeLessThan(bound);
    for (const backend of ['cuda', 'rocm', 'vulkan', 'metal', 'cpu'] as const) expect(BACKEND_SPEED[backend].expertCallSec ?? 0).toBe(0);
  });

  /** Prompt tokens/s with SYCL's expert call time as it is and set to 0 (restored whatever happens). */
  function withAndWithoutCalls(p: HardwareProfile, id: string, o: Partial<EstimateOptions>): { on: number; off: number; cpuMoeLayers: number } {
    const sycl = BACKEND_SPEED.sycl as { expertCallSec: number };
    const kept = sycl.expertCallSec;
    const at = () => run(p, id, 'Q4_K_M', { backend: 'sycl', ...o });
    const on = at();
    try {
      sycl.expertCallSec = 0;
      return { on: on.speed?.promptTokensPerSec?.value ?? 0, off: at().speed?.promptTokensPerSec?.value ?? 0, cpuMoeLayers: on.cpuMoeLayers };
    } finally {
      sycl.expertCallSec = kept;
    }
  }

  it('adds exactly layers x experts x the call time / batch to a MoE prompt on SYCL, and nothing to a dense one', () => {
    const b70 = hw(['Arc Pro B70'], 64);
    const moe = withAndWithoutCalls(b70, 'qwen3.6-35b-a3b', { promptTokens: 512 });
    expect(1 / moe.on - 1 / moe.off).toBeCloseTo((40 * 256 * (BACKEND_SPEED.sycl.expertCallSec ?? 0)) / 512, 9);
    const dense = withAndWithoutCalls(b70, 'qwen3.5-27b', { promptTokens: 512 });
    expect(dense.on).toBe(dense.off);
  });

  it('charges a GPU for the MoE layers whose experts it holds, and for the CPU-held ones only when it multiplies them', () => {
    const perLayer = (128 * (BACKEND_SPEED.sycl.expertCallSec ?? 0)) / 64;
    // gpt-oss-120b (36 MoE layers of 128 experts) on a B70 leaves some layers' experts on the CPU (--n-cpu-moe).
    const b70 = hw(['Arc Pro B70'], 256);
    const offload = withAndWithoutCalls(b70, 'gpt-oss-120b', { promptTokens: 64 });
    expect(offload.cpuMoeLayers).toBeGreaterThan(0);
    // With a common CPU the GPU multiplies the CPU's experts too (op offload): every layer's experts are dispatched.
    expect(1 / offload.on - 1 / offload.off).toBeCloseTo(36 * perLayer, 9);
    // With a CPU fast enough to multiply its own experts, the GPU pays for its own layers only.
    const spec = { gpuNames: ['Arc Pro B70'], ramBytes: 256 * GIB, ramBandwidthBytesPerSec: 800e9, cpuCores: 128, cpuClockHz: 4e9 };
    const big = profileFromSpec(gpuIndex(), spec, '2026-11-28T00:00:00Z');
    if (!big.ok) throw new Error(big.error.message);
    const own = withAndWithoutCalls(big.value, 'gpt-oss-120b', { promptTokens: 64 });
    expect(own.cpuMoeLayers).toBeGreaterThan(0);
    expect(1 / own.on - 1 / own.off).toBeCloseTo((36 - own.cpuMoeLayers) * perLayer, 9);
  });
});

describe("a CPU's recurrent layers update their state for every prompt token (cpuRecurrentPromptSec)", () => {
  it('costs state elements x CPU_RECURRENT_PROMPT_CYCLES / (cores x clock): Qwen3.5 0.8B on 2 cores at 2.5 GHz, 3.13 ms a token', () => {
    const arch = model('qwen3.5-0.8b').architecture;
    // 18 Gated DeltaNet layers of 16 x 128 x 128 state + 3 x (2 x 2048 + 2048) conv state = 280,576 F32 elements.
    const stateBytes = 18 * 280576 * 4;
    expect(cpuRecurrentPromptSec({ stateBytes }, arch, 2 * 2.5e9)).toBeCloseTo((18 * 280576 * CPU_RECURRENT_PROMPT_CYCLES['gated-deltanet']) / 5e9, 12);
    expect(cpuRecurrentPromptSec({ stateBytes }, arch, 2 * 2.5e9)).toBeCloseTo(3.13e-3, 5);
    // Mamba-2 costs fewer cycles an element; a short convolution and a transformer nothing.
    const granite = model('granite-4.0-h-micro').architecture;
    expect(cpuRecurrentPromptSec({ stateBytes: 36 * 537344 * 4 }, granite, 5e9)).toBeCloseTo((36 * 537344 * CPU_RECURRENT_PROMPT_CYCLES.mamba2) / 5e9, 12);
    expect(CPU_RECURRENT_PROMPT_CYCLES.mamba2).toBeLessThan(CPU_RECURRENT_PROMPT_CYCLES['gated-deltanet']);
    expect(cpuRecurrentPromptSec({ stateBytes: 1e6 }, model('lfm2-350m').architecture, 5e9)).toBe(0);
    expect(cpuRecurrentPromptSec({ stateBytes: 0 }, model('llama-3.1-8b-instruct').architecture, 5e9)).toBe(0);
  });

  it('answers 0, never NaN, for a NaN, negative or zero state or core rate', () => {
    const arch = model('qwen3.5-0.8b').architecture;
    for (const stateBytes of [Number.NaN, -4, 0]) expect(cpuRecurrentPromptSec({ stateBytes }, arch, 5e9)).toBe(0);
    for (const rate of [Number.NaN, -5e9, 0]) expect(cpuRecurrentPromptSec({ stateBytes: 1e6 }, arch, rate)).toBe(0);
  });

  it('slows a hybrid prompt on the CPU by exactly that, unscaled by a measured correction, and not on a GPU', () => {
    const cycles = CPU_RECURRENT_PROMPT_CYCLES as Record<'gated-deltanet' | 'mamba2' | 'short-conv', number>;
    const kept = cycles['gated-deltanet'];
    const prompt = (p: HardwareProfile, o: Partial<EstimateOptions>) => run(p, 'qwen3.5-0.8b', 'Q4_K_M', { promptTokens: 512, ...o }).speed?.promptTokensPerSec?.value ?? 0;
    const cpuOnly = hw([], 32);
    const correction = { streamScale: 1.2, kvScale: 1.2, attentionScale: 30, perLayerSec: 0, perTokenSec: 0, promptScale: 0.5, promptExpertScale: 1, promptStreamScale: 0.2, promptPerLayerSec: 0, generationSpread: 0.1, promptSpread: 0.1 };
    const corrected = applyCalibration(cpuOnly, [{ backend: 'cpu', device: 'CPU', hardwareKey: hardwareKey(cpuOnly, 'cpu'), measuredAt: '2026-12-05T00:00:00Z', llamaCppBuild: 'test', source: 'synthetic', fitVersion: CALIBRATION_FIT_VERSION, correction, points: [] }]);
    expect(corrected.calibration?.entries).toHaveLength(1);
    const gpu = hw(['RTX 4090'], 64);
    const measure = () => ({ cpu: prompt(cpuOnly, { backend: 'cpu' }), corrected: prompt(corrected, { backend: 'cpu' }), gpu: prompt(gpu, {}) });
    const withIt = measure();
    let without: ReturnType<typeof measure>;
    try {
      cycles['gated-deltanet'] = 0;
      without = measure();
    } finally {
      cycles['gated-deltanet'] = kept;
    }
    const extra = (p: HardwareProfile) => (18 * 280576 * kept) / (p.cpu.physicalCores.value * (p.cpu.clockHz?.value ?? FALLBACK_CPU_CLOCK_HZ));
    expect(1 / withIt.cpu - 1 / without.cpu).toBeCloseTo(extra(cpuOnly), 9);
    expect(1 / withIt.corrected - 1 / without.corrected).toBeCloseTo(extra(corrected), 9);
    expect(withIt.gpu).toBe(without.gpu);
  });
});

describe("a CPU computes a generated token's attention over the cache (CPU_ATTENTION_FLOPS_PER_CYCLE)", () => {
  it('slows generation with depth by the attention FLOPs at cores x clock x 5, beside the KV bytes: Qwen3 4B, 4096 -> 8192', () => {
    const p = hw([], 64);
    const tg = (depth: number) => run(p, 'qwen3-4b', 'Q4_K_M', { backend: 'cpu', contextTokens: 16384, depthTokens: depth }).speed?.generationTokensPerSec.value ?? 0;
    const cells = 4096;
    // 36 layers x 32 query heads x 128 x 4 FLOPs a cell (QK and AV); 36 x 8 KV heads x 128 x K and V x 2 bytes a cell.
    const flops = 36 * 32 * 128 * 4 * cells;
    const kvBytes = 36 * 8 * 128 * 2 * 2 * cells;
    const coreHz = p.cpu.physicalCores.value * (p.cpu.clockHz?.value ?? FALLBACK_CPU_CLOCK_HZ);
    const bw = p.memory.bandwidthBytesPerSec?.value ?? 0;
    const hand = flops / (coreHz * CPU_ATTENTION_FLOPS_PER_CYCLE) + kvBytes / (bw * bandwidthEfficiency('cpu', bw));
    expect(1 / tg(8192) - 1 / tg(4096)).toBeCloseTo(hand, 4);
    // The compute, not the bytes, is most of it.
    expect(flops / (coreHz * CPU_ATTENTION_FLOPS_PER_CYCLE)).toBeGreaterThan(kvBytes / (bw * bandwidthEfficiency('cpu', bw)));
  });

  it('says what binds a CPU token: the RAM at a shallow depth, the attention over the context deep into it', () => {
    const p = hw([], 64);
    const at = (depth: number) => run(p, 'qwen3-4b', 'Q4_K_M', { backend: 'cpu', contextTokens: 40960, depthTokens: depth }).speed?.boundBy;
    expect(at(0)).toBe('CPU RAM bandwidth');
    expect(at(32768)).toBe('CPU attention over the context');
  });

  it('leaves a GPU to its own depth terms', () => {
    const gpu = hw(['RTX 4090'], 64);
    const tg = (depth: number) => run(gpu, 'qwen3-4b', 'Q4_K_M', { contextTokens: 16384, depthTokens: depth }).speed?.generationTokensPerSec.value ?? 0;
    const cpuTerm = (36 * 32 * 128 * 4 * 4096) / (gpu.cpu.physicalCores.value * (gpu.cpu.clockHz?.value ?? FALLBACK_CPU_CLOCK_HZ) * CPU_ATTENTION_FLOPS_PER_CYCLE);
    expect(1 / tg(8192) - 1 / tg(4096)).toBeLessThan(cpuTerm / 4);
  });
});

describe('CUDA prompt matrices on int8 tensor cores', () => {
  it('a Q4_K_M prompt then runs faster than F16 relative to its FLOPs', () => {
    const p = hw(['RTX 4090'], 64);
    const q4 = run(p, 'llama-3.1-8b-instruct', 'Q4_K_M').speed?.promptTokensPerSec?.value ?? 0;
    const f16 = run(p, 'llama-3.1-8b-instruct', 'F16').speed?.promptTokensPerSec?.value ?? 0;
    const c = BACKEND_SPEED.cuda;
    // int8 at computeEfficiency x quantizedComputeFactor x 2 against F16 at computeEfficiency / (1 + peak / halfPeak).
    const flops = p.gpus[0]?.fp16FlopsPerSec?.value ?? 0;
    const ratio = (c.computeEfficiency * c.quantizedComputeFactor * 2) / (c.computeEfficiency / (1 + flops / c.computeHalfPeak));
    expect(q4 / f16).toBeGreaterThan(0.8 * ratio);
    expect(q4 / f16).toBeLessThan(1.05 * ratio);
  });

  it('a CUDA GPU without int8 tensor cores (Tesla P40) dequantizes at its own factor, not the int8 one', () => {
    const p = hw(['Tesla P40'], 64);
    const q4 = run(p, 'llama-3.1-8b-instruct', 'Q4_K_M').speed?.promptTokensPerSec?.value ?? 0;
    const f16 = run(p, 'llama-3.1-8b-instruct', 'F16').speed?.promptTokensPerSec?.value ?? 0;
    // Dense matrices dominate an 8B prompt: quantized / F16 is close to the dequantized factor (0.92), never 0.34.
    const factor = BACKEND_SPEED.cuda.dequantizedComputeFactor ?? 0;
    expect(factor).toBe(0.92);
    expect(q4 / f16).toBeGreaterThan(0.85 * factor);
    expect(q4 / f16).toBeLessThan(1.05 * factor);
  });
});

describe('NVIDIA GPUs under Vulkan (NV_coopmat2)', () => {
  const pp = (p: HardwareProfile, q: string, backend: 'cuda' | 'vulkan') => run(p, 'llama-3.1-8b-instruct', q, { backend }).speed?.promptTokensPerSec?.value ?? 0;

  it('multiply prompt matrices at CUDA FP16 constants and its dequantized factor, not the AMD-fitted Vulkan ones', () => {
    const rtx = hw(['RTX 3090'], 64);
    // F16 matrices: the same rate as CUDA's cuBLAS path; only attention and per-layer terms (small at pp512) differ.
    const f16Ratio = pp(rtx, 'F16', 'vulkan') / pp(rtx, 'F16', 'cuda');
    expect(f16Ratio).toBeGreaterThan(0.94);
    expect(f16Ratio).toBeLessThanOrEqual(1);
    // Quantized matrices dequantize to FP16 tiles: Q4_0 / F16 near CUDA's dequantized factor (0.92), where an AMD GPU
    // under Vulkan keeps the Vulkan quantized factor (0.75).
    const c = BACKEND_SPEED.cuda.dequantizedComputeFactor ?? 0;
    const v = BACKEND_SPEED.vulkan.quantizedComputeFactor;
    expect([c, v]).toEqual([0.92, 0.75]);
    const nvidia = pp(rtx, 'Q4_0', 'vulkan') / pp(rtx, 'F16', 'vulkan');
    expect(nvidia).toBeGreaterThan(0.9);
    expect(nvidia).toBeLessThan(1.05 * c);
    const amd = hw(['RX 7900 XTX'], 64);
    const amdRatio = pp(amd, 'Q4_0', 'vulkan') / pp(amd, 'F16', 'vulkan');
    expect(amdRatio).toBeGreaterThan(0.85 * v);
    expect(amdRatio).toBeLessThan(1.05 * v);
  });

  it('apply the same constants to the CPU layers a GPU multiplies in a prompt (op offload) as to its own', () => {
    // A model far bigger than the card: most layers on the CPU, whose prompt matrices the GPU multiplies per ubatch.
    const small = hw(['RTX 3090'], 256, 4 * GIB);
    const opts = { backend: 'vulkan' as const, ubatchTokens: 4096, promptTokens: 4096 };
    const q4 = run(small, 'llama-3.3-70b-instruct', 'Q4_0', opts);
    const f16 = run(small, 'llama-3.3-70b-instruct', 'F16', opts);
    expect(q4.fit).toBe('partial');
    // Per token: the matrices (140 GFLOP over 142 TFLOPS x the rate) plus the PCIe copy of the CPU's weights over
    // 4096 tokens (Q4_0 ~0.4 ms, F16 ~1.4 ms). At CUDA's rates (Q4_0 0.426, F16 0.463 of peak) Q4_0 runs ~1.3x the
    // F16 speed; at Vulkan's (0.321, 0.428) it would run ~1.06x.
    const ratio = (q4.speed?.promptTokensPerSec?.value ?? 0) / (f16.speed?.promptTokensPerSec?.value ?? 1);
    expect(ratio).toBeGreaterThan(1.15);
  });

  it('carry the build-dependence note of the Vulkan backend, naming the backend rather than a vendor; CUDA does not', () => {
    const rtx = hw(['RTX 3090'], 64);
    const note = (backend: 'cuda' | 'vulkan') => run(rtx, 'llama-3.1-8b-instruct', 'Q4_0', { backend }).notes.find((n) => n.includes('depends on the llama.cpp build'));
    expect(note('vulkan')).toMatch(/^Prompt speed with ROCm, Vulkan and SYCL depends on the llama\.cpp build/);
    expect(note('cuda')).toBeUndefined();
  });

  it('warn that BF16 weights under Vulkan are not modelled, and say nothing of it for F16 or under CUDA', () => {
    const rtx = hw(['RTX 3090'], 64);
    const bf16Note = (q: string, backend: 'cuda' | 'vulkan') => run(rtx, 'llama-3.1-8b-instruct', q, { backend }).notes.some((n) => n.startsWith('BF16 weights under Vulkan'));
    expect(bf16Note('BF16', 'vulkan')).toBe(true);
    expect(bf16Note('F16', 'vulkan')).toBe(false);
    expect(bf16Note('BF16', 'cuda')).toBe(false);
  });

  it('keep the Vulkan constants on Turing and on NVIDIA GPUs without tensor cores (GTX 16xx), as AMD GPUs do', () => {
    const named = (vendor: 'nvidia' | 'amd', name: string, computeCapability: string | null) => ({ vendor, name: { value: name, source: 'user' as const, confidence: 'high' as const }, computeCapability });
    expect(matrixConstantsFor('vulkan', named('nvidia', 'NVIDIA GeForce RTX 3090', '8.6'))).toBe('cuda');
    expect(matrixConstantsFor('vulkan', named('nvidia', 'NVIDIA GeForce RTX 4090', null))).toBe('cuda');
    // Turing keeps the Vulkan constants (its one public row runs at 0.65x of the CUDA-constant rate).
    expect(matrixConstantsFor('vulkan', named('nvidia', 'NVIDIA GeForce RTX 2080 Ti', '7.5'))).toBe('vulkan');
    expect(matrixConstantsFor('vulkan', named('nvidia', 'NVIDIA GeForce RTX 2070', null))).toBe('vulkan');
    // The RTX 2050 is an Ampere chip (GA107) despite its number.
    expect(matrixConstantsFor('vulkan', named('nvidia', 'NVIDIA GeForce RTX 2050 Laptop GPU', null))).toBe('cuda');
    expect(matrixConstantsFor('vulkan', named('nvidia', 'NVIDIA GeForce RTX 5090', '12.0'))).toBe('cuda');
    expect(matrixConstantsFor('vulkan', named('nvidia', 'NVIDIA GeForce GTX 1660 SUPER', '7.5'))).toBe('vulkan');
    expect(matrixConstantsFor('vulkan', named('amd', 'AMD Radeon RX 7900 XTX', null))).toBe('vulkan');
    expect(matrixConstantsFor('cuda', named('nvidia', 'NVIDIA GeForce RTX 3090', '8.6'))).toBe('cuda');
    expect(matrixConstantsFor('rocm', named('amd', 'AMD Radeon RX 7900 XTX', null))).toBe('rocm');
  });
});

describe('where the MoE effects apply', () => {
  it('Metal multiplies routed experts without the tile factor; CUDA, ROCm, Vulkan and SYCL with it', () => {
    expect(BACKEND_SPEED.metal.expertTileHalfColumns).toBeUndefined();
    expect(BACKEND_SPEED.cpu.expertTileHalfColumns).toBeUndefined();
    for (const b of ['cuda', 'rocm', 'vulkan', 'sycl'] as const) expect(BACKEND_SPEED[b].expertTileHalfColumns).toBe(64);
  });
});

describe('attention work layer by layer', () => {
  it("counts a full-attention layer's own query heads in prompt attention (Step-3.5-Flash: 64 on full layers, 96 on sliding ones)", () => {
    const step = model('step-3.5-flash');
    const g = step.architecture.globalAttention;
    if (!g) throw new Error('fixture');
    const as96 = { ...step, architecture: { ...step.architecture, globalAttention: { ...g, attentionHeads: 96 } } };
    const mac = hw(['Apple M3 Ultra (80-core GPU)'], 512);
    const pp = (m: typeof step) => estimate(mac, m, quant('Q4_K_M'), { ...DEFAULT_OPTIONS, useFreeVram: false, contextTokens: 65536, depthTokens: 32768 });
    const a = pp(step);
    const b = pp(as96);
    if (!a.ok || !b.ok) throw new Error('estimate');
    // At 32k of context the 12 full layers' attention is most of a prompt token's work: fewer heads, faster.
    expect(a.value.speed?.promptTokensPerSec?.value ?? 0).toBeGreaterThan((b.value.speed?.promptTokensPerSec?.value ?? 0) * 1.1);
    // The weights differ only by the full layers' q and output matrices: 12 x 2 x 4096 x 32 x 128 elements.
    expect(countParameters(as96.architecture).total - countParameters(step.architecture).total).toBe(12 * 2 * 4096 * 32 * 128);
    expect(b.value.memory.weightsBytes).toBeGreaterThan(a.value.memory.weightsBytes);
  });

  it('sizes the F32 scores without flash attention by the full layers\' own heads over the context (hand-computed for Step-3.5-Flash at 32k)', () => {
    const arch = model('step-3.5-flash').architecture;
    const b = computeBuffers(arch, { contextTokens: 32768, ubatchTokens: 512, flashAttention: false });
    // 64 heads x 32768 cells (full layers) beats 96 x 1024 (sliding layers: window 512 + ubatch 512); plus the F16 mask.
    const scores = 4 * 64 * 32768 * 512 + 2 * 32768 * 512;
    expect(b.otherDeviceBytes).toBe(scores + 4 * 512 * 4096);
  });
});

describe('CUDA without graphs before Volta', () => {
  const named = (name: string, computeCapability: string | null) => ({ vendor: 'nvidia' as const, name: { value: name, source: 'user' as const, confidence: 'high' as const }, computeCapability });

  it('pays the per-layer cost of launching each kernel on its own below compute capability 7.0 (no graphs before Volta), under CUDA only', () => {
    expect(perLayerSecFor('cuda', named('NVIDIA Tesla P40', '6.1'))).toBe(CUDA_NO_GRAPHS_LAYER_SEC);
    expect(perLayerSecFor('cuda', named('NVIDIA GeForce GTX 1080 Ti', '6.1'))).toBe(CUDA_NO_GRAPHS_LAYER_SEC);
    // Volta and Turing have had graphs since llama.cpp PR #25749 (July 2026).
    for (const [name, cc] of [['NVIDIA Tesla V100 PCIe 32GB', '7.0'], ['NVIDIA GeForce RTX 2080 Ti', '7.5'], ['NVIDIA GeForce GTX 1660 SUPER', '7.5'], ['NVIDIA Tesla T4', '7.5'], ['NVIDIA GeForce RTX 3090', '8.6']] as const)
      expect(perLayerSecFor('cuda', named(name, cc)), name).toBe(BACKEND_SPEED.cuda.perLayerSec);
    // Without a compute capability (a name typed in, an lspci name) the name decides.
    for (const name of ['NVIDIA Tesla P40', 'NVIDIA GeForce GTX 1080 Ti', 'GP102 [GeForce GTX 1080 Ti]', 'NVIDIA TITAN Xp', 'NVIDIA GeForce MX250'])
      expect(perLayerSecFor('cuda', named(name, null)), name).toBe(CUDA_NO_GRAPHS_LAYER_SEC);
    for (const name of ['NVIDIA GeForce RTX 4090', 'NVIDIA H100 PCIe', 'NVIDIA RTX 2000 Ada Generation', 'NVIDIA GeForce RTX 2050 Laptop GPU', 'GA107 [GeForce RTX 2050]', 'NVIDIA T1000 8GB', 'NVIDIA Tesla V100-SXM2-32GB', 'Tesla A100'])
      expect(perLayerSecFor('cuda', named(name, null)), name).toBe(BACKEND_SPEED.cuda.perLayerSec);
    expect(perLayerSecFor('vulkan', named('NVIDIA Tesla P40', '6.1'))).toBe(BACKEND_SPEED.vulkan.perLayerSec);
  });

  it("adds (110 - 24) µs a layer to a P40's token: Gemma 3 4B's 34 layers, 2.9 ms", () => {
    const p40 = hw(['Tesla P40'], 64);
    const asAmpere: HardwareProfile = { ...p40, gpus: p40.gpus.map((g) => ({ ...g, computeCapability: '7.0' })) };
    const tg = (p: HardwareProfile) => run(p, 'gemma-3-4b-it', 'Q4_0', { backend: 'cuda', depthTokens: 0 }).speed?.generationTokensPerSec.value ?? 0;
    const extra = 1 / tg(p40) - 1 / tg(asAmpere);
    expect(extra).toBeCloseTo(34 * (CUDA_NO_GRAPHS_LAYER_SEC - BACKEND_SPEED.cuda.perLayerSec), 5);
  });
});

describe('Intel GPUs under Vulkan', () => {
  it('stream weights at INTEL_VULKAN_STREAM_SCALE of the Vulkan efficiency in generation; other vendors and SYCL at all of it', () => {
    const b580 = hw(['Intel Arc B580'], 64);
    // The same card under another vendor's name: same bandwidth, same layers, only the vendor differs.
    const asAmd: HardwareProfile = { ...b580, gpus: b580.gpus.map((g) => ({ ...g, vendor: 'amd' as const })) };
    const tg = (p: HardwareProfile) => run(p, 'llama-3.1-8b-instruct', 'Q4_K_M', { backend: 'vulkan', depthTokens: 0 }).speed?.generationTokensPerSec.value ?? 0;
    // Per token: the weight stream over bandwidth x efficiency, plus 32 layers x 50 us that the scale leaves alone.
    const fixed = 32 * BACKEND_SPEED.vulkan.perLayerSec;
    const streamRatio = (1 / tg(b580) - fixed) / (1 / tg(asAmd) - fixed);
    expect(streamRatio).toBeGreaterThan((1 / INTEL_VULKAN_STREAM_SCALE) * 0.98);
    expect(streamRatio).toBeLessThan((1 / INTEL_VULKAN_STREAM_SCALE) * 1.02);
    const gpu = (vendor: 'intel' | 'amd', name: string) => ({ vendor, name: { value: name, source: 'user' as const, confidence: 'high' as const } });
    expect(streamScaleFor('vulkan', gpu('intel', 'Intel Arc B580'))).toBe(INTEL_VULKAN_STREAM_SCALE);
    expect(streamScaleFor('sycl', gpu('intel', 'Intel Arc B580'))).toBe(1);
    expect(streamScaleFor('vulkan', gpu('amd', 'AMD Radeon RX 7900 XTX'))).toBe(1);
  });

  it('stream AMD GCN and RDNA1 weights at AMD_GCN_STREAM_SCALE under ROCm and Vulkan; RDNA2 and later at the full efficiency', () => {
    const gpu = (name: string) => ({ vendor: 'amd' as const, name: { value: name, source: 'user' as const, confidence: 'high' as const } });
    for (const name of ['AMD Radeon Instinct MI50', 'AMD Radeon RX 580', 'AMD Radeon RX 470', 'AMD Radeon RX 5700 XT', 'AMD Radeon RX 5500 XT', 'AMD Radeon VII', 'AMD Radeon RX Vega 64'])
      for (const backend of ['rocm', 'vulkan'] as const) expect(streamScaleFor(backend, gpu(name)), `${name} ${backend}`).toBe(AMD_GCN_STREAM_SCALE);
    for (const name of ['AMD Radeon RX 6800 XT', 'AMD Radeon RX 7900 XTX', 'AMD Radeon RX 9070 XT', 'AMD Radeon 8060S', 'AMD Instinct MI300X', 'AMD Radeon AI PRO R9700'])
      expect(streamScaleFor('rocm', gpu(name)), name).toBe(1);
    // Names as drivers, lspci and OEMs give them, beyond the table's.
    const gcnOrRdna1 = ['AMD Radeon RX 580X', 'Radeon RX 560X', 'AMD Radeon RX 5600M', 'AMD Radeon RX 5500M', 'AMD Radeon RX 5300', 'AMD Radeon RX 540',
      'AMD Radeon Pro W5700', 'AMD Radeon Pro 5500M', 'Radeon Pro WX 7100', 'AMD Radeon Pro 580X', 'AMD Radeon Pro 555', 'Radeon Vega 8 Graphics', 'AMD Radeon Pro VII', 'AMD Instinct MI8',
      'Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]', 'Navi 10 [Radeon RX 5600 OEM/5600 XT / 5700/5700 XT]'];
    const later = ['AMD Radeon RX 6600', 'AMD Radeon RX 7600', 'AMD Radeon PRO W6800', 'AMD Radeon PRO W7900', 'AMD Radeon 780M', 'AMD Radeon 890M', 'AMD Instinct MI100', 'AMD Instinct MI250X',
      'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', 'Navi 31 [Radeon RX 7900 XT/7900 XTX]', 'Navi 48 [Radeon RX 9070/9070 XT]'];
    for (const name of gcnOrRdna1) expect(AMD_GCN_RDNA1_NAME.test(name), name).toBe(true);
    for (const name of later) expect(AMD_GCN_RDNA1_NAME.test(name), name).toBe(false);
    // The estimate follows it: the MI50's weight stream takes 1 / AMD_GCN_STREAM_SCALE as long as the same card's would at full efficiency.
    const mi50 = hw(['AMD Radeon Instinct MI50'], 64);
    const asRdna: HardwareProfile = { ...mi50, gpus: mi50.gpus.map((g) => ({ ...g, name: { ...g.name, value: 'AMD Radeon RX 7900 XTX' } })) };
    const tg = (p: HardwareProfile) => run(p, 'llama-3.1-8b-instruct', 'Q4_0', { backend: 'rocm', depthTokens: 0 }).speed?.generationTokensPerSec.value ?? 0;
    const fixed = 32 * BACKEND_SPEED.rocm.perLayerSec;
    const ratio = (1 / tg(mi50) - fixed) / (1 / tg(asRdna) - fixed);
    expect(ratio).toBeGreaterThan((1 / AMD_GCN_STREAM_SCALE) * 0.98);
    expect(ratio).toBeLessThan((1 / AMD_GCN_STREAM_SCALE) * 1.02);
  });

  it('say off Windows (Linux, or a what-if machine) that Mesa measured slower than the Windows rows the scale rests on; and for prompts everywhere', () => {
    const on = (platform: string) => (p: HardwareProfile): HardwareProfile => ({ ...p, os: { ...p.os, platform } });
    const notes = (p: HardwareProfile) => run(p, 'llama-3.1-8b-instruct', 'Q4_K_M', { backend: 'vulkan' }).notes;
    const linuxNote = (p: HardwareProfile) => notes(p).some((n) => n.startsWith('Intel GPU under Vulkan: this generation estimate follows Windows'));
    const promptNote = (p: HardwareProfile) => notes(p).some((n) => n.startsWith('Intel GPU under Vulkan: this prompt estimate follows Windows measurements') && n.includes("Mesa's ANV driver"));
    const arc = hw(['Intel Arc B580'], 64);
    expect(arc.os.platform).toBe('what-if');
    expect(linuxNote(arc)).toBe(true);
    expect(linuxNote(on('linux')(arc))).toBe(true);
    expect(linuxNote(on('win32')(arc))).toBe(false);
    expect(promptNote(on('win32')(arc))).toBe(true);
    expect(linuxNote(on('linux')(hw(['RX 7900 XTX'], 64)))).toBe(false);
    expect(promptNote(on('linux')(hw(['RX 7900 XTX'], 64)))).toBe(false);
  });

  it('multiplies prompt matrices at INTEL_VULKAN_MATRIX_SCALE of the Vulkan rate; other vendors and SYCL at all of it', () => {
    const b580 = hw(['Intel Arc B580'], 64);
    const asAmd: HardwareProfile = { ...b580, gpus: b580.gpus.map((g) => ({ ...g, vendor: 'amd' as const })) };
    const pp = (p: HardwareProfile, backend: 'vulkan' | 'sycl') =>
      run(p, 'llama-3.1-8b-instruct', 'Q4_K_M', { backend, depthTokens: 0 }).speed?.promptTokensPerSec?.value ?? 0;
    // Per prompt token: matrices and attention at the scaled rate, plus 32 layers x 50 us over the 512-token batch and
    // the attention scores' bytes, which the scale leaves alone (under 2 % of the AMD card's time here).
    const ratio = pp(asAmd, 'vulkan') / pp(b580, 'vulkan');
    expect(ratio).toBeGreaterThan((1 / INTEL_VULKAN_MATRIX_SCALE) * 0.97);
    expect(ratio).toBeLessThan(1 / INTEL_VULKAN_MATRIX_SCALE);
    // The same scale where a partial offload multiplies the CPU's layers on the GPU (op offload): Llama 3.1 70B on the
    // 12 GB card holds 20 of 80 layers there, and the ratio stays far from the 1.3 it is with op offload unscaled.
    const pp70 = (p: HardwareProfile) => run(p, 'llama-3.1-70b-instruct', 'Q4_K_M', { backend: 'vulkan', depthTokens: 0 });
    expect(pp70(b580).fit).toBe('partial');
    expect((pp70(asAmd).speed?.promptTokensPerSec?.value ?? 0) / (pp70(b580).speed?.promptTokensPerSec?.value ?? 1)).toBeGreaterThan(2);
    // Bytes are not scaled: gpt-oss 20B reads its held experts once per batch at the memory's pace, which the Intel card
    // pays at the AMD card's rate (2.78 here; 3.07 if the expert stream took the scale too) ...
    const ppMoe = (p: HardwareProfile) => run(p, 'gpt-oss-20b', 'MXFP4_MOE', { backend: 'vulkan', depthTokens: 0 }).speed?.promptTokensPerSec?.value ?? 0;
    expect(ppMoe(asAmd) / ppMoe(b580)).toBeLessThan(2.95);
    // ... and so are the attention scores read without flash attention at depth (2.32; 2.67 if they took the scale).
    const ppDeep = (p: HardwareProfile) =>
      run(p, 'llama-3.1-8b-instruct', 'Q4_K_M', { backend: 'vulkan', depthTokens: 16384, contextTokens: 32768, flashAttention: false }).speed?.promptTokensPerSec?.value ?? 0;
    expect(ppDeep(asAmd) / ppDeep(b580)).toBeLessThan(2.5);
    const gpu = (vendor: 'intel' | 'amd') => ({ vendor });
    expect(matrixScaleFor('vulkan', gpu('intel'))).toBe(INTEL_VULKAN_MATRIX_SCALE);
    expect(matrixScaleFor('sycl', gpu('intel'))).toBe(1);
    expect(matrixScaleFor('vulkan', gpu('amd'))).toBe(1);
  });

  it('multiplies prompt matrices at the vector rate (a quarter of XMX), with SYCL at the XMX rate', () => {
    const arc = hw(['Intel Arc A770 16GB'], 64);
    const vulkan = run(arc, 'llama-3.1-8b-instruct', 'Q4_K_M', { backend: 'vulkan' }).speed?.promptTokensPerSec?.value ?? 0;
    const sycl = run(arc, 'llama-3.1-8b-instruct', 'Q4_K_M', { backend: 'sycl' }).speed?.promptTokensPerSec?.value ?? 0;
    expect(vulkan).toBeGreaterThan(0);
    expect(sycl / vulkan).toBeGreaterThan(2);
  });
});

describe('a CPU multiplies each quantized type at its own rate in a prompt (cpuPromptTypeScale)', () => {
  it('is the weights-weighted harmonic mean of the types\' rates over the Q4_K_M reference, hand-computed', () => {
    const x86 = CPU_PROMPT_TYPE_RATE_X86;
    // Q4_K_M's mix of the measured shape: 85.5 % Q4_K, 14.5 % Q6_K -> 1 / (0.855 + 0.145 / 0.423) = 0.8356, the reference.
    expect(cpuPromptTypeScale({ Q4_K: 855, Q6_K: 145 }, x86)).toBeCloseTo(1 / (0.855 + 0.145 / 0.423) / 0.835, 6);
    expect(cpuPromptTypeScale({ Q4_K: 855, Q6_K: 145 }, x86)).toBeCloseTo(1, 2);
    expect(cpuPromptTypeScale({ Q8_0: 7e9 }, x86)).toBeCloseTo(0.636 / 0.835, 6);
    expect(cpuPromptTypeScale({ Q6_K: 1 }, x86)).toBeCloseTo(0.423 / 0.835, 6);
    expect(cpuPromptTypeScale({ Q4_0: 959, Q4_1: 41 }, x86)).toBeCloseTo(1 / (0.959 / 1.36 + 0.041 / 0.245) / 0.835, 6);
    // Float weights take the float path and do not count; an ISA without rates gives 1.
    expect(cpuPromptTypeScale({ Q8_0: 1, F32: 1e9, F16: 1e9 }, x86)).toBeCloseTo(0.636 / 0.835, 6);
    expect(cpuPromptTypeScale({ F16: 1e9 }, x86)).toBe(1);
    expect(cpuPromptTypeScale({ Q6_K: 1 }, null)).toBe(1);
    expect(CPU_PROMPT_TYPE_REFERENCE).toBeCloseTo(1 / (0.855 + 0.145 / (x86.Q6_K ?? 1)), 2);
  });

  it('gives the measured table to x86 CPUs with AVX-512, where it was measured, and none to AVX2-only x86 or ARM', () => {
    expect(cpuPromptTypeRates(['sse4_2', 'avx2', 'avx512f', 'avx512_vnni'])).toBe(CPU_PROMPT_TYPE_RATE_X86);
    expect(cpuPromptTypeRates(['avx2', 'fma', 'avx_vnni'])).toBeNull();
    expect(cpuPromptTypeRates(['neon', 'dotprod', 'i8mm'])).toBeNull();
  });

  it('makes a Q6_K or Q8_0 prompt slower than a Q4_K_M one on an AVX-512 CPU, not on an ARM one', () => {
    const what = hw([], 64);
    const x86: HardwareProfile = { ...what, cpu: { ...what.cpu, isa: ['avx2', 'avx512f', 'avx512_vnni'] } };
    const arm: HardwareProfile = { ...what, cpu: { ...what.cpu, isa: ['neon', 'dotprod'] } };
    const at = (p: HardwareProfile, q: string) => run(p, 'llama-3.1-8b-instruct', q, { backend: 'cpu', promptTokens: 512 }).speed;
    const pp = (p: HardwareProfile, q: string) => at(p, q)?.promptTokensPerSec?.value ?? 0;
    expect(pp(x86, 'Q6_K') / pp(x86, 'Q4_K_M')).toBeLessThan(0.65);
    expect(pp(x86, 'Q6_K') / pp(x86, 'Q4_K_M')).toBeGreaterThan(0.4);
    expect(pp(x86, 'Q8_0') / pp(x86, 'Q4_K_M')).toBeLessThan(0.85);
    expect(pp(x86, 'IQ4_XS') / pp(x86, 'Q4_K_M')).toBeGreaterThan(1.2);
    expect(pp(arm, 'Q6_K') / pp(arm, 'Q4_K_M')).toBeGreaterThan(0.9);
  });

  it('tells a CPU user when the type has no fast kernel there, with its share of a Q4_K_M rate', () => {
    const what = hw([], 64);
    const x86: HardwareProfile = { ...what, cpu: { ...what.cpu, isa: ['avx2', 'avx512f', 'avx512_vnni'] } };
    const arm: HardwareProfile = { ...what, cpu: { ...what.cpu, isa: ['neon', 'dotprod'] } };
    const note = (p: HardwareProfile, q: string, id = 'llama-3.1-8b-instruct') => run(p, id, q, { backend: 'cpu' }).notes.find((n) => n.includes('no fast prompt kernel'));
    expect(note(x86, 'Q6_K')).toContain('for Q6_K (100 % of this file');
    expect(note(x86, 'Q6_K')).toContain('about 51 % of a Q4_K_M');
    expect(note(x86, 'Q5_K_M')).toMatch(/for Q5_K and Q6_K \(100 % of this file's layer weights\): prompt processing runs at about \d+ % of a Q4_K_M/);
    expect(note(x86, 'Q4_K_M')).toBeUndefined();
    expect(note(x86, 'IQ4_XS')).toBeUndefined();
    expect(note(arm, 'Q6_K')).toBeUndefined();
    // Gemma 3 1B is 1152 wide, not a multiple of 256: its Q4_K_M file is mostly Q5_0 fallbacks (65 %), with Q6_K (15 %).
    expect(note(x86, 'Q4_K_M', 'gemma-3-1b-it')).toMatch(/for Q5_0, Q6_K and Q8_0 \(81 % of this file's layer weights\)/);
    expect(note(x86, 'Q4_0', 'gemma-3-1b-it')).toBeUndefined();
    // a GPU runs the prompt: no CPU note
    expect(run({ ...hw(['RTX 4090'], 64), cpu: x86.cpu }, 'llama-3.1-8b-instruct', 'Q6_K').notes.some((n) => n.includes('no fast prompt kernel'))).toBe(false);
  });

  it('counts the layer weights by type, experts at their active share: they add up to the active parameters less the embedding and output', () => {
    const w = weightBreakdown(model('qwen3-30b-a3b').architecture, quant('Q4_K_M'));
    const total = Object.values(w.layerElementsByType).reduce((a, b) => a + (b ?? 0), 0);
    const arch = model('qwen3-30b-a3b').architecture;
    const active = countParameters(arch).active - arch.vocabSize * arch.hiddenSize * (arch.tiedEmbeddings ? 1 : 2);
    expect(total / active).toBeGreaterThan(0.99);
    expect(total / active).toBeLessThan(1.01);
  });
});
