import { describe, expect, it } from 'vitest';
import { lineChart } from '../../../../app/charts/line-chart';
import type { SvgNode } from '../../../../app/charts/svg-node';

function all(node: SvgNode, tag: string): SvgNode[] {
  return [...(node.tag === tag ? [node] : []), ...node.children.flatMap((c) => (typeof c === 'string' ? [] : all(c, tag)))];
}

const base = { title: 'Speed', xLabel: 'context', yLabel: 'tok/s', formatX: String, formatY: (y: number) => y.toFixed(0), width: 300, height: 150 } as const;

describe('lineChart', () => {
  it('puts a higher value higher and spaces doubling steps evenly on a log axis', () => {
    const chart = lineChart({ ...base, logX: true, series: [{ name: 's', points: [{ x: 1024, y: 50 }, { x: 2048, y: 40 }, { x: 4096, y: 20 }] }] });
    const dots = all(chart.svg, 'circle');
    const cx = dots.map((d) => Number(d.attrs['cx']));
    const cy = dots.map((d) => Number(d.attrs['cy']));
    expect(cy[0]).toBeLessThan(cy[1] ?? 0);
    expect(cy[1]).toBeLessThan(cy[2] ?? 0);
    expect((cx[1] ?? 0) - (cx[0] ?? 0)).toBeCloseTo((cx[2] ?? 0) - (cx[1] ?? 0), 0);
  });

  it('breaks the line where a value is missing and says so in the text', () => {
    const chart = lineChart({ ...base, series: [{ name: 's', points: [{ x: 1, y: 3 }, { x: 2, y: 2 }, { x: 3, y: null }, { x: 4, y: 1 }] }] });
    expect(all(chart.svg, 'polyline')).toHaveLength(1);
    expect(chart.text).toBe('1 3, 2 2, 3 does not fit, 4 1.');
  });

  it('marks the chosen x and draws limit lines', () => {
    const chart = lineChart({ ...base, markX: 2, limits: [{ y: 10, label: 'minimum' }], series: [{ name: 's', points: [{ x: 1, y: 30 }, { x: 3, y: 20 }] }] });
    const mark = all(chart.svg, 'line').find((l) => l.attrs['class'] === 'chart-mark');
    expect(mark?.attrs['data-x']).toBe(2);
    expect(all(chart.svg, 'line').some((l) => l.attrs['class'] === 'chart-limit')).toBe(true);
  });

  it('survives an empty series', () => {
    expect(lineChart({ ...base, series: [{ name: 's', points: [] }] }).text).toBe('.');
  });
});
