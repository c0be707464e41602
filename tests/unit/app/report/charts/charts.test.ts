import { describe, expect, it } from 'vitest';
import { contextChart } from '../../../../../app/report/charts/context-chart';
import { memoryChart } from '../../../../../app/report/charts/memory-chart';
import { speedChart } from '../../../../../app/report/charts/speed-chart';
import { svgToString } from '../../../../../app/report/charts/svg';
import type { Chart, SvgNode } from '../../../../../app/report/charts/svg';

const GIB = 2 ** 30;

function inside(c: Chart): void {
  for (const n of c.nodes) {
    const xs = n.tag === 'rect' ? [n.x, n.x + n.width] : n.tag === 'line' ? [n.x1, n.x2] : n.tag === 'text' ? [n.x] : [];
    const ys = n.tag === 'rect' ? [n.y, n.y + n.height] : n.tag === 'line' ? [n.y1, n.y2] : n.tag === 'text' ? [n.y] : [];
    for (const x of xs) expect(x >= 0 && x <= c.width, `x ${x}`).toBe(true);
    for (const y of ys) expect(y >= 0 && y <= c.height, `y ${y}`).toBe(true);
  }
}

const texts = (c: Chart) => c.nodes.filter((n): n is Extract<SvgNode, { tag: 'text' }> => n.tag === 'text').map((n) => n.text);

describe('memoryChart', () => {
  const c = memoryChart(
    [
      { label: 'Small Q8_0', gpuBytes: 9 * GIB, cpuBytes: 0 },
      { label: 'Big Q4_K_M', gpuBytes: 22 * GIB, cpuBytes: 30 * GIB },
    ],
    24 * GIB,
    64 * GIB,
  );
  it('draws a bar per pick, its total, and the VRAM and RAM lines', () => {
    expect(texts(c)).toEqual(expect.arrayContaining(['Small Q8_0', '9.0 GiB', 'Big Q4_K_M', '52.0 GiB', 'VRAM 24.0 GiB', 'RAM 64.0 GiB']));
    expect(c.nodes.filter((n) => n.tag === 'line' && n.dash)).toHaveLength(2);
    inside(c);
  });
  it('puts a value at the same x whatever the bar: the GPU part of one bar ends where the VRAM line would be for that size', () => {
    const rects = c.nodes.filter((n): n is Extract<SvgNode, { tag: 'rect' }> => n.tag === 'rect' && n.height === 14);
    const [small, bigGpu] = rects;
    expect((bigGpu?.width ?? 0) / (small?.width ?? 1)).toBeCloseTo(22 / 9, 5);
  });
  it('has no VRAM line without a GPU', () => {
    expect(texts(memoryChart([{ label: 'x', gpuBytes: 0, cpuBytes: GIB }], null, 8 * GIB)).some((t) => t.startsWith('VRAM'))).toBe(false);
  });
});

describe('speedChart and contextChart', () => {
  it('speedChart labels each bar with its speed', () => {
    const c = speedChart([{ label: 'A', tokensPerSec: 80, low: 60, high: 95 }]);
    expect(texts(c)).toContain('80.0 tok/s');
    inside(c);
  });
  it('contextChart draws the known points as one path and names each context', () => {
    const c = contextChart('A Q4_K_M', [
      { contextTokens: 4096, tokensPerSec: 90, fit: 'full-gpu' },
      { contextTokens: 8192, tokensPerSec: 80, fit: 'full-gpu' },
      { contextTokens: 131072, tokensPerSec: null, fit: 'none' },
    ]);
    expect(c.nodes.filter((n) => n.tag === 'path')).toHaveLength(1);
    expect(texts(c)).toEqual(expect.arrayContaining(['4K', '8K', '128K', '90.0', '80.0']));
    expect(c.description).toContain('128K: Does not fit');
    inside(c);
  });
});

describe('svgToString', () => {
  it('writes standalone SVG with a title and description, and escapes text', () => {
    const s = svgToString({ title: 'T <1>', description: 'D & E', width: 10, height: 10, nodes: [{ tag: 'text', x: 1, y: 2, text: '<b>', size: 10, anchor: 'start', fill: '#000' }] });
    expect(s).toContain('<title>T &lt;1&gt;</title><desc>D &amp; E</desc>');
    expect(s).toContain('>&lt;b&gt;</text>');
    expect(s.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});
