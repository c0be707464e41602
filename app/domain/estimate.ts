export const KV_CACHE_TYPES = ['f16', 'q8_0', 'q4_0'] as const;
export type KvCacheType = (typeof KV_CACHE_TYPES)[number];

export const RUNTIMES = ['llama.cpp', 'ollama', 'lmstudio', 'mlx'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/**
 * llama.cpp's compute backends. The same GPU runs through several of them with different speeds (prompt
 * processing up to 4x apart on one card), so the backend is an input; unset, the one the machine would use
 * (defaultBackend in app/estimator/devices.ts).
 */
export const BACKENDS = ['cuda', 'rocm', 'vulkan', 'metal', 'sycl', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface EstimateOptions {
  readonly contextTokens: number;
  readonly kvCacheType: KvCacheType;
  readonly flashAttention: boolean;
  /** Prompt length for prompt processing and time to first token. */
  readonly promptTokens: number;
  /** Tokens already in the context when generation is measured (each generated token reads the KV cache). */
  readonly depthTokens: number;
  readonly ubatchTokens: number;
  readonly runtime: Runtime;
  /** Plan against free VRAM (what runtimes do) rather than total. */
  readonly useFreeVram: boolean;
  /** Include the vision projector (mmproj) of a multimodal model. */
  readonly includeVision: boolean;
  /** llama.cpp backend for the GPUs; unset: the machine's default (CUDA on NVIDIA, Metal on Apple, ...). 'cpu': no offload. */
  readonly backend?: Backend | undefined;
}

export type FitKind = 'full-gpu' | 'partial' | 'cpu-only' | 'disk' | 'none';

export interface SpeedRange {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface DeviceUse {
  readonly deviceId: string;
  readonly name: string;
  readonly usedBytes: number;
  readonly capacityBytes: number;
  readonly layers: number;
}

export interface MemoryEstimate {
  readonly weightsBytes: number;
  readonly kvCacheBytes: number;
  readonly computeBytes: number;
  readonly overheadBytes: number;
  readonly visionBytes: number;
  readonly totalBytes: number;
  readonly gpuBytes: number;
  readonly cpuBytes: number;
  readonly devices: readonly DeviceUse[];
  /** Smallest spare capacity left on any device used (negative: short by that much). */
  readonly headroomBytes: number;
}

export interface SpeedEstimate {
  readonly generationTokensPerSec: SpeedRange;
  /** Null when a GPU that holds layers has no FP16 compute figure (generation needs only bandwidth). */
  readonly promptTokensPerSec: SpeedRange | null;
  readonly timeToFirstTokenSec: SpeedRange | null;
  /** The device whose bandwidth or compute bounds the speed, in words. */
  readonly boundBy: string;
  /** Present when the speed rests on measurements of this machine with real llama.cpp (`llm-sizer bench`). */
  readonly calibration?: { readonly backends: readonly string[]; readonly measuredAt: string } | undefined;
}

export interface LaunchSettings {
  readonly llamaCpp: string;
  readonly ollama: string;
  readonly lmStudio: string;
}

export interface Estimate {
  readonly modelId: string;
  readonly modelName: string;
  readonly quant: string;
  readonly contextTokens: number;
  readonly fit: FitKind;
  readonly gpuLayers: number;
  readonly totalLayers: number;
  /** Layers whose routed experts stay on the CPU (llama.cpp --n-cpu-moe). */
  readonly cpuMoeLayers: number;
  readonly memory: MemoryEstimate;
  /** Null when the speed cannot be estimated (a GPU with no bandwidth figure: an unknown card). */
  readonly speed: SpeedEstimate | null;
  readonly launch: LaunchSettings;
  readonly notes: readonly string[];
}
