import type { GpuSpec } from './gpu-schema';

/**
 * Normalizes a GPU name as drivers print it, to the form the table's `matchNames` use.
 *
 * @example
 * normalizeGpuName('NVIDIA GeForce RTX 4060 Laptop GPU') // 'geforce rtx 4060 laptop gpu'
 * normalizeGpuName('AD102 [GeForce RTX 4090]')           // 'geforce rtx 4090'
 */
export function normalizeGpuName(raw: string): string {
  let name = raw.replace(/[®™]/g, ' ').replace(/\((r|tm)\)/gi, ' ');
  const bracket = /\[([^\]]+)\]/.exec(name);
  if (bracket?.[1] !== undefined) name = bracket[1];
  return name
    .toLowerCase()
    .replace(/\b(nvidia|amd|ati|intel|corporation|advanced micro devices,? inc\.?)\b/g, ' ')
    .replace(/[,/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface GpuIndex {
  readonly byName: ReadonlyMap<string, GpuSpec>;
  readonly byPciId: ReadonlyMap<string, GpuSpec>;
  readonly byId: ReadonlyMap<string, GpuSpec>;
  readonly all: readonly GpuSpec[];
}

export function buildGpuIndex(gpus: readonly GpuSpec[]): GpuIndex {
  const byName = new Map<string, GpuSpec>();
  const byPciId = new Map<string, GpuSpec>();
  const byId = new Map<string, GpuSpec>();
  for (const gpu of gpus) {
    byId.set(gpu.id, gpu);
    for (const n of gpu.matchNames) byName.set(normalizeGpuName(n), gpu);
    for (const p of gpu.pciDeviceIds) byPciId.set(p, gpu);
  }
  // The table's own display names (what the UI's pickers show) find their entry too, unless a match name
  // of another entry already claims that string.
  for (const gpu of gpus) {
    const display = normalizeGpuName(gpu.name);
    if (!byName.has(display)) byName.set(display, gpu);
  }
  return { byName, byPciId, byId, all: gpus };
}

/**
 * Finds a GPU by PCI id first, then by normalized name (exact, or with a trailing "gpu"/"graphics" dropped).
 * No match is better than a wrong match: nothing fuzzy beyond that, so an unknown card stays unknown.
 */
export function matchGpu(index: GpuIndex, name: string, pciId?: string | null): GpuSpec | null {
  if (pciId) {
    const hit = index.byPciId.get(pciId.toLowerCase());
    if (hit) return hit;
  }
  const n = normalizeGpuName(name);
  const candidates = [n, n.replace(/\s+(gpu|graphics)$/, ''), n.replace(/^(geforce|radeon)\s+/, '')];
  for (const c of candidates) {
    const hit = index.byName.get(c);
    if (hit) return hit;
  }
  return null;
}
