import type { MemoryObservation } from '../observations';

interface Module {
  size: number | null;
  present: boolean;
  type: string | null;
  configuredMts: number | null;
  dataWidthBits: number | null;
}

function positiveInt(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * Parses systemd-udevd's DMI memory properties (udev's `dmi_memory_id` builtin) as stored in
 * `/run/udev/data/+dmi:id` ("E:MEMORY_DEVICE_0_SIZE=17179869184") or printed by
 * `udevadm info -q property -p /sys/devices/virtual/dmi/id` ("MEMORY_DEVICE_0_SIZE=..." or "E: ..."). Readable
 * without root. Empty slots (`_PRESENT=0`, no `_SIZE`) are not modules. Type, configured speed and data width
 * come from the first populated module (mixed kits run at the slowest module's speed, which the firmware
 * writes into every module's configured speed); `totalBytes` sums the module sizes. No module: null.
 *
 * @example
 * parseUdevDmi('E:MEMORY_DEVICE_0_SIZE=17179869184\nE:MEMORY_DEVICE_0_TYPE=DDR5\n' +
 *   'E:MEMORY_DEVICE_0_CONFIGURED_SPEED_MTS=5600\nE:MEMORY_DEVICE_0_DATA_WIDTH=64\n')
 * // -> { source: 'os', detail: '/run/udev/data/+dmi:id', type: 'DDR5', configuredMts: 5600, modules: 1,
 * //      dataWidthBits: 64, totalBytes: 17179869184 }
 */
export function parseUdevDmi(text: string): MemoryObservation | null {
  if (typeof text !== 'string') return null;
  const modules = new Map<number, Module>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(?:E:\s*)?MEMORY_DEVICE_(\d+)_([A-Z_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || !m[2]) continue;
    const index = Number(m[1]);
    const value = (m[3] ?? '').trim();
    const mod = modules.get(index) ?? { size: null, present: true, type: null, configuredMts: null, dataWidthBits: null };
    modules.set(index, mod);
    switch (m[2]) {
      case 'PRESENT':
        mod.present = value !== '0';
        break;
      case 'SIZE':
        mod.size = positiveInt(value);
        break;
      case 'TYPE':
        mod.type = value === '' || /^(unknown|other)$/i.test(value) ? null : value;
        break;
      case 'CONFIGURED_SPEED_MTS':
        mod.configuredMts = positiveInt(value);
        break;
      case 'DATA_WIDTH':
        mod.dataWidthBits = positiveInt(value);
        break;
      default:
        break;
    }
  }
  const populated = [...modules.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, mod]) => mod)
    .filter((mod) => mod.present && mod.size !== null);
  const first = populated[0];
  if (first === undefined) return null;
  return {
    source: 'os',
    detail: '/run/udev/data/+dmi:id',
    type: populated.find((mod) => mod.type !== null)?.type ?? null,
    configuredMts: populated.find((mod) => mod.configuredMts !== null)?.configuredMts ?? null,
    modules: populated.length,
    dataWidthBits: populated.find((mod) => mod.dataWidthBits !== null)?.dataWidthBits ?? null,
    totalBytes: populated.reduce((sum, mod) => sum + (mod.size ?? 0), 0),
  };
}

export type PlatformHint = 'desktop' | 'laptop' | 'server' | 'unknown';

/**
 * Theoretical peak RAM bandwidth from the memory layout, following the rules in shared/notes/hardware-detection.md ("RAM bandwidth").
 *
 * - DDR4 / DDR5 DIMMs: channels x 8 bytes x MT/s. Desktops, laptops and unknown machines are consumer
 *   platforms with 2 channels whatever the DIMM count (4 DIMMs = 2 per channel); one DIMM is one channel.
 *   Servers: one channel per populated DIMM (assumes one DIMM per channel, the usual server population; a
 *   2-DIMM-per-channel server is overstated up to 2x). A DDR5 DIMM's two 32-bit subchannels are still 8 bytes.
 * - LPDDR4/4X/5/5X (soldered): bus width / 8 x MT/s, where the bus width is modules x data width as the
 *   firmware lists them (Strix Halo: 8 x 32 bit = 256 bit). Without a data width: null.
 * - Anything else (no type, no configured speed, HBM, unknown): null; measure instead.
 *
 * @example
 * ramBandwidthFromLayout({ source: 'os', detail: '', type: 'DDR5', configuredMts: 5600, modules: 4,
 *   dataWidthBits: 64, totalBytes: 68719476736 }, 'desktop')
 * // -> { bytesPerSec: 89600000000, explanation: 'DDR5-5600, 2 channels x 8 bytes x 5600 MT/s ...' }
 */
export function ramBandwidthFromLayout(obs: MemoryObservation, platformHint: PlatformHint): { bytesPerSec: number; explanation: string } | null {
  const type = obs.type?.toUpperCase() ?? null;
  const mts = obs.configuredMts;
  if (type === null || mts === null || !(mts > 0)) return null;
  const modules = obs.modules !== null && obs.modules > 0 ? obs.modules : null;
  if (/^LPDDR\d/.test(type)) {
    if (modules === null || obs.dataWidthBits === null || !(obs.dataWidthBits > 0)) return null;
    const busBits = modules * obs.dataWidthBits;
    return {
      bytesPerSec: (busBits / 8) * mts * 1e6,
      explanation: `${obs.type}-${mts}, ${busBits}-bit bus (${modules} x ${obs.dataWidthBits} bit) / 8 x ${mts} MT/s`,
    };
  }
  if (/^DDR\d/.test(type)) {
    const dimms = modules ?? 2;
    const channels = platformHint === 'server' ? dimms : Math.min(dimms, 2);
    const why =
      platformHint === 'server'
        ? 'server: one channel per DIMM assumed'
        : `consumer ${platformHint === 'unknown' ? '(assumed) ' : ''}platform: at most 2 channels whatever the DIMM count`;
    return {
      bytesPerSec: channels * 8 * mts * 1e6,
      explanation: `${obs.type}-${mts}, ${channels} channel${channels === 1 ? '' : 's'} x 8 bytes x ${mts} MT/s (${why})`,
    };
  }
  return null;
}
