import type { LaunchSettings } from '../domain/estimate';
import type { KvCacheType } from './kv-cache';

export interface LaunchInputs {
  readonly ggufFile: string;
  readonly ollamaTag: string;
  readonly contextTokens: number;
  readonly gpuLayers: number;
  readonly totalLayers: number;
  readonly cpuMoeLayers: number;
  readonly kvCacheType: KvCacheType;
  readonly flashAttention: boolean;
  /** MLX weights (MLX_4BIT...): mlx-lm and LM Studio's MLX engine run them; llama.cpp and Ollama do not. */
  readonly mlxBits?: number | undefined;
  /** The model's Hugging Face repo name (without owner), for the mlx-community repo name. */
  readonly repoName?: string | undefined;
  /** Layers per GPU when there are several (printed as llama.cpp's -ts, which splits by these proportions). */
  readonly tensorSplit?: readonly number[] | undefined;
  /**
   * CPU threads measured faster for generation than every core (llm-sizer bench), with the prompt's count: printed as
   * llama.cpp's -t (generation) and -tb (batches) when the CPU takes part.
   */
  readonly cpuThreads?: { readonly generation: number; readonly prompt: number } | undefined;
}

/**
 * Commands that reproduce the estimate. llama.cpp: -ngl counts the output layer (layers + 1 = all),
 * -ctk/-ctv set the KV cache type, --n-cpu-moe keeps the experts of the first N layers on the CPU.
 * Ollama: num_ctx and num_gpu (layers) as /set parameter lines; the KV type is the server-wide
 * OLLAMA_KV_CACHE_TYPE. LM Studio: lms load --gpu takes a fraction (or max/off) and --context-length.
 */
export function launchSettings(i: LaunchInputs): LaunchSettings {
  if (i.mlxBits !== undefined) {
    // mlx-community publishes conversions as <repo name>-<bits>bit (e.g. mlx-community/Qwen3-30B-A3B-4bit).
    const repo = `mlx-community/${i.repoName ?? 'MODEL'}-${i.mlxBits}bit`;
    return {
      llamaCpp: `mlx_lm.server --model ${repo}  # MLX weights: llama.cpp runs GGUF files instead`,
      ollama: 'Ollama runs GGUF files, not MLX weights: choose a GGUF quantization for Ollama',
      lmStudio: `lms get ${repo} && lms load ${repo} --context-length ${i.contextTokens}`,
    };
  }
  const fa = i.flashAttention ? 'on' : 'off';
  const kv = i.kvCacheType === 'f16' ? '' : ` -ctk ${i.kvCacheType} -ctv ${i.kvCacheType}`;
  const moe = i.cpuMoeLayers > 0 ? ` --n-cpu-moe ${i.cpuMoeLayers}` : '';
  const split = i.tensorSplit && i.tensorSplit.length > 1 ? ` -ts ${i.tensorSplit.join(',')}` : '';
  const threads = i.cpuThreads ? ` -t ${i.cpuThreads.generation} -tb ${i.cpuThreads.prompt}` : '';
  const llamaCpp = `llama-server -m ${i.ggufFile} -c ${i.contextTokens} -ngl ${i.gpuLayers} -fa ${fa}${kv}${moe}${split}${threads}`;
  const kvEnv = i.kvCacheType === 'f16' ? '' : `OLLAMA_KV_CACHE_TYPE=${i.kvCacheType} `;
  const faEnv = i.flashAttention ? 'OLLAMA_FLASH_ATTENTION=1 ' : '';
  const ollama = `${faEnv}${kvEnv}ollama serve  # then: ollama run ${i.ollamaTag}, /set parameter num_ctx ${i.contextTokens}, /set parameter num_gpu ${i.gpuLayers}`;
  const fraction = i.gpuLayers === 0 ? 'off' : i.gpuLayers > i.totalLayers ? 'max' : (Math.min(i.gpuLayers, i.totalLayers) / i.totalLayers).toFixed(2);
  const lmStudio = `lms load ${i.ggufFile} --gpu ${fraction} --context-length ${i.contextTokens}`;
  return { llamaCpp, ollama, lmStudio };
}
