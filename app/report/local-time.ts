/**
 * A report's date as its reader expects it: local date and time with the zone, e.g.
 * `2026-11-28 13:00 (Europe/Berlin, GMT+1)`. The zone is passed in (app/ reads no clock or environment);
 * an unknown zone falls back to UTC, which is said.
 *
 * @example formatLocalTime('2026-11-28T12:00:00.000Z', 'Europe/Berlin') // '2026-11-28 13:00 (Europe/Berlin, GMT+1)'
 */
export function formatLocalTime(iso: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone && isTimeZone(timeZone) ? timeZone : 'UTC';
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName');
  const zoneText = zone === 'UTC' ? 'UTC' : `${zone}, ${offset}`;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${zoneText})`;
}

/** True when Intl knows the zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
