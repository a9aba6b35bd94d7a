// Page property values for the Notion fake: converts request-shaped values
// (as sent to POST/PATCH /v1/pages) into the response shapes Notion returns,
// rejecting what the real API rejects with 400 validation_error.
import { makeOption, type NotionPropertySchema, type NotionSelectOption } from './notion-schema';

export interface NotionRichText {
  type: 'text';
  text: { content: string; link: { url: string } | null };
  annotations: {
    bold: boolean;
    italic: boolean;
    strikethrough: boolean;
    underline: boolean;
    code: boolean;
    color: string;
  };
  plain_text: string;
  href: string | null;
}

export interface NotionUser {
  object: 'user';
  id: string;
  name?: string | null;
  avatar_url?: string | null;
  type?: 'person' | 'bot';
  person?: { email?: string };
  bot?: Record<string, unknown>;
}

export interface NotionDate {
  start: string;
  end: string | null;
  time_zone: string | null;
}

export type NotionPropertyValue =
  | { id: string; type: 'title'; title: NotionRichText[] }
  | { id: string; type: 'rich_text'; rich_text: NotionRichText[] }
  | { id: string; type: 'status'; status: NotionSelectOption | null }
  | { id: string; type: 'select'; select: NotionSelectOption | null }
  | { id: string; type: 'multi_select'; multi_select: NotionSelectOption[] }
  | { id: string; type: 'people'; people: NotionUser[] }
  | { id: string; type: 'date'; date: NotionDate | null }
  | { id: string; type: 'url'; url: string | null }
  | { id: string; type: 'number'; number: number | null }
  | { id: string; type: 'checkbox'; checkbox: boolean }
  | { id: string; type: 'email'; email: string | null };

/** Thrown inside the fake; rendered as an HTTP error body `{object:'error', status, code, message}`. */
export class NotionApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const validationError = (message: string): NotionApiError => new NotionApiError(400, 'validation_error', message);

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** Canonical dashed lowercase form, or undefined if `id` is not a UUID (dashes optional, as Notion accepts). */
export function normalizeId(id: string): string | undefined {
  if (!UUID_RE.test(id)) return undefined;
  const hex = id.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
export const isIsoDate = (s: unknown): s is string => typeof s === 'string' && ISO_DATE_RE.test(s) && !Number.isNaN(Date.parse(s.slice(0, 10)));

export function richText(content: string, link: string | null = null): NotionRichText[] {
  if (content === '') return [];
  return [
    {
      type: 'text',
      text: { content, link: link ? { url: link } : null },
      annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
      plain_text: content,
      href: link,
    },
  ];
}

export const plainText = (items: NotionRichText[]): string => items.map((i) => i.plain_text).join('');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function convertRichText(input: unknown, at: string): NotionRichText[] {
  if (!Array.isArray(input)) throw validationError(`${at} should be an array, instead was \`${JSON.stringify(input)}\`.`);
  if (input.length > 100) throw validationError(`${at}.length should be ≤ \`100\`, instead was \`${input.length}\`.`);
  return input.flatMap((item: unknown, i) => {
    const text = isObj(item) && isObj(item.text) ? item.text : undefined;
    if (!text || typeof text.content !== 'string') {
      throw validationError(`${at}[${i}].text should be defined, instead was \`undefined\`.`);
    }
    if (text.content.length > 2000) {
      throw validationError(`${at}[${i}].text.content.length should be ≤ \`2000\`, instead was \`${text.content.length}\`.`);
    }
    const link = isObj(text.link) && typeof text.link.url === 'string' ? text.link.url : null;
    const [rt] = richText(text.content, link);
    if (rt && isObj(item) && isObj(item.annotations)) Object.assign(rt.annotations, item.annotations);
    return rt ? [rt] : [];
  });
}

function pickOption(prop: NotionPropertySchema, input: unknown, at: string): NotionSelectOption | null {
  if (input === null) return null;
  if (!isObj(input)) throw validationError(`${at} should be an object or \`null\`, instead was \`${JSON.stringify(input)}\`.`);
  const options = (prop.options ??= []);
  const found = options.find((o) => (input.id !== undefined ? o.id === input.id : o.name === input.name));
  if (found) return found;
  if (prop.type === 'status' || typeof input.name !== 'string') {
    const what = typeof input.name === 'string' ? `"${input.name}"` : `with id "${String(input.id)}"`;
    throw validationError(`Invalid ${prop.type} option ${what} for property "${prop.name}": it does not exist.`);
  }
  if (input.name.includes(',')) throw validationError(`Select option names cannot contain commas: "${input.name}".`);
  const created = makeOption(input.name); // select/multi_select: Notion creates unknown options on write
  options.push(created);
  return created;
}

/**
 * Convert one request value (e.g. `{ status: { name: 'Done' } }`) into a stored property value.
 * `users` resolves people ids to full user objects.
 */
export function toPropertyValue(
  prop: NotionPropertySchema,
  input: unknown,
  users: ReadonlyMap<string, NotionUser>,
): NotionPropertyValue {
  const at = `body.properties.${prop.name}`;
  if (!isObj(input) || !(prop.type in input)) {
    throw validationError(`${prop.name} is expected to be ${prop.type}.`);
  }
  const v = input[prop.type];
  const id = prop.id;
  switch (prop.type) {
    case 'title':
      return { id, type: 'title', title: convertRichText(v, `${at}.title`) };
    case 'rich_text':
      return { id, type: 'rich_text', rich_text: convertRichText(v, `${at}.rich_text`) };
    case 'status':
      return { id, type: 'status', status: pickOption(prop, v, `${at}.status`) };
    case 'select':
      return { id, type: 'select', select: pickOption(prop, v, `${at}.select`) };
    case 'multi_select': {
      if (!Array.isArray(v)) throw validationError(`${at}.multi_select should be an array.`);
      const picked = v.map((o: unknown, i) => pickOption(prop, o, `${at}.multi_select[${i}]`));
      return { id, type: 'multi_select', multi_select: picked.filter((o): o is NotionSelectOption => o !== null) };
    }
    case 'people': {
      if (!Array.isArray(v)) throw validationError(`${at}.people should be an array, instead was \`${JSON.stringify(v)}\`.`);
      const people = v.map((u: unknown, i): NotionUser => {
        const uid = isObj(u) && typeof u.id === 'string' ? normalizeId(u.id) : undefined;
        if (!uid) {
          const raw = isObj(u) ? JSON.stringify(u.id) : 'undefined';
          throw validationError(`${at}.people[${i}].id should be a valid uuid, instead was \`${raw}\`.`);
        }
        return users.get(uid) ?? { object: 'user', id: uid };
      });
      return { id, type: 'people', people };
    }
    case 'date': {
      if (v === null) return { id, type: 'date', date: null };
      if (!isObj(v) || !isIsoDate(v.start)) {
        const raw = isObj(v) ? JSON.stringify(v.start) : JSON.stringify(v);
        throw validationError(`${at}.date.start should be a valid ISO 8601 date string, instead was \`${raw}\`.`);
      }
      if (v.end !== undefined && v.end !== null && !isIsoDate(v.end)) {
        throw validationError(`${at}.date.end should be a valid ISO 8601 date string, instead was \`${JSON.stringify(v.end)}\`.`);
      }
      const end = typeof v.end === 'string' ? v.end : null;
      const tz = typeof v.time_zone === 'string' ? v.time_zone : null;
      return { id, type: 'date', date: { start: v.start, end, time_zone: tz } };
    }
    case 'url':
      if (v !== null && typeof v !== 'string') throw validationError(`${at}.url should be a string or \`null\`.`);
      if (typeof v === 'string' && v.length > 2000) throw validationError(`${at}.url.length should be ≤ \`2000\`.`);
      return { id, type: 'url', url: v === '' ? null : v };
    case 'email':
      if (v !== null && typeof v !== 'string') throw validationError(`${at}.email should be a string or \`null\`.`);
      return { id, type: 'email', email: v };
    case 'number':
      if (v !== null && typeof v !== 'number') throw validationError(`${at}.number should be a number or \`null\`.`);
      return { id, type: 'number', number: v };
    case 'checkbox':
      if (typeof v !== 'boolean') throw validationError(`${at}.checkbox should be a boolean.`);
      return { id, type: 'checkbox', checkbox: v };
  }
}

/** Value of a property that was not set on page creation. Status defaults to the first option, like Notion. */
export function emptyValue(prop: NotionPropertySchema): NotionPropertyValue {
  const id = prop.id;
  switch (prop.type) {
    case 'title':
      return { id, type: 'title', title: [] };
    case 'rich_text':
      return { id, type: 'rich_text', rich_text: [] };
    case 'status':
      return { id, type: 'status', status: prop.options?.[0] ?? null };
    case 'select':
      return { id, type: 'select', select: null };
    case 'multi_select':
      return { id, type: 'multi_select', multi_select: [] };
    case 'people':
      return { id, type: 'people', people: [] };
    case 'date':
      return { id, type: 'date', date: null };
    case 'url':
      return { id, type: 'url', url: null };
    case 'email':
      return { id, type: 'email', email: null };
    case 'number':
      return { id, type: 'number', number: null };
    case 'checkbox':
      return { id, type: 'checkbox', checkbox: false };
  }
}

/** A page as returned by GET /v1/pages/:id (API version 2025-09-03). */
export interface NotionPage {
  object: 'page';
  id: string;
  created_time: string;
  last_edited_time: string;
  created_by: { object: 'user'; id: string };
  last_edited_by: { object: 'user'; id: string };
  cover: null;
  icon: null;
  parent: { type: 'data_source_id'; data_source_id: string; database_id: string };
  archived: boolean;
  in_trash: boolean;
  is_archived: boolean;
  is_locked: boolean;
  properties: Record<string, NotionPropertyValue>;
  url: string;
  public_url: null;
}
