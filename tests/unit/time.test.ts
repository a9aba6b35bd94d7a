import { describe, expect, it } from 'vitest';
import {
  InvalidTimeError,
  describeNow,
  fixedClock,
  formatKorean,
  parseTeamTime,
  periodRange,
  toTeamIso,
} from '../../src/time';

const seoul = (iso: string) => ({ zone: 'Asia/Seoul', clock: fixedClock(iso) });

describe('periodRange in the team zone', () => {
  it('treats Monday 00:30 KST (still Sunday in UTC) as the start of a new week', () => {
    const t = seoul('2026-11-23T00:30:00+09:00');
    expect(new Date(t.clock.now()).getUTCDay()).toBe(0); // Sunday in UTC
    expect(periodRange('this_week', t)).toMatchObject({
      startDate: '2026-11-23',
      endDate: '2026-11-29',
      start: '2026-11-23T00:00:00.000+09:00',
      end: '2026-11-29T23:59:59.999+09:00',
    });
    expect(periodRange('next_week', t)).toMatchObject({ startDate: '2026-11-30', endDate: '2026-12-06' });
    expect(periodRange('today', t)).toMatchObject({ startDate: '2026-11-23', endDate: '2026-11-23' });
  });

  it('ends a week on Sunday 23:59:59.999 and starts overdue before today', () => {
    const t = seoul('2026-11-29T23:59:00+09:00');
    expect(periodRange('this_week', t)).toMatchObject({ startDate: '2026-11-23', endDate: '2026-11-29' });
    const overdue = periodRange('overdue', t);
    expect(overdue.startDate).toBeUndefined();
    expect(overdue).toMatchObject({ endDate: '2026-11-28', end: '2026-11-28T23:59:59.999+09:00' });
  });

  it('does not depend on the server TZ', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(periodRange('today', seoul('2026-11-23T00:30:00+09:00')).startDate).toBe('2026-11-23');
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('parseTeamTime', () => {
  const t = seoul('2026-11-23T09:00:00+09:00');

  it('reads a naive date-time as the team zone', () => {
    const parsed = parseTeamTime('2026-11-24T15:00:00', t);
    expect(parsed).toEqual({ kind: 'dateTime', iso: '2026-11-24T15:00:00+09:00', ms: Date.parse('2026-11-24T06:00:00Z') });
  });

  it('keeps the instant of a date-time with an offset and re-expresses it in KST', () => {
    expect(parseTeamTime('2026-11-24T06:00:00Z', t)).toMatchObject({ iso: '2026-11-24T15:00:00+09:00' });
    expect(parseTeamTime('2026-11-24T01:00:00-05:00', t)).toMatchObject({ iso: '2026-11-24T15:00:00+09:00' });
  });

  it('keeps a date alone as a date', () => {
    expect(parseTeamTime('2026-12-25', t)).toEqual({ kind: 'date', date: '2026-12-25' });
  });

  it('rejects what is not ISO 8601 with an error that quotes the input', () => {
    expect(() => parseTeamTime('내일 오후 3시', t)).toThrow(InvalidTimeError);
    expect(() => parseTeamTime('2026-02-30', t)).toThrow(/2026-02-30/);
  });
});

describe('formatting for people', () => {
  const t = seoul('2026-11-23T00:30:00+09:00');

  it('names the weekday and the time in Korean, in KST', () => {
    expect(formatKorean('2026-11-24T06:00:00Z', t)).toBe('11월 24일 (화) 오후 3:00');
    expect(formatKorean('2026-11-24T00:05:00+09:00', t)).toBe('11월 24일 (화) 오전 12:05');
    expect(formatKorean('2026-12-25', t)).toBe('12월 25일 (금)');
  });

  it('describes now with weekday and offset for the prompt', () => {
    expect(describeNow(t)).toBe('2026-11-23 (월요일, Monday) 00:30 Asia/Seoul (UTC+09:00)');
  });

  it('re-expresses API date-times in KST and leaves dates alone', () => {
    expect(toTeamIso('2026-11-24T10:00:00.000-05:00', t)).toBe('2026-11-25T00:00:00+09:00');
    expect(toTeamIso('2026-11-24', t)).toBe('2026-11-24');
  });
});
