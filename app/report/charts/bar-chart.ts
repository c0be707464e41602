import { CHART_COLORS } from '../fit-style';
import type { SvgNode } from './svg';

/** Layout shared by the horizontal bar charts. */
export const BAR_LAYOUT = { width: 640, labelWidth: 210, valueWidth: 70, rowHeight: 22, barHeight: 14, top: 34, bottom: 26 } as const;

/** Cuts a label to fit the label column (about 6 px per character at 11 px). */
export function fitLabel(text: string, maxChars = 32): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** x of a value on the bar axis. */
export function barX(value: number, max: number): number {
  const { width, labelWidth, valueWidth } = BAR_LAYOUT;
  const span = width - labelWidth - valueWidth;
  return labelWidth + (max > 0 ? (Math.max(0, value) / max) * span : 0);
}

/** A vertical reference line across the rows, with its label above. */
export function referenceLine(value: number, max: number, rows: number, label: string, raised = false): SvgNode[] {
  const x = barX(value, max);
  const { top, rowHeight } = BAR_LAYOUT;
  return [
    { tag: 'line', x1: x, y1: top - (raised ? 16 : 4), x2: x, y2: top + rows * rowHeight, stroke: CHART_COLORS.line, width: 1.5, dash: true },
    { tag: 'text', x, y: top - (raised ? 18 : 7), text: label, size: 10, anchor: 'middle', fill: CHART_COLORS.line },
  ];
}

/** The row label at the left of a bar. */
export function rowLabel(row: number, text: string): SvgNode {
  const { labelWidth, top, rowHeight } = BAR_LAYOUT;
  return { tag: 'text', x: labelWidth - 6, y: top + row * rowHeight + rowHeight / 2 + 4, text: fitLabel(text), size: 11, anchor: 'end', fill: CHART_COLORS.text };
}

/** The axis line under the rows. */
export function axis(rows: number): SvgNode {
  const { labelWidth, width, valueWidth, top, rowHeight } = BAR_LAYOUT;
  return { tag: 'line', x1: labelWidth, y1: top + rows * rowHeight, x2: width - valueWidth, y2: top + rows * rowHeight, stroke: CHART_COLORS.axis, width: 1 };
}

/** A value at the end of a bar, on a white ground so a reference line behind it does not cross the digits. */
export function valueLabel(x: number, y: number, text: string): SvgNode[] {
  const width = text.length * 5.6 + 4; // about 5.6 px per character at 10 px
  return [
    { tag: 'rect', x: x - 2, y: y - 9, width, height: 12, fill: '#ffffff' },
    { tag: 'text', x, y, text, size: 10, anchor: 'start', fill: CHART_COLORS.text },
  ];
}
