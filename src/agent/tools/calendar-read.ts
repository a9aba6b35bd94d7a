/**
 * get_calendar_events and find_free_slots: the requester's calendar and everyone's FreeBusy,
 * with working hours, lunch and Korean public holidays applied in code.
 */
import { z } from 'zod';
import type { CalendarEvent } from '../../adapters/google-calendar';
import { findFreeSlots } from '../../scheduling/free-slots';
import { type TeamTime, dateOfMillis, dayBounds, formatKoreanRange, isoFromMillis, parseTeamTime, previousDate, workingWindows } from '../../time';
import { type ToolContext, ToolInputError, defineTool } from '../tool';
import { attendeeList, requireCalendar, resolveAttendees, timeText } from './calendar-input';

const SLOT_ALIGN_MS = 30 * 60 * 1000;
const MAX_SLOTS = 5;

/** A range bound: a date-time keeps its instant; a date means that day's start (or end). */
function bound(field: string, value: string, edge: 'start' | 'end', time: TeamTime): string {
  try {
    const parsed = parseTeamTime(value, time);
    if (parsed.kind === 'dateTime') return parsed.iso;
    return dayBounds(parsed.date, time)[edge];
  } catch (error) {
    throw new ToolInputError(`${field}: ${(error as Error).message}`);
  }
}

function range(input: { time_min: string; time_max: string }, time: TeamTime) {
  const timeMin = bound('time_min', input.time_min, 'start', time);
  const timeMax = bound('time_max', input.time_max, 'end', time);
  if (Date.parse(timeMax) <= Date.parse(timeMin)) throw new ToolInputError(`time_max (${timeMax}) must be after time_min (${timeMin})`);
  return { timeMin, timeMax };
}

/** What Claude sees of an event; times in the team zone and in Korean words. */
export function describeEvent(e: CalendarEvent, time: TeamTime) {
  return {
    id: e.id,
    summary: e.summary,
    when: formatKoreanRange(e.start, e.allDay ? previousDate(e.end) : e.end, time),
    start: e.start,
    end: e.end,
    all_day: e.allDay,
    attendees: e.attendees.map((a) => `${a.email}${a.responseStatus ? ` (${a.responseStatus})` : ''}`),
    location: e.location ?? null,
    meet_link: e.meetLink ?? null,
    link: e.htmlLink ?? null,
  };
}

export const getCalendarEvents = defineTool({
  name: 'get_calendar_events',
  needs: 'google',
  description:
    "List events on the requester's own primary Google Calendar between time_min and time_max " +
    '(dates mean whole days in the team zone). Times come back in the team zone.',
  input: z.object({ time_min: timeText, time_max: timeText, query: z.string().trim().min(1).optional() }),
  async run(input, ctx) {
    const { calendar, user } = requireCalendar(ctx);
    const r = range(input, ctx.time);
    const events = await calendar.listEvents(user, { ...r, query: input.query });
    ctx.markUntrusted(); // invitations carry titles written by anyone
    if (events.some((e) => e.visibility === 'private' || e.visibility === 'confidential')) ctx.markPrivate();
    for (const e of events) ctx.remember({ type: 'event', id: e.id, title: e.summary });
    return { time_min: r.timeMin, time_max: r.timeMax, count: events.length, events: events.map((e) => describeEvent(e, ctx.time)) };
  },
});

export const findFreeSlotsTool = defineTool({
  name: 'find_free_slots',
  needs: 'google',
  description:
    'Find times when all attendees (and the requester) are free, from Google FreeBusy: working hours on ' +
    'weekdays in the team zone, lunch and Korean public holidays excluded, starts aligned to :00/:30. ' +
    'Returns the earliest few slots.',
  input: z.object({
    attendees: attendeeList.min(1),
    time_min: timeText,
    time_max: timeText,
    duration_minutes: z.number().int().min(5).max(8 * 60),
  }),
  async run(input, ctx) {
    const { calendar, user } = requireCalendar(ctx);
    const r = range(input, ctx.time);
    const people = [...new Set([user.toLowerCase(), ...(await resolveAttendees(input.attendees, ctx))])];
    const busyBy = await calendar.freeBusy(ctx.scheduling.freeBusyUser ?? user, people, r);
    const unknown = people.filter((p) => busyBy.get(p)?.error);
    const from = Date.parse(r.timeMin);
    const to = Date.parse(r.timeMax);
    const rules = ctx.scheduling;
    const windows = workingWindows(from, to, rules.workingHours, ctx.time, rules.holidays.isHoliday);
    const lunches = rules.lunch ? workingWindows(from, to, rules.lunch, ctx.time, () => false) : [];
    const slots = findFreeSlots({
      windows,
      busy: [...lunches, ...[...busyBy.values()].flatMap((b) => b.busy)],
      durationMs: input.duration_minutes * 60_000,
      alignMs: SLOT_ALIGN_MS,
      limit: MAX_SLOTS,
    });
    return {
      attendees: people,
      calendars_not_visible: unknown.map((p) => ({ email: p, reason: busyBy.get(p)?.error })),
      holidays_skipped: holidaysIn(from, to, ctx),
      working_hours: `${rules.workingHours.start}–${rules.workingHours.end} ${ctx.time.zone}, weekdays`,
      slots: slots.map((s) => ({
        start: isoFromMillis(s.start, ctx.time),
        end: isoFromMillis(s.end, ctx.time),
        when: formatKoreanRange(isoFromMillis(s.start, ctx.time), isoFromMillis(s.end, ctx.time), ctx.time),
      })),
    };
  },
});

function holidaysIn(from: number, to: number, ctx: ToolContext): { date: string; name: string }[] {
  const out: { date: string; name: string }[] = [];
  for (let ms = from; ms < to; ms += 24 * 60 * 60 * 1000) {
    const date = dateOfMillis(ms, ctx.time);
    const name = ctx.scheduling.holidays.nameOf(date);
    if (name && !out.some((h) => h.date === date)) out.push({ date, name });
  }
  return out;
}
