import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../../../app/catalog/models';
import { findQuant } from '../../../../../app/estimator/quant-types';
import { expectedMeasureSec } from '../../../../../app/measure/calibration-shapes';
import { measureMachine, measureTimeLimitSec } from '../../../../../main/services/measure/measure-machine';
import { profileFromFixture } from '../../../../helpers/fixture-profiles';

describe('the time a measuring process may take (measureTimeLimitSec)', () => {
  it('keeps 300 s with --quick and 900 s without when nothing is expected or the model is quick', () => {
    expect(measureTimeLimitSec(true, null)).toBe(300);
    expect(measureTimeLimitSec(false, null)).toBe(900);
    expect(measureTimeLimitSec(true, 30)).toBe(300);
    expect(measureTimeLimitSec(false, Number.NaN)).toBe(900);
  });

  it('gives a slow model three times its expected duration plus a minute: gpt-oss-20b on 2 cores (about 180 s) gets 600 s', () => {
    expect(measureTimeLimitSec(true, 180)).toBe(600);
    expect(measureTimeLimitSec(false, 3600)).toBe(10860);
  });

  it('bench --model says the expected time and the limit before it starts, and cleans up when the process cannot start', async () => {
    const vm = profileFromFixture('linux-vm-no-gpu');
    const spec = builtInCatalog().models.find((m) => m.id === 'gpt-oss-20b');
    const quant = findQuant('Q4_K_M');
    if (!spec || !quant) throw new Error('fixture');
    const root = await mkdtemp(join(tmpdir(), 'llm-sizer-limit-'));
    const texts: string[] = [];
    try {
      const r = await measureMachine(vm, { quick: true, backend: 'cpu', model: { spec, quant } }, {
        tmpRoot: root,
        launch: () => {
          throw new Error('no child here');
        },
        onProgress: (p) => texts.push(p.text),
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain('Could not start the measuring process');
      const plan = { promptTokens: 512, shallowTokens: 16, generateTokens: 64, rounds: 3 };
      const expected = expectedMeasureSec(vm, 'cpu', spec, quant, plan, 0) ?? 0;
      const limit = measureTimeLimitSec(true, expected);
      // Past --quick's 300 s: the limit grows with the model, and the line says so in minutes.
      expect(limit).toBeGreaterThan(300);
      const line = texts.find((t) => t.includes('by the estimate')) ?? '';
      const m = /^cpu: about (\d+) min by the estimate \(stopped after (\d+) min\)$/.exec(line);
      if (!m) throw new Error(`no progress line with the expected time: ${texts.join(' | ')}`);
      // The line's figures add the file's read (about 12 s for its 12 GB) to what is computed here without it.
      expect(Math.abs(Number(m[1]) - expected / 60)).toBeLessThanOrEqual(1);
      expect(Math.abs(Number(m[2]) - limit / 60)).toBeLessThanOrEqual(1.5);
      expect(await readdir(root)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
