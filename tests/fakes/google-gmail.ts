// Gmail v1 part of the Google fake: users.messages list/get and attachments.get.
// https://developers.google.com/gmail/api/reference/rest/v1/users.messages
import { simpleParser, type AddressObject } from 'mailparser';
import type { FakeRequest } from './http-server';
import { GMAIL_METADATA_SCOPE, GoogleApiError, requireScope, toBase64Url, type Obj } from './google-common';
import { parseMessage, type GmailMessagePart } from './google-mime';
import type { TokenGrant } from './google-token';
import { tzOffsetSeconds } from './time';

export interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  raw: Buffer;
  internalDate: number;
  historyId: string;
}

export interface AddMessageOptions {
  id?: string;
  threadId?: string;
  /** Default ['INBOX', 'UNREAD']. */
  labelIds?: string[];
  /** Epoch ms; default: the Date header, else the fake's clock. */
  internalDate?: number;
}

interface SearchFields {
  subject: string;
  from: string;
  to: string;
  text: string;
  filenames: string[];
}

const IS_LABEL: Record<string, string> = { unread: 'UNREAD', starred: 'STARRED', important: 'IMPORTANT' };
const entityNotFound = (): GoogleApiError => new GoogleApiError(404, 'notFound', 'Requested entity was not found.');
const lower = (s: string | undefined): string => (s ?? '').toLowerCase();
const addressText = (a: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(a) ? a : a ? [a] : []).map((x) => x.text).join(', ');

/** Gmail reads `after:2025/11/17` as midnight in America/Los_Angeles; bare numbers are epoch seconds. */
function gmailDate(v: string): number | undefined {
  if (/^\d{9,}$/.test(v)) return Number(v) * 1000;
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(v);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return utc - tzOffsetSeconds('America/Los_Angeles', new Date(utc + 12 * 3600_000)) * 1000;
}

export class GmailStore {
  readonly messages = new Map<string, StoredMessage[]>();
  private readonly parsed = new Map<StoredMessage, Promise<SearchFields & { snippet: string }>>();
  private seq = 0;
  private history = 100_000;

  constructor(
    private readonly clock: () => Date,
    private readonly knownUsers: Set<string>,
  ) {}

  reset(): void {
    this.messages.clear();
    this.parsed.clear();
  }

  add(user: string, raw: string | Buffer, opts: AddMessageOptions = {}): string {
    const buf = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    this.seq += 1;
    const id = opts.id ?? (0x19a0000000000000n + BigInt(this.seq) * 0x1000n).toString(16);
    const dateHeader = /^Date:[ \t]*(.+)$/im.exec(buf.subarray(0, 16_384).toString('latin1'))?.[1];
    const fromHeader = dateHeader ? Date.parse(dateHeader.replace(/\s*\([^)]*\)\s*$/, '')) : NaN;
    const msg: StoredMessage = {
      id,
      threadId: opts.threadId ?? id,
      labelIds: [...(opts.labelIds ?? ['INBOX', 'UNREAD'])],
      raw: buf,
      internalDate: opts.internalDate ?? (Number.isNaN(fromHeader) ? this.clock().getTime() : fromHeader),
      historyId: String((this.history += 17)),
    };
    const key = user.toLowerCase();
    this.messages.set(key, [...(this.messages.get(key) ?? []).filter((m) => m.id !== id), msg]);
    return id;
  }

  private fields(msg: StoredMessage): Promise<SearchFields & { snippet: string }> {
    let p = this.parsed.get(msg);
    if (!p) {
      p = simpleParser(msg.raw, { skipImageLinks: true }).then((mail) => {
        const text = mail.text ?? '';
        const snippet = text
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 200)
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&quot;')
          .replace(/'/g, '&#39;');
        return {
          subject: mail.subject ?? '',
          from: addressText(mail.from),
          to: [addressText(mail.to), addressText(mail.cc)].join(', '),
          text: `${text}\n${typeof mail.html === 'string' ? mail.html.replace(/<[^>]*>/g, ' ') : ''}`,
          filenames: mail.attachments.map((a) => a.filename ?? ''),
          snippet,
        };
      });
      this.parsed.set(msg, p);
    }
    return p;
  }

  private async matches(msg: StoredMessage, q: string, includeSpamTrash: boolean): Promise<boolean> {
    const f = await this.fields(msg);
    const labels = new Set(msg.labelIds.map((l) => l.toUpperCase()));
    let wantsSpamTrash = includeSpamTrash;
    const now = this.clock().getTime();
    const checks: boolean[] = [];
    for (const m of q.matchAll(/(-?)(?:([a-z_]+):)?("[^"]*"|\([^)]*\)|\S+)/gi)) {
      const neg = m[1] === '-';
      const op = lower(m[2]);
      const value = lower((m[3] ?? '').replace(/^["(]|[")]$/g, ''));
      let ok: boolean;
      switch (op) {
        case 'is':
          ok = labels.has(IS_LABEL[value] ?? '') || (value === 'read' && !labels.has('UNREAD'));
          break;
        case 'in':
        case 'label':
          if (value === 'anywhere' || value === 'spam' || value === 'trash') wantsSpamTrash = true;
          ok = value === 'anywhere' || labels.has(value.toUpperCase().replace(/[-/ ]/g, '_')) || labels.has(value.toUpperCase());
          break;
        case 'from':
          ok = lower(f.from).includes(value);
          break;
        case 'to':
          ok = lower(f.to).includes(value);
          break;
        case 'subject':
          ok = lower(f.subject).includes(value);
          break;
        case 'has':
          ok = value === 'attachment' ? f.filenames.length > 0 : false;
          break;
        case 'filename':
          ok = f.filenames.some((n) => lower(n).includes(value));
          break;
        case 'newer_than':
        case 'older_than': {
          const n = /^(\d+)([dmy])$/.exec(value);
          const unit = ({ d: 1, m: 30, y: 365 } as Record<string, number>)[n?.[2] ?? ''] ?? 0;
          const cutoff = now - Number(n?.[1] ?? 0) * unit * 86_400_000;
          ok = op === 'newer_than' ? msg.internalDate > cutoff : msg.internalDate < cutoff;
          break;
        }
        case 'after':
        case 'before': {
          const t = gmailDate(value);
          ok = t !== undefined && (op === 'after' ? msg.internalDate >= t : msg.internalDate < t);
          break;
        }
        default: {
          const word = op ? `${op}:${value}` : value;
          ok = [f.subject, f.from, f.text].some((s) => lower(s).includes(word));
        }
      }
      checks.push(neg ? !ok : ok);
    }
    if (!wantsSpamTrash && (labels.has('SPAM') || labels.has('TRASH'))) return false;
    return checks.every(Boolean);
  }

  private find(user: string, id: string): StoredMessage {
    const msg = this.messages.get(user)?.find((m) => m.id === id);
    if (!msg) throw entityNotFound();
    return msg;
  }

  private attachmentId = (msgId: string, partId: string): string =>
    `ANGjdJ${Buffer.from(`${msgId}:${partId}`).toString('base64url')}`;

  private async resource(msg: StoredMessage, format: string, metadataHeaders: string[]): Promise<Obj> {
    const { snippet } = await this.fields(msg);
    const base: Obj = {
      id: msg.id,
      threadId: msg.threadId,
      labelIds: msg.labelIds,
      snippet,
      sizeEstimate: msg.raw.length,
      historyId: msg.historyId,
      internalDate: String(msg.internalDate),
    };
    if (format === 'raw') return { ...base, raw: toBase64Url(msg.raw) };
    if (format === 'minimal') return base;
    const payload: GmailMessagePart = parseMessage(msg.raw, (partId) => this.attachmentId(msg.id, partId)).part;
    if (format === 'metadata') {
      const wanted = metadataHeaders.map(lower);
      const headers = wanted.length ? payload.headers.filter((h) => wanted.includes(lower(h.name))) : payload.headers;
      return { ...base, payload: { partId: '', mimeType: payload.mimeType, filename: '', headers, body: { size: 0 } } };
    }
    return { ...base, payload };
  }

  private async list(user: string, q: URLSearchParams, metadataOnly: boolean): Promise<Obj> {
    const query = q.get('q') ?? '';
    if (metadataOnly && query) throw new GoogleApiError(403, 'forbidden', "Metadata scope does not support 'q' parameter");
    const max = Number(q.get('maxResults') ?? 100);
    if (!Number.isInteger(max) || max < 1) throw new GoogleApiError(400, 'invalidArgument', 'Invalid maxResults');
    const labelIds = q.getAll('labelIds').map((l) => l.toUpperCase());
    const all = [...(this.messages.get(user) ?? [])].sort((a, b) => b.internalDate - a.internalDate);
    const hits: StoredMessage[] = [];
    for (const m of all) {
      if (labelIds.every((l) => m.labelIds.includes(l)) && (await this.matches(m, query, q.get('includeSpamTrash') === 'true'))) hits.push(m);
    }
    const offset = Number(q.get('pageToken') ?? 0) || 0;
    const page = hits.slice(offset, offset + Math.min(max, 500));
    const next = offset + page.length < hits.length ? { nextPageToken: String(offset + page.length) } : {};
    // Gmail leaves `messages` out entirely when nothing matches.
    return page.length
      ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })), ...next, resultSizeEstimate: hits.length }
      : { resultSizeEstimate: 0 };
  }

  /** Route `/gmail/v1/users/{userId}/messages[/{id}[/attachments/{aid}]]` (segments after the prefix). */
  async handle(req: FakeRequest, seg: string[], grant: TokenGrant): Promise<Obj> {
    const [u, userId, m, id, a, aid, ...rest] = seg;
    if (u !== 'users' || userId === undefined || m !== 'messages' || rest.length > 0 || req.method !== 'GET') throw entityNotFound();
    if (userId !== 'me' && userId.toLowerCase() !== grant.sub) {
      throw new GoogleApiError(403, 'forbidden', `Delegation denied for ${grant.sub}`);
    }
    if (!this.knownUsers.has(grant.sub)) throw new GoogleApiError(400, 'failedPrecondition', 'Precondition check failed.');
    const metadataOnly = grant.scopes.includes(GMAIL_METADATA_SCOPE) && !grant.scopes.some((s) => /mail\.google\.com|gmail\.(readonly|modify)$/.test(s));
    if (id === undefined) {
      requireScope('gmail.users.messages.list', grant.scopes);
      return this.list(grant.sub, req.query, metadataOnly);
    }
    const msg = this.find(grant.sub, id);
    if (a === 'attachments' && aid !== undefined) {
      requireScope('gmail.users.messages.attachments.get', grant.scopes);
      const { leaves } = parseMessage(msg.raw, (p) => this.attachmentId(msg.id, p));
      const partId = /^ANGjdJ(.+)$/.exec(aid)?.[1];
      const decoded = partId ? Buffer.from(partId, 'base64url').toString('utf8') : '';
      const leaf = decoded.startsWith(`${msg.id}:`) ? leaves.get(decoded.slice(msg.id.length + 1)) : undefined;
      if (!leaf) throw new GoogleApiError(400, 'invalidArgument', 'Invalid attachment token');
      return { attachmentId: aid, size: leaf.content.length, data: toBase64Url(leaf.content) };
    }
    if (a !== undefined) throw entityNotFound();
    requireScope('gmail.users.messages.get', grant.scopes);
    const format = req.query.get('format') ?? 'full';
    if (!['full', 'raw', 'metadata', 'minimal'].includes(format)) throw new GoogleApiError(400, 'invalidArgument', `Invalid format: ${format}`);
    if (metadataOnly && (format === 'full' || format === 'raw')) {
      throw new GoogleApiError(403, 'forbidden', `Metadata scope doesn't allow format ${format.toUpperCase()}`);
    }
    return this.resource(msg, format, req.query.getAll('metadataHeaders'));
  }
}
