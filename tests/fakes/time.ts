// Small time-zone helpers shared by the fakes.

/** Offset from UTC in seconds for IANA zone `tz` at instant `at` (e.g. Asia/Seoul → 32400). */
export function tzOffsetSeconds(tz: string, at = new Date()): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch ms of an ISO date or date-time. Date-only values are UTC midnight;
 * date-times without an offset are read in `timeZone` (default UTC).
 */
export function isoToMs(iso: string, timeZone?: string | null): number {
  if (iso.length === 10) return Date.parse(`${iso}T00:00:00Z`);
  if (HAS_OFFSET.test(iso)) return Date.parse(iso);
  const asUtc = Date.parse(`${iso}Z`);
  return timeZone ? asUtc - tzOffsetSeconds(timeZone, new Date(asUtc)) * 1000 : asUtc;
}

export const isDateOnly = (iso: string): boolean => iso.length === 10;
export const DAY_MS = 86_400_000;
