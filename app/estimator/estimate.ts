import { err, ok } from '../api/result';
import type { Result } from '../api/result';
import type { DeviceUse, Estimate, EstimateOptions, FitKind } from '../domain/estimate';
import type { HardwareProfile } from '../domain/hardware';
import type { ModelArchitecture, ModelSpec } from '../domain/model';
import { layoutFor } from './allocate';
import type { LayerCosts, Layout } from './allocate';
import { computeBuffers } from './compute-buffer';
import { backendRunsOn, defaultBackend, FIT_MARGIN_BYTES, planDevices, systemRamTakenBy } from './devices';
import type { PlanDevice } from './devices';
import { kvCacheSize } from './kv-cache';
import { launchSettings } from './launch';
import type { QuantType } from './quant-types';
import { cpuPromptTypeScale, estimateSpeed, slowCpuPromptTypes } from './speed';
import { countParameters } from './tensors';
import { weightBreakdown, weightPrefix } from './weights';
import type { WeightBreakdown, WeightPrefix } from './weights';

export const DEFAULT_OPTIONS: EstimateOptions = {
  contextTokens: 8192,
  kvCacheType: 'f16',
  flashAttention: true,
  promptTokens: 512,
  depthTokens: 512,
  ubatchTokens: 512,
  runtime: 'llama.cpp',
  useFreeVram: true,
  includeVision: false,
};

function checkInt(name: string, v: number, min: number, max: number): string | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return `${name} must be a whole number, got ${String(v)}`;
  if (v < min || v > max) return `${name} must be between ${min} and ${max}, got ${v}`;
  return null;
}

const MAX_TOKENS = 16_777_216;

function checkOptions(o: EstimateOptions): string | null {
  const bad =
    checkInt('contextTokens', o.contextTokens, 1, MAX_TOKENS) ??
    checkInt('promptTokens', o.promptTokens, 0, MAX_TOKENS) ??
    checkInt('depthTokens', o.depthTokens, 0, MAX_TOKENS) ??
    checkInt('ubatchTokens', o.ubatchTokens, 1, 65_536);
  if (bad) return bad;
  if (o.depthTokens > o.contextTokens) return `depthTokens (${o.depthTokens}) cannot exceed contextTokens (${o.contextTokens})`;
  if (o.kvCacheType !== 'f16' && !o.flashAttention)
    return `a ${o.kvCacheType} KV cache needs flash attention: llama.cpp refuses a quantized V cache without it`;
  return null;
}

/**
 * MLX runs only MLX weights, only on Apple Silicon, and has no CPU offload (mlx-lm keeps the whole model in
 * unified memory); llama.cpp, Ollama and LM Studio run GGUF files.
 */
function checkRuntime(o: EstimateOptions, quant: QuantType, p: HardwareProfile): string | null {
  if (o.runtime === 'mlx') {
    if (quant.format !== 'mlx') return `MLX runs MLX weights (MLX_4BIT, MLX_6BIT, MLX_8BIT), not ${quant.id}`;
    if (!p.gpus.some((g) => g.vendor === 'apple')) return 'MLX runs only on Apple Silicon';
  } else if (quant.format === 'mlx') {
    return `${quant.id} is an MLX format: choose the mlx runtime, or a GGUF quantization for ${o.runtime}`;
  }
  const b = o.backend;
  if (b !== undefined) {
    if (o.runtime === 'mlx' && b !== 'metal') return `MLX runs on Metal, not ${b}`;
    const gpu = p.gpus.find((g) => g.usedForOffload && !backendRunsOn(b, g.vendor));
    if (gpu) return `llama.cpp's ${b} backend does not run on ${gpu.name.value} (${gpu.vendor}); choose ${defaultBackend(gpu)}${gpu.vendor === 'apple' ? '' : ' or vulkan'}`;
  }
  return null;
}

function checkProfile(p: HardwareProfile): string | null {
  const ram = p.memory.totalBytes.value;
  if (!Number.isFinite(ram) || ram <= 0) return 'the hardware profile has no RAM size';
  for (const g of p.gpus) {
    const v = g.vramTotalBytes?.value;
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) return `GPU ${g.name.value} has an impossible VRAM size`;
  }
  return null;
}

/**
 * Memory, fit, speed and launch settings for one model, quantization and context on one machine.
 * Pure and deterministic. Bad input is an error value, never a number.
 */
export function estimate(
  profile: HardwareProfile,
  model: ModelSpec,
  quant: QuantType,
  options: EstimateOptions = DEFAULT_OPTIONS,
  /** Exact weights read from a GGUF file's tensor table, instead of rebuilding them from the architecture. */
  exactWeights?: WeightBreakdown,
): Result<Estimate> {
  const bad = checkOptions(options) ?? checkProfile(profile) ?? checkRuntime(options, quant, profile);
  if (bad) return err('IMPOSSIBLE_VALUE', bad);
  const arch = model.architecture;
  const prep = exactWeights ? prepare(model, quant, exactWeights) : prepared(model, quant);
  // The prepared record is the weight breakdown and its prefix sums in one object (Prepared).
  const weights: WeightBreakdown = prep;
  const kv = kvCacheSize(arch, {
    contextTokens: options.contextTokens,
    kvCacheType: options.kvCacheType,
    ubatchTokens: options.ubatchTokens,
    swaFull: false,
  });
  const cb = computeBuffers(arch, options);
  const visionBytes = options.includeVision && arch.vision ? arch.vision.encoderParams * 2 : 0; // mmproj files ship in F16
  const { devices, cpu } = planDevices(profile, options.useFreeVram, options.runtime, options.backend);
  const costs: LayerCosts = {
    prefixWeights: prep,
    prefixKvBytes: kv.prefixLayerBytes,
    layerBytes: weights.layerBytes,
    layerExpertBytes: weights.layerExpertBytes,
    layerKvBytes: kv.layerBytes,
    outputBytes: weights.outputBytes,
    // on the host a tied matrix is the one token_embd already there: only the rest of the output layer is added
    outputHostBytes: weights.outputBytes - weights.outputCopyBytes,
    tokenEmbdBytes: weights.tokenEmbdBytes,
    gpuComputeMainBytes: cb.mainDeviceBytes,
    gpuComputeOtherBytes: cb.otherDeviceBytes,
    hostComputeBytes: devices.length > 0 ? cb.otherDeviceBytes : cb.mainDeviceBytes - cb.logitsBytes,
    logitsBytes: cb.logitsBytes,
    visionBytes,
  };
  const L = arch.layers;
  const layout = chooseLayout(arch, devices, costs, cpu.capacityBytes, options.runtime === 'llama.cpp', options.runtime !== 'ollama');
  const cpuCap = cpuCapacityFor(cpu.capacityBytes, devices, layout);
  const cpuOver = Math.max(0, layout.cpuBytes - cpuCap);
  const layoutFit: FitKind =
    layout.gpuLayers > L && cpuOver === 0 && layout.cpuMoeLayers === 0
      ? 'full-gpu'
      : cpuOver === 0
        ? layout.gpuLayers > 0
          ? 'partial'
          : 'cpu-only'
        : cpuOver <= weights.totalBytes && nonWeightCpuBytes(costs, layout) < cpuCap
          ? 'disk'
          : 'none';
  // mlx-lm keeps the whole model in unified memory: what does not fit the GPU budget does not run.
  const fit: FitKind = options.runtime === 'mlx' && layoutFit !== 'full-gpu' ? 'none' : layoutFit;
  // One walk over the devices (a CPU-only layout has no device entries: each counts 0 there) for what each holds,
  // the reserves of those used, the smallest room left, and the backends of those that hold layers (for the notes).
  let gpuBytes = 0;
  let overheadBytes = 0;
  let headroom = cpuCap - layout.cpuBytes;
  const deviceUse: DeviceUse[] = [];
  /** The GPUs that hold layers: the notes below speak of the backends that run the model, not of idle devices. */
  let workingRocmVulkanSycl = false;
  let workingVulkan = false;
  let intelVulkan = false;
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i];
    if (!d) continue;
    const used = layout.deviceBytes[i] ?? 0;
    const layers = layout.deviceLayers[i] ?? 0;
    gpuBytes += used;
    if (used > 0) {
      overheadBytes += d.reserveBytes;
      headroom = Math.min(headroom, d.capacityBytes - used);
    }
    deviceUse.push({ deviceId: d.id, name: d.name, usedBytes: used + (used > 0 ? d.reserveBytes : 0), capacityBytes: d.capacityBytes + d.reserveBytes, layers });
    if (layers > 0) {
      workingRocmVulkanSycl ||= d.backend === 'rocm' || d.backend === 'vulkan' || d.backend === 'sycl';
      workingVulkan ||= d.backend === 'vulkan';
      intelVulkan ||= d.backend === 'vulkan' && profile.gpus.find((g) => g.id === d.id)?.vendor === 'intel';
    }
  }
  // Weights as loaded: a tied embedding matrix is loaded twice when the output layer sits on a GPU (the host
  // keeps token_embd for row lookups). The parts then add up to what is placed: compute buffers are the rest.
  const weightsLoaded = weights.totalBytes + (layout.outputOnGpu ? weights.outputCopyBytes : 0);
  const placedBytes = gpuBytes + layout.cpuBytes;
  const computeBytes = Math.max(0, placedBytes - weightsLoaded - kv.totalBytes - visionBytes);
  const notes: string[] = [];
  if (devices.length === 0 && options.backend !== 'cpu' && profile.gpus.some((g) => g.usedForOffload))
    notes.push('A GPU was found but its memory is unknown: set it in the hardware card to plan offload.');
  if (cpu.bandwidthEstimated) notes.push('RAM bandwidth is a default (dual-channel DDR4-3200): measure or set it for a better CPU speed estimate.');
  if (fit !== layoutFit) notes.push('MLX cannot keep part of a model on the CPU: it needs the whole model within the GPU budget.');
  if (quant.format === 'gguf' && !exactWeights && weights.totalBytes > SPLIT_GGUF_BYTES)
    notes.push(
      'GGUF files this large are split on Hugging Face (name-00001-of-0000N.gguf, under its 50 GB file limit): llama-server loads them from the first part; Ollama cannot pull split files (ollama issue 5245): merge them with llama-gguf-split --merge first.',
    );
  if (arch.moe && fit === 'partial' && options.runtime !== 'llama.cpp' && options.runtime !== 'mlx')
    notes.push(
      `${options.runtime === 'ollama' ? 'Ollama' : 'LM Studio'} offloads whole layers; llama.cpp's --n-cpu-moe keeps only the experts on the CPU and usually runs mixture-of-experts models faster (choose the llama.cpp runtime to see it).`,
    );
  if (options.contextTokens > model.nativeContextTokens)
    notes.push(`The context exceeds the model's native ${model.nativeContextTokens} tokens.`);
  const speed =
    fit === 'none'
      ? null
      : estimateSpeed({
          arch,
          weights,
          weightPrefix: prep,
          kv,
          layout,
          devices,
          cpu,
          depthTokens: options.depthTokens,
          // A prompt longer than the context cannot be processed in one go; the CLI and batch refuse it, internal
          // searches over contexts (maxContext) may pass the default 512 with a smaller context: the prompt is the context then.
          promptTokens: Math.max(1, Math.min(options.promptTokens, options.contextTokens)),
          ubatchTokens: options.ubatchTokens,
          flashAttention: options.flashAttention,
          floatWeights: quant.baseType === 'F16' || quant.baseType === 'BF16' || quant.baseType === 'F32',
          diskBytes: fit === 'disk' ? cpuOver : 0,
          activeParams: prep.activeTextParams,
          promptMatmulParams: prep.promptMatmulParams,
        });
  if (speed === null && fit !== 'none') notes.push('Speed unknown: the GPU is not in the table. Pick it from the GPU list.');
  // A CPU prompt at types llama.cpp multiplies row by row or through tinyBLAS (CPU_PROMPT_TYPE_RATE_X86), named with their
  // share of the weights: a Q4_K_M file of a model whose width is not a multiple of 256 is mostly Q5_0 fallbacks.
  const cpuTypeScale = fit === 'cpu-only' && speed?.promptTokensPerSec ? cpuPromptTypeScale(prep.layerElementsByType, cpu.promptTypeRates) : 1;
  const slow = cpuTypeScale < 0.8 ? slowCpuPromptTypes(prep.layerElementsByType, cpu.promptTypeRates) : null;
  if (slow)
    notes.push(
      `On this CPU, llama.cpp has no fast prompt kernel for ${slow.types.length > 1 ? `${slow.types.slice(0, -1).join(', ')} and ${slow.types[slow.types.length - 1] ?? ''}` : (slow.types[0] ?? '')} (${Math.round(slow.share * 100)} % of this file's layer weights): prompt processing runs at about ${Math.round(cpuTypeScale * 100)} % of a Q4_K_M model's rate. Q4_0, IQ4_NL, Q4_K and IQ4_XS matrices have fast kernels here.`,
    );
  if (speed?.promptTokensPerSec && workingRocmVulkanSycl)
    notes.push(
      'Prompt speed with ROCm, Vulkan and SYCL depends on the llama.cpp build (ROCm libraries, Vulkan driver and its matrix extensions) more than on the chip: published runs on one GPU differ 1.4-5x, so its range reaches down to a fifth (ROCm) or a quarter (Vulkan, SYCL) of the estimate.',
    );
  // BF16 on Vulkan (scoreboards.csv, set apart by scripts/calibration.ts: Strix Halo and Arc 140V, 2.98-6.01x of the
  // measured prompt speed): a device without bfloat16 arithmetic ("bf16: 0") runs these matrices in scalar shaders.
  if (speed?.promptTokensPerSec && quant.baseType === 'BF16' && workingVulkan)
    notes.push(
      'BF16 weights under Vulkan: a GPU without bfloat16 arithmetic multiplies them in scalar shaders, and published prompt runs come in 3-6x below this estimate, which does not model it. F16 or a quantization avoids it.',
    );
  // Intel under Vulkan (scoreboards.csv, docs/estimator.md section 7 rounds five and six): INTEL_VULKAN_STREAM_SCALE
  // and INTEL_VULKAN_MATRIX_SCALE rest on Windows rows, and Mesa's ANV driver measured slower (PR #14001's Linux runs
  // at 0.32-0.41 of Windows in generation and 0.34-0.40 in prompts on the same machines, PR #19988's A770 at 0.58-0.79;
  // issue #22413, 2026-05-01: an Arc Pro B70 owner found Vulkan almost twice as fast under Windows as under Linux, same machine);
  // held-out prompt rows run at 0.26-1.86x of the estimate's speed. A what-if machine gets the Linux note too: its OS is not known.
  if (speed && intelVulkan && profile.os.platform !== 'win32')
    notes.push(
      "Intel GPU under Vulkan: this generation estimate follows Windows measurements. On Linux with Mesa's ANV driver, published runs of 2025 llama.cpp builds came in at a third of the Windows speed on the same machines, an Arc A770 on a March 2026 build at 0.6-0.8 of it, and an Arc Pro B70 owner reported Windows almost twice as fast as Linux on one machine in May 2026 (llama.cpp issue #22413); 2026 runs on Xe2 (Arc Pro B50, Arc 140V) ran 1.2-1.6x faster than this estimate.",
    );
  if (speed?.promptTokensPerSec && intelVulkan)
    notes.push(
      "Intel GPU under Vulkan: this prompt estimate follows Windows measurements of June 2025 (Arc A770, B580, 140V). Other published Windows runs came in 1.1-2.3x slower than this estimate; on Linux with Mesa's ANV driver, June 2025 builds ran 2-4x slower and a January 2026 build on Meteor Lake 1.6-1.9x faster.",
    );
  return ok({
    modelId: model.id,
    modelName: model.name,
    quant: quant.id,
    contextTokens: options.contextTokens,
    fit,
    gpuLayers: layout.gpuLayers,
    totalLayers: L,
    cpuMoeLayers: layout.cpuMoeLayers,
    memory: {
      weightsBytes: weightsLoaded,
      kvCacheBytes: kv.totalBytes,
      computeBytes,
      overheadBytes,
      visionBytes,
      totalBytes: placedBytes + overheadBytes,
      gpuBytes: gpuBytes + overheadBytes,
      cpuBytes: layout.cpuBytes,
      devices: deviceUse,
      headroomBytes: headroom,
    },
    speed,
    launch: launchSettings({
      ggufFile: prep.ggufFile,
      ollamaTag: prep.ollamaTag,
      contextTokens: options.contextTokens,
      gpuLayers: layout.gpuLayers,
      totalLayers: L,
      cpuMoeLayers: layout.cpuMoeLayers,
      kvCacheType: options.kvCacheType,
      flashAttention: options.flashAttention,
      mlxBits: quant.format === 'mlx' ? mlxBits(quant.id) : undefined,
      // llama.cpp splits the offloaded layers (the output layer counts as one more on the last GPU) by -ts proportions.
      tensorSplit: devices.length > 1 ? layout.deviceLayers.map((c, i) => c + (layout.outputOnGpu && i === devices.length - 1 ? 1 : 0)) : undefined,
      repoName: prep.repoName,
      cpuThreads: measuredCpuThreads(profile, layout.gpuLayers <= L || layout.cpuMoeLayers > 0),
    }),
    notes,
  });
}

/**
 * What estimate() needs of a model and quantization that no option changes: the weight breakdown and its prefix sums
 * copied into one record with the rest. Over the whole catalog each estimate finds its record out of cache; one
 * object to fetch, not three.
 */
interface Prepared extends WeightBreakdown, WeightPrefix {
  /** Active parameters of the language model (the vision encoder does not run per token), less the per-layer embedding table (a lookup). */
  readonly activeTextParams: number;
  /** promptMatmulParams of the architecture and those active parameters. */
  readonly promptMatmulParams: number;
  readonly ggufFile: string;
  readonly ollamaTag: string;
  readonly repoName: string;
}

const preparedCache = new WeakMap<ModelSpec, Map<string, Prepared>>();

/** Built once per model object and quantization: one lookup per estimate instead of one per memo. */
function prepared(model: ModelSpec, quant: QuantType): Prepared {
  let perModel = preparedCache.get(model);
  if (!perModel) {
    perModel = new Map();
    preparedCache.set(model, perModel);
  }
  const hit = perModel.get(quant.id);
  if (hit) return hit;
  const made = prepare(model, quant, weightBreakdown(model.architecture, quant));
  perModel.set(quant.id, made);
  return made;
}

function prepare(model: ModelSpec, quant: QuantType, weights: WeightBreakdown): Prepared {
  const arch = model.architecture;
  // Quantized files and repositories drop the checkpoint's precision from its name (NVIDIA's -BF16 repositories:
  // unsloth's NVIDIA-Nemotron-3-Nano-30B-A3B-UD-Q4_K_XL.gguf), so the names suggested here do too.
  const baseName = (model.hfRepo.split('/')[1] ?? model.id).replace(/-(?:BF16|FP16|FP8|NVFP4)$/i, '');
  // The speed formula's active parameters: the text model's, less Gemma 3n / Gemma 4 E's per-layer embedding table,
  // which each token reads one row of per layer (a lookup, like token_embd, which the formula's constants were set
  // with): counted as matrix work it made an E2B prompt 1.8x slower than llama.cpp measured (docs/estimator.md 8).
  const activeTextParams = countParameters(arch).active - (arch.vision?.encoderParams ?? 0) - perLayerEmbeddingParams(arch);
  const prefix = weightPrefix(weights);
  // Field by field, not a spread: a breakdown read from a GGUF file and one built from the architecture then give
  // records of one shape, and the hot path reads them all alike.
  return {
    totalBytes: weights.totalBytes,
    layerBytes: weights.layerBytes,
    layerExpertBytes: weights.layerExpertBytes,
    tokenEmbdBytes: weights.tokenEmbdBytes,
    outputBytes: weights.outputBytes,
    outputCopyBytes: weights.outputCopyBytes,
    activeBytesPerToken: weights.activeBytesPerToken,
    bytesByType: weights.bytesByType,
    layerElementsByType: weights.layerElementsByType,
    dense: prefix.dense,
    experts: prefix.experts,
    moeLayers: prefix.moeLayers,
    layers: prefix.layers,
    denseTotal: prefix.denseTotal,
    expertsTotal: prefix.expertsTotal,
    moeLayersTotal: prefix.moeLayersTotal,
    activeTextParams,
    promptMatmulParams: promptMatmulParams(arch, activeTextParams),
    repoName: baseName,
    ggufFile: `${baseName}-${quant.id}.gguf`,
    ollamaTag: model.ggufRepos[0] ? `hf.co/${model.ggufRepos[0]}:${quant.id}` : `hf.co/<a GGUF repo of ${model.hfRepo}>:${quant.id}`,
  };
}

/** Hugging Face's per-file limit (50 GB): GGUF publishers split files above it (llama-gguf-split). */
const SPLIT_GGUF_BYTES = 50e9;

function mlxBits(id: string): number {
  return Number(/MLX_(\d+)BIT/.exec(id)?.[1] ?? 4);
}

function nonWeightCpuBytes(costs: LayerCosts, layout: Layout): number {
  return layout.outputOnGpu ? costs.hostComputeBytes : costs.hostComputeBytes + costs.logitsBytes;
}

/**
 * Full offload if it fits; otherwise, for mixture-of-experts models, all layers on the GPU with the
 * fewest expert layers on the CPU; otherwise the most layers on the GPU; otherwise CPU only. Memory on
 * the GPUs grows monotonically with the layers placed there, so each search is a binary search.
 */
/** What the CPU side may hold once unified GPUs (Apple, GB10, APUs) have taken their share of the same RAM. */
function cpuCapacityFor(available: number, devices: readonly PlanDevice[], l: Layout): number {
  let cap = available;
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i];
    if (d?.unified) cap -= systemRamTakenBy(d, l.deviceBytes[i] ?? 0);
  }
  return Math.max(0, cap);
}

function chooseLayout(
  arch: ModelSpec['architecture'],
  devices: readonly PlanDevice[],
  costs: LayerCosts,
  cpuAvailable: number,
  /** llama.cpp's --n-cpu-moe; Ollama and LM Studio's load commands have no per-layer expert placement. */
  expertsOnCpu: boolean,
  /** Partial offloads keep llama.cpp's --fit margin free (Ollama's devices already carry it). */
  partialMargin: boolean,
): Layout {
  const L = arch.layers;
  if (devices.length > 0) {
    const full = layoutFor(arch, devices, costs, L + 1, 0);
    if (full && full.cpuBytes <= cpuCapacityFor(cpuAvailable, devices, full)) return full;
    const margin = partialMargin ? FIT_MARGIN_BYTES : 0;
    if (arch.moe && expertsOnCpu) {
      const fewestOnCpu = searchSmallest(1, L, (k) => layoutFor(arch, devices, costs, L + 1, k, margin));
      if (fewestOnCpu) return fewestOnCpu;
    }
    const most = searchLargest(1, L, (n) => layoutFor(arch, devices, costs, n, 0, margin));
    if (most) return most;
  }
  const cpuOnly = layoutFor(arch, [], costs, 0, 0);
  if (cpuOnly) return cpuOnly;
  throw new Error('unreachable: a CPU-only layout always exists');
}

/** Smallest k in [lo, hi] for which `at(k)` is a layout (feasibility grows with k). */
function searchSmallest(lo: number, hi: number, at: (k: number) => Layout | null): Layout | null {
  let best = at(hi);
  if (!best) return null;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const r = at(mid);
    if (r) {
      best = r;
      hi = mid;
    } else lo = mid + 1;
  }
  return best;
}

/** Largest n in [lo, hi] for which `at(n)` is a layout (feasibility shrinks as n grows). */
function searchLargest(lo: number, hi: number, at: (n: number) => Layout | null): Layout | null {
  let best = at(lo);
  if (!best) return null;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const r = at(mid);
    if (r) {
      best = r;
      lo = mid;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * The thread counts `llm-sizer bench` measured on this CPU when one fewer thread than every core generated faster
 * (docs/estimator.md 8): worth passing to llama.cpp when the CPU does part of the work. Undefined otherwise.
 */
function measuredCpuThreads(profile: HardwareProfile, cpuWorks: boolean): { generation: number; prompt: number } | undefined {
  if (!cpuWorks) return undefined;
  const c = profile.calibration?.entries.find((e) => e.backend === 'cpu');
  if (!c?.generationThreads || !c.promptThreads || c.generationThreads >= c.promptThreads) return undefined;
  return { generation: c.generationThreads, prompt: c.promptThreads };
}

/** The per-layer embedding table of Gemma 3n / Gemma 4 E models: a row lookup per layer and token, not matrix work. */
function perLayerEmbeddingParams(a: ModelArchitecture): number {
  return a.perLayerEmbedding ? a.layers * a.perLayerEmbedding.hiddenSize * a.perLayerEmbedding.vocabSize : 0;
}

/**
 * The parameters a prompt token is multiplied through: the active ones less the row lookups (token_embd, and Gemma
 * 3n / Gemma 4 E's per-layer embedding table) and the output layer, which llama.cpp runs for the last token only.
 */
function promptMatmulParams(a: ModelArchitecture, activeParams: number): number {
  // activeParams already leaves out the per-layer embedding table (perLayerEmbeddingParams)
  const lookups = a.vocabSize * a.hiddenSize;
  const output = a.tiedEmbeddings ? 0 : a.vocabSize * a.hiddenSize;
  return Math.max(0, activeParams - lookups - output);
}
