// Minimal MIME splitter that builds Gmail's MessagePart tree from RFC 822 source, as
// users.messages.get?format=full returns it: header values raw (RFC 2047 words left encoded),
// `body.data` = the part's content with the transfer encoding undone (charset untouched),
// re-encoded as base64url; parts with a filename get an `attachmentId` instead of `data`.
import { toBase64Url } from './google-common';

export interface GmailHeader {
  name: string;
  value: string;
}

export interface GmailMessagePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: GmailHeader[];
  body: { size: number; data?: string; attachmentId?: string };
  parts?: GmailMessagePart[];
}

export interface ParsedPart {
  part: GmailMessagePart;
  /** Decoded bytes of every leaf, by partId (for attachments.get and text extraction). */
  leaves: Map<string, { mimeType: string; charset: string | undefined; filename: string; content: Buffer }>;
}

/** Decode RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?EUC-KR?Q?...?=`); whitespace between words is dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (_m, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      return decodeCharset(bytes, charset);
    });
}

export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** `text/plain; charset="utf-8"; name*=UTF-8''%ED...` → type + params (RFC 2231 continuations and charsets decoded). */
export function parseHeaderParams(value: string): { value: string; params: Map<string, string> } {
  const semi = value.indexOf(';');
  const head = (semi < 0 ? value : value.slice(0, semi)).trim();
  const raw = new Map<string, Array<{ index: number; extended: boolean; text: string }>>();
  const re = /;\s*([^=\s;*]+)(?:\*(\d+))?(\*)?\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const m of value.slice(Math.max(semi, 0)).matchAll(re)) {
    const name = (m[1] ?? '').toLowerCase();
    let text = (m[4] ?? '').trim();
    if (text.startsWith('"')) text = text.slice(1, -1).replace(/\\(.)/g, '$1');
    const list = raw.get(name) ?? [];
    list.push({ index: m[2] === undefined ? 0 : Number(m[2]), extended: m[3] === '*', text });
    raw.set(name, list);
  }
  const params = new Map<string, string>();
  for (const [name, segments] of raw) {
    segments.sort((a, b) => a.index - b.index);
    let charset: string | undefined;
    const bytes: Buffer[] = [];
    segments.forEach((seg, i) => {
      let text = seg.text;
      if (seg.extended && i === 0) {
        const m = /^([^']*)'[^']*'(.*)$/.exec(text);
        if (m) [charset, text] = [m[1] || undefined, m[2] ?? ''];
      }
      bytes.push(
        seg.extended
          ? Buffer.from(text.replace(/%([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
          : Buffer.from(text, 'utf8'),
      );
    });
    const joined = Buffer.concat(bytes);
    params.set(name, segments.some((s) => s.extended) ? decodeCharset(joined, charset) : decodeWords(joined.toString('utf8')));
  }
  return { value: head, params };
}

function splitHeaders(latin1: string): { headers: GmailHeader[]; body: string } {
  const sep = /\r?\n\r?\n/.exec(latin1);
  const headerText = sep ? latin1.slice(0, sep.index) : latin1;
  const body = sep ? latin1.slice(sep.index + sep[0].length) : '';
  const headers: GmailHeader[] = [];
  for (const line of headerText.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({
      name: line.slice(0, colon).trim(),
      value: Buffer.from(line.slice(colon + 1).replace(/^[ \t]+/, ''), 'latin1').toString('utf8'),
    });
  }
  return { headers, body };
}

function decodeTransfer(body: string, cte: string): Buffer {
  if (cte === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') {
    return Buffer.from(
      body.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  }
  return Buffer.from(body, 'latin1');
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Split a multipart body on its boundary; returns each part's raw text (latin1). */
function splitMultipart(body: string, boundary: string): string[] {
  const re = new RegExp(`(?:^|\\r?\\n)--${escapeRe(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const marks = [...body.matchAll(re)];
  const parts: string[] = [];
  for (let i = 0; i + 1 < marks.length; i += 1) {
    const cur = marks[i];
    const next = marks[i + 1];
    if (!cur || !next || cur[1]) break;
    parts.push(body.slice((cur.index ?? 0) + cur[0].length, next.index));
  }
  return parts;
}

/** Parse RFC 822 source into Gmail's payload tree. `attachmentId(partId)` names attachment parts. */
export function parseMessage(raw: Buffer, attachmentId: (partId: string) => string): ParsedPart {
  const leaves: ParsedPart['leaves'] = new Map();
  const walk = (latin1: string, partId: string): GmailMessagePart => {
    const { headers, body } = splitHeaders(latin1);
    const header = (n: string): string | undefined => headers.find((h) => h.name.toLowerCase() === n)?.value;
    const ct = parseHeaderParams(header('content-type') ?? 'text/plain; charset=us-ascii');
    const mimeType = ct.value.toLowerCase() || 'text/plain';
    const disposition = parseHeaderParams(header('content-disposition') ?? '');
    const filename = disposition.params.get('filename') ?? ct.params.get('name') ?? '';
    const boundary = ct.params.get('boundary');
    if (mimeType.startsWith('multipart/') && boundary) {
      const parts = splitMultipart(body, boundary).map((p, i) => walk(p, partId === '' ? String(i) : `${partId}.${i}`));
      return { partId, mimeType, filename, headers, body: { size: 0 }, parts };
    }
    const content = decodeTransfer(body, (header('content-transfer-encoding') ?? '7bit').trim().toLowerCase());
    leaves.set(partId, { mimeType, charset: ct.params.get('charset'), filename, content });
    const partBody =
      filename !== ''
        ? { size: content.length, attachmentId: attachmentId(partId) }
        : content.length > 0
          ? { size: content.length, data: toBase64Url(content) }
          : { size: 0 };
    return { partId, mimeType, filename, headers, body: partBody };
  };
  return { part: walk(raw.toString('latin1'), ''), leaves };
}
