import { describe, expect, it } from 'vitest';
import { cpuClock, normalizeScan, withAppleDotprod } from '../../../../../main/services/hardware/normalize';
import { SYSTEMINFORMATION_NVIDIA_FIELDS } from '../../../../../main/services/hardware/nvidia-smi';
import { tableLookup } from '../../../../../main/services/hardware/scan';
import { fixtureText, rawScan, rawScanFromFixture, siFixture } from '../../../../helpers/fixtures';

const MIB = 1024 * 1024;

describe('normalizeScan on the real H200 server scan (no lspci: systeminformation saw the GPU through OpenCL only)', () => {
  const si = siFixture('linux-nvidia-h200-vm');
  const csv = fixtureText('hardware', 'linux-nvidia-h200-vm', 'nvidia-smi-query.csv');
  const profile = normalizeScan(rawScan({ si, nvidiaSmi: { fields: SYSTEMINFORMATION_NVIDIA_FIELDS, csv } }), tableLookup);

  it('finds exactly one NVIDIA H200 with the 143771 MiB nvidia-smi reports, not the OpenCL 143156', () => {
    expect(profile.gpus).toHaveLength(1);
    const gpu = profile.gpus[0];
    expect(gpu?.name).toMatchObject({ value: 'NVIDIA H200', source: 'nvidia-smi', confidence: 'high' });
    expect(gpu?.vendor).toBe('nvidia');
    expect(gpu?.kind).toBe('discrete');
    expect(gpu?.vramTotalBytes).toMatchObject({ value: 143771 * MIB, source: 'nvidia-smi', confidence: 'high' });
    expect(gpu?.vramFreeBytes).toMatchObject({ value: 143156 * MIB, source: 'nvidia-smi', confidence: 'high' });
    expect(gpu?.driverVersion).toBe('580.159.04');
    expect(gpu?.busId).toBe('0000:00:06.0');
    expect(gpu?.usedForOffload).toBe(true);
  });

  it('takes bandwidth and compute from the GPU table, marked as such', () => {
    const gpu = profile.gpus[0];
    expect(gpu?.specId).toBe('nvidia-h200-sxm-141gb');
    expect(gpu?.bandwidthBytesPerSec?.value).toBe(4800e9);
    expect(gpu?.bandwidthBytesPerSec?.source).toBe('spec table');
    expect(gpu?.computeCapability).toBe('9.0');
  });

  it('reads the CPU, its ISA and the RAM exactly', () => {
    expect(profile.cpu.name.value).toBe('Intel Xeon Processor');
    expect(profile.cpu.physicalCores.value).toBe(16);
    expect(profile.cpu.logicalCores.value).toBe(16);
    expect(profile.cpu.isa).toEqual(['avx', 'avx2', 'fma', 'f16c', 'avx_vnni', 'avx512f', 'avx512bw', 'avx512_vnni', 'avx512_bf16', 'amx']);
    expect(profile.memory.totalBytes).toEqual({ value: 135148564480, source: 'systeminformation', confidence: 'high' });
    expect(profile.memory.availableBytes.value).toBe(134620897280);
    expect(profile.memory.bandwidthBytesPerSec).toBeNull();
    expect(profile.os).toEqual({ platform: 'linux', release: 'Ubuntu 24.04.3 LTS', arch: 'x64', virtual: true });
  });

  it('without nvidia-smi, does not trust the OpenCL reading and takes the table size of a one-size card', () => {
    const bare = normalizeScan(rawScan({ si }), tableLookup);
    expect(bare.gpus).toHaveLength(1);
    expect(bare.gpus[0]?.vramTotalBytes).toMatchObject({ value: 141 * 1024 * MIB, source: 'spec table', confidence: 'medium' });
  });
});

describe('normalizeScan on the real CI VM scan (no GPU)', () => {
  const profile = normalizeScan(rawScan({ si: siFixture('linux-vm-no-gpu') }), tableLookup);

  it('produces a usable CPU-only profile', () => {
    expect(profile.gpus).toEqual([]);
    expect(profile.cpu.name.value).toBe('AMD EPYC');
    expect(profile.cpu.physicalCores.value).toBe(2);
    expect(profile.cpu.isa).toEqual(['avx', 'avx2', 'fma', 'f16c']);
    expect(profile.memory.totalBytes.value).toBe(25276514304);
    expect(profile.memory.availableBytes.value).toBe(24848314368);
    expect(profile.warnings).toEqual([]);
  });

  it('carries a measured RAM bandwidth with its source', () => {
    const measured = normalizeScan(rawScan({ si: siFixture('linux-vm-no-gpu'), measuredRamBandwidthBytesPerSec: 7.2e10 }), tableLookup);
    expect(measured.memory.bandwidthBytesPerSec).toMatchObject({ value: 7.2e10, source: 'measured' });
  });

  it('does not mutate its input', () => {
    const raw = rawScan({ si: siFixture('linux-vm-no-gpu') });
    const before = JSON.stringify(raw);
    normalizeScan(raw, tableLookup);
    expect(JSON.stringify(raw)).toBe(before);
  });
});

describe('the CPU clock and ISA the CPU speed model needs', () => {
  it('reads the base clock where the OS gives one, and none in a VM that reports 0', () => {
    const desktop = normalizeScan(rawScanFromFixture('windows-rtx-4090'), tableLookup);
    expect(desktop.cpu.clockHz).toMatchObject({ value: 4.5e9, source: 'systeminformation' });
    const vm = normalizeScan(rawScan({ si: siFixture('linux-vm-no-gpu') }), tableLookup);
    expect(vm.cpu.clockHz).toBeNull();
  });

  it('does not trust the clocks systeminformation invents: macOS reports 2.4 GHz for every chip, an idle laptop 0.8', () => {
    expect(cpuClock(2.4, 'darwin')).toBeNull();
    expect(cpuClock(0.8, 'linux')).toBeNull();
    expect(cpuClock(0, 'linux')).toBeNull();
    expect(cpuClock(3.7, 'win32')).toMatchObject({ value: 3.7e9, source: 'systeminformation', confidence: 'medium' });
    const mac = normalizeScan(rawScanFromFixture('macos-m3-max'), tableLookup);
    expect(mac.cpu.clockHz).toBeNull();
  });

  it('gives Apple silicon the dot-product extension macOS does not list', () => {
    const mac = normalizeScan(rawScanFromFixture('macos-m3-max'), tableLookup);
    expect(mac.cpu.isa).toContain('neon');
    expect(mac.cpu.isa).toContain('dotprod');
    const linuxArm = withAppleDotprod(['neon'], 'linux', 'arm64');
    expect(linuxArm).toEqual(['neon']);
  });
});
