import type { SpeedCorrection } from '../domain/calibration';
import type { Runtime } from '../domain/estimate';
import type { GpuDevice, HardwareProfile } from '../domain/hardware';
import { BACKEND_SPEED, CPU_DECODE_BYTES_PER_CYCLE, CPU_FLOPS_PER_CYCLE, CPU_INT8_EFFICIENCY, CPU_INT8_OPS_PER_CYCLE, FALLBACK_CPU_CLOCK_HZ, FALLBACK_RAM_BYTES_PER_SEC, INTEL_VULKAN_STREAM_SCALE, INTEL_VULKAN_MATRIX_SCALE, AMD_GCN_STREAM_SCALE, CUDA_NO_GRAPHS_LAYER_SEC, GEMMA_LAYER_SEC, CPU_PROMPT_TYPE_RATE_X86 } from './speed-constants';
import type { Backend } from './speed-constants';
import type { GgmlType } from './ggml-types';

/** Per-GPU memory the backend keeps for itself (context, cuBLAS/Metal workspaces): Ollama's MinimumMemory, ml/device.go (runtime-facts.md 3.2). */
export const GPU_RESERVE_BYTES: Readonly<Record<'metal' | 'other', number>> = {
  metal: 512 * 1024 * 1024,
  other: 457 * 1024 * 1024,
};

/**
 * llama.cpp's --fit margin: the memory it keeps free on each device (LLAMA_ARG_FIT_TARGET, 1 GiB; runtime-facts.md
 * 2.2 and 3.1). One fact, used where llama.cpp itself applies it:
 * - Ollama picks layers by running llama-server's --fit (num_gpu unset): that headroom is never available there;
 * - partial offloads are planned keeping it free, as llama.cpp's own --fit would choose -ngl / --n-cpu-moe, so a
 *   split that leaves 60 MiB (and fails as soon as the desktop takes a little more VRAM) is not what we print;
 * - beside a unified GPU's budget, the host side keeps it;
 * - recommendations prefer a quantization that leaves it free.
 */
export const FIT_MARGIN_BYTES = 1024 * 1024 * 1024;

export interface PlanDevice {
  readonly id: string;
  readonly name: string;
  readonly backend: Backend;
  /** Bytes this device can hold for the model (free or total VRAM minus the backend reserve). */
  readonly capacityBytes: number;
  readonly reserveBytes: number;
  readonly bandwidthBytesPerSec: number | null;
  readonly flopsPerSec: number | null;
  /** The rate of quantized prompt matrices relative to flopsPerSec's FP16 figure (int8 tensor cores on CUDA; else 1). */
  readonly quantizedMatrixRatio: number;
  /** Whose prompt-matrix constants (efficiency, half peak, quantized factor) the device's matrix products follow: its own backend's, or CUDA's dequantized path for an NVIDIA GPU of Ampere or later under Vulkan (matrixConstantsFor). */
  readonly matrixConstants: Backend;
  /** The fraction of its backend's weight-stream efficiency the device reaches in generation (streamScaleFor): 1 but for Intel GPUs under Vulkan and AMD's GCN and RDNA1. */
  readonly streamScale: number;
  /** The fraction of its backend's prompt matrix and attention rate the device reaches (matrixScaleFor): 1 but for Intel GPUs under Vulkan. */
  readonly matrixScale: number;
  /** Fixed seconds per layer per generated token (perLayerSecFor): the backend's, or CUDA's without graphs before Ampere. */
  readonly perLayerSec: number;
  /** Extra seconds per generated token of a Gemma 3 / 3n / 4 layer (gemmaLayerSecFor): where rows measured it, else 0. */
  readonly gemmaLayerSec: number;
  readonly unified: boolean;
  /** Of the capacity, how much is system memory (GTT) the CPU would otherwise have. */
  readonly sharedBytes: number;
  /** What the speed estimate names when this device's bandwidth bounds generation (built once, not per estimate). */
  readonly bandwidthBound: string;
  /** This machine's measured correction for the device's backend (`llm-sizer bench`), if any. */
  readonly correction: MeasuredCorrection | null;
}

/** A backend's measured correction and when it was measured. */
export interface MeasuredCorrection extends SpeedCorrection {
  readonly measuredAt: string;
  readonly backend: string;
}

/** The correction the profile carries for `backend`, or null. */
export function correctionFor(profile: HardwareProfile, backend: Backend): MeasuredCorrection | null {
  const entry = profile.calibration?.entries.find((e) => e.backend === backend);
  return entry ? { ...entry.correction, measuredAt: entry.measuredAt, backend: entry.backend } : null;
}

/**
 * AMD GPUs that ROCm supports (AMD's ROCm compatibility matrices, 6.4-7.x: Instinct MI50-MI355, Radeon VII,
 * RDNA2-4 discrete cards and workstation cards, Strix Halo gfx1151); llama.cpp users run the others (RDNA1,
 * Polaris, Vega, the 680M/780M/890M iGPUs) through Vulkan.
 */
const ROCM_AMD = /instinct|\bmi\d{2,3}|radeon vii|\brx\s*(6[6-9]\d0|7[6-9]\d0|90[67]0)|\bpro\s*w(6[89]|7[5-9])\d0|\bai pro r9700|80[56]0s/i;

/**
 * Intel Xe-HPG GPUs (Arc A-series and Arc Pro A-series, desktop and laptop) carry XMX matrix engines, which the GPU
 * table's FP16 figure counts, but llama.cpp's Vulkan backend leaves them unused there: ggml-vulkan.cpp enables
 * VK_KHR_cooperative_matrix on Intel for Xe2 and later and for integrated Xe only, "since older hardware (ex. Arc A770)
 * has performance regressions" (PR #14001, June 2025; unchanged in PR #24404, June 2026). Its matrices then run on the
 * vector engines: an Xe-HPG Xe-core does 512 FP16 operations a clock there against 2048 on XMX (Intel Xe-HPG
 * architecture: 16 256-bit vector engines and 16 XMX engines per Xe-core), a quarter of the listed rate.
 */
export const XE_HPG_NAME = /\barc(?:\(tm\)|™)?\s+(?:pro\s+)?a\d{2,3}m?\b/i;
export const XE_HPG_XMX_PER_VECTOR = 4;

/** The FP16 matrix rate `backend` can use on this GPU: the table's figure, or the vector rate where the backend leaves the matrix units off. */
export function backendFp16Flops(backend: Backend, gpu: Pick<GpuDevice, 'vendor' | 'name' | 'fp16FlopsPerSec'>): number | null {
  const flops = gpu.fp16FlopsPerSec?.value ?? null;
  if (flops === null) return null;
  return backend === 'vulkan' && gpu.vendor === 'intel' && XE_HPG_NAME.test(gpu.name.value) ? flops / XE_HPG_XMX_PER_VECTOR : flops;
}

/**
 * The backend whose prompt-matrix constants a GPU's matrix products follow. llama.cpp's Vulkan backend multiplies on
 * an NVIDIA GPU's tensor cores through VK_NV_cooperative_matrix2 (PR #10206, "enables matrix multiplies using the
 * tensor cores"; KHR_coopmat where the driver lacks it): its shaders dequantize each tile to FP16 as they load it and
 * run FP16 tensor-core products, the arithmetic of CUDA's dequantize-and-cuBLAS path. So an NVIDIA GPU of Ampere or
 * later with tensor cores (compute capability 8.0 on; the int8 test of cudaQuantizedMatrixRatio) takes CUDA's FP16
 * efficiency and its dequantized factor under Vulkan, not the constants fitted on AMD's KHR_coopmat rows: the RTX
 * 3090, 4090 and 5090 rows under Vulkan all ran faster than those allow. Turing keeps the Vulkan constants: its one
 * public row (RTX 2080 Ti, Llama 3.2 3B pp512, build 7474) runs at 0.65x of the CUDA-constant rate and 0.88x of the
 * Vulkan one. Every other GPU keeps its backend's own.
 */
export function matrixConstantsFor(backend: Backend, gpu: Pick<GpuDevice, 'vendor' | 'name' | 'computeCapability'>): Backend {
  if (backend !== 'vulkan' || gpu.vendor !== 'nvidia' || cudaQuantizedMatrixRatio(gpu) !== 2) return backend;
  const cc = computeCapabilityOf(gpu);
  const turing = cc !== null ? cc < 8 : /\bRTX\s*20[6-8]0|Quadro RTX|TITAN RTX|\bT4\b/i.test(gpu.name.value);
  return turing ? backend : 'cuda';
}

/**
 * AMD's GCN (Polaris RX 460-590 with their X, OEM and mobile variants, Radeon Pro WX x100 and 555-580X, Vega, Radeon
 * VII, Instinct MI6/MI8/MI25/MI50/MI60) and RDNA1 (RX 5300-5700 and their M variants, Radeon Pro 5300M-5600M,
 * W5500/W5700) GPUs, by name: the profile's name as the driver or lspci gives it ("Ellesmere [Radeon RX
 * 470/480/570/570X/580/580X/590]", "Navi 10 [Radeon RX 5600 OEM/5600 XT / 5700/5700 XT]") or the table's.
 */
export const AMD_GCN_RDNA1_NAME =
  /\bRX\s*(?:4[6-9]0|5[4-9]0|5[3-7]00)(?:X|M|\s*XT)?\b|\bRX\s*5[3-7]00\b|\b(?:Pro\s+)?W5[57]00\b|\bPro\s+5[3-6]00M\b|\bWX\s*[2-9]100\b|\bPro\s+5[5-8][05]X?\b|\bVega\b|\bRadeon\s+(?:Pro\s+)?VII\b|\bMI(?:6|8|25|50|60)\b|\bEllesmere\b|\bPolaris\b|\bBaffin\b|\bLexa\b|\bNavi\s*1[024]\b/i;

/**
 * GEMMA_LAYER_SEC where rows measured it: CUDA, ROCm and Vulkan on NVIDIA and AMD GPUs (GB10, P40, RTX 5090, R9700,
 * RX 7900 XTX, RX 9070 XT). Not on Metal or SYCL (no Gemma row), nor on an Intel GPU under Vulkan, whose stream scale
 * was set on Gemma 2 rows and so already carries a Gemma layer's cost (docs/estimator.md section 5).
 */
export function gemmaLayerSecFor(backend: Backend, gpu: Pick<GpuDevice, 'vendor'>): number {
  if (backend === 'cuda' || backend === 'rocm') return GEMMA_LAYER_SEC;
  if (backend === 'vulkan' && gpu.vendor !== 'intel') return GEMMA_LAYER_SEC;
  return 0;
}

/**
 * The fraction of the backend's weight-stream efficiency a GPU reaches while generating: INTEL_VULKAN_STREAM_SCALE for
 * Intel GPUs under Vulkan, AMD_GCN_STREAM_SCALE for AMD's GCN and RDNA1 GPUs under ROCm and Vulkan (both below the
 * rate the constants' RDNA3/3.5/4 fit rows reach, speed-constants.ts), 1 for every other device.
 */
export function streamScaleFor(backend: Backend, gpu: Pick<GpuDevice, 'vendor' | 'name'>): number {
  if (backend === 'vulkan' && gpu.vendor === 'intel') return INTEL_VULKAN_STREAM_SCALE;
  if ((backend === 'rocm' || backend === 'vulkan') && gpu.vendor === 'amd' && AMD_GCN_RDNA1_NAME.test(gpu.name.value)) return AMD_GCN_STREAM_SCALE;
  return 1;
}

/**
 * The fraction of the backend's prompt-processing compute rate (matrix products and attention) a GPU reaches:
 * INTEL_VULKAN_MATRIX_SCALE for Intel GPUs under Vulkan (the Vulkan constants rest on AMD rows, speed-constants.ts),
 * 1 for every other device.
 */
export function matrixScaleFor(backend: Backend, gpu: Pick<GpuDevice, 'vendor'>): number {
  return backend === 'vulkan' && gpu.vendor === 'intel' ? INTEL_VULKAN_MATRIX_SCALE : 1;
}

/** NVIDIA GPUs of Volta and later by name (checked first), and Pascal and older (GTX 9xx/10xx, TITAN X/Xp, Tesla and Quadro P/M/K, MX 1xx-3xx, GP/GM/GK chips). */
const NVIDIA_VOLTA_OR_LATER_NAME = /\bRTX\b|\bGTX\s*16\d0|\bTITAN\s*(?:V|RTX)\b|\bV100\b|\bT4\b|\bT(?:400|550|600|1000|1200)\b|\b[AHLB]\d{1,3}S?\b|GB10|Thor|Orin|Xavier|Blackwell|Ada/i;
const NVIDIA_PASCAL_OR_OLDER_NAME = /\bGTX\s*(?:[79]\d0|10[5-8]0)|\bGT\s*10[34]0|\bTITAN\s*Xp?\b|\bTesla\s+[PMK]\d|\bQuadro\s+(?:[PMK]\d|GP100)|\b[PMK]\d{1,3}\b|\bMX\s*[123]\d0\b|\bG[PMK]\d{3}/i;

/**
 * A GPU's fixed cost per layer per generated token: CUDA_NO_GRAPHS_LAYER_SEC for an NVIDIA GPU older than Volta under
 * CUDA (llama.cpp launches each kernel on its own there: ggml-cuda.cu turns CUDA graphs off below
 * GGML_CUDA_CC_VOLTA since PR #25749, July 2026, below Ampere before it), the backend's own constant otherwise. Without
 * a compute capability (a name typed in, an lspci name) the name decides. Read at plan time: scripts/fit-speed.ts,
 * which varies BACKEND_SPEED.cuda.perLayerSec, works because every scoreboard row gets a profile planned afresh.
 */
export function perLayerSecFor(backend: Backend, gpu: Pick<GpuDevice, 'vendor' | 'name' | 'computeCapability'>): number {
  if (backend !== 'cuda' || gpu.vendor !== 'nvidia') return BACKEND_SPEED[backend].perLayerSec;
  const cc = computeCapabilityOf(gpu);
  const name = gpu.name.value;
  const prePascalOrPascal = cc !== null ? cc < 7 : !NVIDIA_VOLTA_OR_LATER_NAME.test(name) && NVIDIA_PASCAL_OR_OLDER_NAME.test(name);
  return prePascalOrPascal ? CUDA_NO_GRAPHS_LAYER_SEC : BACKEND_SPEED.cuda.perLayerSec;
}

/** An NVIDIA GPU's compute capability as a number, or null when the profile has none (a name typed in) or it is not one. */
function computeCapabilityOf(gpu: Pick<GpuDevice, 'computeCapability'>): number | null {
  const cc = gpu.computeCapability === null ? NaN : Number(gpu.computeCapability);
  return Number.isFinite(cc) ? cc : null;
}

/**
 * llama.cpp's CUDA backend multiplies quantized matrices in prompt processing on int8 tensor cores (MMQ with int8 MMA:
 * PR #7676, June 2024, for compute capability 7.5 and later; before it, and on older GPUs, they were dequantized for
 * cuBLAS at the FP16 rate). NVIDIA's dense INT8 tensor rate is twice its dense FP16 rate with FP16 accumulate, the
 * figure a profile carries (gpu-compute.ts doubles GeForce cards' FP32-accumulate listing): RTX 4090 330.3 / 660.6,
 * RTX 3090 142 / 284 (Ada and Ampere GA102 whitepapers), A100 312 / 624, L40S 362 / 733. Turing chips without
 * tensor cores (TU116/TU117: GTX 16xx, MX 4xx/5xx, Quadro T400-T1200) keep 1, as do Volta and older (compute
 * capability below 7.5). Without a compute capability (a name typed in) the name decides.
 */
export function cudaQuantizedMatrixRatio(gpu: Pick<GpuDevice, 'name' | 'computeCapability'>): number {
  const name = gpu.name.value;
  const cc = computeCapabilityOf(gpu);
  const tensorInt8 = cc !== null ? cc >= 7.5 : /\bRTX\b|GB10|DGX Spark|Thor|Orin|\b[AHBL]\d{1,3}S?\b|\bT4\b/i.test(name);
  return tensorInt8 && !/\bGTX\b|\bMX\d{3}\b|\bT(?:400|550|600|1000|1200)\b/i.test(name) ? 2 : 1;
}

/** The backend llama.cpp would use on this GPU: CUDA on NVIDIA, Metal on Apple, ROCm on supported AMD, Vulkan on other AMD and Intel GPUs. */
export function defaultBackend(gpu: Pick<GpuDevice, 'vendor' | 'name'>): Backend {
  if (gpu.vendor === 'nvidia') return 'cuda';
  if (gpu.vendor === 'apple') return 'metal';
  if (gpu.vendor === 'amd' && ROCM_AMD.test(gpu.name.value)) return 'rocm';
  return 'vulkan';
}

/** Whether llama.cpp's backend runs on this GPU vendor (Vulkan runs on all but Apple, where Metal is native). */
export function backendRunsOn(backend: Backend, vendor: GpuDevice['vendor']): boolean {
  if (backend === 'cuda') return vendor === 'nvidia';
  if (backend === 'rocm') return vendor === 'amd';
  if (backend === 'metal') return vendor === 'apple';
  if (backend === 'sycl') return vendor === 'intel';
  return backend === 'cpu' || vendor !== 'apple';
}

/** Available RAM, never more than the total (a corrected total bounds it). */
function availableRam(profile: HardwareProfile): number {
  return Math.min(profile.memory.availableBytes.value, profile.memory.totalBytes.value);
}

export function planGpus(profile: HardwareProfile, useFreeVram: boolean, extraReserveBytes = 0, backendChoice?: Backend): PlanDevice[] {
  const out: PlanDevice[] = [];
  // The CPU backend offloads nothing.
  if (backendChoice === 'cpu') return out;
  for (const gpu of profile.gpus) {
    if (!gpu.usedForOffload || gpu.vramTotalBytes === null) continue;
    const backend = backendChoice ?? defaultBackend(gpu);
    const reserve = (backend === 'metal' ? GPU_RESERVE_BYTES.metal : GPU_RESERVE_BYTES.other) + extraReserveBytes;
    // An integrated GPU (an APU on Linux) also maps system memory through GTT: its carve-out and GTT together.
    // GTT maps system RAM: never more than the RAM available beside the host margin.
    const shared = gpu.kind === 'integrated' ? Math.max(0, Math.min(gpu.sharedMemoryBytes?.value ?? 0, availableRam(profile) - FIT_MARGIN_BYTES)) : 0;
    // Free memory cannot exceed the total: a corrected total (or a free figure typed too high) bounds it.
    const total = gpu.vramTotalBytes.value;
    let base = (useFreeVram && gpu.vramFreeBytes !== null ? Math.min(gpu.vramFreeBytes.value, total) : total) + shared;
    // One pool: a unified GPU's budget cannot use the memory the OS and the host side of the runtime need;
    // keep at least llama.cpp's --fit margin (1 GiB) of the available RAM for them.
    if (gpu.kind !== 'discrete' && shared === 0) base = Math.min(base, availableRam(profile) - FIT_MARGIN_BYTES);
    out.push({
      id: gpu.id,
      name: gpu.name.value,
      backend,
      capacityBytes: Math.max(0, base - reserve),
      reserveBytes: reserve,
      bandwidthBytesPerSec: gpu.bandwidthBytesPerSec?.value ?? null,
      flopsPerSec: backendFp16Flops(backend, gpu),
      quantizedMatrixRatio: backend === 'cuda' ? cudaQuantizedMatrixRatio(gpu) : 1,
      matrixConstants: matrixConstantsFor(backend, gpu),
      streamScale: streamScaleFor(backend, gpu),
      matrixScale: matrixScaleFor(backend, gpu),
      perLayerSec: perLayerSecFor(backend, gpu),
      gemmaLayerSec: gemmaLayerSecFor(backend, gpu),
      unified: gpu.kind !== 'discrete',
      sharedBytes: shared,
      bandwidthBound: `${gpu.name.value} memory bandwidth`,
      correction: correctionFor(profile, backend),
    });
  }
  return out;
}

export interface PlanCpu {
  readonly capacityBytes: number;
  readonly bandwidthBytesPerSec: number;
  readonly bandwidthEstimated: boolean;
  /** The bandwidth is a measured copy rate (already achieved), not a theoretical peak. */
  readonly bandwidthMeasured: boolean;
  readonly flopsPerSec: number;
  /** Int8 dot-product rate llama.cpp's quantized kernels reach (CPU_INT8_OPS_PER_CYCLE x CPU_INT8_EFFICIENCY). */
  readonly quantizedOpsPerSec: number;
  /** The core-bound ceiling on the weight stream while generating (CPU_DECODE_BYTES_PER_CYCLE per core). */
  readonly decodeBytesPerSec: number;
  /** Physical cores x one core's clock (Hz): work that runs on every core at a fixed number of cycles. */
  readonly coreCyclesPerSec: number;
  /** This machine's measured CPU correction (`llm-sizer bench`), if any. */
  readonly correction: MeasuredCorrection | null;
  /** One core's clock (Hz): fixed per-token work runs at its pace. */
  readonly clockHz: number;
  /** Prompt matrix rate of each quantized type relative to Q4_K (CPU_PROMPT_TYPE_RATE_X86 on AVX-512 CPUs), or null: not measured for this ISA. */
  readonly promptTypeRates: Readonly<Partial<Record<GgmlType, number>>> | null;
}

/**
 * Bytes of system RAM a GPU takes when it holds `usedBytes` of a model: none for a discrete card; all of it
 * (with the backend's reserve) for Apple-style unified memory and GB10; for an APU, what spills past its
 * BIOS carve-out into GTT. Unified memory is one pool: what the GPU takes, the CPU side no longer has.
 */
export function systemRamTakenBy(d: PlanDevice, usedBytes: number): number {
  if (!d.unified || usedBytes <= 0) return 0;
  if (d.sharedBytes > 0) return Math.max(0, Math.min(d.sharedBytes, usedBytes - (d.capacityBytes - d.sharedBytes)));
  return usedBytes + d.reserveBytes;
}

export function planCpu(profile: HardwareProfile): PlanCpu {
  // The whole available RAM: a unified GPU's share is subtracted per layout, by what it actually holds
  // (systemRamTakenBy), not by its whole budget, which left GB10 a 1 GiB CPU side for token embeddings.
  const available = Math.max(0, availableRam(profile));
  const isa = profile.cpu.isa;
  const perCycle = isa.includes('avx512f')
    ? CPU_FLOPS_PER_CYCLE.avx512f
    : isa.includes('avx2')
      ? CPU_FLOPS_PER_CYCLE.avx2
      : isa.includes('neon')
        ? CPU_FLOPS_PER_CYCLE.neon
        : CPU_FLOPS_PER_CYCLE.base;
  const int8PerCycle =
    isa.includes('avx512_vnni') || isa.includes('avx_vnni')
      ? CPU_INT8_OPS_PER_CYCLE.vnni
      : isa.includes('avx2')
        ? CPU_INT8_OPS_PER_CYCLE.avx2
        : isa.includes('dotprod')
          ? CPU_INT8_OPS_PER_CYCLE.dotprod
          : isa.includes('neon')
            ? CPU_INT8_OPS_PER_CYCLE.neon
            : CPU_INT8_OPS_PER_CYCLE.base;
  const coreHz = profile.cpu.physicalCores.value * (profile.cpu.clockHz?.value ?? FALLBACK_CPU_CLOCK_HZ);
  const bw = profile.memory.bandwidthBytesPerSec?.value ?? null;
  return {
    capacityBytes: available,
    bandwidthBytesPerSec: bw ?? FALLBACK_RAM_BYTES_PER_SEC,
    bandwidthEstimated: bw === null,
    bandwidthMeasured: profile.memory.bandwidthBytesPerSec?.source === 'measured',
    flopsPerSec: coreHz * perCycle,
    quantizedOpsPerSec: coreHz * int8PerCycle * CPU_INT8_EFFICIENCY,
    decodeBytesPerSec: coreHz * CPU_DECODE_BYTES_PER_CYCLE,
    coreCyclesPerSec: coreHz,
    correction: correctionFor(profile, 'cpu'),
    clockHz: profile.cpu.clockHz?.value ?? FALLBACK_CPU_CLOCK_HZ,
    promptTypeRates: cpuPromptTypeRates(isa),
  };
}

/**
 * The per-type prompt rates of a CPU with this ISA: measured on x86 with AVX-512; null (one rate for every type) on
 * AVX2-only x86 CPUs and ARM, where llama.cpp's kernels differ (Q2_K is repacked only with AVX-512, the GEMM kernels
 * have AVX-512 paths; ARM repacks Q5_K, Q6_K and Q8_0 too) and nothing was measured.
 */
export function cpuPromptTypeRates(isa: readonly string[]): Readonly<Partial<Record<GgmlType, number>>> | null {
  return isa.includes('avx512f') ? CPU_PROMPT_TYPE_RATE_X86 : null;
}

export function computeEfficiency(backend: Backend, peakFlops: number): number {
  const s = BACKEND_SPEED[backend];
  return s.computeEfficiency / (1 + peakFlops / s.computeHalfPeak);
}

const planCache = new WeakMap<HardwareProfile, Map<string, { devices: PlanDevice[]; cpu: PlanCpu }>>();

/** The GPUs and the CPU of a profile as the planner sees them for a runtime, computed once per profile object. */
/** The last plan handed out: the UI and the benchmarks ask for the same one thousands of times in a row. */
let lastPlan: { profile: HardwareProfile; useFreeVram: boolean; runtime: Runtime; backend: Backend | undefined; planned: { devices: PlanDevice[]; cpu: PlanCpu } } | null = null;

export function planDevices(profile: HardwareProfile, useFreeVram: boolean, runtime: Runtime = 'llama.cpp', backend?: Backend): { devices: readonly PlanDevice[]; cpu: PlanCpu } {
  if (lastPlan !== null && lastPlan.profile === profile && lastPlan.useFreeVram === useFreeVram && lastPlan.runtime === runtime && lastPlan.backend === backend)
    return lastPlan.planned;
  const planned = planDevicesCached(profile, useFreeVram, runtime, backend);
  lastPlan = { profile, useFreeVram, runtime, backend, planned };
  return planned;
}

function planDevicesCached(profile: HardwareProfile, useFreeVram: boolean, runtime: Runtime, backend: Backend | undefined): { devices: PlanDevice[]; cpu: PlanCpu } {
  let entry = planCache.get(profile);
  if (!entry) {
    entry = new Map();
    planCache.set(profile, entry);
  }
  const key = `${useFreeVram}|${runtime}|${backend ?? ''}`;
  const hit = entry.get(key);
  if (hit) return hit;
  const devices = planGpus(profile, useFreeVram, runtime === 'ollama' ? FIT_MARGIN_BYTES : 0, backend);
  const planned = { devices, cpu: planCpu(profile) };
  entry.set(key, planned);
  return planned;
}
