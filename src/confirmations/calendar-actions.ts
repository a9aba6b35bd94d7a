/**
 * The calendar writes Paimy performs, in code, exactly as previewed: run directly when nobody
 * else is notified, or from a pending action after the requester's confirm click. Ids are
 * derived from a stable seed, so rerunning an action can never create a second event.
 */
import { createHash } from 'node:crypto';
import type { EventChanges, EventDraft, GoogleCalendar, SendUpdates } from '../adapters/google-calendar';

export type CalendarAction =
  | { kind: 'create_event'; user: string; draft: EventDraft; eventId: string; sendUpdates: SendUpdates }
  | { kind: 'update_event'; user: string; eventId: string; changes: EventChanges; sendUpdates: SendUpdates }
  | { kind: 'delete_event'; user: string; eventId: string; sendUpdates: SendUpdates };

export const CALENDAR_ACTION_KINDS = ['create_event', 'update_event', 'delete_event'] as const;

/** What happened, for the tool result and the confirmation message. */
export interface CalendarActionResult {
  done: 'created' | 'updated' | 'deleted';
  event_id: string;
  summary?: string;
  start?: string;
  end?: string;
  link?: string;
  meet_link?: string;
  already?: boolean;
}

/**
 * A Google Calendar event id from a seed: base32hex (hex digits are a subset), 40 characters.
 * Source: https://developers.google.com/calendar/api/v3/reference/events/insert (`id`)
 */
export function calendarEventId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 40);
}

/** @throws GoogleApiError when Google refuses */
export async function runCalendarAction(calendar: GoogleCalendar, action: CalendarAction): Promise<CalendarActionResult> {
  switch (action.kind) {
    case 'create_event': {
      const { event, alreadyExisted } = await calendar.insertEvent(action.user, action.draft, action.eventId, action.sendUpdates);
      return { done: 'created', event_id: event.id, summary: event.summary, start: event.start, end: event.end, link: event.htmlLink, meet_link: event.meetLink, already: alreadyExisted };
    }
    case 'update_event': {
      const event = await calendar.patchEvent(action.user, action.eventId, action.changes, action.sendUpdates);
      return { done: 'updated', event_id: event.id, summary: event.summary, start: event.start, end: event.end, link: event.htmlLink, meet_link: event.meetLink };
    }
    case 'delete_event': {
      const { alreadyDeleted } = await calendar.deleteEvent(action.user, action.eventId, action.sendUpdates);
      return { done: 'deleted', event_id: action.eventId, already: alreadyDeleted };
    }
  }
}
