import { formatTokensPerSec } from '../../format/units';
import { CHART_COLORS } from '../fit-style';
import { BAR_LAYOUT, axis, barX, rowLabel, valueLabel } from './bar-chart';
import type { Chart, SvgNode } from './svg';

export interface SpeedBar {
  readonly label: string;
  readonly tokensPerSec: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Generation speed of the top picks: a bar at the estimate, a whisker over the low–high range.
 *
 * @example speedChart([{ label: 'Llama 3.1 8B Q8_0', tokensPerSec: 80, low: 60, high: 95 }])
 */
export function speedChart(bars: readonly SpeedBar[]): Chart {
  const { width, rowHeight, barHeight, top, bottom } = BAR_LAYOUT;
  const max = Math.max(1, ...bars.map((b) => b.high)) * 1.05;
  const nodes: SvgNode[] = [];
  bars.forEach((b, i) => {
    const y = top + i * rowHeight + (rowHeight - barHeight) / 2;
    const mid = y + barHeight / 2;
    const x0 = barX(0, max);
    nodes.push(rowLabel(i, b.label));
    nodes.push({ tag: 'rect', x: x0, y, width: barX(b.tokensPerSec, max) - x0, height: barHeight, fill: CHART_COLORS.speed });
    nodes.push({ tag: 'line', x1: barX(b.low, max), y1: mid, x2: barX(b.high, max), y2: mid, stroke: CHART_COLORS.text, width: 1 });
    nodes.push({ tag: 'line', x1: barX(b.low, max), y1: mid - 4, x2: barX(b.low, max), y2: mid + 4, stroke: CHART_COLORS.text, width: 1 });
    nodes.push({ tag: 'line', x1: barX(b.high, max), y1: mid - 4, x2: barX(b.high, max), y2: mid + 4, stroke: CHART_COLORS.text, width: 1 });
    nodes.push(...valueLabel(barX(b.high, max) + 4, y + barHeight - 3, `${formatTokensPerSec(b.tokensPerSec)} tok/s`));
  });
  nodes.push(axis(bars.length));
  nodes.push({ tag: 'text', x: BAR_LAYOUT.labelWidth, y: top + bars.length * rowHeight + 16, text: 'tokens per second while generating; the whisker is the low–high range', size: 10, anchor: 'start', fill: CHART_COLORS.text });
  return {
    title: 'Generation speed of the top picks',
    description: `Estimated generation speed, tokens per second: ${bars.map((b) => `${b.label} ${formatTokensPerSec(b.tokensPerSec)} (${formatTokensPerSec(b.low)}–${formatTokensPerSec(b.high)})`).join('; ')}.`,
    width,
    height: top + bars.length * rowHeight + bottom,
    nodes,
  };
}
