import { formatTokens, formatTokensPerSec } from '../../format/units';
import { CHART_COLORS, FIT_LABELS } from '../fit-style';
import type { ContextPoint } from '../report-data';
import type { Chart, SvgNode } from './svg';

/** The next "round" axis maximum: 1, 2, 2.5 or 5 times a power of ten. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

const W = 640;
const H = 240;
const PAD = { left: 56, right: 20, top: 20, bottom: 44 } as const;

/**
 * Generation speed against context length for one pick: a line over the contexts where it runs (x on a
 * log2 scale), each point marked and labelled; contexts where it does not run are named below the axis.
 *
 * @example contextChart('Llama 3.1 8B Q8_0', [{ contextTokens: 4096, tokensPerSec: 90, fit: 'full-gpu' }])
 */
export function contextChart(label: string, points: readonly ContextPoint[]): Chart {
  const known = points.filter((p): p is ContextPoint & { tokensPerSec: number } => p.tokensPerSec !== null);
  const maxY = niceCeil(Math.max(1, ...known.map((p) => p.tokensPerSec)) * 1.2);
  const logs = points.map((p) => Math.log2(p.contextTokens));
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const x = (ctx: number) => PAD.left + (hi > lo ? ((Math.log2(ctx) - lo) / (hi - lo)) * (W - PAD.left - PAD.right) : (W - PAD.left - PAD.right) / 2);
  const y = (tps: number) => H - PAD.bottom - (tps / maxY) * (H - PAD.top - PAD.bottom);
  const nodes: SvgNode[] = [
    { tag: 'line', x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, stroke: CHART_COLORS.axis, width: 1 },
    { tag: 'line', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, stroke: CHART_COLORS.axis, width: 1 },
    { tag: 'text', x: PAD.left - 6, y: PAD.top + 4, text: formatTokensPerSec(maxY), size: 10, anchor: 'end', fill: CHART_COLORS.text },
    { tag: 'text', x: PAD.left - 6, y: H - PAD.bottom + 4, text: '0', size: 10, anchor: 'end', fill: CHART_COLORS.text },
    { tag: 'text', x: (PAD.left + W - PAD.right) / 2, y: H - 6, text: `context (tokens) — ${label}`, size: 10, anchor: 'middle', fill: CHART_COLORS.text },
  ];
  for (const p of points) {
    nodes.push({ tag: 'text', x: x(p.contextTokens), y: H - PAD.bottom + 14, text: formatTokens(p.contextTokens), size: 10, anchor: 'middle', fill: CHART_COLORS.text });
    if (p.tokensPerSec === null) nodes.push({ tag: 'text', x: x(p.contextTokens), y: H - PAD.bottom - 6, text: 'does not run', size: 9, anchor: 'middle', fill: CHART_COLORS.line });
  }
  if (known.length > 0) {
    const d = known.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.contextTokens).toFixed(1)} ${y(p.tokensPerSec).toFixed(1)}`).join(' ');
    nodes.push({ tag: 'path', d, stroke: CHART_COLORS.speed, width: 2 });
    for (const p of known) {
      const cx = x(p.contextTokens);
      const cy = y(p.tokensPerSec);
      nodes.push({ tag: 'rect', x: cx - 3, y: cy - 3, width: 6, height: 6, fill: CHART_COLORS.speed });
      nodes.push({ tag: 'text', x: cx, y: cy - 7, text: formatTokensPerSec(p.tokensPerSec), size: 10, anchor: 'middle', fill: CHART_COLORS.text });
    }
  }
  const says = points.map((p) => `${formatTokens(p.contextTokens)}: ${p.tokensPerSec === null ? FIT_LABELS[p.fit] : `${formatTokensPerSec(p.tokensPerSec)} tok/s`}`).join('; ');
  return { title: `Generation speed against context: ${label}`, description: `Tokens per second while generating at each context length. ${says}.`, width: W, height: H, nodes };
}
