// Real-world MIME shapes with Korean subjects, built in code (no fixture files), for the
// Gmail fake and for the Gmail adapter's decoding tests. Every sample says what a correct
// decoder must produce: subject, sender, a phrase of the decoded text, attachments.
import iconv from 'iconv-lite';

export interface MimeSample {
  name: string;
  raw: Buffer;
  /** Decoded Subject header. */
  subject: string;
  from: { name: string; address: string };
  /** The Date header as an instant. */
  date: string;
  /** Must appear in the decoded body text (HTML turned into text where there is no text/plain). */
  phrase: string;
  /** Must NOT appear in decoded text (e.g. CSS from a <style> block). */
  mustNotContain: string[];
  links: string[];
  /** Parts with a filename, in MIME order; Gmail gives these an attachmentId. */
  attachments: Array<{ filename: string; mimeType: string; size: number; inline: boolean }>;
}

const CRLF = '\r\n';

/** Base64 in 76-character lines. */
export function base64Lines(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** Quoted-printable (RFC 2045 §6.7): CRLF line breaks kept, soft breaks at 76 characters. */
export function quotedPrintable(buf: Buffer): string {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i <= buf.length; i += 1) {
    if (i === buf.length || buf[i] === 0x0a) {
      let end = i;
      if (end > start && buf[end - 1] === 0x0d) end -= 1;
      const line = buf.subarray(start, end);
      let out = '';
      let width = 0;
      line.forEach((b, j) => {
        const last = j === line.length - 1;
        const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        const tok = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
        if (width + tok.length > 75) {
          out += `=${CRLF}`;
          width = 0;
        }
        out += tok;
        width += tok.length;
      });
      lines.push(out);
      start = i + 1;
    }
  }
  return lines.join(CRLF);
}

const encodeBytes = (text: string, charset: string): Buffer =>
  /^utf-?8$/i.test(charset) ? Buffer.from(text, 'utf8') : iconv.encode(text, charset);

/** RFC 2047 encoded words (B or Q), split on character boundaries, each ≤ 75 chars, folded. */
export function encodedWords(text: string, charset = 'UTF-8', enc: 'B' | 'Q' = 'B'): string {
  const q = (buf: Buffer): string =>
    Array.from(buf, (b) =>
      b === 0x20 ? '_' : /[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    ).join('');
  const word = (chunk: string): string => {
    const bytes = encodeBytes(chunk, charset);
    return `=?${charset}?${enc}?${enc === 'B' ? bytes.toString('base64') : q(bytes)}?=`;
  };
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (chunk && word(chunk + ch).length > 75) {
      words.push(word(chunk));
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(word(chunk));
  return words.join(`${CRLF} `);
}

/** RFC 2231 extended parameter, split into `name*0*`, `name*1*`… continuations like Thunderbird does. */
export function rfc2231Param(name: string, value: string, segment = 30): string {
  const pct = Array.from(Buffer.from(value, 'utf8'), (b) =>
    /[A-Za-z0-9.\-_]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  );
  const segs: string[] = [];
  for (let i = 0; i < pct.length; i += segment) segs.push(pct.slice(i, i + segment).join(''));
  return segs.map((s, i) => `${name}*${i}*=${i === 0 ? "UTF-8''" : ''}${s}`).join(`;${CRLF} `);
}

const nonAscii = (s: string): boolean => /[^\x20-\x7e]/.test(s);
const address = (name: string, addr: string, charset = 'UTF-8'): string =>
  `${nonAscii(name) ? encodedWords(name, charset) : `"${name}"`} <${addr}>`;
const lines = (...ls: string[]): string => ls.join(CRLF);

// (1) multipart/alternative: text/plain UTF-8 base64 + text/html UTF-8 quoted-printable.
const agendaText = lines(
  '안녕하세요, 팀 여러분.',
  '',
  '이번 주 회의 안건을 공유드립니다.',
  '1. 3분기 로드맵 점검',
  '2. 신규 고객 온보딩 일정',
  '3. 기타 안건',
  '',
  '다음 주 월요일까지 의견 부탁드립니다.',
  '',
  '김하늘 드림',
);
const agendaHtml = lines(
  '<div dir="ltr"><p>안녕하세요, 팀 여러분.</p><p>이번 주 회의 안건을 공유드립니다.</p>',
  '<ol><li>3분기 로드맵 점검</li><li>신규 고객 온보딩 일정</li><li>기타 안건</li></ol>',
  '<p><b>다음 주 월요일까지 의견 부탁드립니다.</b></p><p>김하늘 드림</p></div>',
);
export const WEEKLY_AGENDA: MimeSample = {
  name: 'multipart/alternative, UTF-8, B-encoded subject',
  subject: '주간 회의 안건 공유',
  from: { name: '김하늘', address: 'haneul.kim@example.com' },
  date: '2025-11-17T00:30:00.000Z',
  phrase: '다음 주 월요일까지 의견 부탁드립니다',
  mustNotContain: ['<p>', '<li>'],
  links: [],
  attachments: [],
  raw: Buffer.from(
    lines(
      `From: ${address('김하늘', 'haneul.kim@example.com')}`,
      'To: team@example.com',
      `Subject: ${encodedWords('주간 회의 안건 공유')}`,
      'Date: Mon, 17 Nov 2025 09:30:00 +0900',
      'Message-ID: <CAF7x1z=weekly.agenda.0001@mail.example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60718"',
      '',
      '--000000000000a1b2c3d4e5f60718',
      'Content-Type: text/plain; charset="UTF-8"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from(agendaText, 'utf8')),
      '--000000000000a1b2c3d4e5f60718',
      'Content-Type: text/html; charset="UTF-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(Buffer.from(agendaHtml, 'utf8')),
      '--000000000000a1b2c3d4e5f60718--',
      '',
    ),
    'ascii',
  ),
};

// (2) HTML only, EUC-KR, quoted-printable, with <style>, a table and a link.
const quoteHtml = lines(
  '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">',
  '<style type="text/css">',
  '  table { border-collapse: collapse; font-family: "맑은 고딕", sans-serif; }',
  '  td, th { border: 1px solid #cccccc; padding: 4px 8px; }',
  '  .note { color: #888888; }',
  '</style></head>',
  '<body>',
  '<p>안녕하세요, 한빛솔루션 영업팀 이수진입니다.</p>',
  '<p>요청하신 서버 유지보수 견적서를 아래와 같이 보내드리오니 검토 부탁드립니다.</p>',
  '<table>',
  '<tr><th>항목</th><th>수량</th><th>금액</th></tr>',
  '<tr><td>서버 유지보수 (연간)</td><td>1</td><td>12,000,000원</td></tr>',
  '<tr><td>백업 스토리지 증설</td><td>2</td><td>3,400,000원</td></tr>',
  '<tr><td colspan="2">합계 (VAT 별도)</td><td>15,400,000원</td></tr>',
  '</table>',
  '<p class="note">견적 유효기간은 2025년 12월 31일까지입니다.</p>',
  '<p>자세한 내용은 <a href="https://hanbit-solution.co.kr/quote/2025-1142">견적서 상세 페이지</a>에서 확인하실 수 있습니다.</p>',
  '</body></html>',
);
export const QUOTE_REVIEW_EUCKR: MimeSample = {
  name: 'text/html only, EUC-KR, quoted-printable, EUC-KR B-encoded subject',
  subject: '견적서 검토 요청',
  from: { name: '한빛솔루션 영업팀', address: 'sales@hanbit-solution.co.kr' },
  date: '2025-11-18T05:05:12.000Z',
  phrase: '견적 유효기간은 2025년 12월 31일까지입니다',
  mustNotContain: ['border-collapse', '#cccccc', '<td>'],
  links: ['https://hanbit-solution.co.kr/quote/2025-1142'],
  attachments: [],
  raw: Buffer.from(
    lines(
      'Return-Path: <sales@hanbit-solution.co.kr>',
      'Received: from mail.hanbit-solution.co.kr (mail.hanbit-solution.co.kr [203.0.113.25])',
      '        by mx.google.com with ESMTPS id q7si1234567pgv.2025.11.18.05.05.12',
      '        for <alice@example.com>; Mon, 17 Nov 2025 21:05:12 -0800 (PST)',
      `From: ${address('한빛솔루션 영업팀', 'sales@hanbit-solution.co.kr', 'EUC-KR')}`,
      'To: alice@example.com',
      `Subject: ${encodedWords('견적서 검토 요청', 'EUC-KR')}`,
      'Date: Tue, 18 Nov 2025 14:05:12 +0900',
      'Message-ID: <20251118140512.7F3A2C0042@mail.hanbit-solution.co.kr>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset="euc-kr"',
      'Content-Transfer-Encoding: quoted-printable',
      'X-Mailer: Hanbit Groupware 7.2',
      '',
      quotedPrintable(iconv.encode(quoteHtml, 'euc-kr')),
      '',
    ),
    'ascii',
  ),
};

// (3) mixed → related → alternative (plain + html with a cid image) + inline PNG + PDF with an
// RFC 2231 Korean filename; subject Q-encoded UTF-8.
const maintText = lines(
  '안녕하세요, IT운영팀입니다.',
  '',
  '정기 서버 점검이 아래 일정으로 진행됩니다.',
  '- 일시: 11월 22일(토) 02:00 ~ 06:00',
  '- 대상: 사내 그룹웨어, 메일 서버',
  '점검 시간 동안 서비스 접속이 제한됩니다.',
  '',
  '자세한 내용은 첨부된 점검 계획서를 참고해 주세요.',
);
const maintHtml = lines(
  '<html><body><img src="cid:ops-logo@example.com" alt="IT운영팀" width="1" height="1">',
  '<p>안녕하세요, IT운영팀입니다.</p><p>정기 서버 점검이 아래 일정으로 진행됩니다.</p>',
  '<ul><li>일시: 11월 22일(토) 02:00 ~ 06:00</li><li>대상: 사내 그룹웨어, 메일 서버</li></ul>',
  '<p>점검 시간 동안 서비스 접속이 제한됩니다.</p><p>자세한 내용은 첨부된 점검 계획서를 참고해 주세요.</p>',
  '</body></html>',
);
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const PDF_NAME = '서버 점검 계획서.pdf';
export const SERVER_MAINTENANCE: MimeSample = {
  name: 'multipart/mixed > related > alternative + cid image + PDF (RFC 2231 filename), Q-encoded subject',
  subject: '[긴급] 서버 점검 일정 안내',
  from: { name: 'IT운영팀', address: 'it-ops@example.com' },
  date: '2025-11-19T09:00:00.000Z',
  phrase: '11월 22일(토) 02:00 ~ 06:00',
  mustNotContain: ['cid:ops-logo'],
  links: [],
  attachments: [
    { filename: 'logo.png', mimeType: 'image/png', size: PNG_1X1.length, inline: true },
    { filename: PDF_NAME, mimeType: 'application/pdf', size: PDF.length, inline: false },
  ],
  raw: Buffer.from(
    lines(
      `From: ${address('IT운영팀', 'it-ops@example.com')}`,
      'To: all@example.com',
      `Subject: ${encodedWords('[긴급] 서버 점검 일정 안내', 'UTF-8', 'Q')}`,
      'Date: Wed, 19 Nov 2025 18:00:00 +0900',
      'Message-ID: <maint-2025-11-22.4411@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="----=_Part_3_1147483647.1763542800000"',
      '',
      'This is a multi-part message in MIME format.',
      '------=_Part_3_1147483647.1763542800000',
      'Content-Type: multipart/related; type="multipart/alternative";',
      ' boundary="----=_Part_2_related"',
      '',
      '------=_Part_2_related',
      'Content-Type: multipart/alternative; boundary="----=_Part_1_alt"',
      '',
      '------=_Part_1_alt',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from(maintText, 'utf8')),
      '------=_Part_1_alt',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from(maintHtml, 'utf8')),
      '------=_Part_1_alt--',
      '',
      '------=_Part_2_related',
      'Content-Type: image/png; name="logo.png"',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <ops-logo@example.com>',
      'Content-Disposition: inline; filename="logo.png"',
      '',
      base64Lines(PNG_1X1),
      '------=_Part_2_related--',
      '',
      '------=_Part_3_1147483647.1763542800000',
      `Content-Type: application/pdf; ${rfc2231Param('name', PDF_NAME)}`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; ${rfc2231Param('filename', PDF_NAME)}`,
      '',
      base64Lines(PDF),
      '------=_Part_3_1147483647.1763542800000--',
      '',
    ),
    'ascii',
  ),
};

export const MIME_SAMPLES: readonly MimeSample[] = [WEEKLY_AGENDA, QUOTE_REVIEW_EUCKR, SERVER_MAINTENANCE];

export interface Rfc822Options {
  /** `addr@x` or `이름 <addr@x>` */
  from: string;
  to: string | string[];
  cc?: string | string[];
  subject: string;
  text: string;
  html?: string;
  date?: Date;
  messageId?: string;
  headers?: Record<string, string>;
}

/** A simple UTF-8 mail (text/plain, or multipart/alternative with `html`), base64 bodies, CRLF. */
export function rfc822(opts: Rfc822Options): string {
  const addr = (s: string): string => {
    const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(s);
    return m?.[1] ? address(m[1].replace(/^"|"$/g, ''), m[2] ?? '') : s.trim();
  };
  const list = (v: string | string[]): string => (Array.isArray(v) ? v : [v]).map(addr).join(', ');
  const date = (opts.date ?? new Date()).toUTCString().replace(/GMT$/, '+0000');
  const head = [
    `From: ${addr(opts.from)}`,
    `To: ${list(opts.to)}`,
    ...(opts.cc ? [`Cc: ${list(opts.cc)}`] : []),
    `Subject: ${nonAscii(opts.subject) ? encodedWords(opts.subject) : opts.subject}`,
    `Date: ${date}`,
    `Message-ID: ${opts.messageId ?? `<${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}@paimy.test>`}`,
    'MIME-Version: 1.0',
    ...Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  const leaf = (type: string, body: string): string[] => [
    `Content-Type: ${type}; charset="UTF-8"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(body, 'utf8')),
  ];
  if (opts.html === undefined) return lines(...head, ...leaf('text/plain', opts.text), '');
  const b = `paimy-alt-${Math.random().toString(36).slice(2, 10)}`;
  return lines(
    ...head,
    `Content-Type: multipart/alternative; boundary="${b}"`,
    '',
    `--${b}`,
    ...leaf('text/plain', opts.text),
    `--${b}`,
    ...leaf('text/html', opts.html),
    `--${b}--`,
    '',
  );
}
