import { describe, expect, it } from 'vitest';
import { findModel } from '../../../../app/catalog/models';
import { applyOverrides, changeOverrides, NO_OVERRIDES } from '../../../../app/domain/overrides';
import { DEFAULT_OPTIONS, estimate } from '../../../../app/estimator/estimate';
import { findQuant } from '../../../../app/estimator/quant-types';
import { FIXTURE_PROFILES } from '../../../helpers/fixture-profiles';

describe('a corrected CPU clock', () => {
  // The recorded CI VM reports no clock (systeminformation says 0): the estimator assumes 2.5 GHz.
  const vm = FIXTURE_PROFILES['linux-vm-no-gpu']?.();
  const model = findModel('llama-3.2-3b-instruct');
  const quant = findQuant('Q4_K_M');

  it('becomes a "user" value that remembers what it replaced, and can be taken back', () => {
    if (!vm) throw new Error('fixture missing');
    expect(vm.cpu.clockHz).toBeNull();
    const set = changeOverrides(NO_OVERRIDES, { kind: 'cpuClock', value: 5e9 });
    const corrected = applyOverrides(vm, set, () => null);
    expect(corrected.cpu.clockHz).toMatchObject({ value: 5e9, source: 'user', detail: 'set by the user' });
    const reset = changeOverrides(set, { kind: 'cpuClock', value: null });
    expect(applyOverrides(vm, reset, () => null).cpu.clockHz).toBeNull();
  });

  it('speeds up CPU prompt processing in proportion: twice the assumed 2.5 GHz, twice the matrix rate', () => {
    if (!vm || !model || !quant) throw new Error('fixture missing');
    const at = (profile: typeof vm) => {
      const r = estimate(profile, model, quant, { ...DEFAULT_OPTIONS, contextTokens: 4096 });
      if (!r.ok || !r.value.speed?.promptTokensPerSec) throw new Error('no estimate');
      return r.value.speed.promptTokensPerSec.value;
    };
    const base = at(vm);
    const fast = at(applyOverrides(vm, changeOverrides(NO_OVERRIDES, { kind: 'cpuClock', value: 5e9 }), () => null));
    // Matrix work dominates a 512-token prompt on 2 cores; attention and per-layer costs keep it just under 2x.
    expect(fast / base).toBeGreaterThan(1.8);
    expect(fast / base).toBeLessThanOrEqual(2);
  });
});

describe('corrected totals bound the free figures', () => {
  it('a VRAM total set below the free reading, or a free figure typed above the total, plans on the total', () => {
    const h200 = FIXTURE_PROFILES['linux-nvidia-h200-vm']?.();
    const glm = findModel('glm-4.5-air');
    const q8 = findQuant('Q8_0');
    if (!h200 || !glm || !q8) throw new Error('fixture missing');
    const key = `bus:${h200.gpus[0]?.busId?.toLowerCase() ?? ''}`;
    const at = (o: Parameters<typeof applyOverrides>[1]) => {
      const r = estimate(applyOverrides(h200, o, () => null), glm, q8, { ...DEFAULT_OPTIONS, contextTokens: 8192 });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    expect(at(NO_OVERRIDES).fit).toBe('full-gpu');
    // 24 GiB total: the 139.8 GiB free reading no longer counts.
    const small = at(changeOverrides(NO_OVERRIDES, { kind: 'gpu', gpuKey: key, field: 'vramTotalBytes', value: 24 * 1024 ** 3 }));
    expect(small.fit).toBe('partial');
    expect(small.memory.devices[0]?.usedBytes ?? Infinity).toBeLessThanOrEqual(24 * 1024 ** 3);
    // 500 GiB "free" on a 140 GiB card: still 140 GiB.
    const huge = at(changeOverrides(NO_OVERRIDES, { kind: 'gpu', gpuKey: key, field: 'vramFreeBytes', value: 500 * 1024 ** 3 }));
    expect(huge.memory.devices[0]?.capacityBytes ?? Infinity).toBeLessThanOrEqual(h200.gpus[0]?.vramTotalBytes?.value ?? 0);
  });
});
