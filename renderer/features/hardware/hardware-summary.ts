import type { HardwareProfile } from '../../../app/domain/hardware';
import { formatBytes } from '../../../app/format/units';

/** The machine in one line, for the collapsed hardware card: "NVIDIA H200 140.4 GiB · 251.5 GiB RAM · AMD EPYC ...". */
export function hardwareSummary(p: HardwareProfile): string {
  const gpus = p.gpus.filter((g) => g.usedForOffload).map((g) => `${g.name.value}${g.vramTotalBytes ? ` ${formatBytes(g.vramTotalBytes.value)}` : ''}`);
  return [gpus.length > 0 ? gpus.join(' + ') : 'no GPU', `${formatBytes(p.memory.totalBytes.value)} RAM`, p.cpu.name.value].join(' · ');
}
