/**
 * create_calendar_event, update_calendar_event, delete_calendar_event. A write that notifies
 * anyone else, and every deletion, waits for the requester's confirm click; the rest runs now.
 * Either way the same code in confirmations/calendar-actions.ts performs it.
 */
import { z } from 'zod';
import { type CalendarAction, calendarEventId, runCalendarAction } from '../../confirmations/calendar-actions';
import { dayBounds, formatKoreanRange, isoFromMillis, previousDate } from '../../time';
import { type ToolContext, defineTool } from '../tool';
import { describeEvent } from './calendar-read';
import { attendeeList, eventSpan, requireCalendar, resolveAttendees, timeText } from './calendar-input';

const AWAITING =
  'The user now sees this preview with 확인/취소 buttons. Nothing is done until they click 확인; ' +
  'tell them to check the preview, and do not say it is done.';

async function confirmOrRun(ctx: ToolContext, action: CalendarAction, preview: string, notifiesOthers: boolean, extra: Record<string, unknown> = {}) {
  // Someone else's words (a mail, an invitation) may have asked for this: the requester decides.
  if (notifiesOthers || ctx.untrustedSeen) {
    const pending = await ctx.requestConfirmation({ kind: action.kind, payload: action as unknown as Record<string, unknown>, preview, toolUseId: ctx.toolUseId });
    return { status: 'awaiting_confirmation', preview, pending_action_id: pending.id, note: AWAITING, ...extra };
  }
  const { calendar } = requireCalendar(ctx);
  const result = await runCalendarAction(calendar, action);
  ctx.log.info({ calendar_action: action.kind, event_id: result.event_id }, 'calendar write done');
  return { status: result.done, result, ...extra };
}

export const createCalendarEvent = defineTool({
  name: 'create_calendar_event',
  needs: 'google',
  writes: true,
  description:
    "Create an event on the requester's primary calendar. Times without an offset are in the team zone; " +
    'dates alone make an all-day event (end_time = last day, inclusive). With other attendees it asks ' +
    'the requester to confirm first (they are notified by Google).',
  input: z.object({
    summary: z.string().trim().min(1).max(500),
    start_time: timeText,
    end_time: timeText,
    attendees: attendeeList.optional(),
    description: z.string().max(8000).optional(),
    location: z.string().max(500).optional(),
    with_meet: z.boolean().default(false).describe('add a Google Meet link'),
  }),
  async run(input, ctx) {
    const { calendar, user } = requireCalendar(ctx);
    const span = eventSpan(input.start_time, input.end_time, ctx.time);
    const attendees = await resolveAttendees(input.attendees ?? [], ctx);
    const others = attendees.filter((a) => a !== user.toLowerCase());
    const when = formatKoreanRange(span.startIso, span.endIso, ctx.time);

    // Flag a request that matches an existing event (same title and start) before creating it;
    // the event this very tool call already created (a rerun after a crash) is not a duplicate.
    const startMs = 'date' in span.start ? Date.parse(dayBounds(span.start.date, ctx.time).start) : Date.parse(span.startIso);
    const sameStart = await calendar.listEvents(user, {
      timeMin: isoFromMillis(startMs, ctx.time),
      timeMax: isoFromMillis(startMs + 60_000, ctx.time),
    });
    const eventId = calendarEventId(`${ctx.eventId}:${ctx.toolUseId}`);
    const mine = sameStart.find((e) => e.id === eventId);
    if (mine) return { status: 'created', result: { done: 'created', event_id: mine.id, summary: mine.summary, start: mine.start, end: mine.end, link: mine.htmlLink, already: true } };
    const duplicate = sameStart.find(
      (e) => e.summary.trim().toLowerCase() === input.summary.trim().toLowerCase() && e.start === ('date' in span.start ? span.start.date : span.startIso),
    );
    const lines = [
      `📅 *${input.summary}* 일정을 만들까요?`,
      `• 시간: ${when}`,
      others.length > 0 ? `• 참석자: ${others.join(', ')} (Google이 초대 메일을 보내요)` : undefined,
      input.with_meet ? '• Google Meet 링크 포함' : undefined,
      input.location ? `• 장소: ${input.location}` : undefined,
      duplicate ? `⚠️ 같은 제목과 시작 시간의 일정이 이미 있어요: ${describeEvent(duplicate, ctx.time).when}` : undefined,
    ].filter(Boolean);
    const preview = lines.join('\n');

    if (duplicate && others.length === 0) {
      return { status: 'duplicate_found', existing: describeEvent(duplicate, ctx.time), note: 'Nothing was created. Ask the user whether they really want a second one.' };
    }
    const action: CalendarAction = {
      kind: 'create_event',
      user,
      draft: { summary: input.summary, start: span.start, end: span.end, attendees: [user, ...others], description: input.description, location: input.location, withMeet: input.with_meet },
      eventId,
      sendUpdates: others.length > 0 ? 'all' : 'none',
    };
    return confirmOrRun(ctx, action, preview, others.length > 0, duplicate ? { duplicate_of: describeEvent(duplicate, ctx.time) } : {});
  },
});

export const updateCalendarEvent = defineTool({
  name: 'update_calendar_event',
  needs: 'google',
  writes: true,
  description:
    "Change an event on the requester's calendar: title, times (moving the start keeps the length unless " +
    'end_time is given) or added attendees. When attendees are notified the requester confirms first.',
  input: z.object({
    event_id: z.string().trim().min(1),
    summary: z.string().trim().min(1).max(500).optional(),
    start_time: timeText.optional(),
    end_time: timeText.optional(),
    add_attendees: attendeeList.optional(),
  }),
  async run(input, ctx) {
    const { calendar, user } = requireCalendar(ctx);
    const event = await calendar.getEvent(user, input.event_id);
    const changes: CalendarAction & { kind: 'update_event' } = { kind: 'update_event', user, eventId: event.id, changes: {}, sendUpdates: 'none' };
    if (input.summary) changes.changes.summary = input.summary;
    let when: string | undefined;
    if (input.start_time || input.end_time) {
      const startText = input.start_time ?? event.start;
      const lengthMs = Date.parse(event.end) - Date.parse(event.start);
      const endText = input.end_time ?? (event.allDay ? previousDate(event.end) : new Date(Date.parse(startText) + lengthMs).toISOString());
      const span = eventSpan(startText, endText, ctx.time);
      changes.changes.start = span.start;
      changes.changes.end = span.end;
      when = formatKoreanRange(span.startIso, span.endIso, ctx.time);
    }
    const added = await resolveAttendees(input.add_attendees ?? [], ctx);
    const current = event.attendees.map((a) => a.email.toLowerCase());
    if (added.some((a) => !current.includes(a))) changes.changes.attendees = [...new Set([...current, ...added])];
    if (Object.keys(changes.changes).length === 0) return { status: 'nothing_to_change', event: describeEvent(event, ctx.time) };

    const notified = [...new Set([...current, ...added])].filter((a) => a !== user.toLowerCase());
    changes.sendUpdates = notified.length > 0 ? 'all' : 'none';
    const preview = [
      `✏️ *${event.summary}* 일정을 바꿀까요?`,
      changes.changes.summary ? `• 제목: ${changes.changes.summary}` : undefined,
      when ? `• 시간: ${describeEvent(event, ctx.time).when} → ${when}` : undefined,
      added.length > 0 ? `• 참석자 추가: ${added.join(', ')}` : undefined,
      notified.length > 0 ? `• 참석자에게 변경 알림이 가요` : undefined,
    ].filter(Boolean).join('\n');
    ctx.remember({ type: 'event', id: event.id, title: event.summary });
    return confirmOrRun(ctx, changes, preview, notified.length > 0);
  },
});

export const deleteCalendarEvent = defineTool({
  name: 'delete_calendar_event',
  needs: 'google',
  writes: true,
  description: "Delete an event from the requester's calendar. Always asks the requester to confirm first.",
  input: z.object({
    event_id: z.string().trim().min(1),
    notify_attendees: z.boolean().default(true).describe('send cancellation emails to attendees'),
  }),
  async run(input, ctx) {
    const { calendar, user } = requireCalendar(ctx);
    const event = await calendar.getEvent(user, input.event_id);
    const described = describeEvent(event, ctx.time);
    const hasOthers = event.attendees.some((a) => a.email.toLowerCase() !== user.toLowerCase());
    const preview = [
      `🗑️ *${event.summary}* (${described.when}) 일정을 삭제할까요?`,
      hasOthers && input.notify_attendees ? '• 참석자에게 취소 알림이 가요' : undefined,
    ].filter(Boolean).join('\n');
    ctx.remember({ type: 'event', id: event.id, title: event.summary });
    return confirmOrRun(ctx, { kind: 'delete_event', user, eventId: event.id, sendUpdates: input.notify_attendees ? 'all' : 'none' }, preview, true);
  },
});
