import type { GpuVendor } from '../../../../app/domain/hardware';
import { emptyObservation, type GpuObservation } from '../observations';
import { integratedFromPciId, vendorFromPciId } from './pci-ids';

/**
 * WMI's `AdapterRAM` and the registry's 32-bit `HardwareInformation.MemorySize` are uint32: a card with 4 GiB
 * or more reads 4293918720 (4 GiB - 1 MiB, what NVIDIA/AMD drivers write) or 4294967295. Any value at or above
 * this is a cap, not a size.
 */
export const UINT32_VRAM_CAP_BYTES = 4 * 1024 ** 3 - 1024 ** 2;

function pciFromDeviceId(text: string | null): { vendorId: string; deviceId: string } | null {
  if (text === null) return null;
  const m = /VEN_([0-9a-f]{4})&DEV_([0-9a-f]{4})/i.exec(text);
  return m?.[1] !== undefined && m[2] !== undefined ? { vendorId: m[1].toLowerCase(), deviceId: m[2].toLowerCase() } : null;
}

/** REG_QWORD / REG_DWORD print as 0x-hex; REG_BINARY as little-endian hex bytes ("00000080" = 0x80000000). */
function registryNumber(type: string, data: string): number | null {
  const t = data.trim();
  if (type === 'REG_QWORD' || type === 'REG_DWORD') {
    const m = /^0x([0-9a-f]{1,16})$/i.exec(t) ?? /^(\d+)$/.exec(t);
    if (!m?.[1]) return null;
    const n = t.toLowerCase().startsWith('0x') ? Number.parseInt(m[1], 16) : Number(m[1]);
    return Number.isSafeInteger(n) ? n : null;
  }
  if (type === 'REG_BINARY') {
    const hex = t.replace(/\s+/g, '');
    if (!/^(?:[0-9a-f]{2}){1,8}$/i.test(hex)) return null;
    let n = 0;
    for (let i = hex.length - 2; i >= 0; i -= 2) n = n * 256 + Number.parseInt(hex.slice(i, i + 2), 16);
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

interface AdapterKey {
  readonly key: string;
  readonly values: Map<string, { type: string; data: string }>;
}

function observationFromIds(
  source: 'registry' | 'os',
  detail: string,
  name: string,
  pnp: string | null,
  vramBytes: number | null,
  untrustedVram: boolean,
  driverVersion: string | null,
): GpuObservation {
  const pci = pciFromDeviceId(pnp);
  const vendor: GpuVendor | null = pci === null ? null : vendorFromPciId(pci.vendorId);
  return {
    ...emptyObservation(source, detail),
    name,
    vendor,
    pciId: pci === null ? null : `${pci.vendorId}:${pci.deviceId}`,
    vramTotalBytes: vramBytes,
    integrated: vendor === null ? null : integratedFromPciId(vendor, pci?.deviceId ?? null, untrustedVram ? null : vramBytes),
    untrustedVram,
    driverVersion,
  };
}

/**
 * Parses `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Class\{4d36e968-e325-11ce-bfc1-08002be10318}" /s`
 * (the display adapter class) into one observation per adapter instance key (`\0000`, `\0001`, ...; the
 * `\Properties`, `\Configuration` and `\0000\Settings` keys are skipped). An instance needs a `DriverDesc` and a
 * `MatchingDeviceId` with `VEN_xxxx&DEV_xxxx` (a PCI GPU with a driver), so the Basic Display / Remote Display
 * adapters and indirect display drivers give nothing. VRAM: `HardwareInformation.qwMemorySize` (64-bit, what
 * the driver reports: trusted) else `HardwareInformation.MemorySize` (32-bit: flagged untrusted at the cap).
 * Integrated: AMD APU ids and carve-outs of 512 MiB or less, Intel non-Arc ids (see pci-ids.ts).
 *
 * @example
 * parseRegQueryVideo('HKEY_LOCAL_MACHINE\\...\\{4d36e968-e325-11ce-bfc1-08002be10318}\\0000\n' +
 *   '    DriverDesc    REG_SZ    NVIDIA GeForce RTX 4090\n' +
 *   '    MatchingDeviceId    REG_SZ    pci\\ven_10de&dev_2684\n' +
 *   '    HardwareInformation.qwMemorySize    REG_QWORD    0x5ff400000\n')
 * // -> [{ source: 'registry', name: 'NVIDIA GeForce RTX 4090', vendor: 'nvidia', pciId: '10de:2684',
 * //       vramTotalBytes: 25757220864, integrated: false, untrustedVram: false, ... }]
 */
export function parseRegQueryVideo(text: string): GpuObservation[] {
  if (typeof text !== 'string') return [];
  const adapters: AdapterKey[] = [];
  let current: AdapterKey | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (/^HKEY_/i.test(raw)) {
      const key = raw.trim();
      current = /\\\d{4}$/.test(key) ? { key, values: new Map() } : null;
      if (current !== null) adapters.push(current);
      continue;
    }
    if (current === null) continue;
    const m = /^\s+(\S.*?)\s+(REG_[A-Z_]+)(?:\s+(.*))?$/.exec(raw);
    if (!m?.[1] || !m[2]) continue;
    current.values.set(m[1].toLowerCase(), { type: m[2], data: (m[3] ?? '').trim() });
  }

  const out: GpuObservation[] = [];
  for (const a of adapters) {
    const str = (name: string): string | null => {
      const v = a.values.get(name.toLowerCase());
      return v !== undefined && v.type === 'REG_SZ' && v.data !== '' ? v.data : null;
    };
    const num = (name: string): number | null => {
      const v = a.values.get(name.toLowerCase());
      return v === undefined ? null : registryNumber(v.type, v.data);
    };
    const name = str('DriverDesc');
    const matching = str('MatchingDeviceId');
    if (name === null || pciFromDeviceId(matching) === null) continue;
    const qw = num('HardwareInformation.qwMemorySize');
    const dw = num('HardwareInformation.MemorySize');
    let vram: number | null = null;
    let untrusted = false;
    if (qw !== null && qw > 0) vram = qw;
    else if (dw !== null && dw > 0) {
      vram = dw;
      untrusted = dw >= UINT32_VRAM_CAP_BYTES;
    }
    const instance = a.key.slice(-4);
    out.push(observationFromIds('registry', `reg query ...\\Class\\{4d36e968-...}\\${instance}`, name, matching, vram, untrusted, str('DriverVersion')));
  }
  return out;
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/**
 * Parses `Get-CimInstance Win32_VideoController | Select Name,AdapterRAM,PNPDeviceID,DriverVersion |
 * ConvertTo-Json` (an object for one adapter, an array for several) into observations with source 'os'.
 * `AdapterRAM` is a uint32: at or above 4 GiB - 1 MiB it is flagged `untrustedVram` (the card may have far
 * more; the merger decides). Entries without a Name, or whose PNPDeviceID is not PCI (Microsoft Basic
 * Render/Display, remote and virtual adapters), give nothing. Bad JSON gives [].
 *
 * @example
 * parseWin32VideoController('{"Name":"NVIDIA GeForce RTX 4090","AdapterRAM":4293918720,' +
 *   '"PNPDeviceID":"PCI\\\\VEN_10DE&DEV_2684&SUBSYS_889D1043&REV_A1\\\\4&1F6F2D36&0&0008","DriverVersion":"32.0.15.6094"}')
 * // -> [{ source: 'os', vramTotalBytes: 4293918720, untrustedVram: true, pciId: '10de:2684', ... }]
 */
export function parseWin32VideoController(json: string): GpuObservation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof json === 'string' ? json.replace(/^\uFEFF/, '') : '');
  } catch {
    return [];
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const out: GpuObservation[] = [];
  for (const item of items) {
    const r = asRecord(item);
    if (r === null) continue;
    const name = typeof r['Name'] === 'string' && r['Name'].trim() !== '' ? r['Name'].trim() : null;
    const pnp = typeof r['PNPDeviceID'] === 'string' ? r['PNPDeviceID'] : null;
    if (name === null || pnp === null || !/^PCI\\/i.test(pnp) || pciFromDeviceId(pnp) === null) continue;
    const ram = r['AdapterRAM'];
    const vram = typeof ram === 'number' && Number.isSafeInteger(ram) && ram > 0 ? ram : null;
    const driverVersion = typeof r['DriverVersion'] === 'string' && r['DriverVersion'] !== '' ? r['DriverVersion'] : null;
    out.push(observationFromIds('os', 'Win32_VideoController', name, pnp, vram, vram !== null && vram >= UINT32_VRAM_CAP_BYTES, driverVersion));
  }
  return out;
}
