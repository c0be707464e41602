import { emptyObservation, type GpuObservation } from '../observations';
import { integratedFromPciId, normalizePciHex, parseByteCount, vendorFromPciId } from './pci-ids';

/** The files read under /sys/class/drm/<card>/device/ for one card, by name relative to that folder. */
export interface SysfsDrmCard {
  /** "card0", "card1"; connector entries such as "card0-DP-1" are ignored. */
  readonly card: string;
  /**
   * File text by path relative to device/: `vendor`, `device`, `uevent`, `boot_vga`, amdgpu's
   * `mem_info_vram_total`, `mem_info_vram_used`, `mem_info_gtt_total`, and xe's
   * `tile0/physical_vram_size_bytes` (one per tile).
   */
  readonly files: Readonly<Record<string, string>>;
}

function ueventValue(uevent: string | undefined, key: string): string | null {
  if (uevent === undefined) return null;
  for (const line of uevent.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq).trim() === key) {
      const v = line.slice(eq + 1).trim();
      return v === '' ? null : v;
    }
  }
  return null;
}

function normalizeBusId(slot: string | null): string | null {
  if (slot === null) return null;
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(slot);
  return m ? `${m[1]}:${m[2]}:${m[3]}.${m[4]}`.toLowerCase() : null;
}

/**
 * Sum of xe's per-tile `tileN/physical_vram_size_bytes` (drivers/gpu/drm/xe/xe_tile_sysfs.c; created on
 * discrete parts only). It is the physical size, including the few MiB the driver reserves, so it
 * overstates usable VRAM slightly. Mainline i915 publishes no VRAM size in sysfs (`lmem_total_bytes` exists
 * only in Intel's out-of-tree backport driver, on the cardN folder, not device/), so i915 cards get none.
 */
function xeVramBytes(files: Readonly<Record<string, string>>): number | null {
  let total = 0;
  let found = false;
  for (let tile = 0; tile < 16; tile++) {
    const bytes = parseByteCount(files[`tile${tile}/physical_vram_size_bytes`]);
    if (bytes === null) break;
    total += bytes;
    found = true;
  }
  return found && total > 0 ? total : null;
}

/**
 * Turns DRM sysfs readings into one observation per GPU (source 'sysfs'). Pure; never throws: a card
 * without a readable PCI vendor id (simpledrm, a connector, garbage) yields nothing.
 *
 * Integrated or discrete: AMD is integrated when its device id is a known APU (Strix Halo 1586, Phoenix
 * 15bf, ... see pci-ids.ts) or when `mem_info_vram_total` is 512 MiB or less (a BIOS carve-out); discrete
 * when it has more VRAM. `boot_vga` is not used: it marks the firmware's display device, which is the
 * discrete card on many desktops and the iGPU on most laptops, so it says nothing about the kind. Intel is
 * discrete for the DG1 / Arc A / Arc B id ranges and integrated otherwise. NVIDIA is left null (nvidia-smi
 * knows more). amdgpu's `mem_info_gtt_total` becomes `sharedMemoryBytes`; free VRAM is total minus used.
 *
 * @example
 * parseSysfsDrm([{ card: 'card1', files: { vendor: '0x1002', device: '0x744c',
 *   mem_info_vram_total: '25753026560', mem_info_vram_used: '1119043584',
 *   uevent: 'DRIVER=amdgpu\nPCI_SLOT_NAME=0000:03:00.0' } }])
 * // -> [{ source: 'sysfs', vendor: 'amd', pciId: '1002:744c', busId: '0000:03:00.0',
 * //       vramTotalBytes: 25753026560, vramFreeBytes: 24633982976, integrated: false, ... }]
 */
export function parseSysfsDrm(cards: readonly SysfsDrmCard[]): GpuObservation[] {
  const out: GpuObservation[] = [];
  if (!Array.isArray(cards)) return out;
  const seenBus = new Set<string>();
  for (const entry of cards) {
    if (typeof entry !== 'object' || entry === null || typeof entry.card !== 'string' || !/^card\d+$/.test(entry.card)) continue;
    const files = typeof entry.files === 'object' && entry.files !== null ? entry.files : {};
    const vendorId = normalizePciHex(files['vendor']);
    if (vendorId === null) continue;
    const deviceId = normalizePciHex(files['device']);
    const vendor = vendorFromPciId(vendorId);
    const driver = ueventValue(files['uevent'], 'DRIVER');
    const busId = normalizeBusId(ueventValue(files['uevent'], 'PCI_SLOT_NAME'));
    if (busId !== null) {
      if (seenBus.has(busId)) continue; // one PCI function seen through two card entries is one GPU
      seenBus.add(busId);
    }

    let vramTotalBytes: number | null = null;
    let vramUsedBytes: number | null = null;
    let sharedMemoryBytes: number | null = null;
    if (vendor === 'amd') {
      vramTotalBytes = parseByteCount(files['mem_info_vram_total']);
      vramUsedBytes = parseByteCount(files['mem_info_vram_used']);
      sharedMemoryBytes = parseByteCount(files['mem_info_gtt_total']);
    } else if (vendor === 'intel') {
      vramTotalBytes = xeVramBytes(files);
    }
    if (vramTotalBytes === 0) vramTotalBytes = null;
    const vramFreeBytes =
      vramTotalBytes !== null && vramUsedBytes !== null && vramUsedBytes <= vramTotalBytes ? vramTotalBytes - vramUsedBytes : null;

    const integrated =
      vendor === 'intel' && vramTotalBytes !== null ? false : integratedFromPciId(vendor, deviceId, vramTotalBytes, true);

    out.push({
      ...emptyObservation('sysfs', `/sys/class/drm/${entry.card}/device${driver === null ? '' : ` (${driver})`}`),
      vendor,
      pciId: deviceId === null ? null : `${vendorId}:${deviceId}`,
      busId,
      vramTotalBytes,
      vramUsedBytes,
      vramFreeBytes,
      sharedMemoryBytes,
      integrated,
    });
  }
  return out;
}
