import type { GpuSpec } from './gpu-schema';

/**
 * The dense FP16 matrix rate llama.cpp can use. llama.cpp multiplies F16 matrices with FP16 accumulation
 * (cuBLAS CUBLAS_COMPUTE_16F at the default precision) and quantized ones with int8 tensor-core kernels,
 * so the relevant peak is FP16 with FP16 accumulate. GeForce cards run FP16 with FP32 accumulate at half
 * that rate (NVIDIA Ampere/Ada/Blackwell GeForce whitepapers), and the table lists GeForce cards at the
 * FP32-accumulate rate (fp16Accumulate "fp32"): those are doubled here. Workstation and data-center
 * cards run both at full rate and are listed at it.
 */
export function llamaCppFp16Flops(spec: GpuSpec): { readonly flopsPerSec: number; readonly detail: string } | null {
  if (spec.fp16TensorTflops === null) return null;
  const geforceHalfRate = spec.vendor === 'nvidia' && /geforce/i.test(spec.name) && spec.fp16Accumulate === 'fp32';
  const tflops = geforceHalfRate ? spec.fp16TensorTflops * 2 : spec.fp16TensorTflops;
  return {
    flopsPerSec: tflops * 1e12,
    detail: geforceHalfRate ? `${spec.name}: ${spec.fp16TensorTflops} TFLOPS with FP32 accumulate, x2 for FP16 accumulate` : spec.name,
  };
}
