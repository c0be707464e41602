import { formatBandwidth, formatBytes } from '../format/units';
import type { HardwareProfile, Sourced } from '../domain/hardware';

/** How a value came to be, when the reader should notice it. */
export type ValueMark = 'corrected' | 'measured' | 'estimated' | null;

export interface MachineRow {
  readonly item: string;
  readonly value: string;
  /** Where the value comes from: a probe, the GPU table, the user... */
  readonly source: string;
  readonly mark: ValueMark;
}

/** The words a report prints beside a marked value. */
export const MARK_LABELS: Readonly<Record<Exclude<ValueMark, null>, string>> = {
  corrected: 'corrected by the user',
  measured: 'measured on this machine',
  estimated: 'estimated',
};

function mark(s: Sourced<unknown>): ValueMark {
  if (s.source === 'user') return 'corrected';
  if (s.source === 'measured') return 'measured';
  if (s.source === 'estimated') return 'estimated';
  return null;
}

function row<T>(item: string, s: Sourced<T> | null | undefined, show: (v: T) => string): MachineRow {
  if (!s) return { item, value: 'unknown', source: '—', mark: null };
  const confidence = s.confidence === 'low' ? ', low confidence' : '';
  return { item, value: show(s.value), source: `${s.source}${confidence}`, mark: mark(s) };
}

const ghz = (hz: number) => `${(hz / 1e9).toFixed(2)} GHz`;
const tflops = (f: number) => `${(f / 1e12).toFixed(1)} TFLOPS FP16`;

/** The machine, one value a row, each with its source (corrections and measurements marked). */
export function machineRows(p: HardwareProfile): MachineRow[] {
  const rows: MachineRow[] = [
    { item: 'System', value: `${p.os.platform} ${p.os.release} (${p.os.arch})${p.os.virtual ? ', virtual machine or container' : ''}`, source: 'os', mark: null },
    row('CPU', p.cpu.name, String),
    row('CPU cores', p.cpu.physicalCores, (v) => `${v} physical, ${p.cpu.logicalCores.value} logical`),
    row('CPU clock', p.cpu.clockHz ?? null, ghz),
    { item: 'CPU extensions', value: p.cpu.isa.join(' ') || 'none read', source: 'os', mark: null },
    row('RAM', p.memory.totalBytes, formatBytes),
    row('RAM available', p.memory.availableBytes, formatBytes),
    row('RAM bandwidth', p.memory.bandwidthBytesPerSec, formatBandwidth),
    row('RAM type', p.memory.type, String),
  ];
  if (p.gpus.length === 0) rows.push({ item: 'GPU', value: 'none found (CPU-only inference)', source: '—', mark: null });
  p.gpus.forEach((g, i) => {
    const n = p.gpus.length > 1 ? `GPU ${i + 1}` : 'GPU';
    rows.push({ ...row(n, g.name, String), value: `${g.name.value}${g.usedForOffload ? '' : ' (not used for offload)'}` });
    rows.push(row(`${n} VRAM`, g.vramTotalBytes, formatBytes));
    if (g.vramFreeBytes) rows.push(row(`${n} VRAM free`, g.vramFreeBytes, formatBytes));
    if (g.sharedMemoryBytes) rows.push(row(`${n} shared memory`, g.sharedMemoryBytes, formatBytes));
    rows.push(row(`${n} bandwidth`, g.bandwidthBytesPerSec, formatBandwidth));
    rows.push(row(`${n} compute`, g.fp16FlopsPerSec, tflops));
    if (g.driverVersion) rows.push({ item: `${n} driver`, value: g.driverVersion, source: 'os', mark: null });
  });
  return rows;
}
