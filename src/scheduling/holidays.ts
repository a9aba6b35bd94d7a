/**
 * Public holidays from the maintained `date-holidays` data set (Korean lunar holidays such as
 * 설날 and 추석, and substitute holidays, included). Multi-day holidays count every day.
 */
import { createRequire } from 'node:module';
import type HolidaysClass from 'date-holidays';
import { type TeamTime, dateOfMillis, nextDate, toMillis } from '../time';

// The data set (every country, ~20 MB of heap) loads when the first free slot is searched.
const require = createRequire(import.meta.url);
const loadHolidays = (): typeof HolidaysClass => require('date-holidays') as typeof HolidaysClass;

export interface HolidayCalendar {
  /** @param date `YYYY-MM-DD` in the team zone */
  isHoliday(date: string): boolean;
  /** The holiday's Korean name, if `date` is one. */
  nameOf(date: string): string | undefined;
}

/** @param country ISO 3166 code, `KR` by default */
export function createHolidayCalendar(t: TeamTime, country = 'KR'): HolidayCalendar {
  let source: HolidaysClass | undefined;
  const byYear = new Map<number, Map<string, string>>();
  const year = (y: number) => {
    let days = byYear.get(y);
    if (!days) {
      days = new Map();
      source ??= new (loadHolidays())(country);
      for (const h of source.getHolidays(y, 'ko')) {
        if (h.type !== 'public') continue;
        const end = h.end.getTime();
        for (let d = dateOfMillis(h.start.getTime(), t); toMillis(d, t) < end; d = nextDate(d)) days.set(d, h.name);
      }
      byYear.set(y, days);
    }
    return days;
  };
  return {
    isHoliday: (date) => year(Number(date.slice(0, 4))).has(date),
    nameOf: (date) => year(Number(date.slice(0, 4))).get(date),
  };
}
