// Calendar v3 part of the Google fake: https://developers.google.com/calendar/api/v3/reference
// Events live per owner email; only the token's own calendar is readable/writable.
import { randomBytes } from 'node:crypto';
import type { FakeRequest } from './http-server';
import {
  badRequest,
  DATE_ONLY,
  formatInZone,
  GoogleApiError,
  isObj,
  isValidTimeZone,
  NAIVE_DATE_TIME,
  notFound,
  requireScope,
  RFC3339_WITH_OFFSET,
  type Obj,
} from './google-common';
import type { TokenGrant } from './google-token';
import { isoToMs } from './time';

export interface EventTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

export interface EventAttendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  organizer?: boolean;
  self?: boolean;
  responseStatus: 'needsAction' | 'declined' | 'tentative' | 'accepted';
  [extra: string]: unknown;
}

export interface CalendarEvent {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  creator: { email: string; self?: boolean };
  organizer: { email: string; self?: boolean };
  start: EventTime;
  end: EventTime;
  iCalUID: string;
  sequence: number;
  attendees?: EventAttendee[];
  transparency?: 'opaque' | 'transparent';
  hangoutLink?: string;
  conferenceData?: Obj;
  reminders: { useDefault: boolean };
  eventType: string;
  [extra: string]: unknown;
}

/** What `fake.addEvent` takes: any event fields; start/end required (validated like events.insert). */
export type EventSeed = Partial<Omit<CalendarEvent, 'attendees'>> & {
  start: EventTime;
  end: EventTime;
  attendees?: Array<Partial<EventAttendee> & { email: string }>;
};

export interface BusyBlock {
  start: string;
  end: string;
}

const SERVER_FIELDS = ['kind', 'etag', 'htmlLink', 'created', 'updated', 'creator', 'organizer', 'iCalUID', 'sequence', 'hangoutLink'];
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export class CalendarStore {
  readonly events = new Map<string, CalendarEvent[]>();
  readonly busy = new Map<string, Array<{ start: number; end: number }>>();
  private etag = 3_181_161_784_712_000;

  constructor(
    private readonly clock: () => Date,
    private readonly timeZone: string,
    private readonly knownUsers: Set<string>,
  ) {}

  reset(): void {
    this.events.clear();
    this.busy.clear();
  }

  list(owner: string): CalendarEvent[] {
    return this.events.get(owner.toLowerCase()) ?? [];
  }

  /** [startMs, endMs) of an event; all-day dates are midnights in the event's (or calendar's) zone. */
  range(ev: { start: EventTime; end: EventTime }): [number, number] {
    const at = (t: EventTime): number =>
      t.dateTime !== undefined ? isoToMs(t.dateTime, t.timeZone ?? this.timeZone) : isoToMs(`${t.date ?? ''}T00:00:00`, t.timeZone ?? this.timeZone);
    return [at(ev.start), at(ev.end)];
  }

  private nowIso(): string {
    return this.clock().toISOString();
  }

  private nextEtag(): string {
    this.etag += 1000;
    return `"${this.etag}"`;
  }

  private checkTime(t: unknown, which: 'start' | 'end'): EventTime {
    if (!isObj(t)) throw new GoogleApiError(400, 'required', `Missing ${which} time.`);
    const date = str(t.date);
    const dateTime = str(t.dateTime);
    const timeZone = str(t.timeZone);
    if (date !== undefined && dateTime !== undefined) throw badRequest(`Invalid ${which} time.`, 'invalid');
    if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
      throw badRequest(`Invalid time zone definition for ${which} time.`, 'invalid');
    }
    if (date !== undefined) {
      if (!DATE_ONLY.test(date)) throw badRequest(`Invalid ${which} time.`, 'invalid');
      return { date, ...(timeZone ? { timeZone } : {}) };
    }
    if (dateTime === undefined) throw new GoogleApiError(400, 'required', `Missing ${which} time.`);
    if (NAIVE_DATE_TIME.test(dateTime)) {
      if (!timeZone) throw new GoogleApiError(400, 'required', `Missing time zone definition for ${which} time.`);
    } else if (!RFC3339_WITH_OFFSET.test(dateTime)) {
      throw badRequest(`Invalid ${which} time.`, 'invalid');
    }
    const ms = isoToMs(dateTime, timeZone ?? this.timeZone);
    return { dateTime: formatInZone(ms, timeZone ?? this.timeZone), ...(timeZone ? { timeZone } : {}) };
  }

  private validateTimes(start: unknown, end: unknown): { start: EventTime; end: EventTime } {
    const s = this.checkTime(start, 'start');
    const e = this.checkTime(end, 'end');
    if ((s.date === undefined) !== (e.date === undefined)) {
      throw badRequest('Start and end times must either both be date or both be dateTime.', 'invalid');
    }
    const [a, b] = this.range({ start: s, end: e });
    if (b < a || (s.date !== undefined && b <= a)) {
      throw new GoogleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.', 'calendar', {
        locationType: 'parameter',
        location: 'end',
      });
    }
    return { start: s, end: e };
  }

  private attendees(list: unknown, owner: string, previous?: EventAttendee[]): EventAttendee[] {
    if (!Array.isArray(list)) throw badRequest('Invalid attendees.', 'invalid');
    return list.map((a: unknown): EventAttendee => {
      const email = isObj(a) ? str(a.email)?.trim() : undefined;
      if (!isObj(a) || !email) throw new GoogleApiError(400, 'required', 'Missing attendee email.');
      const before = previous?.find((p) => p.email.toLowerCase() === email.toLowerCase());
      const isOwner = email.toLowerCase() === owner;
      return {
        ...a,
        email,
        ...(isOwner ? { organizer: true, self: true } : {}),
        responseStatus: (str(a.responseStatus) as EventAttendee['responseStatus'] | undefined) ?? before?.responseStatus ?? (isOwner ? 'accepted' : 'needsAction'),
      };
    });
  }

  private conference(ev: CalendarEvent, body: Obj, version: number): void {
    if (version < 1 || !isObj(body.conferenceData) || !isObj(body.conferenceData.createRequest)) return;
    const letters = (n: number): string => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join('');
    const code = `${letters(3)}-${letters(4)}-${letters(3)}`;
    const uri = `https://meet.google.com/${code}`;
    ev.hangoutLink = uri;
    ev.conferenceData = {
      createRequest: { ...body.conferenceData.createRequest, status: { statusCode: 'success' } },
      entryPoints: [{ entryPointType: 'video', uri, label: `meet.google.com/${code}` }],
      conferenceSolution: {
        key: { type: 'hangoutsMeet' },
        name: 'Google Meet',
        iconUri: 'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png',
      },
      conferenceId: code,
    };
  }

  /** events.insert semantics; also used by fake.addEvent. */
  insert(owner: string, body: Obj, conferenceDataVersion = 0): CalendarEvent {
    owner = owner.toLowerCase();
    const events = this.events.get(owner) ?? [];
    const id = str(body.id) ?? randomBytes(13).toString('hex') /* hex ⊂ base32hex */;
    if (!EVENT_ID.test(id)) throw badRequest('Invalid resource id value.', 'invalid');
    if (events.some((e) => e.id === id)) throw new GoogleApiError(409, 'duplicate', 'The requested identifier already exists.');
    const times = this.validateTimes(body.start, body.end);
    const now = this.nowIso();
    const extra = Object.fromEntries(Object.entries(body).filter(([k]) => !SERVER_FIELDS.includes(k) && k !== 'conferenceData'));
    const ev: CalendarEvent = {
      eventType: 'default',
      reminders: { useDefault: true },
      ...extra,
      kind: 'calendar#event',
      etag: this.nextEtag(),
      id,
      status: body.status === 'tentative' || body.status === 'cancelled' ? body.status : 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${owner}`).toString('base64url')}`,
      created: now,
      updated: now,
      creator: { email: owner, self: true },
      organizer: { email: owner, self: true },
      ...times,
      iCalUID: `${id}@google.com`,
      sequence: 0,
    };
    if (body.attendees !== undefined) ev.attendees = this.attendees(body.attendees, owner);
    this.conference(ev, body, conferenceDataVersion);
    events.push(ev);
    this.events.set(owner, events);
    return ev;
  }

  private find(owner: string, id: string): CalendarEvent {
    const ev = this.list(owner).find((e) => e.id === id);
    if (!ev) throw notFound();
    return ev;
  }

  private patch(owner: string, id: string, body: Obj, conferenceDataVersion: number): CalendarEvent {
    const ev = this.find(owner, id);
    const times = this.validateTimes(body.start ?? ev.start, body.end ?? ev.end);
    const changedTime = JSON.stringify(times) !== JSON.stringify({ start: ev.start, end: ev.end });
    for (const [k, v] of Object.entries(body)) {
      if (SERVER_FIELDS.includes(k) || ['id', 'start', 'end', 'attendees', 'conferenceData'].includes(k)) continue;
      if (v === null) delete ev[k];
      else ev[k] = v;
    }
    Object.assign(ev, times);
    if (body.attendees !== undefined) ev.attendees = this.attendees(body.attendees ?? [], owner, ev.attendees);
    this.conference(ev, body, conferenceDataVersion);
    if (changedTime) ev.sequence += 1;
    ev.updated = this.nowIso();
    ev.etag = this.nextEtag();
    return ev;
  }

  private listEvents(owner: string, q: URLSearchParams): Obj {
    const bound = (name: 'timeMin' | 'timeMax'): number | undefined => {
      const v = q.get(name);
      if (v === null) return undefined;
      if (!RFC3339_WITH_OFFSET.test(v)) throw badRequest();
      return Date.parse(v);
    };
    const timeMin = bound('timeMin');
    const timeMax = bound('timeMax');
    if (timeMin !== undefined && timeMax !== undefined && timeMax <= timeMin) {
      throw new GoogleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.', 'calendar');
    }
    if (q.get('orderBy') === 'startTime' && q.get('singleEvents') !== 'true') {
      throw badRequest('The requested ordering is not available for the particular query.');
    }
    const maxResults = Math.min(Number(q.get('maxResults') ?? 250), 2500);
    if (!Number.isInteger(maxResults) || maxResults < 1) throw badRequest('Invalid value for: maxResults', 'invalid');
    const needle = q.get('q')?.toLowerCase();
    let items = this.list(owner).filter((ev) => {
      if (ev.status === 'cancelled' && q.get('showDeleted') !== 'true') return false;
      const [s, e] = this.range(ev);
      if (timeMin !== undefined && !(e > timeMin)) return false;
      if (timeMax !== undefined && !(s < timeMax)) return false;
      if (!needle) return true;
      const hay = [ev.summary, ev.description, ev.location, ...(ev.attendees ?? []).map((a) => `${a.email} ${a.displayName ?? ''}`)];
      return hay.some((h) => typeof h === 'string' && h.toLowerCase().includes(needle));
    });
    if (q.get('orderBy') === 'startTime') items = [...items].sort((a, b) => this.range(a)[0] - this.range(b)[0]);
    else if (q.get('orderBy') === 'updated') items = [...items].sort((a, b) => a.updated.localeCompare(b.updated));
    const offset = Number(q.get('pageToken') ?? 0) || 0;
    const page = items.slice(offset, offset + maxResults);
    const more = offset + maxResults < items.length;
    return {
      kind: 'calendar#events',
      etag: `"${this.etag}"`,
      summary: owner,
      description: '',
      updated: this.nowIso(),
      timeZone: q.get('timeZone') ?? this.timeZone,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      ...(more ? { nextPageToken: String(offset + maxResults) } : { nextSyncToken: `CPj${this.etag}` }),
      items: page,
    };
  }

  /** Busy intervals of `email` within [min, max), clipped and merged. */
  busyOf(email: string, min: number, max: number): Array<[number, number]> {
    const blocks: Array<[number, number]> = [
      ...this.list(email)
        .filter((e) => e.status !== 'cancelled' && e.transparency !== 'transparent')
        .map((e) => this.range(e)),
      ...(this.busy.get(email) ?? []).map((b): [number, number] => [b.start, b.end]),
    ]
      .filter(([s, e]) => e > min && s < max)
      .map(([s, e]): [number, number] => [Math.max(s, min), Math.min(e, max)])
      .sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const b of blocks) {
      const last = merged[merged.length - 1];
      if (last && b[0] <= last[1]) last[1] = Math.max(last[1], b[1]);
      else merged.push([b[0], b[1]]);
    }
    return merged;
  }

  private freeBusy(sub: string, body: Obj): Obj {
    const tMin = str(body.timeMin);
    const tMax = str(body.timeMax);
    if (tMin === undefined) throw new GoogleApiError(400, 'required', 'Missing timeMin parameter.');
    if (tMax === undefined) throw new GoogleApiError(400, 'required', 'Missing timeMax parameter.');
    if (!RFC3339_WITH_OFFSET.test(tMin) || !RFC3339_WITH_OFFSET.test(tMax)) throw badRequest();
    const [min, max] = [Date.parse(tMin), Date.parse(tMax)];
    if (max <= min) throw new GoogleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.', 'calendar');
    const tz = str(body.timeZone) ?? 'UTC';
    if (!isValidTimeZone(tz)) throw badRequest('Invalid value for: timeZone', 'invalid');
    const calendars: Record<string, unknown> = {};
    for (const item of Array.isArray(body.items) ? body.items : []) {
      const id = isObj(item) ? str(item.id) : undefined;
      if (!id) continue;
      const email = id === 'primary' ? sub : id.toLowerCase();
      const known = this.knownUsers.has(email) || this.events.has(email) || this.busy.has(email);
      calendars[id] = known
        ? { busy: this.busyOf(email, min, max).map(([s, e]) => ({ start: formatInZone(s, tz), end: formatInZone(e, tz) })) }
        : { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
    }
    return { kind: 'calendar#freeBusy', timeMin: new Date(min).toISOString(), timeMax: new Date(max).toISOString(), calendars };
  }

  /** Route `/calendar/v3/...` (segments after the prefix). Returns the JSON body, or null for 204. */
  handle(req: FakeRequest, seg: string[], grant: TokenGrant): Obj | null {
    const body = isObj(req.json) ? req.json : {};
    if (seg[0] === 'freeBusy' && seg.length === 1 && req.method === 'POST') {
      requireScope('calendar.freebusy.query', grant.scopes);
      return this.freeBusy(grant.sub, body);
    }
    const [c, calId, e, eventId, ...rest] = seg;
    if (c !== 'calendars' || calId === undefined || e !== 'events' || rest.length > 0) throw notFound();
    const owner = calId === 'primary' ? grant.sub : calId.toLowerCase();
    const write = req.method !== 'GET';
    if (owner !== grant.sub) {
      throw new GoogleApiError(403, 'requiredAccessLevel', `You need to have ${write ? 'writer' : 'reader'} access to this calendar.`);
    }
    const sendUpdates = req.query.get('sendUpdates');
    if (sendUpdates !== null && !['all', 'externalOnly', 'none'].includes(sendUpdates)) {
      throw badRequest(`Invalid value for: ${sendUpdates} is not a valid value`, 'invalidParameter');
    }
    const cdv = Number(req.query.get('conferenceDataVersion') ?? 0);
    if (eventId === undefined) {
      if (req.method === 'GET') return (requireScope('calendar.events.list', grant.scopes), this.listEvents(owner, req.query));
      if (req.method === 'POST') return (requireScope('calendar.events.insert', grant.scopes), this.insert(owner, body, cdv));
      throw notFound();
    }
    if (req.method === 'GET') return (requireScope('calendar.events.get', grant.scopes), this.find(owner, eventId));
    if (req.method === 'PATCH') return (requireScope('calendar.events.patch', grant.scopes), this.patch(owner, eventId, body, cdv));
    if (req.method === 'DELETE') {
      requireScope('calendar.events.delete', grant.scopes);
      const ev = this.find(owner, eventId);
      if (ev.status === 'cancelled') throw new GoogleApiError(410, 'deleted', 'Resource has been deleted');
      ev.status = 'cancelled';
      ev.updated = this.nowIso();
      ev.etag = this.nextEtag();
      return null;
    }
    throw notFound();
  }
}
