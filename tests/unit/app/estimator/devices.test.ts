import { describe, expect, it } from 'vitest';
import { backendRunsOn, defaultBackend } from '../../../../app/estimator/devices';

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
