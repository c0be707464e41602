import { describe, expect, it } from 'vitest';
import { ok } from '../../../../app/api/result';
import { profileFromFixture } from '../../../helpers/fixture-profiles';
import { testService } from '../../../helpers/service';

const NOW = new Date('2026-12-05T03:30:00Z');

describe('SizerApi.measureRamBandwidth (the card\'s "measure again")', () => {
  const profile = profileFromFixture('linux-vm-no-gpu');

  it('puts the new reading into the profile, marked measured, with when it was measured', async () => {
    const api = testService(profile, { measureRam: () => Promise.resolve(ok({ bytesPerSec: 56e9, quiet: true, busy: 0.05 })), now: () => NOW });
    const r = await api.measureRamBandwidth();
    expect(r.ok && r.value.memory.bandwidthBytesPerSec).toEqual({
      value: 56e9,
      source: 'measured',
      confidence: 'medium',
      detail: 'copy benchmark, median of 3 runs, measured 2026-12-05 03:30 UTC',
    });
    // It stays: the next read of the profile has it too.
    const again = await api.getHardwareProfile();
    expect(again.ok && again.value.memory.bandwidthBytesPerSec?.value).toBe(56e9);
  });

  it('says when the CPU was busy, with low confidence', async () => {
    const api = testService(profile, { measureRam: () => Promise.resolve(ok({ bytesPerSec: 11e9, quiet: false, busy: 0.8 })), now: () => NOW });
    const r = await api.measureRamBandwidth();
    expect(r.ok && r.value.memory.bandwidthBytesPerSec?.confidence).toBe('low');
    expect(r.ok && r.value.memory.bandwidthBytesPerSec?.detail).toContain('while the CPU was 80 % busy');
  });

  it('refuses where the profile is not this machine', async () => {
    const r = await testService(profile).measureRamBandwidth();
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toContain('no RAM here to measure');
  });
});
