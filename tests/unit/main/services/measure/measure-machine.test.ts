import { describe, expect, it } from 'vitest';
import { measureTimeLimitSec } from '../../../../../main/services/measure/measure-machine';

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
});
