import { describe, expect, it } from 'vitest';
import { backendFp16Flops, backendRunsOn, cudaQuantizedMatrixRatio, defaultBackend } from '../../../../app/estimator/devices';

const gpu = (vendor: 'nvidia' | 'amd' | 'intel' | 'apple', name: string) => ({ vendor, name: { value: name, source: 'user' as const, confidence: 'high' as const } });

describe('defaultBackend', () => {
  it('CUDA on NVIDIA, Metal on Apple, Vulkan on Intel', () => {
    expect(defaultBackend(gpu('nvidia', 'NVIDIA GeForce RTX 4090'))).toBe('cuda');
    expect(defaultBackend(gpu('apple', 'Apple M3 Max'))).toBe('metal');
    expect(defaultBackend(gpu('intel', 'Intel Arc B580'))).toBe('vulkan');
  });

  it('ROCm on the AMD GPUs ROCm supports, Vulkan on the others', () => {
    for (const n of ['AMD Radeon RX 7900 XTX', 'AMD Radeon RX 9070 XT', 'AMD Radeon RX 6800 XT', 'AMD Instinct MI300X', 'AMD Radeon PRO W7900', 'AMD Radeon 8060S', 'AMD Radeon VII'])
      expect(defaultBackend(gpu('amd', n)), n).toBe('rocm');
    for (const n of ['AMD Radeon 780M', 'AMD Radeon RX 5700 XT', 'AMD Radeon RX 580', 'AMD Radeon RX 6500 XT'])
      expect(defaultBackend(gpu('amd', n)), n).toBe('vulkan');
  });
});

describe('backendRunsOn', () => {
  it('pairs each backend with the vendors it runs on', () => {
    expect(backendRunsOn('cuda', 'nvidia')).toBe(true);
    expect(backendRunsOn('cuda', 'amd')).toBe(false);
    expect(backendRunsOn('rocm', 'amd')).toBe(true);
    expect(backendRunsOn('sycl', 'intel')).toBe(true);
    expect(backendRunsOn('sycl', 'nvidia')).toBe(false);
    expect(backendRunsOn('vulkan', 'nvidia')).toBe(true);
    expect(backendRunsOn('vulkan', 'apple')).toBe(false);
    expect(backendRunsOn('metal', 'apple')).toBe(true);
    expect(backendRunsOn('cpu', 'nvidia')).toBe(true);
  });
});

describe('backendFp16Flops', () => {
  const withFlops = (vendor: 'intel' | 'amd', name: string, tflops: number) => ({ ...gpu(vendor, name), fp16FlopsPerSec: { value: tflops * 1e12, source: 'spec table' as const, confidence: 'medium' as const } });

  it('gives Vulkan on an Arc A-series GPU its vector rate: a quarter of the XMX figure (A770: 137.6 / 4 = 34.4 TFLOPS)', () => {
    for (const name of ['Intel Arc A770 16GB', 'Intel(R) Arc(TM) A770 Graphics', 'Intel Arc A370M Laptop GPU', 'Intel Arc Pro A60'])
      expect(backendFp16Flops('vulkan', withFlops('intel', name, 137.6)), name).toBeCloseTo(34.4e12, -9);
  });

  it('keeps the matrix rate for SYCL, for Xe2 GPUs (whose Vulkan path uses cooperative matrices) and for AMD', () => {
    expect(backendFp16Flops('sycl', withFlops('intel', 'Intel Arc A770 16GB', 137.6))).toBeCloseTo(137.6e12, -9);
    for (const name of ['Intel Arc B580', 'Intel Arc 140V (Lunar Lake)', 'Intel Arc Pro B60'])
      expect(backendFp16Flops('vulkan', withFlops('intel', name, 116.5)), name).toBeCloseTo(116.5e12, -9);
    expect(backendFp16Flops('vulkan', withFlops('amd', 'AMD Radeon RX 7900 XTX', 122.9))).toBeCloseTo(122.9e12, -9);
  });

  it('leaves a GPU without an FP16 figure without one', () => {
    expect(backendFp16Flops('vulkan', { ...gpu('intel', 'Intel Arc A770 16GB'), fp16FlopsPerSec: null })).toBeNull();
  });
});

describe('cudaQuantizedMatrixRatio', () => {
  const gpu = (name: string, computeCapability: string | null) => ({ name: { value: name, source: 'user' as const, confidence: 'high' as const }, computeCapability });
  it('runs quantized prompt matrices at twice the FP16-accumulate rate from Turing on', () => {
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA GeForce RTX 4090', '8.9'))).toBe(2);
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA A100-SXM4-80GB', '8.0'))).toBe(2);
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA GB10', '12.1'))).toBe(2);
  });
  it('keeps 1 on Turing without tensor cores, on Volta and on Pascal', () => {
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA GeForce GTX 1660 SUPER', '7.5'))).toBe(1);
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA T1000 8GB', '7.5'))).toBe(1);
    expect(cudaQuantizedMatrixRatio(gpu('Tesla V100-SXM2-32GB', '7.0'))).toBe(1);
    expect(cudaQuantizedMatrixRatio(gpu('Tesla P40', '6.1'))).toBe(1);
  });
  it('decides by name when the compute capability is unknown', () => {
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA RTX PRO 6000 Blackwell Workstation Edition', null))).toBe(2);
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA Tesla T4', null))).toBe(2);
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA L40S', null))).toBe(2);
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA Jetson AGX Orin', null))).toBe(2);
    expect(cudaQuantizedMatrixRatio(gpu('NVIDIA GeForce GTX 1080 Ti', null))).toBe(1);
    expect(cudaQuantizedMatrixRatio(gpu('Tesla P40', null))).toBe(1);
  });
});
