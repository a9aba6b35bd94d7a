import { generateKeyPairSync } from 'node:crypto';
import { google } from 'googleapis';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDelegatedAuth, explainGoogleAuthError, GOOGLE_TOKEN_URL } from '../../src/adapters/google-auth';
import { startGoogleFake, type GmailMessagePart, type GoogleFake } from '../fakes/google';
import { MIME_SAMPLES, QUOTE_REVIEW_EUCKR, rfc822, SERVER_MAINTENANCE, WEEKLY_AGENDA } from '../fakes/mime-samples';

const SA = 'paimy-bot@paimy-test.iam.gserviceaccount.com';
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const CALENDAR = 'https://www.googleapis.com/auth/calendar';
const CALENDAR_EVENTS = 'https://www.googleapis.com/auth/calendar.events';
const GMAIL_READONLY = 'https://www.googleapis.com/auth/gmail.readonly';
const NOW = new Date('2025-11-20T03:00:00Z'); // Thu 12:00 in Seoul

// Generated per run; never committed.
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let fake: GoogleFake;
beforeAll(async () => {
  fake = await startGoogleFake({ serviceAccountEmail: SA, publicKeyPem: publicKey, users: [ALICE, BOB], now: () => NOW });
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

const authFor = (subject: string, scopes: string[]) =>
  createDelegatedAuth({ serviceAccountEmail: SA, privateKey, subject, scopes, tokenUrl: fake.tokenUrl });
const calendarFor = (subject: string, scopes = [CALENDAR]) =>
  google.calendar({ version: 'v3', auth: authFor(subject, scopes), rootUrl: fake.rootUrl });
const gmailFor = (subject: string, scopes = [GMAIL_READONLY]) =>
  google.gmail({ version: 'v1', auth: authFor(subject, scopes), rootUrl: fake.rootUrl });

type HttpFailure = { status?: number; data?: { error?: { errors?: Array<{ reason?: string }>; message?: string } } };
async function failure(p: Promise<unknown>): Promise<{ error: unknown; status?: number; reason?: string; message?: string }> {
  const error = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  const res = (error as { response?: HttpFailure }).response;
  return { error, status: res?.status, reason: res?.data?.error?.errors?.[0]?.reason, message: res?.data?.error?.message };
}

describe('google fake with the real googleapis + createDelegatedAuth', () => {
  it('redirects only the token request to the fake, with the impersonated sub, and caches the token', async () => {
    const cal = calendarFor(ALICE);
    await cal.events.list({ calendarId: 'primary', timeMin: '2025-11-17T00:00:00+09:00' });
    await cal.events.list({ calendarId: 'primary', timeMin: '2025-11-18T00:00:00+09:00' });
    const [token, ...more] = fake.callsOf('token');
    expect(more).toHaveLength(0);
    expect(token).toMatchObject({ method: 'POST', user: ALICE, scopes: [CALENDAR], status: 200 });
    const claims = JSON.parse(
      Buffer.from(String((token?.body as Record<string, string>).assertion).split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: SA, sub: ALICE, aud: GOOGLE_TOKEN_URL, scope: CALENDAR });
    expect(fake.callsOf('calendar').map((c) => [c.path, c.user, c.status])).toEqual([
      ['/calendar/v3/calendars/primary/events', ALICE, 200],
      ['/calendar/v3/calendars/primary/events', ALICE, 200],
    ]);
  });

  it('keeps the redirect when gtoken retries the token POST after a 5xx', async () => {
    fake.failNext(/^\/token$/, { status: 503, reason: 'backendError' });
    await calendarFor(BOB).events.list({ calendarId: 'primary' });
    expect(fake.callsOf('token').map((c) => c.status)).toEqual([503, 200]);
  });

  it('inserts with a client id (Meet link, needsAction attendees), then 409 duplicate on reuse', async () => {
    const cal = calendarFor(ALICE);
    const requestBody = {
      id: 'evt20251124team01',
      summary: '주간 회의',
      start: { dateTime: '2025-11-24T10:00:00+09:00' },
      end: { dateTime: '2025-11-24T11:00:00+09:00' },
      attendees: [{ email: BOB }],
      conferenceData: { createRequest: { requestId: 'req-1', conferenceSolutionKey: { type: 'hangoutsMeet' } } },
    };
    const { data } = await cal.events.insert({ calendarId: 'primary', sendUpdates: 'all', conferenceDataVersion: 1, requestBody });
    expect(data).toMatchObject({
      id: 'evt20251124team01',
      status: 'confirmed',
      organizer: { email: ALICE, self: true },
      start: { dateTime: '2025-11-24T10:00:00+09:00' },
      attendees: [{ email: BOB, responseStatus: 'needsAction' }],
      conferenceData: { entryPoints: [{ entryPointType: 'video' }] },
    });
    expect(data.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(fake.callsOf('calendar')[0]?.query).toMatchObject({ sendUpdates: 'all', conferenceDataVersion: '1' });

    const dup = await failure(cal.events.insert({ calendarId: 'primary', requestBody }));
    expect(dup).toMatchObject({ status: 409, reason: 'duplicate', message: 'The requested identifier already exists.' });
    const bad = await failure(cal.events.insert({ calendarId: 'primary', requestBody: { ...requestBody, id: 'Not-Base32hex' } }));
    expect(bad).toMatchObject({ status: 400, reason: 'invalid' });
    expect(fake.events(ALICE)).toHaveLength(1);
  });

  it('validates times like Google: naive dateTime needs a timeZone, end before start, timeMin offset', async () => {
    const cal = calendarFor(ALICE);
    const naive = await failure(
      cal.events.insert({
        calendarId: 'primary',
        requestBody: { summary: 'x', start: { dateTime: '2025-11-24T10:00:00' }, end: { dateTime: '2025-11-24T11:00:00' } },
      }),
    );
    expect(naive).toMatchObject({ status: 400, reason: 'required', message: 'Missing time zone definition for start time.' });

    const zoned = await cal.events.insert({
      calendarId: 'primary',
      requestBody: { summary: 'y', start: { dateTime: '2025-11-24T10:00:00', timeZone: 'Asia/Seoul' }, end: { dateTime: '2025-11-24T11:00:00', timeZone: 'Asia/Seoul' } },
    });
    expect(zoned.data.start).toEqual({ dateTime: '2025-11-24T10:00:00+09:00', timeZone: 'Asia/Seoul' });

    const backwards = await failure(
      cal.events.insert({
        calendarId: 'primary',
        requestBody: { summary: 'z', start: { dateTime: '2025-11-24T11:00:00+09:00' }, end: { dateTime: '2025-11-24T10:00:00+09:00' } },
      }),
    );
    expect(backwards).toMatchObject({ status: 400, reason: 'timeRangeEmpty', message: 'The specified time range is empty.' });

    const noOffset = await failure(cal.events.list({ calendarId: 'primary', timeMin: '2025-11-24T00:00:00' }));
    expect(noOffset).toMatchObject({ status: 400, reason: 'badRequest' });
    expect(fake.events(ALICE)).toHaveLength(1);
  });

  it('lists with overlap semantics, all-day events in the calendar zone, q, patch and delete', async () => {
    const cal = calendarFor(ALICE);
    fake.addEvent(ALICE, { summary: '오전 스탠드업', start: { dateTime: '2025-11-24T09:00:00+09:00' }, end: { dateTime: '2025-11-24T09:30:00+09:00' } });
    const allDay = fake.addEvent(ALICE, { summary: '워크숍', start: { date: '2025-11-25' }, end: { date: '2025-11-26' } });
    fake.addEvent(ALICE, { summary: '전날 야근', start: { dateTime: '2025-11-23T22:00:00+09:00' }, end: { dateTime: '2025-11-24T00:00:00+09:00' } });
    fake.addEvent(BOB, { summary: 'bob only', start: { dateTime: '2025-11-24T10:00:00+09:00' }, end: { dateTime: '2025-11-24T11:00:00+09:00' } });

    const list = async (timeMin: string, timeMax: string, q?: string) =>
      (await cal.events.list({ calendarId: 'primary', timeMin, timeMax, q, singleEvents: true, orderBy: 'startTime' })).data.items?.map((e) => e.summary);
    // The event ending exactly at timeMin does not overlap.
    expect(await list('2025-11-24T00:00:00+09:00', '2025-11-25T00:00:00+09:00')).toEqual(['오전 스탠드업']);
    // The all-day event on the 25th starts at 00:00 Seoul = 24th 15:00Z.
    expect(await list('2025-11-24T15:00:00Z', '2025-11-24T15:30:00Z')).toEqual(['워크숍']);
    expect(await list('2025-11-23T00:00:00+09:00', '2025-11-30T00:00:00+09:00', '스탠드')).toEqual(['오전 스탠드업']);
    const other = await failure(cal.events.list({ calendarId: BOB }));
    expect(other).toMatchObject({ status: 403, reason: 'requiredAccessLevel' });

    const patched = await cal.events.patch({
      calendarId: 'primary',
      eventId: allDay.id,
      requestBody: { summary: '워크숍 (장소 변경)', attendees: [{ email: BOB }] },
    });
    expect(patched.data).toMatchObject({ summary: '워크숍 (장소 변경)', start: { date: '2025-11-25' }, attendees: [{ email: BOB, responseStatus: 'needsAction' }] });

    const del = await cal.events.delete({ calendarId: 'primary', eventId: allDay.id, sendUpdates: 'none' });
    expect(del.status).toBe(204);
    expect((await cal.events.get({ calendarId: 'primary', eventId: allDay.id })).data.status).toBe('cancelled');
    expect(await failure(cal.events.delete({ calendarId: 'primary', eventId: allDay.id }))).toMatchObject({ status: 410, reason: 'deleted' });
    expect(await failure(cal.events.get({ calendarId: 'primary', eventId: 'nosuchevent' }))).toMatchObject({ status: 404, reason: 'notFound' });
  });

  it('answers freeBusy across two users from events and seeded busy blocks; unknown ids get notFound', async () => {
    fake.addEvent(ALICE, { summary: 'a', start: { dateTime: '2025-11-24T10:00:00+09:00' }, end: { dateTime: '2025-11-24T11:00:00+09:00' } });
    fake.addEvent(ALICE, { summary: 'free', transparency: 'transparent', start: { dateTime: '2025-11-24T12:00:00+09:00' }, end: { dateTime: '2025-11-24T13:00:00+09:00' } });
    fake.addEvent(BOB, { summary: 'b', start: { dateTime: '2025-11-24T10:30:00+09:00' }, end: { dateTime: '2025-11-24T11:30:00+09:00' } });
    fake.addBusy(BOB, [{ start: '2025-11-24T11:00:00+09:00', end: '2025-11-24T12:00:00+09:00' }]);
    const { data } = await calendarFor(ALICE).freebusy.query({
      requestBody: {
        timeMin: '2025-11-24T09:00:00+09:00',
        timeMax: '2025-11-24T18:00:00+09:00',
        timeZone: 'Asia/Seoul',
        items: [{ id: ALICE }, { id: BOB }, { id: 'ghost@example.com' }],
      },
    });
    expect(data.kind).toBe('calendar#freeBusy');
    expect(data.calendars?.[ALICE]?.busy).toEqual([{ start: '2025-11-24T10:00:00+09:00', end: '2025-11-24T11:00:00+09:00' }]);
    expect(data.calendars?.[BOB]?.busy).toEqual([{ start: '2025-11-24T10:30:00+09:00', end: '2025-11-24T12:00:00+09:00' }]);
    expect(data.calendars?.['ghost@example.com']).toEqual({ errors: [{ domain: 'global', reason: 'notFound' }], busy: [] });

    // calendar.events alone does not cover freeBusy.query.
    const scoped = await failure(
      calendarFor(ALICE, [CALENDAR_EVENTS]).freebusy.query({
        requestBody: { timeMin: '2025-11-24T09:00:00+09:00', timeMax: '2025-11-24T18:00:00+09:00', items: [{ id: BOB }] },
      }),
    );
    expect(scoped).toMatchObject({ status: 403, reason: 'insufficientPermissions' });
  });

  it('lists is:unread newest first and serves the MIME samples as full and raw', async () => {
    const ids = MIME_SAMPLES.map((s) => fake.addMessage(ALICE, s.raw));
    const readId = fake.addMessage(
      ALICE,
      rfc822({ from: '이민호 <minho@example.com>', to: ALICE, subject: '읽은 메일', text: '이미 읽었습니다', date: new Date('2025-11-19T12:00:00Z') }),
      { labelIds: ['INBOX'] },
    );
    fake.addMessage(BOB, rfc822({ from: ALICE, to: BOB, subject: 'bob mail', text: 'hi' }));
    const gmail = gmailFor(ALICE);

    const unread = await gmail.users.messages.list({ userId: 'me', q: 'is:unread' });
    expect(unread.data.messages?.map((m) => m.id)).toEqual([...ids].reverse());
    expect(unread.data.resultSizeEstimate).toBe(3);
    const search = async (q: string) => (await gmail.users.messages.list({ userId: 'me', q })).data.messages?.map((m) => m.id);
    expect(await search('subject:견적서')).toEqual([ids[1]]);
    expect(await search('from:it-ops@example.com has:attachment')).toEqual([ids[2]]);
    expect(await search('로드맵')).toEqual([ids[0]]);
    expect(await search('newer_than:1d')).toEqual([readId, ids[2]]);
    expect(await search('-is:unread')).toEqual([readId]);
    expect((await gmail.users.messages.list({ userId: 'me', q: 'nothing-matches-this' })).data).toEqual({ resultSizeEstimate: 0 });

    for (const [i, sample] of MIME_SAMPLES.entries()) {
      const id = ids[i] ?? '';
      const full = (await gmail.users.messages.get({ userId: 'me', id, format: 'full' })).data;
      expect(full).toMatchObject({ id, threadId: id, labelIds: ['INBOX', 'UNREAD'], internalDate: String(Date.parse(sample.date)) });
      const headers = full.payload?.headers ?? [];
      expect(headers.find((h) => h.name === 'Subject')?.value).toMatch(/^=\?(UTF-8|EUC-KR)\?[BQ]\?/); // raw, still encoded
      const text = textOf(full.payload as GmailMessagePart);
      expect(text).toContain(sample.phrase);

      const raw = (await gmail.users.messages.get({ userId: 'me', id, format: 'raw' })).data;
      const source = Buffer.from(raw.raw ?? '', 'base64url');
      expect(source.equals(sample.raw)).toBe(true);
      const parsed = await simpleParser(source);
      expect(parsed.subject).toBe(sample.subject);
      expect(parsed.from?.value[0]).toMatchObject(sample.from);
      expect(parsed.date?.toISOString()).toBe(sample.date);
      expect(parsed.text).toContain(sample.phrase);
      for (const bad of sample.mustNotContain) expect(parsed.text).not.toContain(bad);
      expect(parsed.attachments.map((a) => a.filename)).toEqual(sample.attachments.map((a) => a.filename));
    }

    const maint = (await gmail.users.messages.get({ userId: 'me', id: ids[2] ?? '' })).data.payload as GmailMessagePart;
    expect(flatten(maint).map((p) => [p.partId, p.mimeType, p.filename])).toEqual([
      ['', 'multipart/mixed', ''],
      ['0', 'multipart/related', ''],
      ['0.0', 'multipart/alternative', ''],
      ['0.0.0', 'text/plain', ''],
      ['0.0.1', 'text/html', ''],
      ['0.1', 'image/png', 'logo.png'],
      ['1', 'application/pdf', '서버 점검 계획서.pdf'],
    ]);
    const pdf = flatten(maint).find((p) => p.partId === '1');
    expect(pdf?.body).toMatchObject({ size: SERVER_MAINTENANCE.attachments[1]?.size, attachmentId: expect.any(String) });
    expect(pdf?.body.data).toBeUndefined();
    const att = await gmail.users.messages.attachments.get({ userId: 'me', messageId: ids[2] ?? '', id: pdf?.body.attachmentId ?? '' });
    expect(Buffer.from(att.data.data ?? '', 'base64url').subarray(0, 5).toString()).toBe('%PDF-');

    const meta = await gmail.users.messages.get({ userId: 'me', id: ids[1] ?? '', format: 'metadata', metadataHeaders: ['Subject', 'From'] });
    expect(meta.data.payload?.headers?.map((h) => h.name)).toEqual(['From', 'Subject']);
    expect(meta.data.snippet).toContain('견적 유효기간은');
    expect(await failure(gmail.users.messages.get({ userId: 'me', id: 'ffffffffffffffff' }))).toMatchObject({ status: 404, reason: 'notFound' });
  });

  it('refuses a gmail call for another user’s mailbox', async () => {
    fake.addMessage(BOB, rfc822({ from: ALICE, to: BOB, subject: 'private', text: 'secret' }));
    const refused = await failure(gmailFor(ALICE).users.messages.list({ userId: BOB }));
    expect(refused).toMatchObject({ status: 403, reason: 'forbidden', message: `Delegation denied for ${ALICE}` });
  });

  it('explains unauthorized_client (scopes) and invalid_grant (user) from the token endpoint', async () => {
    fake.grantScopes([CALENDAR]);
    const scopes = [GMAIL_READONLY];
    const denied = await failure(gmailFor(ALICE, scopes).users.messages.list({ userId: 'me' }));
    expect(fake.callsOf('token').at(-1)).toMatchObject({ status: 401, user: ALICE });
    const explained = explainGoogleAuthError(denied.error, { subject: ALICE, scopes, serviceAccountEmail: SA });
    expect(explained?.message).toContain(GMAIL_READONLY);
    expect(explained?.message).toContain('Domain-wide delegation');
    expect(explained?.cause).toBe(denied.error);

    fake.grantScopes(null);
    const ghost = 'ghost@example.com';
    const unknown = await failure(calendarFor(ghost).events.list({ calendarId: 'primary' }));
    expect(fake.callsOf('token').at(-1)).toMatchObject({ status: 400, user: ghost });
    const explainedUser = explainGoogleAuthError(unknown.error, { subject: ghost, scopes: [CALENDAR], serviceAccountEmail: SA });
    expect(explainedUser?.message).toContain(`impersonate ${ghost}`);

    const notFound = await failure(calendarFor(ALICE).events.get({ calendarId: 'primary', eventId: 'nosuchevent' }));
    expect(explainGoogleAuthError(notFound.error, { subject: ALICE, scopes: [CALENDAR], serviceAccountEmail: SA })).toBeUndefined();
  });

  it('rejects unknown bearer tokens and replays injected faults in Google’s shape (GET retried, POST not)', async () => {
    const res = await fetch(`${fake.rootUrl}calendar/v3/calendars/primary/events`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 401, errors: [{ reason: 'authError' }], status: 'UNAUTHENTICATED' } });

    const cal = calendarFor(ALICE);
    fake.failNext(/\/events$/, { status: 403, reason: 'rateLimitExceeded' });
    const limited = await failure(cal.events.list({ calendarId: 'primary' }));
    expect(limited).toMatchObject({ status: 403, reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' });

    fake.failNext(/\/events$/, { status: 503, reason: 'backendError' });
    await cal.events.list({ calendarId: 'primary' }); // googleapis retries GET on 5xx by default
    expect(fake.callsOf('calendar').slice(-2).map((c) => c.status)).toEqual([503, 200]);

    fake.failNext(/POST \/calendar\/v3\/freeBusy/, { status: 503, reason: 'backendError' });
    const body = { timeMin: '2025-11-24T09:00:00+09:00', timeMax: '2025-11-24T18:00:00+09:00', items: [{ id: ALICE }] };
    expect(await failure(cal.freebusy.query({ requestBody: body }))).toMatchObject({ status: 503, reason: 'backendError' });
  });

  it('retries 403 rateLimitExceeded and POST only when retryConfig asks (a custom shouldRetry must count)', async () => {
    const cal = calendarFor(ALICE);
    const retryable = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'backendError']);
    const retryConfig = {
      retry: 2,
      retryDelay: 1,
      httpMethodsToRetry: ['GET', 'POST', 'PATCH', 'DELETE'],
      // Replaces gaxios' own check entirely, including the attempt limit.
      shouldRetry: (err: { response?: HttpFailure; config: { retryConfig?: { currentRetryAttempt?: number; retry?: number } } }) => {
        const rc = err.config.retryConfig;
        if ((rc?.currentRetryAttempt ?? 0) >= (rc?.retry ?? 0)) return false;
        const reason = err.response?.data?.error?.errors?.[0]?.reason ?? '';
        return retryable.has(reason) || (err.response?.status ?? 0) >= 500;
      },
    };
    fake.failNext(/^POST \/calendar\/v3\/calendars\/primary\/events$/, { status: 403, reason: 'rateLimitExceeded' });
    const requestBody = { id: 'rtv0insert01', summary: 'r', start: { date: '2025-11-26' }, end: { date: '2025-11-27' } };
    await cal.events.insert({ calendarId: 'primary', requestBody }, { retryConfig });
    expect(fake.callsOf('calendar').map((c) => c.status)).toEqual([403, 200]);

    fake.failNext(/\/events$/, { status: 403, reason: 'rateLimitExceeded' });
    fake.failNext(/\/events$/, { status: 403, reason: 'rateLimitExceeded' });
    fake.failNext(/\/events$/, { status: 403, reason: 'rateLimitExceeded' });
    expect(await failure(cal.events.list({ calendarId: 'primary' }, { retryConfig }))).toMatchObject({ status: 403 });
    expect(fake.callsOf('calendar').slice(2).map((c) => c.status)).toEqual([403, 403, 403]);
  });

  it('rfc822 builds a mail mailparser reads back', async () => {
    const parsed = await simpleParser(rfc822({ from: '김하늘 <haneul.kim@example.com>', to: [ALICE, BOB], subject: '안녕', text: '본문', html: '<p>본문</p>' }));
    expect(parsed).toMatchObject({ subject: '안녕', text: '본문' });
    expect(parsed.from?.value[0]).toEqual({ name: '김하늘', address: 'haneul.kim@example.com' });
    expect(WEEKLY_AGENDA.raw.includes('=?UTF-8?B?')).toBe(true);
    expect(QUOTE_REVIEW_EUCKR.raw.includes('=?EUC-KR?B?')).toBe(true);
  });
});

function flatten(p: GmailMessagePart): GmailMessagePart[] {
  return [p, ...(p.parts ?? []).flatMap(flatten)];
}

/** What an adapter must do with `full`: undo base64url, then decode with the part's charset; HTML → text. */
function textOf(payload: GmailMessagePart): string {
  const leaves = flatten(payload).filter((p) => p.mimeType.startsWith('text/') && p.body.data);
  const part = leaves.find((p) => p.mimeType === 'text/plain') ?? leaves[0];
  if (!part) return '';
  const ct = part.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  const charset = /charset="?([^";]+)"?/i.exec(ct)?.[1] ?? 'utf-8';
  const text = new TextDecoder(charset).decode(Buffer.from(part.body.data ?? '', 'base64url'));
  return part.mimeType === 'text/html' ? text.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<[^>]+>/g, ' ') : text;
}
