/**
 * Parsing of `nvidia-smi --query-gpu=... --format=csv,noheader,nounits`. Pure: the probe that runs the
 * command lives in probes.ts. Fields are looked up by name, so any field order parses (our own query and
 * the 16-field query systeminformation runs).
 */
export const NVIDIA_SMI_FIELDS = [
  'index',
  'name',
  'pci.bus_id',
  'memory.total',
  'memory.reserved',
  'memory.used',
  'memory.free',
  'compute_cap',
  'driver_version',
] as const;

export interface NvidiaSmiGpu {
  readonly index: number;
  readonly name: string;
  readonly busId: string | null;
  /** MiB as nvidia-smi prints them with `nounits`; null when it prints [N/A] (GB10 unified memory). */
  readonly memoryTotalMiB: number | null;
  readonly memoryReservedMiB: number | null;
  readonly memoryUsedMiB: number | null;
  readonly memoryFreeMiB: number | null;
  readonly computeCapability: string | null;
  readonly driverVersion: string | null;
}

function cell(row: readonly string[], fields: readonly string[], name: string): string | null {
  const i = fields.indexOf(name);
  if (i < 0) return null;
  const v = row[i]?.trim();
  if (v === undefined || v === '' || /^\[(N\/A|Not Supported|Unknown Error|Insufficient Permissions)\]$/i.test(v)) return null;
  return v;
}

function mib(text: string | null): number | null {
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * @example
 * parseNvidiaSmi('0, NVIDIA H200, 00000000:00:06.0, 143771, 616, 0, 143156, 9.0, 580.159.04', NVIDIA_SMI_FIELDS)
 * // -> [{ index: 0, name: 'NVIDIA H200', memoryTotalMiB: 143771, ... }]
 */
export function parseNvidiaSmi(csv: string, fields: readonly string[]): NvidiaSmiGpu[] {
  const gpus: NvidiaSmiGpu[] = [];
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  for (const [lineNo, line] of lines.entries()) {
    const row = line.split(',');
    if (row.length < fields.length) continue; // an error message or a truncated line, not a GPU row
    const name = cell(row, fields, 'name');
    if (name === null) continue;
    const index = Number(cell(row, fields, 'index') ?? lineNo);
    gpus.push({
      index: Number.isInteger(index) ? index : lineNo,
      name,
      busId: cell(row, fields, 'pci.bus_id'),
      memoryTotalMiB: mib(cell(row, fields, 'memory.total')),
      memoryReservedMiB: mib(cell(row, fields, 'memory.reserved')),
      memoryUsedMiB: mib(cell(row, fields, 'memory.used')),
      memoryFreeMiB: mib(cell(row, fields, 'memory.free')),
      computeCapability: cell(row, fields, 'compute_cap'),
      driverVersion: cell(row, fields, 'driver_version'),
    });
  }
  return gpus;
}

/** The field list of the query systeminformation 5.33 runs (see the H200 fixture's README). */
export const SYSTEMINFORMATION_NVIDIA_FIELDS = [
  'driver_version',
  'pci.sub_device_id',
  'name',
  'pci.bus_id',
  'fan.speed',
  'memory.total',
  'memory.used',
  'memory.free',
  'utilization.gpu',
  'utilization.memory',
  'temperature.gpu',
  'temperature.memory',
  'power.draw',
  'power.limit',
  'clocks.gr',
  'clocks.mem',
] as const;
