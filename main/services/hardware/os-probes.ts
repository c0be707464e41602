import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SysfsDrmCard } from './parsers/sysfs-drm';
import { runCommand } from './probes';
import { withTimeLimit } from './time-limit';

/** Files read for each DRM card: amdgpu memory counters, PCI ids, the driver, xe's per-tile VRAM. */
const DRM_FILES = ['vendor', 'device', 'uevent', 'boot_vga', 'mem_info_vram_total', 'mem_info_vram_used', 'mem_info_gtt_total', 'mem_info_gtt_used'];

async function readSmall(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).slice(0, 64 * 1024);
  } catch {
    return null;
  }
}

/** /sys/class/drm/cardN/device/: no root needed, asynchronous, missing files skipped. */
export async function readSysfsDrm(root = '/sys/class/drm'): Promise<SysfsDrmCard[] | null> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return null;
  }
  const cards = entries.filter((e) => /^card\d+$/.test(e));
  return Promise.all(
    cards.map(async (card) => {
      const files: Record<string, string> = {};
      const device = join(root, card, 'device');
      for (const f of DRM_FILES) {
        const text = await readSmall(join(device, f));
        if (text !== null) files[f] = text;
      }
      for (let tile = 0; tile < 4; tile++) {
        const text = await readSmall(join(device, `tile${tile}`, 'physical_vram_size_bytes'));
        if (text !== null) files[`tile${tile}/physical_vram_size_bytes`] = text;
      }
      return { card, files };
    }),
  );
}

export interface OsProbeResult {
  readonly sysfsDrm: SysfsDrmCard[] | null;
  readonly udevDmi: string | null;
  readonly regQuery: string | null;
  readonly appleSysctl: string | null;
  readonly appleDisplays: string | null;
  readonly llamaServerDevices: string | null;
  readonly warnings: string[];
}

const DISPLAY_CLASS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4d36e968-e325-11ce-bfc1-08002be10318}';

/**
 * The probes systeminformation lacks, for this platform, in parallel, each under its own time limit:
 * Linux amdgpu/xe sysfs and udev's DMI memory data; the Windows display-class registry key (where
 * HardwareInformation.qwMemorySize holds the 64-bit VRAM size); macOS sysctl and system_profiler;
 * and `llama-server --list-devices` wherever llama.cpp is installed.
 */
export async function runOsProbes(platform: NodeJS.Platform, timeoutMs: number): Promise<OsProbeResult> {
  const warnings: string[] = [];
  const timed = async <T>(work: Promise<T>, label: string, fallback: T): Promise<T> => {
    const r = await withTimeLimit(work, timeoutMs, label);
    if (r.ok) return r.value;
    warnings.push(r.message);
    return fallback;
  };
  const cmd = (file: string, args: string[], label: string) => timed(runCommand(file, args, timeoutMs).catch(() => null), label, null);
  const linux = platform === 'linux';
  const [sysfsDrm, udevDmi, regQuery, appleSysctl, appleDisplays, llamaServerDevices] = await Promise.all([
    linux ? timed(readSysfsDrm(), 'sysfs GPU memory', null) : Promise.resolve(null),
    linux ? timed(readSmall('/run/udev/data/+dmi:id'), 'udev DMI memory data', null) : Promise.resolve(null),
    platform === 'win32' ? cmd('reg', ['query', DISPLAY_CLASS_KEY, '/s'], 'Windows registry (display adapters)') : Promise.resolve(null),
    platform === 'darwin' ? cmd('sysctl', ['machdep.cpu.brand_string', 'hw.memsize', 'iogpu.wired_limit_mb'], 'sysctl') : Promise.resolve(null),
    platform === 'darwin' ? cmd('system_profiler', ['SPDisplaysDataType', '-json'], 'system_profiler') : Promise.resolve(null),
    cmd('llama-server', ['--list-devices'], 'llama-server --list-devices'),
  ]);
  return { sysfsDrm, udevDmi, regQuery, appleSysctl, appleDisplays, llamaServerDevices, warnings };
}
