import { llamaCppFp16Flops } from '../../../app/catalog/gpu-compute';
import { appleGpuBudgetBytes } from '../../../app/catalog/apple-budget';
import type { GpuSpec } from '../../../app/catalog/gpu-schema';
import { normalizeGpuName } from '../../../app/catalog/gpu-match';
import type { GpuDevice, GpuKind, GpuVendor, Sourced, ValueSource } from '../../../app/domain/hardware';
import type { AppleObservation, GpuObservation } from './observations';

export type GpuLookup = (name: string, pciId: string | null) => GpuSpec | null;

/**
 * Which probe wins for each value (earlier wins). nvidia-smi reads the driver; sysfs the amdgpu/xe
 * driver; the registry's qwMemorySize is the driver's 64-bit figure; llama-server sees what the
 * backend can allocate; Win32 AdapterRAM and systeminformation's lspci BAR sizes are last.
 */
const VRAM_ORDER: readonly ValueSource[] = ['nvidia-smi', 'sysfs', 'registry', 'llama-server', 'os', 'systeminformation'];
const NAME_ORDER: readonly ValueSource[] = ['nvidia-smi', 'registry', 'system_profiler', 'llama-server', 'os', 'systeminformation', 'sysfs'];

const CONFIDENCE: Readonly<Partial<Record<ValueSource, Sourced<number>['confidence']>>> = {
  'nvidia-smi': 'high',
  sysfs: 'high',
  registry: 'high',
  'llama-server': 'high',
  os: 'medium',
  systeminformation: 'low',
};

function rank(order: readonly ValueSource[], s: ValueSource): number {
  const i = order.indexOf(s);
  return i < 0 ? order.length : i;
}

function namesCompatible(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const x = normalizeGpuName(a);
  const y = normalizeGpuName(b);
  return x === y || (x.length >= 6 && y.includes(x)) || (y.length >= 6 && x.includes(y));
}

/**
 * Groups the observations of all probes into physical GPUs: the same bus address is the same GPU;
 * an observation without one joins a GPU of the same vendor whose name matches, else the only GPU of
 * that vendor not yet seen by that probe; otherwise it is a GPU of its own.
 */
export function groupObservations(observations: readonly GpuObservation[]): GpuObservation[][] {
  const groups: GpuObservation[][] = [];
  // systeminformation's bus address can be a guess (from OpenCL without lspci): it joins by address only
  // when another probe confirms that address, and otherwise by name like the probes that have none.
  const withBus = observations.filter((o) => o.busId !== null && o.source !== 'systeminformation');
  const rest = observations.filter((o) => o.busId === null || o.source === 'systeminformation');
  for (const o of withBus) {
    const g = groups.find((x) => x.some((y) => y.busId === o.busId));
    if (g) g.push(o);
    else groups.push([o]);
  }
  const withoutBus: GpuObservation[] = [];
  for (const o of rest) {
    const g = o.busId === null ? undefined : groups.find((x) => x.some((y) => y.busId === o.busId));
    if (g) g.push(o);
    else withoutBus.push(o);
  }
  // Most authoritative first, so systeminformation's guesses attach to what nvidia-smi or sysfs found.
  const ordered = [...withoutBus].sort((a, b) => rank(NAME_ORDER, a.source) - rank(NAME_ORDER, b.source));
  for (const o of ordered) {
    const free = (g: GpuObservation[]) => !g.some((y) => y.source === o.source);
    const sameVendor = groups.filter((g) => free(g) && g.some((y) => y.vendor === o.vendor || y.vendor === null || o.vendor === null));
    const byName = sameVendor.find((g) => g.some((y) => namesCompatible(y.name, o.name)));
    const byPci = o.pciId ? sameVendor.find((g) => g.some((y) => y.pciId === o.pciId)) : undefined;
    const vram = o.vramTotalBytes;
    const byVram =
      vram !== null && !o.untrustedVram
        ? sameVendor.find((g) => g.some((y) => !y.untrustedVram && y.vramTotalBytes !== null && Math.abs(y.vramTotalBytes - vram) / vram < 0.03))
        : undefined;
    const only = sameVendor.filter((g) => g.some((y) => y.vendor === o.vendor));
    const target = byName ?? byPci ?? byVram ?? (only.length === 1 && o.name === null ? only[0] : undefined);
    if (target) target.push(o);
    else groups.push([o]);
  }
  return groups;
}

function best<T>(group: readonly GpuObservation[], order: readonly ValueSource[], pick: (o: GpuObservation) => T | null): { value: T; source: ValueSource; detail: string } | null {
  const sorted = [...group].sort((a, b) => rank(order, a.source) - rank(order, b.source));
  for (const o of sorted) {
    const v = pick(o);
    if (v !== null) return { value: v, source: o.source, detail: o.detail };
  }
  return null;
}

function sourced(v: { value: number; source: ValueSource; detail: string } | null): Sourced<number> | null {
  return v === null ? null : { value: v.value, source: v.source, confidence: CONFIDENCE[v.source] ?? 'medium', detail: v.detail };
}

/** A table match must agree with a trusted VRAM reading (within 10 % of one of its sizes): no wrong match. */
function specAgrees(spec: GpuSpec, trustedVramBytes: number | null): boolean {
  if (trustedVramBytes === null || spec.unifiedMemory) return true;
  return spec.memoryGiB.some((g) => Math.abs(g * 1024 ** 3 - trustedVramBytes) / (g * 1024 ** 3) < 0.1);
}

export interface MergeContext {
  readonly lookup: GpuLookup;
  readonly ramBytes: number;
  readonly apple: AppleObservation | null;
}

/** One GpuDevice from all that the probes saw of one GPU. */
export function toDevice(group: readonly GpuObservation[], id: string, ctx: MergeContext): GpuDevice {
  const vendor: GpuVendor = group.find((o) => o.vendor !== null && o.vendor !== 'other')?.vendor ?? 'other';
  const name = best(group, NAME_ORDER, (o) => o.name);
  const pciId = group.find((o) => o.pciId !== null)?.pciId ?? null;
  const trusted = best(group, VRAM_ORDER, (o) => (o.untrustedVram ? null : o.vramTotalBytes));
  const untrusted = best(group, VRAM_ORDER, (o) => o.vramTotalBytes);
  const cores = group.find((o) => o.gpuCores !== null)?.gpuCores ?? null;
  const apple = vendor === 'apple';
  const lookupName = apple && cores !== null ? `${name?.value ?? ''} ${cores}-core gpu` : (name?.value ?? '');
  let spec = ctx.lookup(lookupName, pciId);
  if (spec === null && apple) spec = ctx.lookup(name?.value ?? '', null);
  if (spec !== null && !specAgrees(spec, trusted?.value ?? null)) spec = null;
  const integratedSaid = group.some((o) => o.integrated === true);
  const nvidiaUnified = vendor === 'nvidia' && group.some((o) => o.source === 'nvidia-smi' && o.vramTotalBytes === null);
  const kind: GpuKind = apple || nvidiaUnified || vendor === 'qualcomm' ? 'unified' : integratedSaid || spec?.unifiedMemory ? 'integrated' : 'discrete';

  // An iGPU's "dedicated memory" in the registry or WMI is an aperture, not memory of its own; only an
  // APU's BIOS carve-out (amdgpu sysfs) is real, and it is already missing from the OS's RAM.
  let vramTotal: Sourced<number> | null = kind === 'integrated' ? sourced(best(group, ['sysfs'], (o) => (o.source === 'sysfs' ? o.vramTotalBytes : null))) : sourced(trusted);
  if (apple) {
    const wired = ctx.apple?.wiredLimitMb ?? null;
    const ram = ctx.apple?.ramBytes ?? ctx.ramBytes;
    vramTotal = {
      value: appleGpuBudgetBytes(ram, wired),
      source: wired !== null && wired > 0 ? 'sysctl' : 'estimated',
      confidence: wired !== null && wired > 0 ? 'high' : 'medium',
      detail: wired !== null && wired > 0 ? `iogpu.wired_limit_mb = ${wired}` : 'macOS default GPU working-set limit for this RAM size',
    };
  } else if (nvidiaUnified) {
    vramTotal = { value: ctx.ramBytes, source: 'estimated', confidence: 'medium', detail: 'nvidia-smi reports [N/A]: unified memory, system RAM used' };
  } else if (vramTotal === null && kind === 'discrete' && spec !== null && spec.memoryGiB.length === 1 && spec.memoryGiB[0] !== undefined) {
    // The only VRAM reading is a PCI BAR or a 4 GB-capped field: a card sold in one size has that size.
    vramTotal = { value: spec.memoryGiB[0] * 1024 ** 3, source: 'spec table', confidence: 'medium', detail: `${spec.name}, the only memory size it is sold with` };
  } else if (vramTotal === null && kind === 'discrete' && untrusted !== null) {
    vramTotal = { value: untrusted.value, source: untrusted.source, confidence: 'low', detail: `${untrusted.detail}: may be a PCI BAR size or a capped value; check it` };
  }

  const freeDirect = best(group, VRAM_ORDER, (o) => o.vramFreeBytes);
  const freeFromUsed = best(group, VRAM_ORDER, (o) => (o.vramTotalBytes !== null && o.vramUsedBytes !== null && !o.untrustedVram ? o.vramTotalBytes - o.vramUsedBytes : null));
  const vramFree = apple || nvidiaUnified || (kind === 'integrated' && vramTotal === null) ? null : sourced(freeDirect ?? freeFromUsed);
  const shared = kind === 'integrated' ? sourced(best(group, VRAM_ORDER, (o) => o.sharedMemoryBytes)) : null;
  const fp16 = spec ? llamaCppFp16Flops(spec) : null;
  return {
    id,
    name: name
      ? { value: name.value, source: name.source, confidence: 'high', detail: name.detail }
      : spec
        ? { value: spec.name, source: 'spec table', confidence: 'medium', detail: `PCI id ${pciId ?? '?'}` }
        : { value: `Unknown ${vendor === 'other' ? '' : `${vendor} `}GPU${pciId ? ` (${pciId})` : ''}`, source: 'estimated', confidence: 'low' },
    vendor,
    kind,
    vramTotalBytes: vramTotal,
    vramFreeBytes: vramFree,
    sharedMemoryBytes: shared,
    bandwidthBytesPerSec: spec ? { value: spec.bandwidthGBps * 1e9, source: 'spec table', confidence: 'medium', detail: spec.name } : null,
    fp16FlopsPerSec: fp16 ? { value: fp16.flopsPerSec, source: 'spec table', confidence: 'medium', detail: fp16.detail } : null,
    specId: spec?.id ?? null,
    busId: group.find((o) => o.busId !== null)?.busId ?? null,
    driverVersion: group.find((o) => o.driverVersion !== null)?.driverVersion ?? null,
    computeCapability: group.find((o) => o.computeCapability !== null)?.computeCapability ?? spec?.computeCapability ?? null,
    usedForOffload: true,
  };
}
