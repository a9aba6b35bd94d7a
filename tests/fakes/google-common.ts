// Shared pieces of the Google fake: the JSON error shape, scope tables, time formatting.
import type { FakeResponse } from './http-server';
import { tzOffsetSeconds } from './time';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** An error in Google's JSON API shape: `{error:{code, message, errors:[{domain, reason, message}], status}}`. */
export class GoogleApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly domain = 'global',
    readonly extra: Obj = {},
  ) {
    super(message);
  }

  toResponse(): FakeResponse {
    const status = STATUS_TEXT[this.code];
    return {
      status: this.code,
      body: {
        error: {
          code: this.code,
          message: this.message,
          errors: [{ message: this.message, domain: this.domain, reason: this.reason, ...this.extra }],
          ...(status ? { status } : {}),
        },
      },
    };
  }
}

export const notFound = (): GoogleApiError => new GoogleApiError(404, 'notFound', 'Not Found');
export const badRequest = (message = 'Bad Request', reason = 'badRequest'): GoogleApiError =>
  new GoogleApiError(400, reason, message);

/** Which scopes each method accepts (from the googleapis 178 generated docs = the discovery documents). */
const CAL = 'https://www.googleapis.com/auth/calendar';
const CAL_WRITE = [CAL, `${CAL}.app.created`, `${CAL}.events`, `${CAL}.events.owned`];
const CAL_READ = [
  ...CAL_WRITE,
  `${CAL}.events.freebusy`,
  `${CAL}.events.owned.readonly`,
  `${CAL}.events.public.readonly`,
  `${CAL}.events.readonly`,
  `${CAL}.readonly`,
];
const GMAIL = 'https://www.googleapis.com/auth/gmail';
const GMAIL_LIST = ['https://mail.google.com/', `${GMAIL}.metadata`, `${GMAIL}.modify`, `${GMAIL}.readonly`];
export const SCOPES_BY_METHOD = {
  'calendar.events.list': CAL_READ,
  'calendar.events.get': CAL_READ,
  'calendar.events.insert': CAL_WRITE,
  'calendar.events.patch': CAL_WRITE,
  'calendar.events.delete': CAL_WRITE,
  // Note: calendar.events alone does NOT cover freeBusy.query.
  'calendar.freebusy.query': [CAL, `${CAL}.events.freebusy`, `${CAL}.freebusy`, `${CAL}.readonly`],
  'gmail.users.messages.list': GMAIL_LIST,
  'gmail.users.messages.get': [...GMAIL_LIST, `${GMAIL}.addons.current.message.readonly`],
  'gmail.users.messages.attachments.get': [...GMAIL_LIST, `${GMAIL}.addons.current.message.readonly`],
} as const;
export type GoogleMethod = keyof typeof SCOPES_BY_METHOD;
export const GMAIL_METADATA_SCOPE = `${GMAIL}.metadata`;

/** 403 insufficientPermissions unless one of `have` is accepted by `method`. */
export function requireScope(method: GoogleMethod, have: readonly string[]): void {
  const accepted: readonly string[] = SCOPES_BY_METHOD[method];
  if (have.some((s) => accepted.includes(s))) return;
  throw new GoogleApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'global', {
    message: 'Insufficient Permission',
  });
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `2025-11-17T15:00:00+09:00` for instant `ms` in zone `tz` ('Z' suffix for UTC). */
export function formatInZone(ms: number, tz: string): string {
  if (tz === 'UTC' || tz === 'Etc/UTC') return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  const off = tzOffsetSeconds(tz, new Date(ms));
  const local = new Date(ms + off * 1000).toISOString().slice(0, 19);
  const abs = Math.abs(off);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  return `${local}${off < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** RFC 3339 date-time WITH an offset, as Calendar's timeMin/timeMax require. */
export const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
export const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Base64url WITH padding, as Gmail returns `raw` and `body.data`. */
export const toBase64Url = (buf: Buffer): string => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
