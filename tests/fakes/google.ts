// Fake Google: OAuth token endpoint (service-account JWT-bearer grant with domain-wide
// delegation), Calendar v3 and Gmail v1, for pointing the real googleapis at:
//   const auth = createDelegatedAuth({ ..., tokenUrl: fake.tokenUrl });
//   google.calendar({ version: 'v3', auth, rootUrl: fake.rootUrl });
//   google.gmail({ version: 'v1', auth, rootUrl: fake.rootUrl });
import { startHttpServer, type FakeRequest, type FakeResponse } from './http-server';
import { CalendarStore, type BusyBlock, type CalendarEvent, type EventSeed } from './google-calendar';
import { GoogleApiError } from './google-common';
import { GmailStore, type AddMessageOptions, type StoredMessage } from './google-gmail';
import { GOOGLE_TOKEN_URL, TokenAuthority } from './google-token';
import { isoToMs } from './time';

export type { BusyBlock, CalendarEvent, EventAttendee, EventSeed, EventTime } from './google-calendar';
export type { AddMessageOptions, StoredMessage } from './google-gmail';
export type { GmailHeader, GmailMessagePart } from './google-mime';
export { SCOPES_BY_METHOD } from './google-common';
export { GOOGLE_TOKEN_URL } from './google-token';

export interface GoogleFakeOptions {
  serviceAccountEmail: string;
  /** SPKI PEM of the service account's key pair; assertions are verified against it. */
  publicKeyPem: string;
  /** Emails that exist in the Workspace domain (impersonable, with a calendar and a mailbox). */
  users: string[];
  /** Clock for created/updated stamps, `newer_than:` and default internalDate (token expiry uses real time). */
  now?: () => Date;
  /** The calendars' time zone, used for all-day events and naive seeds. Default Asia/Seoul. */
  timeZone?: string;
}

export type GoogleApi = 'token' | 'calendar' | 'gmail';

export interface GoogleCall {
  api: GoogleApi | 'other';
  method: string;
  path: string;
  /** Repeated parameters are joined with ','. */
  query: Record<string, string>;
  /** JSON body; for the token endpoint the form fields. */
  body: unknown;
  /** The token's (or, for /token, the assertion's) `sub`. */
  user?: string;
  scopes?: string[];
  status: number;
  fault?: GoogleFault;
}

export interface GoogleFault {
  status: 429 | 403 | 500 | 503;
  reason: 'rateLimitExceeded' | 'userRateLimitExceeded' | 'quotaExceeded' | 'backendError' | (string & {});
  message?: string;
}

export interface GoogleFake {
  /** http://127.0.0.1:port */
  url: string;
  /** `${url}/` — googleapis `rootUrl`. */
  rootUrl: string;
  /** `${url}/token` — createDelegatedAuth `tokenUrl`. */
  tokenUrl: string;
  calls: GoogleCall[];
  callsOf(api: GoogleApi): GoogleCall[];
  /** Scopes the admin granted the client id for domain-wide delegation; null = everything (default). */
  grantScopes(scopes: string[] | null): void;
  /** Stored events of a user's primary calendar (cancelled ones included), insertion order. */
  events(userEmail: string): CalendarEvent[];
  /** Seed an event (validated like events.insert; throws on invalid input). */
  addEvent(userEmail: string, event: EventSeed): CalendarEvent;
  /** Extra busy blocks for freeBusy (ISO instants; naive ones read in the fake's time zone). */
  addBusy(email: string, blocks: BusyBlock[]): void;
  addMessage(userEmail: string, rawRfc822: string | Buffer, opts?: AddMessageOptions): string;
  messages(userEmail: string): StoredMessage[];
  /** Fail the next request whose path (or "METHOD /path") matches, once, in Google's error shape. */
  failNext(pathPattern: RegExp, fault: GoogleFault): void;
  /** Clear events, busy blocks, messages, grants, faults and calls (issued access tokens stay valid). */
  reset(): void;
  close(): Promise<void>;
}

const FAULT_TEXT: Record<string, [domain: string, message: string]> = {
  rateLimitExceeded: ['usageLimits', 'Rate Limit Exceeded'],
  userRateLimitExceeded: ['usageLimits', 'User Rate Limit Exceeded'],
  quotaExceeded: ['usageLimits', 'Quota exceeded for quota metric and limit.'],
  backendError: ['global', 'Backend Error'],
};

const UNAUTHENTICATED: FakeResponse = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  body: {
    error: {
      code: 401,
      message:
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
      status: 'UNAUTHENTICATED',
    },
  },
};

export async function startGoogleFake(opts: GoogleFakeOptions): Promise<GoogleFake> {
  const clock = opts.now ?? (() => new Date());
  const timeZone = opts.timeZone ?? 'Asia/Seoul';
  const users = new Set(opts.users.map((u) => u.toLowerCase()));
  const calendar = new CalendarStore(clock, timeZone, users);
  const gmail = new GmailStore(clock, users);
  let faults: Array<{ pattern: RegExp; fault: GoogleFault }> = [];
  let tokenUrl = '';
  let authority: TokenAuthority | undefined;

  const respond = async (req: FakeRequest, call: GoogleCall): Promise<FakeResponse> => {
    const i = faults.findIndex((f) => f.pattern.test(req.path) || f.pattern.test(`${req.method} ${req.path}`));
    const queued = i >= 0 ? faults.splice(i, 1)[0] : undefined;
    if (queued) {
      call.fault = queued.fault;
      const [domain, message] = FAULT_TEXT[queued.fault.reason] ?? ['global', queued.fault.reason];
      return new GoogleApiError(queued.fault.status, queued.fault.reason, queued.fault.message ?? message, domain).toResponse();
    }
    if (!authority) throw new Error('google fake not started');
    if (call.api === 'token') {
      if (req.method !== 'POST') return { status: 405, body: { error: 'invalid_request', error_description: 'POST only' } };
      const exchange = authority.exchange(req.form ?? new URLSearchParams(req.rawBody));
      if (exchange.sub !== undefined) call.user = exchange.sub;
      if (exchange.scopes) call.scopes = exchange.scopes;
      return exchange.response;
    }
    const grant = authority.lookup(String(req.headers.authorization ?? ''));
    if (!grant) return UNAUTHENTICATED;
    call.user = grant.sub;
    call.scopes = grant.scopes;
    const seg = req.path.split('/').slice(3).map((s) => decodeURIComponent(s));
    try {
      if (call.api === 'calendar') {
        const out = calendar.handle(req, seg, grant);
        return out === null ? { status: 204, body: '' } : { status: 200, body: out };
      }
      if (call.api === 'gmail') return { status: 200, body: await gmail.handle(req, seg, grant) };
      throw new GoogleApiError(404, 'notFound', 'Not Found');
    } catch (err) {
      if (err instanceof GoogleApiError) return err.toResponse();
      throw err;
    }
  };

  const server = await startHttpServer(async (req) => {
    const api: GoogleCall['api'] =
      req.path === '/token' ? 'token' : req.path.startsWith('/calendar/v3/') ? 'calendar' : req.path.startsWith('/gmail/v1/') ? 'gmail' : 'other';
    const query: Record<string, string> = {};
    for (const key of new Set(req.query.keys())) query[key] = req.query.getAll(key).join(',');
    const body = api === 'token' ? Object.fromEntries(req.form ?? new URLSearchParams(req.rawBody)) : req.json;
    const call: GoogleCall = { api, method: req.method, path: req.path, query, body, status: 0 };
    fake.calls.push(call);
    const res = await respond(req, call);
    call.status = res.status;
    return res;
  }, 'google');
  tokenUrl = `${server.url}/token`;
  authority = new TokenAuthority(opts.serviceAccountEmail, opts.publicKeyPem, users, [GOOGLE_TOKEN_URL, tokenUrl]);
  const auth = authority;

  const fake: GoogleFake = {
    url: server.url,
    rootUrl: `${server.url}/`,
    tokenUrl,
    calls: [],
    callsOf: (api) => fake.calls.filter((c) => c.api === api),
    grantScopes: (scopes) => {
      auth.granted = scopes === null ? null : new Set(scopes);
    },
    events: (userEmail) => calendar.list(userEmail),
    addEvent: (userEmail, event) => calendar.insert(userEmail, event as Record<string, unknown>),
    addBusy: (email, blocks) => {
      const key = email.toLowerCase();
      const list = calendar.busy.get(key) ?? [];
      for (const b of blocks) list.push({ start: isoToMs(b.start, timeZone), end: isoToMs(b.end, timeZone) });
      calendar.busy.set(key, list);
    },
    addMessage: (userEmail, raw, o) => gmail.add(userEmail, raw, o),
    messages: (userEmail) => gmail.messages.get(userEmail.toLowerCase()) ?? [],
    failNext: (pattern, fault) => {
      faults.push({ pattern, fault });
    },
    reset: () => {
      calendar.reset();
      gmail.reset();
      auth.granted = null; // issued access tokens stay valid, as a cached client would expect
      faults = [];
      fake.calls.length = 0;
    },
    close: () => server.close(),
  };
  return fake;
}
