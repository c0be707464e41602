import { describe, expect, it } from 'vitest';
import { emptyObservation } from '../../../../../../main/services/hardware/observations';
import {
  appleGpuObservation,
  appleObservation,
  parseAppleSysctl,
  parseSystemProfilerDisplays,
} from '../../../../../../main/services/hardware/parsers/apple';
import { fixtureText } from '../../../../../helpers/fixtures';

const GiB = 1024 ** 3;
const read = (machine: string): [string, string] => [
  fixtureText('hardware', machine, 'sysctl.txt'),
  fixtureText('hardware', machine, 'system-profiler-displays.json'),
];

describe('Apple Silicon parsers', () => {
  it('reads the M1 8 GB, whose macOS has no iogpu.wired_limit_mb', () => {
    expect(appleObservation(...read('macos-m1-8gb'))).toEqual({
      detail: 'sysctl + system_profiler SPDisplaysDataType',
      chip: 'Apple M1',
      gpuCores: 8,
      ramBytes: 8 * GiB,
      wiredLimitMb: null,
    });
  });

  it('reads the M3 Max 40-core GPU with 128 GB and no override', () => {
    expect(appleObservation(...read('macos-m3-max'))).toMatchObject({ chip: 'Apple M3 Max', gpuCores: 40, ramBytes: 128 * GiB, wiredLimitMb: 0 });
  });

  it('reads the M2 Ultra with a user wired limit, and makes a GPU observation without VRAM', () => {
    expect(appleObservation(...read('macos-m2-ultra'))).toMatchObject({ gpuCores: 76, ramBytes: 192 * GiB, wiredLimitMb: 184320 });
    expect(appleGpuObservation(...read('macos-m2-ultra'))).toEqual({
      ...emptyObservation('system_profiler', 'sysctl + system_profiler SPDisplaysDataType'),
      name: 'Apple M2 Ultra',
      vendor: 'apple',
      gpuCores: 76,
    });
  });

  it('parses the pieces on their own', () => {
    expect(parseAppleSysctl('machdep.cpu.brand_string: Apple M3 Max\nhw.memsize: 137438953472\niogpu.wired_limit_mb: 0\n')).toEqual({
      brand: 'Apple M3 Max',
      memsizeBytes: 137438953472,
      wiredLimitMb: 0,
    });
    expect(parseSystemProfilerDisplays(fixtureText('hardware', 'macos-m3-max', 'system-profiler-displays.json'))).toEqual([
      { model: 'Apple M3 Max', cores: 40, vendor: 'sppci_vendor_Apple' },
    ]);
  });

  it('gives null for an Intel Mac', () => {
    const sysctl = 'machdep.cpu.brand_string: Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz\nhw.memsize: 34359738368\n';
    const sp = '{"SPDisplaysDataType":[{"sppci_model":"Intel UHD Graphics 630","spdisplays_vram_shared":"1536 MB"},{"sppci_model":"AMD Radeon Pro 5500M","spdisplays_vram":"8 GB"}]}';
    expect(appleObservation(sysctl, sp)).toBeNull();
    expect(appleGpuObservation(sysctl, sp)).toBeNull();
  });

  it('gives null or nothing for garbage, empty or truncated input', () => {
    expect(appleObservation('', '')).toBeNull();
    expect(appleObservation('machdep.cpu.brand_string: Apple M1\n', '{}')).toBeNull(); // no RAM size
    expect(appleObservation('hw.memsize: 8589934592', '{"SPDisplaysDataType":[{"sppci_model":"Apple M1"}]}')).toBeNull();
    expect(parseSystemProfilerDisplays('{"SPDisplaysDataType":[{"_name":"Apple M1","sppci_cor')).toEqual([]);
    expect(parseSystemProfilerDisplays('{"SPDisplaysDataType":"x"}')).toEqual([]);
    expect(parseSystemProfilerDisplays('[null, 1]')).toEqual([]);
    expect(parseAppleSysctl('hw.memsize: lots\niogpu.wired_limit_mb: -1')).toEqual({ brand: null, memsizeBytes: null, wiredLimitMb: null });
    const noCores = appleObservation('machdep.cpu.brand_string: Apple M1\nhw.memsize: 8589934592\n', 'garbage');
    expect(noCores).toMatchObject({ chip: 'Apple M1', gpuCores: null });
  });
});
