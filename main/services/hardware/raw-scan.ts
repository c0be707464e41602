import type { SysfsDrmCard } from './parsers/sysfs-drm';

/**
 * What the probes gather, before normalization. Shapes follow systeminformation 5.33's return values
 * (only the fields we read), so recorded fixtures load as they are.
 */
export interface SiGraphicsController {
  readonly vendor?: string;
  readonly model?: string;
  readonly bus?: string;
  readonly busAddress?: string;
  readonly vram?: number | null;
  readonly vramDynamic?: boolean;
  readonly memoryTotal?: number;
  readonly memoryFree?: number;
  readonly driverVersion?: string;
  readonly pciID?: string;
  readonly deviceId?: string;
  readonly vendorId?: string;
  readonly subDeviceId?: string | null;
  readonly cores?: number | string;
}

export interface SiSnapshot {
  readonly graphics?: { readonly controllers: readonly SiGraphicsController[] };
  readonly mem?: { readonly total: number; readonly available: number; readonly free?: number };
  readonly memLayout?: readonly { readonly size: number; readonly type?: string; readonly clockSpeed?: number | null }[];
  readonly cpu?: {
    readonly manufacturer?: string;
    readonly brand?: string;
    readonly vendor?: string;
    readonly cores?: number;
    readonly physicalCores?: number;
    readonly speed?: number;
    readonly flags?: string;
  };
  readonly cpuFlags?: string;
  readonly osInfo?: { readonly platform?: string; readonly release?: string; readonly arch?: string; readonly distro?: string; readonly hostname?: string };
  readonly system?: { readonly virtual?: boolean; readonly model?: string; readonly manufacturer?: string };
}

export interface RawScan {
  readonly capturedAt: string;
  readonly si: SiSnapshot;
  /** nvidia-smi output and the fields it was queried for; null when nvidia-smi is absent or failed. */
  readonly nvidiaSmi: { readonly fields: readonly string[]; readonly csv: string } | null;
  /** Files under /sys/class/drm/cardN/device/ (Linux). */
  readonly sysfsDrm?: readonly SysfsDrmCard[] | null;
  /** `reg query` of the display adapter class key (Windows). */
  readonly regQuery?: string | null;
  /** Win32_VideoController as JSON (Windows). */
  readonly win32VideoController?: string | null;
  /** `sysctl machdep.cpu.brand_string hw.memsize iogpu.wired_limit_mb` and `system_profiler SPDisplaysDataType -json` (macOS). */
  readonly appleSysctl?: string | null;
  readonly appleDisplays?: string | null;
  /** `llama-server --list-devices`, when llama.cpp is installed. */
  readonly llamaServerDevices?: string | null;
  /** /run/udev/data/+dmi:id (Linux): the configured memory speed without root. */
  readonly udevDmi?: string | null;
  /** Measured RAM copy bandwidth, bytes/s; null when not measured. */
  readonly measuredRamBandwidthBytesPerSec: number | null;
  /** Probe problems to pass on to the user. */
  readonly warnings: readonly string[];
}
