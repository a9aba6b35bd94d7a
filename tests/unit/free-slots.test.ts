import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../src/scheduling/holidays';
import { findFreeSlots, mergeIntervals } from '../../src/scheduling/free-slots';
import { fixedClock, isoFromMillis, workingWindows } from '../../src/time';

const time = { zone: 'Asia/Seoul', clock: fixedClock('2026-09-21T09:00:00+09:00') };
const at = (iso: string) => Date.parse(iso);
const kst = (ms: number) => isoFromMillis(ms, time);

describe('free-slot search', () => {
  it('merges overlapping, touching and nested busy blocks', () => {
    expect(
      mergeIntervals([
        { start: 10, end: 20 },
        { start: 12, end: 15 }, // nested
        { start: 18, end: 30 }, // overlapping
        { start: 30, end: 35 }, // touching
        { start: 50, end: 60 },
      ]),
    ).toEqual([{ start: 10, end: 35 }, { start: 50, end: 60 }]);
  });

  it('knows 추석 and substitute holidays from the maintained data set', () => {
    const holidays = createHolidayCalendar(time);
    expect(holidays.isHoliday('2026-09-24')).toBe(true);
    expect(holidays.nameOf('2026-09-25')).toMatch(/추석/);
    expect(holidays.isHoliday('2026-09-23')).toBe(false);
    expect(holidays.isHoliday('2026-10-05')).toBe(true); // 개천절 대체공휴일
  });

  it('finds slots two people share: busy blocks, lunch, 추석 and the end of the day', () => {
    const holidays = createHolidayCalendar(time);
    // Wed 9/23 … Mon 9/28: 9/24–26 are 추석, 9/26–27 a weekend.
    const from = at('2026-09-23T00:00:00+09:00');
    const to = at('2026-09-28T23:59:59+09:00');
    const windows = workingWindows(from, to, { start: '09:00', end: '18:00' }, time, holidays.isHoliday);
    expect(windows.map((w) => kst(w.start))).toEqual(['2026-09-23T09:00:00+09:00', '2026-09-28T09:00:00+09:00']);
    const lunch = workingWindows(from, to, { start: '12:00', end: '13:00' }, time, () => false);
    const busy = [
      // me: 09:00–11:00 and 14:00–16:30 on Wednesday
      { start: at('2026-09-23T09:00:00+09:00'), end: at('2026-09-23T11:00:00+09:00') },
      { start: at('2026-09-23T14:00:00+09:00'), end: at('2026-09-23T16:30:00+09:00') },
      // sujin: 10:30–12:00 (overlaps mine) and 16:00–17:10 (overlaps mine, ends off the grid)
      { start: at('2026-09-23T10:30:00+09:00'), end: at('2026-09-23T12:00:00+09:00') },
      { start: at('2026-09-23T16:00:00+09:00'), end: at('2026-09-23T17:10:00+09:00') },
      // Monday morning both busy until 11:00
      { start: at('2026-09-28T09:00:00+09:00'), end: at('2026-09-28T11:00:00+09:00') },
    ];
    const slots = findFreeSlots({ windows, busy: [...busy, ...lunch], durationMs: 60 * 60_000, alignMs: 30 * 60_000, limit: 5 });
    expect(slots.map((s) => `${kst(s.start)}/${kst(s.end)}`)).toEqual([
      '2026-09-23T13:00:00+09:00/2026-09-23T14:00:00+09:00', // after lunch, before my 14:00
      // 17:30–18:00 is too short for an hour; 17:10 → aligned 17:30
      '2026-09-28T11:00:00+09:00/2026-09-28T12:00:00+09:00', // 추석 and the weekend skipped
      '2026-09-28T13:00:00+09:00/2026-09-28T14:00:00+09:00',
      '2026-09-28T14:00:00+09:00/2026-09-28T15:00:00+09:00',
      '2026-09-28T15:00:00+09:00/2026-09-28T16:00:00+09:00',
    ]);
  });
});
