import type { CpuInfo, GpuVendor, HardwareProfile, MemoryInfo, Sourced } from '../../../app/domain/hardware';
import { groupObservations, toDevice } from './merge';
import type { GpuLookup } from './merge';
import { parseNvidiaSmi } from './nvidia-smi';
import type { NvidiaSmiGpu } from './nvidia-smi';
import { emptyObservation } from './observations';
import type { GpuObservation, MemoryObservation } from './observations';
import { appleGpuObservation, appleObservation } from './parsers/apple';
import { parseUdevDmi, ramBandwidthFromLayout } from './parsers/dmi-memory';
import type { PlatformHint } from './parsers/dmi-memory';
import { parseLlamaServerDevices } from './parsers/llama-server';
import { parseSysfsDrm } from './parsers/sysfs-drm';
import { UINT32_VRAM_CAP_BYTES, parseRegQueryVideo, parseWin32VideoController } from './parsers/windows-registry';
import type { RawScan, SiGraphicsController, SiSnapshot } from './raw-scan';

export type { GpuLookup } from './merge';

const MIB = 1024 * 1024;

function s<T>(value: T, source: Sourced<T>['source'], confidence: Sourced<T>['confidence'], detail?: string): Sourced<T> {
  return detail === undefined ? { value, source, confidence } : { value, source, confidence, detail };
}

function cleanName(text: string): string {
  return text.replace(/[®™]|\((R|TM)\)/gi, '').replace(/\s+/g, ' ').trim();
}

export function vendorOf(text: string): GpuVendor {
  const t = text.toLowerCase();
  if (/nvidia|geforce|quadro|tesla/.test(t)) return 'nvidia';
  if (/\bamd\b|advanced micro|radeon|\bati\b|instinct/.test(t)) return 'amd';
  if (/intel|\barc\b|iris|uhd graphics/.test(t)) return 'intel';
  if (/apple/.test(t)) return 'apple';
  if (/qualcomm|adreno/.test(t)) return 'qualcomm';
  return 'other';
}

/** ISA extensions that change llama.cpp's CPU kernels, read from /proc/cpuinfo-style flags. */
export function isaFromFlags(flags: string, arch: string): string[] {
  const set = new Set(flags.toLowerCase().split(/\s+/).filter(Boolean));
  const isa: string[] = [];
  const want: [string, string][] = [
    ['avx', 'avx'],
    ['avx2', 'avx2'],
    ['fma', 'fma'],
    ['f16c', 'f16c'],
    ['avx_vnni', 'avx_vnni'],
    ['avx512f', 'avx512f'],
    ['avx512bw', 'avx512bw'],
    ['avx512_vnni', 'avx512_vnni'],
    ['avx512_bf16', 'avx512_bf16'],
    ['amx_int8', 'amx'],
    ['asimd', 'neon'],
    ['neon', 'neon'],
    ['asimddp', 'dotprod'],
    ['i8mm', 'i8mm'],
    ['sve', 'sve'],
  ];
  for (const [flag, name] of want) if (set.has(flag) && !isa.includes(name)) isa.push(name);
  // Every AArch64 CPU has NEON (Advanced SIMD is mandatory in ARMv8-A), even when no flag list is readable.
  if (/arm64|aarch64/.test(arch) && !isa.includes('neon')) isa.push('neon');
  return isa;
}

/**
 * macOS prints no CPU flag list, but every Apple silicon CPU (M1 and later, ARMv8.4+) has the dot-product
 * extension (sysctl hw.optional.arm.FEAT_DotProd = 1), and llama.cpp's macOS builds use it.
 */
export function withAppleDotprod(isa: readonly string[], platform: string, arch: string): string[] {
  return platform === 'darwin' && /arm64|aarch64/.test(arch) && !isa.includes('dotprod') ? [...isa, 'dotprod'] : [...isa];
}

/** systeminformation's osInfo().platform says "Windows" on Windows, "darwin" and "linux" elsewhere: as Node's names. */
export function osPlatform(si: SiSnapshot): string {
  const p = (si.osInfo?.platform ?? '').toLowerCase();
  if (p === 'windows' || p === 'win32') return 'win32';
  if (p === 'darwin' || p === 'macos') return 'darwin';
  return p || 'unknown';
}

function normalizeCpu(si: SiSnapshot, arch: string): CpuInfo {
  const cpu = si.cpu ?? {};
  const manufacturer = cleanName(cpu.manufacturer ?? '');
  const brand = cleanName(cpu.brand ?? '');
  const name = brand.toLowerCase().startsWith(manufacturer.toLowerCase()) ? brand : `${manufacturer} ${brand}`.trim();
  const logical = cpu.cores && cpu.cores > 0 ? cpu.cores : 1;
  const physical = cpu.physicalCores && cpu.physicalCores > 0 ? cpu.physicalCores : logical;
  return {
    name: s(name || 'Unknown CPU', 'systeminformation', name ? 'high' : 'low'),
    vendor: cpu.vendor ?? manufacturer,
    physicalCores: s(physical, 'systeminformation', 'high'),
    logicalCores: s(logical, 'systeminformation', 'high'),
    isa: withAppleDotprod(isaFromFlags(si.cpuFlags ?? cpu.flags ?? '', arch), osPlatform(si), arch),
    arch,
    clockHz: cpuClock(cpu.speed, osPlatform(si)),
  };
}

/**
 * The CPU clock systeminformation reports, where it means something: on macOS it is a timer-derived 2.4 GHz for
 * every Apple chip (so none, and the user can set it); elsewhere the base clock from the CPU's name, or a momentary
 * reading where the name has none (an idle laptop can report 0.8 GHz: below 1.5 GHz it is not used); VMs report 0.
 */
export function cpuClock(speedGHz: number | undefined, platform: string): Sourced<number> | null {
  if (platform === 'darwin' || !speedGHz || speedGHz < 1.5 || speedGHz >= 10) return null;
  return s(Math.round(speedGHz * 1e9), 'systeminformation', 'medium', 'reported clock: the base clock, or a momentary reading');
}

function platformHint(raw: RawScan): PlatformHint {
  const model = `${raw.si.system?.model ?? ''} ${raw.si.system?.manufacturer ?? ''}`.toLowerCase();
  if (/server|poweredge|proliant|supermicro|epyc|xeon/.test(`${model} ${raw.si.cpu?.brand ?? ''}`.toLowerCase())) return 'server';
  return 'unknown';
}

/**
 * On Windows, systeminformation's memLayout comes from Win32_PhysicalMemory, whose ConfiguredClockSpeed is
 * the configured speed and needs no admin rights (hardware-detection.md); on Linux it needs root and reads
 * the rated speed, so it is not used there.
 */
function windowsLayout(raw: RawScan): MemoryObservation | null {
  if (osPlatform(raw.si) !== 'win32') return null;
  const dimms = (raw.si.memLayout ?? []).filter((d) => d.size > 0);
  const first = dimms[0];
  if (!first?.type || !first.clockSpeed) return null;
  return {
    source: 'os',
    detail: 'Win32_PhysicalMemory (systeminformation memLayout)',
    type: first.type,
    configuredMts: first.clockSpeed,
    modules: dimms.length,
    dataWidthBits: 64,
    totalBytes: dimms.reduce((a, d) => a + d.size, 0),
  };
}

/**
 * RAM bandwidth, best source first: the configured memory layout (udev's DMI data, or
 * systeminformation's memLayout when it carries a configured speed), then the chip table for unified
 * memory (Apple, APUs: the GPU's bandwidth is the RAM's), then the copy benchmark.
 */
function normalizeMemory(raw: RawScan, unifiedBandwidth: Sourced<number> | null): MemoryInfo {
  const mem = raw.si.mem;
  const total = mem?.total ?? 0;
  const dmi = raw.udevDmi ? parseUdevDmi(raw.udevDmi) : windowsLayout(raw);
  const layout = dmi ? ramBandwidthFromLayout(dmi, platformHint(raw)) : null;
  const dimmType = dmi?.type ?? raw.si.memLayout?.find((d) => d.type && d.type !== 'Unknown' && d.type !== '')?.type ?? null;
  const measured = raw.measuredRamBandwidthBytesPerSec;
  let bandwidth: Sourced<number> | null = null;
  if (layout) bandwidth = s(layout.bytesPerSec, 'os', 'high', `${layout.explanation} (${dmi?.detail ?? 'memory layout'})`);
  else if (unifiedBandwidth) bandwidth = { ...unifiedBandwidth, detail: `unified memory: ${unifiedBandwidth.detail ?? 'chip table'}` };
  else if (measured !== null) bandwidth = s(measured, 'measured', 'medium', 'multithreaded copy benchmark');
  return {
    totalBytes: s(total, 'systeminformation', total > 0 ? 'high' : 'low'),
    availableBytes: s(mem?.available ?? 0, 'systeminformation', 'high'),
    bandwidthBytesPerSec: bandwidth,
    type: dimmType === null ? null : s(dimmType, dmi?.type ? 'os' : 'systeminformation', 'medium'),
  };
}

function normalizeBus(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = /^(?:([0-9a-f]{4,8}):)?([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(text.trim());
  if (!m) return null;
  const domain = (m[1] ?? '0000').slice(-4);
  return `${domain}:${m[2]}:${m[3]}.${m[4]}`.toLowerCase();
}

function fromNvidiaSmi(row: NvidiaSmiGpu): GpuObservation {
  return {
    ...emptyObservation('nvidia-smi', 'nvidia-smi --query-gpu'),
    name: row.name,
    vendor: 'nvidia',
    busId: normalizeBus(row.busId),
    vramTotalBytes: row.memoryTotalMiB === null ? null : row.memoryTotalMiB * MIB,
    vramUsedBytes: row.memoryUsedMiB === null ? null : row.memoryUsedMiB * MIB,
    vramFreeBytes: row.memoryFreeMiB === null ? null : row.memoryFreeMiB * MIB,
    integrated: false,
    driverVersion: row.driverVersion,
    computeCapability: row.computeCapability,
  };
}

const INTEGRATED_NAME =
  /(uhd graphics|hd graphics|iris|radeon\(tm\) graphics|radeon graphics|vega \d+ graphics|radeon \d{3}m|arc\(tm\) graphics|arc graphics|adreno)/i;

/**
 * systeminformation's view of a controller. Its VRAM is untrusted on Linux (the largest PCI BAR, or
 * OpenCL's global memory without lspci) unless nvidia-smi's figure was merged in (memoryTotal), and on
 * Windows at the 4 GB AdapterRAM cap.
 */
function fromController(c: SiGraphicsController, platform: string): GpuObservation {
  const name = cleanName(c.model ?? '');
  const vramMiB = c.memoryTotal ?? c.vram ?? null;
  const vramBytes = vramMiB !== null && vramMiB > 0 ? vramMiB * MIB : null;
  const untrusted =
    (platform === 'linux' && c.memoryTotal === undefined) ||
    (platform === 'win32' && vramBytes !== null && vramBytes >= UINT32_VRAM_CAP_BYTES && vramBytes <= 4 * 1024 * MIB);
  return {
    ...emptyObservation('systeminformation', 'systeminformation graphics()'),
    name: name || null,
    vendor: vendorOf(`${c.vendor ?? ''} ${name}`),
    busId: platform === 'linux' ? normalizeBus(c.busAddress) : null,
    vramTotalBytes: vramBytes,
    vramFreeBytes: c.memoryFree !== undefined ? c.memoryFree * MIB : null,
    integrated: c.vramDynamic === true || INTEGRATED_NAME.test(name) ? true : null,
    untrustedVram: untrusted,
    driverVersion: c.driverVersion ?? null,
  };
}

/** Every probe's view of the GPUs. */
export function collectObservations(raw: RawScan): GpuObservation[] {
  const platform = osPlatform(raw.si);
  const obs: GpuObservation[] = [];
  if (raw.nvidiaSmi) obs.push(...parseNvidiaSmi(raw.nvidiaSmi.csv, raw.nvidiaSmi.fields).map(fromNvidiaSmi));
  if (raw.sysfsDrm) obs.push(...parseSysfsDrm(raw.sysfsDrm));
  if (raw.regQuery) obs.push(...parseRegQueryVideo(raw.regQuery));
  if (raw.win32VideoController) obs.push(...parseWin32VideoController(raw.win32VideoController));
  if (raw.llamaServerDevices) obs.push(...parseLlamaServerDevices(raw.llamaServerDevices));
  if (raw.appleSysctl && raw.appleDisplays) {
    const apple = appleGpuObservation(raw.appleSysctl, raw.appleDisplays);
    if (apple) obs.push(apple);
  }
  for (const c of raw.si.graphics?.controllers ?? []) {
    const o = fromController(c, platform);
    // WSL2 and hypervisors expose a basic display adapter that is no GPU at all.
    if (/microsoft basic (render|display)|virtualbox|vmware svga|llvmpipe|bochs|cirrus/i.test(o.name ?? '')) continue;
    if (o.vendor === 'apple' && obs.some((x) => x.vendor === 'apple')) {
      obs.push({ ...o, vramTotalBytes: null });
      continue;
    }
    obs.push(o);
  }
  return obs;
}

/**
 * Turns what the probes gathered into a HardwareProfile. Pure: same input, same output. One GPU seen
 * by several probes is one GPU; each value comes from the most trustworthy probe that read it and says
 * which; an integrated GPU beside a discrete one is listed but not planned on.
 */
export function normalizeScan(raw: RawScan, lookup: GpuLookup): HardwareProfile {
  const si = raw.si;
  const arch = si.osInfo?.arch ?? 'unknown';
  const apple = raw.appleSysctl && raw.appleDisplays ? appleObservation(raw.appleSysctl, raw.appleDisplays) : null;
  const ramBytes = si.mem?.total ?? apple?.ramBytes ?? 0;
  const groups = groupObservations(collectObservations(raw));
  const gpus = groups.map((g, i) => toDevice(g, `gpu${i}`, { lookup, ramBytes, apple }));
  const hasDiscrete = gpus.some((g) => g.kind === 'discrete');
  const planned = gpus.map((g) => (hasDiscrete && g.kind === 'integrated' ? { ...g, usedForOffload: false } : g));
  const unified = planned.find((g) => g.kind !== 'discrete' && g.usedForOffload && g.bandwidthBytesPerSec !== null);
  const warnings = [...raw.warnings];
  if (ramBytes <= 0) warnings.push('Total RAM could not be read.');
  for (const g of planned) {
    if (g.kind === 'discrete' && g.vramTotalBytes?.confidence === 'low')
      warnings.push(`${g.name.value}: the only VRAM reading (${Math.round(g.vramTotalBytes.value / MIB)} MiB) may be wrong; set the real size in the hardware card.`);
    if (g.specId === null && g.usedForOffload)
      warnings.push(`${g.name.value} is not in the GPU table: pick it from the table so its bandwidth is known.`);
  }
  return {
    schemaVersion: 1,
    capturedAt: raw.capturedAt,
    label: 'This machine',
    os: {
      platform: si.osInfo?.platform ?? 'unknown',
      release: [si.osInfo?.distro, si.osInfo?.release].filter(Boolean).join(' '),
      arch,
      virtual: si.system?.virtual ?? false,
    },
    cpu: normalizeCpu(si, arch),
    memory: normalizeMemory(raw, unified?.bandwidthBytesPerSec ?? null),
    gpus: planned,
    warnings,
  };
}
