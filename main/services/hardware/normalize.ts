import { llamaCppFp16Flops } from '../../../app/catalog/gpu-compute';
import type { GpuSpec } from '../../../app/catalog/gpu-schema';
import type { CpuInfo, GpuDevice, GpuKind, GpuVendor, HardwareProfile, MemoryInfo, Sourced } from '../../../app/domain/hardware';
import { parseNvidiaSmi } from './nvidia-smi';
import type { NvidiaSmiGpu } from './nvidia-smi';
import type { RawScan, SiGraphicsController, SiSnapshot } from './raw-scan';

export type GpuLookup = (name: string, pciId: string | null) => GpuSpec | null;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

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
    isa: isaFromFlags(si.cpuFlags ?? cpu.flags ?? '', arch),
    arch,
  };
}

function normalizeMemory(raw: RawScan): MemoryInfo {
  const mem = raw.si.mem;
  const total = mem?.total ?? 0;
  const dimmType = raw.si.memLayout?.find((d) => d.type && d.type !== 'Unknown')?.type ?? null;
  return {
    totalBytes: s(total, 'systeminformation', total > 0 ? 'high' : 'low'),
    availableBytes: s(mem?.available ?? 0, 'systeminformation', 'high'),
    bandwidthBytesPerSec:
      raw.measuredRamBandwidthBytesPerSec !== null
        ? s(raw.measuredRamBandwidthBytesPerSec, 'measured', 'medium', 'multithreaded copy benchmark')
        : null,
    type: dimmType === null ? null : s(dimmType, 'systeminformation', 'medium'),
  };
}

function specFields(spec: GpuSpec | null): Pick<GpuDevice, 'bandwidthBytesPerSec' | 'fp16FlopsPerSec' | 'specId'> {
  if (spec === null) return { bandwidthBytesPerSec: null, fp16FlopsPerSec: null, specId: null };
  const fp16 = llamaCppFp16Flops(spec);
  return {
    specId: spec.id,
    bandwidthBytesPerSec: s(spec.bandwidthGBps * 1e9, 'spec table', 'medium', spec.name),
    fp16FlopsPerSec: fp16 === null ? null : s(fp16.flopsPerSec, 'spec table', 'medium', fp16.detail),
  };
}

function fromNvidiaSmi(row: NvidiaSmiGpu, id: string, lookup: GpuLookup, ramBytes: number): GpuDevice {
  const spec = lookup(row.name, null);
  const unified = row.memoryTotalMiB === null; // GB10 / DGX Spark prints [N/A]: memory is the system RAM
  return {
    id,
    name: s(row.name, 'nvidia-smi', 'high'),
    vendor: 'nvidia',
    kind: unified ? 'unified' : 'discrete',
    vramTotalBytes: unified
      ? s(ramBytes, 'estimated', 'medium', 'nvidia-smi reports [N/A]: unified memory, system RAM used')
      : s((row.memoryTotalMiB ?? 0) * MIB, 'nvidia-smi', 'high'),
    vramFreeBytes: row.memoryFreeMiB === null ? null : s(row.memoryFreeMiB * MIB, 'nvidia-smi', 'high'),
    ...specFields(spec),
    busId: row.busId,
    driverVersion: row.driverVersion,
    computeCapability: row.computeCapability ?? spec?.computeCapability ?? null,
    usedForOffload: true,
  };
}

const INTEGRATED_NAME =
  /(uhd graphics|hd graphics|iris|radeon\(tm\) graphics|radeon graphics|vega \d+ graphics|radeon \d{3}m|arc\(tm\) graphics|arc graphics|adreno)/i;

function kindOf(c: SiGraphicsController, vendor: GpuVendor, spec: GpuSpec | null): GpuKind {
  if (vendor === 'apple') return 'unified';
  if (spec?.unifiedMemory) return vendor === 'qualcomm' ? 'unified' : 'integrated';
  if (c.vramDynamic === true || INTEGRATED_NAME.test(c.model ?? '')) return 'integrated';
  return 'discrete';
}

function fromController(c: SiGraphicsController, id: string, lookup: GpuLookup): GpuDevice {
  const name = cleanName(c.model ?? 'Unknown GPU');
  const vendor = vendorOf(`${c.vendor ?? ''} ${name}`);
  const pciId = c.vendorId && c.deviceId ? `${c.vendorId}:${c.deviceId}`.replace(/0x/gi, '').toLowerCase() : null;
  const spec = lookup(name, pciId);
  const kind = kindOf(c, vendor, spec);
  const vramMiB = c.memoryTotal ?? c.vram ?? null;
  return {
    id,
    name: s(name, 'systeminformation', 'high'),
    vendor,
    kind,
    vramTotalBytes:
      vramMiB !== null && vramMiB > 0 && kind === 'discrete'
        ? s(vramMiB * MIB, 'systeminformation', 'low', 'systeminformation graphics().vram: may be a PCI BAR size')
        : null,
    vramFreeBytes: c.memoryFree !== undefined ? s(c.memoryFree * MIB, 'systeminformation', 'medium') : null,
    ...specFields(spec),
    busId: c.busAddress ?? null,
    driverVersion: c.driverVersion ?? null,
    computeCapability: spec?.computeCapability ?? null,
    usedForOffload: true,
  };
}

/**
 * Turns what the probes gathered into a HardwareProfile. Pure: same input, same output.
 * nvidia-smi is authoritative for NVIDIA cards (systeminformation loses them without lspci, and reads
 * OpenCL or BAR sizes instead of the card's memory); an integrated GPU beside a discrete one is listed
 * but not planned on.
 */
export function normalizeScan(raw: RawScan, lookup: GpuLookup): HardwareProfile {
  const si = raw.si;
  const arch = si.osInfo?.arch ?? 'unknown';
  const ramBytes = si.mem?.total ?? 0;
  const smiRows = raw.nvidiaSmi ? parseNvidiaSmi(raw.nvidiaSmi.csv, raw.nvidiaSmi.fields) : [];
  const gpus: GpuDevice[] = smiRows.map((row, i) => fromNvidiaSmi(row, `gpu${i}`, lookup, ramBytes));
  const controllers = si.graphics?.controllers ?? [];
  for (const c of controllers) {
    const vendor = vendorOf(`${c.vendor ?? ''} ${c.model ?? ''}`);
    if (vendor === 'nvidia' && smiRows.length > 0) continue; // the same card, already read from nvidia-smi
    gpus.push(fromController(c, `gpu${gpus.length}`, lookup));
  }
  const hasDiscrete = gpus.some((g) => g.kind === 'discrete');
  const planned = gpus.map((g) => (hasDiscrete && g.kind === 'integrated' ? { ...g, usedForOffload: false } : g));
  const warnings = [...raw.warnings];
  if (ramBytes <= 0) warnings.push('Total RAM could not be read.');
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
    memory: normalizeMemory(raw),
    gpus: planned,
    warnings,
  };
}

export const BYTES = { MIB, GIB } as const;
