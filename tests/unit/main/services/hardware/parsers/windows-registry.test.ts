import { describe, expect, it } from 'vitest';
import { emptyObservation } from '../../../../../../main/services/hardware/observations';
import { parseRegQueryVideo, parseWin32VideoController } from '../../../../../../main/services/hardware/parsers/windows-registry';
import { fixtureText } from '../../../../../helpers/fixtures';

const MiB = 1024 * 1024;

describe('parseRegQueryVideo', () => {
  it('reads the RTX 4090 with its 64-bit qwMemorySize (24564 MiB), skipping Settings, Configuration and errors', () => {
    expect(parseRegQueryVideo(fixtureText('hardware', 'windows-rtx-4090', 'reg-query.txt'))).toEqual([
      {
        ...emptyObservation('registry', 'reg query ...\\Class\\{4d36e968-...}\\0000'),
        name: 'NVIDIA GeForce RTX 4090',
        vendor: 'nvidia',
        pciId: '10de:2684',
        vramTotalBytes: 24564 * MiB,
        integrated: false,
        driverVersion: '32.0.15.6094',
      },
    ]);
  });

  it('reads a hybrid laptop: the Iris Xe is integrated, the RTX 4060 Laptop GPU has 8188 MiB', () => {
    const gpus = parseRegQueryVideo(fixtureText('hardware', 'windows-laptop-intel-igpu-rtx-4060', 'reg-query.txt'));
    expect(gpus.map((g) => [g.name, g.vendor, g.pciId, g.vramTotalBytes, g.integrated, g.untrustedVram])).toEqual([
      ['Intel(R) Iris(R) Xe Graphics', 'intel', '8086:a7a0', 1073741824, true, false],
      ['NVIDIA GeForce RTX 4060 Laptop GPU', 'nvidia', '10de:28a0', 8188 * MiB, false, false],
    ]);
  });

  it('falls back to the 32-bit MemorySize and flags it when it sits at the cap', () => {
    const text = 'HKEY_LOCAL_MACHINE\\SYSTEM\\X\\0002\r\n    DriverDesc    REG_SZ    AMD Radeon RX 6800 XT\r\n    MatchingDeviceId    REG_SZ    PCI\\VEN_1002&DEV_73BF\r\n    HardwareInformation.MemorySize    REG_BINARY    0000F0FF\r\n';
    expect(parseRegQueryVideo(text)[0]).toMatchObject({ vramTotalBytes: 4293918720, untrustedVram: true, vendor: 'amd', integrated: null });
  });

  it('gives nothing for garbage, adapters without a PCI id, or truncated output', () => {
    expect(parseRegQueryVideo('')).toEqual([]);
    expect(parseRegQueryVideo('ERROR: The system was unable to find the specified registry key or value.')).toEqual([]);
    expect(parseRegQueryVideo('HKEY_LOCAL_MACHINE\\X\\0000\n    DriverDesc    REG_SZ    Microsoft Basic Display Adapter\n    MatchingDeviceId    REG_SZ    PCI\\CC_0300\n')).toEqual([]);
    expect(parseRegQueryVideo('HKEY_LOCAL_MACHINE\\X\\0000\n    DriverDesc    REG_SZ    NVIDIA GeForce RTX 4090\n    MatchingDev')).toEqual([]);
    expect(parseRegQueryVideo(undefined as unknown as string)).toEqual([]);
    const [bad] = parseRegQueryVideo('HKEY_LOCAL_MACHINE\\X\\0000\n    DriverDesc    REG_SZ    X\n    MatchingDeviceId    REG_SZ    PCI\\VEN_10DE&DEV_2684\n    HardwareInformation.qwMemorySize    REG_QWORD    0xZZ\n');
    expect(bad?.vramTotalBytes).toBeNull();
  });
});

describe('parseWin32VideoController', () => {
  it('flags the 4090 AdapterRAM (4293918720) as capped', () => {
    expect(parseWin32VideoController(fixtureText('hardware', 'windows-rtx-4090', 'win32-videocontroller.json'))).toEqual([
      {
        ...emptyObservation('os', 'Win32_VideoController'),
        name: 'NVIDIA GeForce RTX 4090',
        vendor: 'nvidia',
        pciId: '10de:2684',
        vramTotalBytes: 4293918720,
        integrated: false,
        untrustedVram: true,
        driverVersion: '32.0.15.6094',
      },
    ]);
  });

  it('reads an array of adapters, trusting values below the cap', () => {
    const gpus = parseWin32VideoController(fixtureText('hardware', 'windows-laptop-intel-igpu-rtx-4060', 'win32-videocontroller.json'));
    expect(gpus.map((g) => [g.name, g.vramTotalBytes, g.untrustedVram, g.integrated])).toEqual([
      ['Intel(R) Iris(R) Xe Graphics', 1073741824, false, true],
      ['NVIDIA GeForce RTX 4060 Laptop GPU', 4293918720, true, false],
    ]);
  });

  it('flags 4294967295 too, and skips non-PCI adapters', () => {
    const json = JSON.stringify([
      { Name: 'AMD Radeon RX 7900 XTX', AdapterRAM: 4294967295, PNPDeviceID: 'PCI\\VEN_1002&DEV_744C&SUBSYS_E4711DA2&REV_C8\\6&1' },
      { Name: 'Microsoft Remote Display Adapter', AdapterRAM: null, PNPDeviceID: 'SWD\\RemoteDisplayEnum\\RdpIdd_IndirectDisplay' },
    ]);
    expect(parseWin32VideoController(json).map((g) => [g.name, g.untrustedVram])).toEqual([['AMD Radeon RX 7900 XTX', true]]);
  });

  it('gives nothing for bad JSON, empty output or odd shapes', () => {
    expect(parseWin32VideoController('')).toEqual([]);
    expect(parseWin32VideoController('{"Name": "NVIDIA')).toEqual([]);
    expect(parseWin32VideoController('null')).toEqual([]);
    expect(parseWin32VideoController('[1, "x", {"AdapterRAM": 5}]')).toEqual([]);
    expect(parseWin32VideoController('\uFEFF{"Name":"X","PNPDeviceID":"PCI\\\\VEN_8086&DEV_A7A0","AdapterRAM":-1}')[0]?.vramTotalBytes).toBeNull();
  });
});
