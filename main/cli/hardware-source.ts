import { err } from '../../app/api/result';
import type { Result } from '../../app/api/result';
import { gpuIndex } from '../../app/catalog/gpus';
import { profileFromSpec } from '../../app/catalog/what-if';
import type { HardwareProfile } from '../../app/domain/hardware';
import { applyOverrides } from '../../app/domain/overrides';
import { applyCalibration } from '../../app/measure/calibration-apply';
import { CalibrationStore } from '../services/measure/calibration-store';
import { defaultConfigDir } from '../services/app-paths';
import { BandwidthCache } from '../services/hardware/bandwidth-cache';
import { scanHardware } from '../services/hardware/scan';
import { SettingsStore } from '../services/settings-store';
import { specFacts } from '../services/sizer-service';
import { loadProfileFile } from '../services/profile-file';
import { UsageError, flagString, parsePositiveNumber, parseSize } from './args';
import type { FlagSpec, ParsedArgs } from './args';

export const HARDWARE_FLAGS: readonly FlagSpec[] = [
  { name: 'hardware', takesValue: true, help: 'use a saved profile (llm-sizer scan --json > me.json) instead of scanning' },
  { name: 'gpu', takesValue: true, help: 'what-if GPU or chip from the table, e.g. "RTX 4090" or "RTX 3090,RTX 3090" for two' },
  { name: 'ram', takesValue: true, help: 'what-if RAM (or unified memory) size, e.g. 64GB' },
  { name: 'vram', takesValue: true, help: 'what-if VRAM when the card comes in several sizes, e.g. 16GB' },
  { name: 'ram-bandwidth', takesValue: true, help: 'what-if RAM bandwidth in GB/s, e.g. 89.6' },
];

/** --raw for the commands that estimate: the formula alone, without this machine's llama.cpp measurements. */
export const RAW_FLAG: FlagSpec = { name: 'raw', takesValue: false, help: "ignore this machine's llama.cpp measurements (llm-sizer bench): the formula alone" };

export interface HardwareChoice {
  readonly describe: string;
  readonly file: string | null;
  readonly load: () => Promise<Result<HardwareProfile>>;
}

/**
 * --hardware FILE, or --gpu/--ram what-if, or a live scan of this machine. The live scan carries the
 * corrections the user made in the app, unless the caller applies them itself (the server's service does).
 */
export function hardwareChoice(
  args: ParsedArgs,
  options: {
    readonly withCorrections?: boolean;
    /** Use this machine's llama.cpp measurements (llm-sizer bench); false for --raw. Default true. */
    readonly withCalibration?: boolean;
    readonly onNotice?: (text: string) => void;
  } = {},
): HardwareChoice {
  const withCalibration = options.withCalibration !== false;
  const file = flagString(args, 'hardware');
  if (file)
    return {
      describe: `profile ${file}`,
      file,
      load: async () => {
        const r = await loadProfileFile(file);
        // A saved profile carries the measurements of the machine it was saved on; --raw leaves them out.
        return r.ok && !withCalibration ? { ok: true, value: applyCalibration(r.value, [], true) } : r;
      },
    };
  const gpu = flagString(args, 'gpu');
  const ram = flagString(args, 'ram');
  if (gpu !== undefined || ram !== undefined) {
    if (ram === undefined) throw new UsageError('--gpu needs --ram too (e.g. --ram 32GB).');
    const ramBytes = parseSize(ram);
    const vram = flagString(args, 'vram');
    const bw = flagString(args, 'ram-bandwidth');
    const names = gpu ? gpu.split(',').map((s) => s.trim()).filter(Boolean) : [];
    return {
      describe: 'what-if hardware',
      file: null,
      load: () =>
        Promise.resolve(
          profileFromSpec(
            gpuIndex(),
            {
              gpuNames: names,
              ramBytes,
              vramBytes: vram ? parseSize(vram) : undefined,
              ramBandwidthBytesPerSec: bw ? parsePositiveNumber(bw, '--ram-bandwidth') * 1e9 : undefined,
            },
            new Date().toISOString(),
          ),
        ),
    };
  }
  return {
    describe: 'this machine',
    file: null,
    load: async () => {
      try {
        const bandwidthCache = new BandwidthCache(defaultConfigDir());
        const scanned = await scanHardware({ bandwidthCache });
        let profile = scanned;
        if (options.withCorrections !== false) {
          const settings = await new SettingsStore(defaultConfigDir()).load();
          if (settings.notice) options.onNotice?.(settings.notice);
          // The corrections the user made in the app apply to this machine's scan here too.
          profile = applyOverrides(profile, settings.overrides, specFacts);
        }
        if (withCalibration) {
          const measured = await new CalibrationStore(defaultConfigDir()).load();
          if (measured.notice) options.onNotice?.(measured.notice);
          profile = applyCalibration(profile, measured.entries);
        }
        return { ok: true, value: profile };
      } catch (e) {
        return err('SCAN_FAILED', e instanceof Error ? e.message : String(e));
      }
    },
  };
}
