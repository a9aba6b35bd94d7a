/**
 * Google Calendar v3 in Paimy's own types, always acting as the requester (domain-wide
 * delegation). Every date-time sent carries its offset and `timeZone`; every one returned is
 * re-expressed in the team zone. Source of truth:
 * https://developers.google.com/calendar/api/v3/reference/events and
 * https://developers.google.com/calendar/api/v3/reference/freebusy/query
 */
// The per-API entry of googleapis: the whole package takes ~1 s to import, this ~0.1 s.
import { calendar, type calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import { type TeamTime, toTeamIso } from '../time';
import { type GoogleAuthPool, RETRY, SCOPES } from './google-clients';
import { GoogleApiError } from './google-errors';

/** A point in time for an event: a date (all-day) or a date-time with offset. */
export type EventTime = { date: string } | { dateTime: string };

export interface CalendarEvent {
  id: string;
  summary: string;
  /** `YYYY-MM-DD` for all-day events, else ISO 8601 with the team zone's offset. */
  start: string;
  /** Exclusive end, same form as `start`. */
  end: string;
  allDay: boolean;
  attendees: { email: string; responseStatus?: string; self?: boolean; organizer?: boolean }[];
  location?: string;
  description?: string;
  htmlLink?: string;
  meetLink?: string;
  status?: string;
  /** `default`, `public`, `private` or `confidential`. */
  visibility?: string;
  organizerEmail?: string;
}

export interface EventDraft {
  summary: string;
  start: EventTime;
  end: EventTime;
  attendees?: string[];
  description?: string;
  location?: string;
  withMeet?: boolean;
}

export interface EventChanges {
  summary?: string;
  start?: EventTime;
  end?: EventTime;
  /** The complete attendee list after the change. */
  attendees?: string[];
}

/** Who is told: Google's `sendUpdates`. */
export type SendUpdates = 'all' | 'externalOnly' | 'none';

export class GoogleCalendar {
  constructor(
    private readonly auth: GoogleAuthPool,
    private readonly time: TeamTime,
  ) {}

  private api(user: string, scope: string = SCOPES.calendarEvents): calendar_v3.Calendar {
    return calendar({ version: 'v3', auth: this.auth.as(user, [scope]), rootUrl: this.auth.rootUrl, retryConfig: RETRY });
  }

  /**
   * Events of `user`'s primary calendar overlapping [timeMin, timeMax), recurring ones expanded.
   * @param range ISO 8601 instants with offset
   * @throws GoogleApiError, with delegation problems explained
   */
  async listEvents(user: string, range: { timeMin: string; timeMax: string; query?: string; max?: number }): Promise<CalendarEvent[]> {
    const res = await this.call(user, [SCOPES.calendarEvents], () =>
      this.api(user).events.list({
        calendarId: 'primary',
        timeMin: range.timeMin,
        timeMax: range.timeMax,
        q: range.query,
        singleEvents: true,
        orderBy: 'startTime',
        maxResults: range.max ?? 50,
        timeZone: this.time.zone,
      }),
    );
    return (res.data.items ?? []).filter((e) => e.status !== 'cancelled').map((e) => this.toEvent(e));
  }

  /** @throws GoogleApiError (404 when there is no such event) */
  async getEvent(user: string, eventId: string): Promise<CalendarEvent> {
    const res = await this.call(user, [SCOPES.calendarEvents], () => this.api(user).events.get({ calendarId: 'primary', eventId }));
    return this.toEvent(res.data);
  }

  /**
   * Creates an event with a client-specified id, so a retry can never make a second one: if the
   * id already exists (409), the existing event is returned with `alreadyExisted`.
   * @param eventId base32hex (a–v, 0–9), 5–1024 characters
   */
  async insertEvent(user: string, draft: EventDraft, eventId: string, sendUpdates: SendUpdates): Promise<{ event: CalendarEvent; alreadyExisted: boolean }> {
    const requestBody: calendar_v3.Schema$Event = {
      id: eventId,
      summary: draft.summary,
      description: draft.description,
      location: draft.location,
      start: this.toGoogleTime(draft.start),
      end: this.toGoogleTime(draft.end),
      attendees: draft.attendees?.map((email) => ({ email })),
      conferenceData: draft.withMeet
        ? { createRequest: { requestId: eventId, conferenceSolutionKey: { type: 'hangoutsMeet' } } }
        : undefined,
    };
    try {
      const res = await this.call(user, [SCOPES.calendarEvents], () =>
        this.api(user).events.insert({
          calendarId: 'primary',
          sendUpdates,
          conferenceDataVersion: draft.withMeet ? 1 : 0,
          requestBody,
        }),
      );
      return { event: this.toEvent(res.data), alreadyExisted: false };
    } catch (error) {
      if (error instanceof GoogleApiError && error.status === 409) {
        return { event: await this.getEvent(user, eventId), alreadyExisted: true };
      }
      throw error;
    }
  }

  /** Changes only the given fields (PATCH semantics). */
  async patchEvent(user: string, eventId: string, changes: EventChanges, sendUpdates: SendUpdates): Promise<CalendarEvent> {
    const requestBody: calendar_v3.Schema$Event = {};
    if (changes.summary !== undefined) requestBody.summary = changes.summary;
    if (changes.start) requestBody.start = this.toGoogleTime(changes.start);
    if (changes.end) requestBody.end = this.toGoogleTime(changes.end);
    if (changes.attendees) requestBody.attendees = changes.attendees.map((email) => ({ email }));
    const res = await this.call(user, [SCOPES.calendarEvents], () =>
      this.api(user).events.patch({ calendarId: 'primary', eventId, sendUpdates, requestBody }),
    );
    return this.toEvent(res.data);
  }

  /** Deletes an event; one already deleted (410) counts as done. */
  async deleteEvent(user: string, eventId: string, sendUpdates: SendUpdates): Promise<{ alreadyDeleted: boolean }> {
    try {
      await this.call(user, [SCOPES.calendarEvents], () => this.api(user).events.delete({ calendarId: 'primary', eventId, sendUpdates }));
      return { alreadyDeleted: false };
    } catch (error) {
      if (error instanceof GoogleApiError && error.status === 410) return { alreadyDeleted: true };
      throw error;
    }
  }

  /**
   * Busy intervals of each calendar in [timeMin, timeMax), asked as `asUser`.
   * @returns by email: busy intervals (ms) or the reason Google could not tell
   */
  async freeBusy(asUser: string, emails: string[], range: { timeMin: string; timeMax: string }): Promise<Map<string, { busy: { start: number; end: number }[]; error?: string }>> {
    const res = await this.call(asUser, [SCOPES.calendarFreeBusy], () =>
      this.api(asUser, SCOPES.calendarFreeBusy).freebusy.query({
        requestBody: { timeMin: range.timeMin, timeMax: range.timeMax, timeZone: this.time.zone, items: emails.map((id) => ({ id })) },
      }),
    );
    const out = new Map<string, { busy: { start: number; end: number }[]; error?: string }>();
    for (const email of emails) {
      const cal = res.data.calendars?.[email];
      out.set(email, {
        busy: (cal?.busy ?? []).map((b) => ({ start: Date.parse(b.start!), end: Date.parse(b.end!) })),
        error: cal?.errors?.[0]?.reason ?? (cal ? undefined : 'notFound'),
      });
    }
    return out;
  }

  private toGoogleTime(t: EventTime): calendar_v3.Schema$EventDateTime {
    return 'date' in t ? { date: t.date } : { dateTime: t.dateTime, timeZone: this.time.zone };
  }

  private toEvent(e: calendar_v3.Schema$Event): CalendarEvent {
    const allDay = Boolean(e.start?.date);
    const when = (t: calendar_v3.Schema$EventDateTime | undefined) =>
      t?.date ?? (t?.dateTime ? toTeamIso(t.dateTime, this.time) : '');
    return {
      id: e.id ?? '',
      summary: e.summary ?? '(제목 없음)',
      start: when(e.start),
      end: when(e.end),
      allDay,
      attendees: (e.attendees ?? []).map((a) => ({
        email: a.email ?? '',
        responseStatus: a.responseStatus ?? undefined,
        self: a.self ?? undefined,
        organizer: a.organizer ?? undefined,
      })),
      location: e.location ?? undefined,
      description: e.description ?? undefined,
      htmlLink: e.htmlLink ?? undefined,
      meetLink: e.hangoutLink ?? e.conferenceData?.entryPoints?.find((p) => p.entryPointType === 'video')?.uri ?? undefined,
      status: e.status ?? undefined,
      visibility: e.visibility ?? undefined,
      organizerEmail: e.organizer?.email ?? undefined,
    };
  }

  private call<T>(user: string, scopes: string[], fn: () => Promise<T>): Promise<T> {
    return this.auth.run('Google Calendar', user, scopes, fn);
  }
}
