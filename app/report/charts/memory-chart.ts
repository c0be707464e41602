import { formatBytes } from '../../format/units';
import { CHART_COLORS } from '../fit-style';
import { BAR_LAYOUT, axis, barX, referenceLine, rowLabel, valueLabel } from './bar-chart';
import type { Chart, SvgNode } from './svg';

export interface MemoryBar {
  readonly label: string;
  readonly gpuBytes: number;
  readonly cpuBytes: number;
}

/**
 * Memory per pick (GPU part, then CPU part, stacked) against the VRAM line (the GPUs used for offload)
 * and the RAM line.
 *
 * @example memoryChart([{ label: 'Llama 3.1 8B Q8_0', gpuBytes: 9e9, cpuBytes: 0.5e9 }], 24 * 2 ** 30, 64 * 2 ** 30)
 */
export function memoryChart(bars: readonly MemoryBar[], vramBytes: number | null, ramBytes: number): Chart {
  const { width, rowHeight, barHeight, top, bottom } = BAR_LAYOUT;
  const max = Math.max(ramBytes, vramBytes ?? 0, ...bars.map((b) => b.gpuBytes + b.cpuBytes)) * 1.05;
  // Reference lines first, so the bars and their labels are drawn over them.
  const nodes: SvgNode[] = [];
  if (vramBytes !== null && vramBytes > 0) nodes.push(...referenceLine(vramBytes, max, bars.length, `VRAM ${formatBytes(vramBytes)}`));
  // Two labels closer than their width would overlap: the RAM one goes a line higher.
  const close = vramBytes !== null && Math.abs(barX(vramBytes, max) - barX(ramBytes, max)) < 90;
  nodes.push(...referenceLine(ramBytes, max, bars.length, `RAM ${formatBytes(ramBytes)}`, close));
  bars.forEach((b, i) => {
    const y = top + i * rowHeight + (rowHeight - barHeight) / 2;
    const x0 = barX(0, max);
    const xg = barX(b.gpuBytes, max);
    const xt = barX(b.gpuBytes + b.cpuBytes, max);
    nodes.push(rowLabel(i, b.label));
    if (b.gpuBytes > 0) nodes.push({ tag: 'rect', x: x0, y, width: xg - x0, height: barHeight, fill: CHART_COLORS.gpu });
    if (b.cpuBytes > 0) nodes.push({ tag: 'rect', x: xg, y, width: xt - xg, height: barHeight, fill: CHART_COLORS.cpu });
    nodes.push(...valueLabel(xt + 4, y + barHeight - 3, formatBytes(b.gpuBytes + b.cpuBytes)));
  });
  nodes.push(axis(bars.length));
  const legendY = top + bars.length * rowHeight + 16;
  nodes.push(
    { tag: 'rect', x: BAR_LAYOUT.labelWidth, y: legendY - 9, width: 10, height: 10, fill: CHART_COLORS.gpu },
    { tag: 'text', x: BAR_LAYOUT.labelWidth + 14, y: legendY, text: 'on the GPU', size: 10, anchor: 'start', fill: CHART_COLORS.text },
    { tag: 'rect', x: BAR_LAYOUT.labelWidth + 90, y: legendY - 9, width: 10, height: 10, fill: CHART_COLORS.cpu },
    { tag: 'text', x: BAR_LAYOUT.labelWidth + 104, y: legendY, text: 'in RAM', size: 10, anchor: 'start', fill: CHART_COLORS.text },
  );
  const lines = bars.map((b) => `${b.label}: ${formatBytes(b.gpuBytes + b.cpuBytes)}`).join('; ');
  return {
    title: 'Memory per pick',
    description: `Memory each pick needs (GPU part and RAM part) against ${vramBytes ? `VRAM ${formatBytes(vramBytes)} and ` : ''}RAM ${formatBytes(ramBytes)}. ${lines}.`,
    width,
    height: top + bars.length * rowHeight + bottom,
    nodes,
  };
}
