/**
 * The only door to luxon. Every "now", "today" and "this week" in Paimy is computed here, in
 * the team's zone (PAIMY_TIMEZONE, Asia/Seoul by default); the server's own TZ never matters.
 * Every date-time that leaves this module carries its offset (ISO 8601, e.g.
 * `2026-11-23T15:00:00+09:00`).
 */
import { DateTime, IANAZone } from 'luxon';

/** Where "now" comes from. Tests pin it; production reads the system clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stands still until told otherwise (for tests and benchmarks). */
export interface FixedClock extends Clock {
  set(isoWithOffset: string): void;
  advance(ms: number): void;
}

/**
 * @param isoWithOffset the instant to pin, e.g. `2026-11-23T00:30:00+09:00`
 * @throws InvalidTimeError when the string is not an ISO 8601 instant with an offset
 */
export function fixedClock(isoWithOffset: string): FixedClock {
  let ms = parseInstant(isoWithOffset);
  return {
    now: () => ms,
    set(iso) {
      ms = parseInstant(iso);
    },
    advance(delta) {
      ms += delta;
    },
  };
}

export class InvalidTimeError extends Error {
  override name = 'InvalidTimeError';
}

/** @returns true when `zone` is an IANA zone name luxon knows (e.g. `Asia/Seoul`). */
export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function parseInstant(iso: string): number {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid || !/([zZ]|[+-]\d\d:?\d\d)$/.test(iso)) {
    throw new InvalidTimeError(`"${iso}" is not an ISO 8601 instant with an offset`);
  }
  return dt.toMillis();
}

/** The team's view of time: a zone and a clock. */
export interface TeamTime {
  zone: string;
  clock: Clock;
}

/** A range of dates in the team zone, as both calendar dates and instants. */
export interface DateRange {
  /** First day, `YYYY-MM-DD` (inclusive); absent for open-ended ranges such as `overdue`. */
  startDate?: string;
  /** Last day, `YYYY-MM-DD` (inclusive). */
  endDate: string;
  /** Start instant, ISO 8601 with offset (00:00:00.000 of `startDate`). */
  start?: string;
  /** End instant, ISO 8601 with offset (23:59:59.999 of `endDate`). */
  end: string;
}

export const PERIODS = ['today', 'this_week', 'next_week', 'overdue'] as const;
export type Period = (typeof PERIODS)[number];

function nowIn(t: TeamTime): DateTime {
  return DateTime.fromMillis(t.clock.now(), { zone: t.zone });
}

function rangeOf(first: DateTime, last: DateTime): DateRange {
  const start = first.startOf('day');
  const end = last.endOf('day');
  return {
    startDate: start.toISODate()!,
    endDate: end.toISODate()!,
    start: start.toISO()!,
    end: end.toISO()!,
  };
}

/**
 * The date range a named period covers, computed in the team zone. Weeks run Monday 00:00 to
 * Sunday 23:59:59.999. `overdue` is everything before today (no start).
 *
 * Example: at 2026-11-23T00:30+09:00 (a Monday; still Sunday in UTC) `this_week` is
 * 2026-11-23 … 2026-11-29.
 */
export function periodRange(period: Period, t: TeamTime): DateRange {
  const now = nowIn(t);
  switch (period) {
    case 'today':
      return rangeOf(now, now);
    case 'this_week': {
      const monday = now.startOf('week'); // luxon weeks are ISO weeks: Monday first
      return rangeOf(monday, monday.plus({ days: 6 }));
    }
    case 'next_week': {
      const monday = now.startOf('week').plus({ weeks: 1 });
      return rangeOf(monday, monday.plus({ days: 6 }));
    }
    case 'overdue': {
      const yesterday = now.minus({ days: 1 }).endOf('day');
      return { endDate: yesterday.toISODate()!, end: yesterday.toISO()! };
    }
  }
}

/**
 * The first and last instant of a team-zone date.
 * @param date `YYYY-MM-DD`
 * @returns ISO 8601 with offset: 00:00:00.000 and 23:59:59.999 of that day
 */
export function dayBounds(date: string, t: TeamTime): { start: string; end: string } {
  const day = DateTime.fromISO(date, { zone: t.zone });
  if (!day.isValid) throw new InvalidTimeError(`"${date}" is not a valid date (YYYY-MM-DD)`);
  return { start: day.startOf('day').toISO()!, end: day.endOf('day').toISO()! };
}

/** Today's date in the team zone, `YYYY-MM-DD`. */
export function todayDate(t: TeamTime): string {
  return nowIn(t).toISODate()!;
}

/** A date or date-time Claude gave, read in the team zone. */
export type ParsedTime =
  | { kind: 'date'; date: string }
  | { kind: 'dateTime'; iso: string; ms: number };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses an ISO 8601 date (`2026-12-25`) or date-time. A date-time without an offset
 * (`2026-11-24T15:00:00`) means the team zone; one with an offset keeps its instant. The
 * returned `iso` is always in the team zone with its offset.
 *
 * @throws InvalidTimeError naming the input when it is not ISO 8601
 */
export function parseTeamTime(input: string, t: TeamTime): ParsedTime {
  const text = input.trim();
  if (DATE_ONLY.test(text)) {
    const d = DateTime.fromISO(text, { zone: t.zone });
    if (!d.isValid) throw new InvalidTimeError(`"${input}" is not a valid date (YYYY-MM-DD)`);
    return { kind: 'date', date: text };
  }
  const dt = DateTime.fromISO(text, { zone: t.zone }); // naive → team zone; offset → kept instant
  if (!dt.isValid) {
    throw new InvalidTimeError(
      `"${input}" is not an ISO 8601 date or date-time (e.g. 2026-11-24 or 2026-11-24T15:00:00+09:00)`,
    );
  }
  const inZone = dt.setZone(t.zone);
  return { kind: 'dateTime', iso: inZone.toISO({ suppressMilliseconds: true })!, ms: inZone.toMillis() };
}

/**
 * Re-expresses a date or date-time from an API in the team zone. Dates stay dates.
 * @returns `YYYY-MM-DD`, or ISO 8601 with the team zone's offset; the input unchanged if unparseable
 */
export function toTeamIso(value: string, t: TeamTime): string {
  if (DATE_ONLY.test(value)) return value;
  const dt = DateTime.fromISO(value, { setZone: true });
  return dt.isValid ? dt.setZone(t.zone).toISO({ suppressMilliseconds: true })! : value;
}

/** The current instant in the team zone, ISO 8601 with offset. */
export function nowIso(t: TeamTime): string {
  return nowIn(t).toISO({ suppressMilliseconds: true })!;
}

/**
 * "now" for the system prompt: date, Korean and English weekday, time and zone.
 * e.g. `2026-11-23 (월요일, Monday) 00:30 Asia/Seoul (UTC+09:00)`
 */
export function describeNow(t: TeamTime): string {
  const now = nowIn(t);
  const ko = now.setLocale('ko').toFormat('cccc');
  const en = now.setLocale('en').toFormat('cccc');
  return `${now.toISODate()} (${ko}, ${en}) ${now.toFormat('HH:mm')} ${t.zone} (UTC${now.toFormat('ZZ')})`;
}

/**
 * A date or date-time in Korean words, in the team zone: `11월 24일 (화)` or
 * `11월 24일 (화) 오후 3:00`. Unparseable input is returned unchanged.
 */
export function formatKorean(value: string, t: TeamTime): string {
  const dateOnly = DATE_ONLY.test(value);
  const dt = dateOnly
    ? DateTime.fromISO(value, { zone: t.zone })
    : DateTime.fromISO(value, { setZone: true }).setZone(t.zone);
  if (!dt.isValid) return value;
  const day = dt.setLocale('ko').toFormat('M월 d일 (ccc)');
  if (dateOnly) return day;
  const hour12 = dt.hour % 12 === 0 ? 12 : dt.hour % 12;
  return `${day} ${dt.hour < 12 ? '오전' : '오후'} ${hour12}:${dt.toFormat('mm')}`;
}

/**
 * A span in Korean words, in the team zone: `11월 24일 (화) 오후 3:00–3:30`, or across days
 * `11월 24일 (화) 오후 11:00 – 11월 25일 (수) 오전 1:00`; dates alone: `12월 25일 (금)` or
 * `12월 24일 (목) – 12월 26일 (토)` (inclusive last day).
 */
export function formatKoreanRange(start: string, end: string, t: TeamTime): string {
  const startText = formatKorean(start, t);
  const endText = formatKorean(end, t);
  if (DATE_ONLY.test(start)) return startText === endText ? startText : `${startText} – ${endText}`;
  const [startDay, startClock] = splitDayAndClock(startText);
  const [endDay, endClock] = splitDayAndClock(endText);
  if (startDay !== endDay) return `${startText} – ${endText}`;
  const samePeriod = startClock.slice(0, 2) === endClock.slice(0, 2); // 오전 / 오후
  return `${startDay} ${startClock}–${samePeriod ? endClock.slice(3) : endClock}`;
}

/** `11월 24일 (화) 오후 3:00` → [`11월 24일 (화)`, `오후 3:00`] */
function splitDayAndClock(text: string): [string, string] {
  const at = text.lastIndexOf(' 오');
  return [text.slice(0, at), text.slice(at + 1)];
}

/** The day after `date` (`YYYY-MM-DD`), e.g. for all-day events' exclusive end. */
export function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;
}

/** The day before `date` (`YYYY-MM-DD`). */
export function previousDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;
}

/** Milliseconds since the epoch of an ISO 8601 instant (with offset) or of a team-zone date's start. */
export function toMillis(value: string, t: TeamTime): number {
  if (DATE_ONLY.test(value)) return DateTime.fromISO(value, { zone: t.zone }).toMillis();
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) throw new InvalidTimeError(`"${value}" is not an ISO 8601 instant`);
  return dt.toMillis();
}

/** An instant (ms) as ISO 8601 in the team zone with its offset. */
export function isoFromMillis(ms: number, t: TeamTime): string {
  return DateTime.fromMillis(ms, { zone: t.zone }).toISO({ suppressMilliseconds: true })!;
}

/** Working hours of a day, in the team zone, as `HH:mm`. */
export interface WorkingHours {
  start: string;
  end: string;
}

/**
 * The working windows between two instants: each weekday's working hours in the team zone,
 * minus days `isHoliday` rejects, clipped to [fromMs, toMs).
 * @returns half-open intervals in ms, in order
 */
export function workingWindows(
  fromMs: number,
  toMs: number,
  hours: WorkingHours,
  t: TeamTime,
  isHoliday: (date: string) => boolean,
): { start: number; end: number }[] {
  const windows: { start: number; end: number }[] = [];
  const [sh, sm] = hours.start.split(':').map(Number) as [number, number];
  const [eh, em] = hours.end.split(':').map(Number) as [number, number];
  let day = DateTime.fromMillis(fromMs, { zone: t.zone }).startOf('day');
  while (day.toMillis() < toMs) {
    const date = day.toISODate()!;
    if (day.weekday <= 5 && !isHoliday(date)) {
      const start = Math.max(day.set({ hour: sh, minute: sm }).toMillis(), fromMs);
      const end = Math.min(day.set({ hour: eh, minute: em }).toMillis(), toMs);
      if (end > start) windows.push({ start, end });
    }
    day = day.plus({ days: 1 });
  }
  return windows;
}

/** The team-zone date (`YYYY-MM-DD`) of an instant in ms. */
export function dateOfMillis(ms: number, t: TeamTime): string {
  return DateTime.fromMillis(ms, { zone: t.zone }).toISODate()!;
}
