import { describe, expect, it } from 'vitest';
import { formatLocalTime, isTimeZone } from '../../../../app/report/local-time';

describe('formatLocalTime', () => {
  it('prints the local date and time with the zone and its offset', () => {
    expect(formatLocalTime('2026-11-28T12:00:00.000Z', 'Europe/Berlin')).toBe('2026-11-28 13:00 (Europe/Berlin, GMT+1)');
    expect(formatLocalTime('2026-07-01T12:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-01 14:00 (Europe/Berlin, GMT+2)');
    expect(formatLocalTime('2026-11-28T23:30:00.000Z', 'Asia/Kolkata')).toBe('2026-11-29 05:00 (Asia/Kolkata, GMT+5:30)');
  });
  it('falls back to UTC, and says so, for no zone or an unknown one', () => {
    expect(formatLocalTime('2026-11-28T12:00:00.000Z', undefined)).toBe('2026-11-28 12:00 (UTC)');
    expect(formatLocalTime('2026-11-28T12:00:00.000Z', 'Mars/Olympus')).toBe('2026-11-28 12:00 (UTC)');
  });
  it('returns a bad date as it came', () => expect(formatLocalTime('yesterday', 'UTC')).toBe('yesterday'));
});

describe('isTimeZone', () => {
  it('knows IANA zones only', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Nowhere/Else')).toBe(false);
  });
});
