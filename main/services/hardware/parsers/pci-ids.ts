import type { GpuVendor } from '../../../../app/domain/hardware';
import { ownValue } from '../../../../app/catalog/own-key';

/**
 * PCI id facts shared by the parsers: vendor ids, and which device ids are integrated GPUs (AMD APUs) or
 * discrete cards (Intel Arc). Ids come from the PCI ID Repository (https://pci-ids.ucw.cz) and the amdgpu /
 * i915 / xe device tables in the Linux kernel (`amdgpu_drv.c`, `include/drm/intel/pciids.h`).
 */
const VENDORS: Readonly<Record<string, GpuVendor>> = {
  '1002': 'amd',
  '1022': 'amd',
  '10de': 'nvidia',
  '8086': 'intel',
  '106b': 'apple',
  '5143': 'qualcomm',
};

/**
 * Normalizes "0x1002", "1002" or "VEN_1002" to "1002"; null when it is not four hex digits.
 *
 * @example
 * normalizePciHex('0x744C') // -> '744c'
 */
export function normalizePciHex(text: string | undefined): string | null {
  if (text === undefined) return null;
  const m = /^(?:0x)?([0-9a-f]{4})$/i.exec(text.trim());
  return m?.[1]?.toLowerCase() ?? null;
}

/**
 * @example
 * vendorFromPciId('10de') // -> 'nvidia'
 */
export function vendorFromPciId(vendorId: string): GpuVendor {
  return ownValue(VENDORS, vendorId.toLowerCase()) ?? 'other';
}

/**
 * AMD APU graphics device ids (the GPU of the SoC, so its "VRAM" is a carve-out of system RAM):
 * Strix Halo 1586 (Radeon 8060S/8050S), Strix Point 150e (890M/880M), Phoenix 15bf (780M/760M) and
 * 15c8 (740M), Rembrandt 1681 (680M/660M), Raphael/Granite Ridge 164e and 13c0, Mendocino 1506,
 * Cezanne/Barcelo 1638 and 15e7, Lucienne 164c, Renoir 1636, Van Gogh 163f, Picasso 15d8, Raven 15dd.
 */
const AMD_APU_DEVICE_IDS: ReadonlySet<string> = new Set([
  '1586', '150e', '15bf', '15c8', '1681', '164e', '13c0', '1506', '1638', '15e7', '164c', '1636', '163f', '15d8', '15dd',
]);

/** @example isKnownAmdApu('1586') // -> true (Strix Halo) */
export function isKnownAmdApu(deviceId: string): boolean {
  return AMD_APU_DEVICE_IDS.has(deviceId.toLowerCase());
}

/**
 * Intel discrete GPUs: DG1 (4905-4909), Alchemist / Arc A and Flex (5690-56c2), Battlemage G21 / Arc B580,
 * B570, Pro B50, Pro B60 (e202-e216) and Battlemage G31 / Arc Pro B65, B70 (e220-e223): Linux
 * `include/drm/intel/pciids.h`, `INTEL_BMG_G21_IDS` and `INTEL_BMG_IDS` (the G21 list ends at 0xE216, G31 adds
 * 0xE220-0xE223; as quoted in the dri-devel patch "drm/intel: Fix INTEL_BMG_IDS", Michał Winiarski). Every other
 * Intel display device is an iGPU.
 *
 * @example isIntelDiscrete('56a0') // -> true (Arc A770)
 * @example isIntelDiscrete('e223') // -> true (Arc Pro B70)
 */
export function isIntelDiscrete(deviceId: string): boolean {
  const n = Number.parseInt(deviceId, 16);
  if (!Number.isFinite(n)) return false;
  return (n >= 0x4905 && n <= 0x4909) || (n >= 0x5690 && n <= 0x56c2) || (n >= 0xe202 && n <= 0xe216) || (n >= 0xe220 && n <= 0xe223);
}

/** Carve-outs of this size or less are APU/iGPU apertures: no amdgpu-era discrete card has so little. */
export const SMALL_CARVE_OUT_BYTES = 512 * 1024 * 1024;

/**
 * Decides integrated (true) / discrete (false) / unknown (null) from PCI ids and dedicated memory:
 * AMD: a known APU id, or 512 MiB or less of VRAM, is integrated; more VRAM is discrete; no reading is unknown.
 * Intel: the discrete id ranges are discrete, the rest integrated. NVIDIA: discrete on PCI (the GB10 / Jetson
 * parts are not PCI display devices of this kind), unless `nvidiaUnknown` asks for null.
 *
 * @example
 * integratedFromPciId('amd', '744c', 25753026560) // -> false
 */
export function integratedFromPciId(vendor: GpuVendor, deviceId: string | null, vramBytes: number | null, nvidiaUnknown = false): boolean | null {
  switch (vendor) {
    case 'amd':
      if (deviceId !== null && isKnownAmdApu(deviceId)) return true;
      if (vramBytes === null) return null;
      return vramBytes <= SMALL_CARVE_OUT_BYTES;
    case 'intel':
      if (deviceId === null) return null;
      return !isIntelDiscrete(deviceId);
    case 'nvidia':
      return nvidiaUnknown ? null : false;
    default:
      return null;
  }
}

/** Parses a non-negative safe integer from decimal text; null for anything else. */
export function parseByteCount(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}
