/**
 * Gmail v1, read-only, in Paimy's own types; always the requester's own mailbox (`userId: 'me'`
 * as the impersonated requester). Messages are fetched `raw` and parsed with mailparser, which
 * handles nested multiparts, charsets such as EUC-KR, RFC 2047 headers and HTML-only bodies.
 * Source of truth: https://developers.google.com/gmail/api/reference/rest/v1/users.messages
 */
// The per-API entry of googleapis: the whole package takes ~1 s to import, this ~0.1 s.
import { gmail, type gmail_v1 } from 'googleapis/build/src/apis/gmail/index.js';
import type { AddressObject } from 'mailparser';
import { type TeamTime, isoFromMillis } from '../time';
import { type GoogleAuthPool, RETRY, SCOPES } from './google-clients';

// mailparser (~30 MB of heap with its charset tables) loads when the first mail is read.
let parser: Promise<typeof import('mailparser')> | undefined;
const simpleParser = async (source: Buffer | string) => (await (parser ??= import('mailparser'))).simpleParser(source);

export interface EmailSummary {
  id: string;
  threadId: string;
  subject: string;
  from: string;
  /** When Gmail received it, ISO 8601 in the team zone. */
  date: string;
  snippet: string;
  unread: boolean;
  /** Opens the message in Gmail for the mailbox owner. */
  link: string;
}

export interface Email extends EmailSummary {
  to: string;
  cc: string;
  /** Plain text of the body (from HTML when there is no text part), cut at `maxChars`. */
  text: string;
  truncated: boolean;
  attachments: { filename: string; contentType: string; size: number }[];
}

const MAX_BODY_CHARS = 6000;
const METADATA_CONCURRENCY = 5;

export class Gmail {
  constructor(
    private readonly auth: GoogleAuthPool,
    private readonly time: TeamTime,
  ) {}

  private api(user: string): gmail_v1.Gmail {
    return gmail({ version: 'v1', auth: this.auth.as(user, [SCOPES.gmailReadonly]), rootUrl: this.auth.rootUrl, retryConfig: RETRY });
  }

  /**
   * Messages in `user`'s mailbox matching a Gmail search (`is:unread`, `from:…`), newest first.
   * @throws GoogleApiError, with delegation problems explained
   */
  async search(user: string, query: string, maxResults: number): Promise<EmailSummary[]> {
    const list = await this.call(user, () => this.api(user).users.messages.list({ userId: 'me', q: query, maxResults }));
    const ids = (list.data.messages ?? []).map((m) => m.id!).slice(0, maxResults);
    const out: EmailSummary[] = [];
    for (let i = 0; i < ids.length; i += METADATA_CONCURRENCY) {
      const batch = ids.slice(i, i + METADATA_CONCURRENCY).map((id) => this.summary(user, id));
      out.push(...(await Promise.all(batch)));
    }
    return out;
  }

  /** One message with its decoded text. @throws GoogleApiError (404 when there is no such message) */
  async get(user: string, id: string, maxChars = MAX_BODY_CHARS): Promise<Email> {
    const res = await this.call(user, () => this.api(user).users.messages.get({ userId: 'me', id, format: 'raw' }));
    const parsed = await simpleParser(Buffer.from(res.data.raw ?? '', 'base64url'));
    const body = (parsed.text ?? '').replace(/\n{3,}/g, '\n\n').trim();
    return {
      ...this.base(res.data),
      subject: parsed.subject ?? '(제목 없음)',
      from: addresses(parsed.from),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      text: body.length > maxChars ? `${body.slice(0, maxChars)}…` : body,
      truncated: body.length > maxChars,
      attachments: parsed.attachments
        .filter((a) => a.contentDisposition === 'attachment' || !a.related)
        .map((a) => ({ filename: a.filename ?? '(이름 없음)', contentType: a.contentType, size: a.size })),
    };
  }

  private async summary(user: string, id: string): Promise<EmailSummary> {
    const res = await this.call(user, () =>
      this.api(user).users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: ['Subject', 'From', 'Date'] }),
    );
    const headers = res.data.payload?.headers ?? [];
    const header = (name: string) => headers.find((h) => h.name?.toLowerCase() === name.toLowerCase())?.value ?? '';
    // Gmail returns metadata headers raw (RFC 2047-encoded); let mailparser decode them.
    const decoded = await simpleParser(`Subject: ${header('Subject')}\r\nFrom: ${header('From')}\r\n\r\n`);
    return { ...this.base(res.data), subject: decoded.subject ?? '(제목 없음)', from: addresses(decoded.from) };
  }

  private base(m: gmail_v1.Schema$Message): EmailSummary {
    return {
      id: m.id ?? '',
      threadId: m.threadId ?? '',
      subject: '',
      from: '',
      date: m.internalDate ? isoFromMillis(Number(m.internalDate), this.time) : '',
      snippet: m.snippet ?? '',
      unread: (m.labelIds ?? []).includes('UNREAD'),
      link: `https://mail.google.com/mail/u/0/#all/${m.id ?? ''}`,
    };
  }

  private call<T>(user: string, fn: () => Promise<T>): Promise<T> {
    return this.auth.run('Gmail', user, [SCOPES.gmailReadonly], fn);
  }
}

function addresses(a: AddressObject | AddressObject[] | undefined): string {
  if (!a) return '';
  return (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', ');
}
