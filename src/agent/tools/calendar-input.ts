/** Shared input handling for the calendar tools: times in the team zone and attendee ids. */
import { z } from 'zod';
import type { EventTime } from '../../adapters/google-calendar';
import { type TeamTime, nextDate, parseTeamTime } from '../../time';
import { type ToolContext, ToolInputError } from '../tool';

export const timeText = z
  .string()
  .trim()
  .min(1)
  .describe('ISO 8601: a date-time (2026-11-24T15:00:00, team zone when no offset) or a date alone for all-day');

export const attendeeList = z
  .array(z.string().trim().min(1))
  .max(50)
  .describe('emails, or Slack user ids (U…) from find_person');

export function requireCalendar(ctx: ToolContext) {
  if (!ctx.calendar) throw new ToolInputError('Google Calendar is not connected.');
  if (!ctx.requester.googleEmail) throw new ToolInputError("the requester's Google account is not linked, so their calendar is unavailable");
  return { calendar: ctx.calendar, user: ctx.requester.googleEmail };
}

/**
 * Start and end of an event. Both must be dates (all-day; `end` is the last day, inclusive) or
 * both date-times; the end must come after the start.
 * @throws ToolInputError naming the field
 */
export function eventSpan(startText: string, endText: string, time: TeamTime): { start: EventTime; end: EventTime; startIso: string; endIso: string } {
  const parse = (field: string, value: string) => {
    try {
      return parseTeamTime(value, time);
    } catch (error) {
      throw new ToolInputError(`${field}: ${(error as Error).message}`);
    }
  };
  const start = parse('start_time', startText);
  const end = parse('end_time', endText);
  if (start.kind === 'date' && end.kind === 'date') {
    if (end.date < start.date) throw new ToolInputError(`end_time (${end.date}) is before start_time (${start.date})`);
    return { start: { date: start.date }, end: { date: nextDate(end.date) }, startIso: start.date, endIso: end.date };
  }
  if (start.kind === 'dateTime' && end.kind === 'dateTime') {
    if (end.ms <= start.ms) throw new ToolInputError(`end_time (${end.iso}) must be after start_time (${start.iso})`);
    return { start: { dateTime: start.iso }, end: { dateTime: end.iso }, startIso: start.iso, endIso: end.iso };
  }
  throw new ToolInputError('start_time and end_time must both be dates (all-day) or both date-times');
}

/** Attendee emails; Slack user ids are looked up in Slack profiles. @throws ToolInputError */
export async function resolveAttendees(ids: string[], ctx: ToolContext): Promise<string[]> {
  const emails = await Promise.all(
    ids.map(async (id) => {
      if (/^[UW][A-Z0-9]{2,}$/.test(id)) {
        const person = await ctx.slackPeople.profile(id);
        if (!person.email) throw new ToolInputError(`Slack user ${id} has no email in their profile`);
        return person.email.toLowerCase();
      }
      if (!z.email().safeParse(id).success) throw new ToolInputError(`"${id}" is neither an email nor a Slack user id`);
      return id.toLowerCase();
    }),
  );
  return [...new Set(emails)];
}
