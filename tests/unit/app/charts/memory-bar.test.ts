import { describe, expect, it } from 'vitest';
import { memoryBarChart } from '../../../../app/charts/memory-bar';
import { svgToString } from '../../../../app/charts/svg-node';
import type { SvgNode } from '../../../../app/charts/svg-node';
import type { MemoryEstimate } from '../../../../app/domain/estimate';

const GIB = 1024 ** 3;

const memory: MemoryEstimate = {
  weightsBytes: 4 * GIB,
  kvCacheBytes: 1 * GIB,
  computeBytes: 0.5 * GIB,
  overheadBytes: 0.5 * GIB,
  visionBytes: 0,
  totalBytes: 6 * GIB,
  gpuBytes: 6 * GIB,
  cpuBytes: 0,
  devices: [{ deviceId: 'gpu0', name: 'RTX 4090', usedBytes: 6 * GIB, capacityBytes: 24 * GIB, layers: 33 }],
  headroomBytes: 18 * GIB,
};

function all(node: SvgNode, tag: string): SvgNode[] {
  return [...(node.tag === tag ? [node] : []), ...node.children.flatMap((c) => (typeof c === 'string' ? [] : all(c, tag)))];
}

describe('memoryBarChart', () => {
  it('stacks the parts in order, each as wide as its share of the VRAM it is measured against', () => {
    const chart = memoryBarChart(memory, { ramBytes: 64 * GIB, width: 240 });
    const parts = all(chart.svg, 'rect').filter((r) => String(r.attrs['class']).match(/chart-(weights|kv|compute|reserve)/));
    expect(parts.map((r) => r.attrs['class'])).toEqual(['chart-weights', 'chart-kv', 'chart-compute', 'chart-reserve']);
    // 4 GiB of 24 GiB VRAM over 240 units = 40.
    expect(parts[0]?.attrs['width']).toBe(40);
    expect(parts[1]?.attrs['x']).toBe(40);
  });

  it('says the same numbers in words', () => {
    const chart = memoryBarChart(memory, { ramBytes: 64 * GIB });
    expect(chart.text).toBe(
      '6.0 GiB in all against 24.0 GiB of VRAM (weights 4.0 GiB, KV cache 1.0 GiB, compute buffers 512 MiB, runtime reserve 512 MiB); RTX 4090 holds 6.0 GiB of 24.0 GiB.',
    );
    expect(svgToString(chart.svg)).toContain('VRAM 24.0 GiB');
  });

  it('grows the scale past the VRAM line when the model spills into RAM', () => {
    const spill: MemoryEstimate = { ...memory, weightsBytes: 40 * GIB, totalBytes: 42 * GIB, cpuBytes: 20 * GIB, gpuBytes: 22 * GIB };
    const chart = memoryBarChart(spill, { ramBytes: 64 * GIB, width: 420 });
    const vramLine = all(chart.svg, 'line')[0];
    expect(vramLine?.attrs['x1']).toBe(240);
    expect(chart.text).toContain('RAM holds 20.0 GiB of 64.0 GiB');
  });

  it('draws a compact bar without device rows or labels', () => {
    const chart = memoryBarChart(memory, { ramBytes: 64 * GIB, compact: true });
    expect(all(chart.svg, 'text')).toHaveLength(0);
    expect(chart.svg.attrs['class']).toBe('chart chart-compact');
    // It repeats the row's figures: hidden from screen readers (and from getByLabel).
    expect(chart.svg.attrs['aria-hidden']).toBe('true');
  });
});
