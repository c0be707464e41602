import { h, round } from './svg-node';
import type { Chart, SvgNode } from './svg-node';

export interface ChartPoint {
  readonly x: number;
  /** Null where there is no value (a context that does not fit): the line breaks there. */
  readonly y: number | null;
}

export interface LineSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

export interface LineChartInput {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly formatX: (x: number) => string;
  readonly formatY: (y: number) => string;
  /** Log-2 x axis (context and prompt lengths double at each step). */
  readonly logX?: boolean;
  /** A marked x (the chosen context or prompt). */
  readonly markX?: number;
  /** Horizontal lines (a memory limit, a minimum speed). */
  readonly limits?: readonly { readonly y: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
}

const PAD = { left: 64, right: 14, top: 14, bottom: 34 } as const;

/**
 * A line chart of one or more series over a shared x axis, with ticks at each point's x, a marked x and
 * horizontal limit lines. Series are styled `chart-line-0`, `chart-line-1`...; the text alternative lists every
 * point. Example: `lineChart({ title: 'Speed', xLabel: 'context', yLabel: 'tok/s', series: [{ name: 'Q4_K_M',
 * points: [{ x: 2048, y: 40 }, { x: 4096, y: 38 }] }], formatX: String, formatY: String, logX: true })`.
 */
export function lineChart(c: LineChartInput): Chart {
  const width = c.width ?? 480;
  const height = c.height ?? 200;
  const xs = [...new Set(c.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const ys = c.series.flatMap((s) => s.points.map((p) => p.y)).filter((y): y is number => y !== null && Number.isFinite(y));
  const limitYs = (c.limits ?? []).map((l) => l.y);
  const yMax = Math.max(1e-9, ...ys, ...limitYs) * 1.08;
  const tx = (v: number) => (c.logX ? Math.log2(Math.max(v, 1e-9)) : v);
  const x0 = tx(xs[0] ?? 0);
  const x1 = tx(xs[xs.length - 1] ?? 1);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const px = (v: number) => round(PAD.left + (x1 === x0 ? plotW / 2 : ((tx(v) - x0) / (x1 - x0)) * plotW));
  const py = (v: number) => round(PAD.top + plotH - (v / yMax) * plotH);
  const nodes: SvgNode[] = [];
  // Axes and grid: four horizontal grid lines with their values.
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 1.08) * (i / 4);
    nodes.push(h('line', { x1: PAD.left, x2: width - PAD.right, y1: py(v), y2: py(v), class: 'chart-grid' }));
    nodes.push(h('text', { x: PAD.left - 6, y: py(v) + 4, class: 'chart-label chart-end' }, [c.formatY(v)]));
  }
  for (const v of xs) nodes.push(h('text', { x: px(v), y: height - PAD.bottom + 14, class: 'chart-label chart-middle' }, [c.formatX(v)]));
  nodes.push(h('text', { x: PAD.left + plotW / 2, y: height - 4, class: 'chart-label chart-middle chart-axis-title' }, [c.xLabel]));
  nodes.push(h('text', { x: 4, y: PAD.top - 2, class: 'chart-label chart-axis-title' }, [c.yLabel]));
  for (const l of c.limits ?? []) {
    nodes.push(h('line', { x1: PAD.left, x2: width - PAD.right, y1: py(l.y), y2: py(l.y), class: 'chart-limit' }));
    nodes.push(h('text', { x: width - PAD.right, y: py(l.y) - 3, class: 'chart-label chart-end' }, [l.label]));
  }
  if (c.markX !== undefined && xs.length > 0) {
    const mx = px(Math.min(Math.max(c.markX, xs[0] ?? c.markX), xs[xs.length - 1] ?? c.markX));
    nodes.push(h('line', { x1: mx, x2: mx, y1: PAD.top, y2: PAD.top + plotH, class: 'chart-mark', 'data-x': c.markX }));
  }
  c.series.forEach((s, i) => {
    // Runs of consecutive points with a value: a missing value breaks the line.
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) nodes.push(h('polyline', { points: run.join(' '), class: `chart-line chart-line-${i}` }));
      run = [];
    };
    for (const p of s.points) {
      if (p.y === null || !Number.isFinite(p.y)) {
        flush();
        continue;
      }
      run.push(`${px(p.x)},${py(p.y)}`);
      nodes.push(h('circle', { cx: px(p.x), cy: py(p.y), r: 3, class: `chart-dot chart-line-${i}` }, [h('title', {}, [`${s.name}, ${c.formatX(p.x)}: ${c.formatY(p.y)}`])]));
    }
    flush();
  });
  const text = lineText(c);
  const svg = h('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': c.title, class: 'chart' }, [
    h('title', {}, [`${c.title}: ${text}`]),
    ...nodes,
  ]);
  return { title: c.title, svg, text };
}

function lineText(c: LineChartInput): string {
  return c.series
    .map((s) => {
      const points = s.points.map((p) => `${c.formatX(p.x)} ${p.y === null || !Number.isFinite(p.y) ? 'does not fit' : c.formatY(p.y)}`).join(', ');
      return `${c.series.length > 1 ? `${s.name}: ` : ''}${points}`;
    })
    .join('; ')
    .concat('.');
}
