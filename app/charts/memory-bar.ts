import type { MemoryEstimate } from '../domain/estimate';
import { formatBytes } from '../format/units';
import { h, round } from './svg-node';
import type { Chart, SvgNode } from './svg-node';

/** The parts of an estimate's memory, in the order they are stacked; each part's class gives its colour. */
export const MEMORY_PARTS = [
  { key: 'weightsBytes', label: 'weights', className: 'chart-weights' },
  { key: 'kvCacheBytes', label: 'KV cache', className: 'chart-kv' },
  { key: 'computeBytes', label: 'compute buffers', className: 'chart-compute' },
  { key: 'overheadBytes', label: 'runtime reserve', className: 'chart-reserve' },
  { key: 'visionBytes', label: 'vision projector', className: 'chart-vision' },
] as const;

export interface MemoryBarOptions {
  /** The machine's RAM: drawn as the "RAM" line after the GPUs' memory. */
  readonly ramBytes: number | null;
  /** Width of the drawing in SVG units (the element scales to its box). */
  readonly width?: number;
  /** One thin bar without labels or device rows: for a table row. */
  readonly compact?: boolean;
}

function parts(m: MemoryEstimate): { label: string; className: string; bytes: number }[] {
  return MEMORY_PARTS.map((p) => ({ label: p.label, className: p.className, bytes: Math.max(0, m[p.key]) })).filter((p) => p.bytes > 0);
}

/** The bytes the GPUs can hold for this estimate (0 without one). */
function gpuCapacity(m: MemoryEstimate): number {
  return m.devices.reduce((a, d) => a + d.capacityBytes, 0);
}

/**
 * The memory an estimate needs, stacked (weights, KV cache, compute buffers, runtime reserve, vision), against
 * the GPUs' memory (the "VRAM" line) and then the RAM (the "RAM" line), plus one row per device: what it holds
 * against what it has. Example: `memoryBarChart(estimate.memory, { ramBytes: 64 * 2 ** 30 })`.
 */
export function memoryBarChart(m: MemoryEstimate, o: MemoryBarOptions): Chart {
  const width = o.width ?? 480;
  const vram = gpuCapacity(m);
  const ram = o.ramBytes ?? 0;
  // The scale: the model, or the memory it is measured against (VRAM when there is a GPU, else RAM), whichever is larger.
  const against = vram > 0 ? vram : ram;
  const domain = Math.max(m.totalBytes, against, 1);
  const x = (bytes: number) => round((bytes / domain) * width);
  const barHeight = o.compact ? 10 : 18;
  const top = o.compact ? 0 : 16;
  const nodes: SvgNode[] = [];
  nodes.push(h('rect', { x: 0, y: top, width, height: barHeight, class: 'chart-track' }));
  let at = 0;
  for (const p of parts(m)) {
    nodes.push(h('rect', { x: x(at), y: top, width: Math.max(0.5, x(at + p.bytes) - x(at)), height: barHeight, class: p.className }, [h('title', {}, [`${p.label}: ${formatBytes(p.bytes)}`])]));
    at += p.bytes;
  }
  const marker = (bytes: number, label: string, className: string) => {
    nodes.push(h('line', { x1: x(bytes), x2: x(bytes), y1: top - (o.compact ? 0 : 4), y2: top + barHeight + (o.compact ? 0 : 4), class: className }));
    if (!o.compact) nodes.push(h('text', { x: x(bytes), y: 11, class: 'chart-label chart-end' }, [label]));
  };
  if (vram > 0) marker(vram, `VRAM ${formatBytes(vram)}`, 'chart-limit');
  if (ram > 0 && vram + ram <= domain) marker(vram + ram, `RAM ${formatBytes(ram)}`, 'chart-limit chart-ram');
  let height = top + barHeight;
  if (!o.compact) {
    const rows: { name: string; used: number; capacity: number }[] = m.devices.map((d) => ({ name: d.name, used: d.usedBytes, capacity: d.capacityBytes }));
    if (ram > 0) rows.push({ name: 'RAM', used: m.cpuBytes, capacity: ram });
    const rowMax = Math.max(1, ...rows.map((r) => Math.max(r.used, r.capacity)));
    // Device name on the left, "used of capacity" on the right, the bar between them.
    const labelWidth = Math.round(width * 0.25);
    const valueWidth = Math.round(width * 0.3);
    let y = height + 14;
    for (const r of rows) {
      const w = width - labelWidth - valueWidth;
      const fill = Math.min(r.used, r.capacity);
      nodes.push(h('text', { x: 0, y: y + 9, class: 'chart-label' }, [r.name]));
      nodes.push(h('rect', { x: labelWidth, y, width: round((r.capacity / rowMax) * w), height: 10, class: 'chart-track' }));
      nodes.push(h('rect', { x: labelWidth, y, width: round((fill / rowMax) * w), height: 10, class: r.used > r.capacity ? 'chart-over' : 'chart-used' }));
      nodes.push(h('text', { x: width, y: y + 9, class: 'chart-label chart-end' }, [`${formatBytes(r.used)} of ${formatBytes(r.capacity)}`]));
      y += 16;
    }
    height = y;
  }
  const title = 'Memory needed';
  const text = memoryText(m, vram, ram);
  // The accessible name is the title; the numbers are in `text`, shown beside the chart (and in <title> for a
  // standalone file). A compact bar repeats the row's own figures: hidden from screen readers.
  const svg = o.compact
    ? h('svg', { viewBox: `0 0 ${width} ${height}`, width, height, 'aria-hidden': 'true', class: 'chart chart-compact' }, nodes)
    : h('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart' }, [h('title', {}, [`${title}: ${text}`]), ...nodes]);
  return { title, svg, text };
}

function memoryText(m: MemoryEstimate, vram: number, ram: number): string {
  const list = parts(m)
    .map((p) => `${p.label} ${formatBytes(p.bytes)}`)
    .join(', ');
  const devices = m.devices.filter((d) => d.usedBytes > 0).map((d) => `${d.name} holds ${formatBytes(d.usedBytes)} of ${formatBytes(d.capacityBytes)}`);
  if (m.cpuBytes > 0) devices.push(`RAM holds ${formatBytes(m.cpuBytes)}${ram > 0 ? ` of ${formatBytes(ram)}` : ''}`);
  const against = vram > 0 ? ` against ${formatBytes(vram)} of VRAM` : ram > 0 ? ` against ${formatBytes(ram)} of RAM` : '';
  return `${formatBytes(m.totalBytes)} in all${against} (${list})${devices.length > 0 ? `; ${devices.join('; ')}` : ''}.`;
}
