// Filter and sort evaluation for POST /v1/data_sources/:id/query, following
// Notion's documented filter objects. Invalid filters throw validation_error.
import { findProperty, type NotionPropertySchema } from './notion-schema';
import { normalizeId, plainText, validationError, isIsoDate, type NotionPage, type NotionPropertyValue } from './notion-values';
import { DAY_MS, isDateOnly, isoToMs } from './time';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export type PagePredicate = (page: NotionPage) => boolean;

const TEXT_OPS = ['equals', 'does_not_equal', 'contains', 'does_not_contain', 'starts_with', 'ends_with', 'is_empty', 'is_not_empty'];
const OPS: Record<string, string[]> = {
  title: TEXT_OPS,
  rich_text: TEXT_OPS,
  url: TEXT_OPS,
  email: TEXT_OPS,
  status: ['equals', 'does_not_equal', 'is_empty', 'is_not_empty'],
  select: ['equals', 'does_not_equal', 'is_empty', 'is_not_empty'],
  multi_select: ['contains', 'does_not_contain', 'is_empty', 'is_not_empty'],
  people: ['contains', 'does_not_contain', 'is_empty', 'is_not_empty'],
  date: ['equals', 'before', 'after', 'on_or_before', 'on_or_after', 'is_empty', 'is_not_empty', 'past_week', 'past_month', 'past_year', 'next_week', 'next_month', 'next_year', 'this_week'],
  number: ['equals', 'does_not_equal', 'greater_than', 'less_than', 'greater_than_or_equal_to', 'less_than_or_equal_to', 'is_empty', 'is_not_empty'],
  checkbox: ['equals', 'does_not_equal'],
};

/** Text of a text-like value, '' when empty. */
function textOf(v: NotionPropertyValue): string {
  if (v.type === 'title') return plainText(v.title);
  if (v.type === 'rich_text') return plainText(v.rich_text);
  if (v.type === 'url') return v.url ?? '';
  if (v.type === 'email') return v.email ?? '';
  return '';
}

/** Epoch ms of a page date value's start, or undefined when empty. */
function dateMs(v: NotionPropertyValue | undefined): number | undefined {
  if (v?.type !== 'date' || !v.date) return undefined;
  return isoToMs(v.date.start, v.date.time_zone);
}

function compareDate(op: string, arg: unknown, ms: number | undefined, at: string, now: number): boolean {
  if (op === 'is_empty') return ms === undefined;
  if (op === 'is_not_empty') return ms !== undefined;
  const relative: Record<string, [number, number]> = {
    past_week: [now - 7 * DAY_MS, now],
    past_month: [now - 30 * DAY_MS, now],
    past_year: [now - 365 * DAY_MS, now],
    next_week: [now, now + 7 * DAY_MS],
    next_month: [now, now + 30 * DAY_MS],
    next_year: [now, now + 365 * DAY_MS],
    this_week: [now - ((new Date(now).getUTCDay() + 6) % 7) * DAY_MS, now + 7 * DAY_MS],
  };
  const range = relative[op];
  if (range) return ms !== undefined && ms >= range[0] && ms <= range[1];
  if (!isIsoDate(arg)) throw validationError(`${at}.${op} should be a valid ISO 8601 date string, instead was \`${JSON.stringify(arg)}\`.`);
  if (ms === undefined) return false;
  // Date-only conditions cover the whole UTC day; date-times compare with ms precision (UTC if no offset).
  const start = isoToMs(arg);
  const end = isDateOnly(arg) ? start + DAY_MS : start;
  const dateOnly = isDateOnly(arg);
  switch (op) {
    case 'equals':
      return dateOnly ? ms >= start && ms < end : ms === start;
    case 'before':
      return ms < start;
    case 'after':
      return dateOnly ? ms >= end : ms > start;
    case 'on_or_before':
      return dateOnly ? ms < end : ms <= start;
    default: // on_or_after
      return ms >= start;
  }
}

function compileCondition(prop: NotionPropertySchema, filterKey: string, cond: unknown, at: string, now: number): PagePredicate {
  if (!isObj(cond)) throw validationError(`${at}.${filterKey} should be an object, instead was \`${JSON.stringify(cond)}\`.`);
  const ops = Object.keys(cond);
  const [op] = ops;
  const allowed = OPS[prop.type] ?? [];
  if (ops.length !== 1 || op === undefined || !allowed.includes(op)) {
    throw validationError(
      `${at}.${filterKey} should have exactly one of ${allowed.map((o) => `\`${o}\``).join(', ')} (property "${prop.name}"), instead was \`${JSON.stringify(cond)}\`.`,
    );
  }
  const arg = cond[op];
  const value = (page: NotionPage): NotionPropertyValue | undefined => page.properties[prop.name];
  if ((op === 'is_empty' || op === 'is_not_empty') && arg !== true) {
    throw validationError(`${at}.${filterKey}.${op} should be \`true\`, instead was \`${JSON.stringify(arg)}\`.`);
  }

  switch (prop.type) {
    case 'title':
    case 'rich_text':
    case 'url':
    case 'email': {
      if (op !== 'is_empty' && op !== 'is_not_empty' && typeof arg !== 'string') {
        throw validationError(`${at}.${filterKey}.${op} should be a string, instead was \`${JSON.stringify(arg)}\`.`);
      }
      const needle = String(arg).toLowerCase();
      return (page) => {
        const v = value(page);
        const text = v ? textOf(v) : '';
        const lower = text.toLowerCase();
        switch (op) {
          case 'equals': return text === arg;
          case 'does_not_equal': return text !== arg;
          case 'contains': return lower.includes(needle);
          case 'does_not_contain': return !lower.includes(needle);
          case 'starts_with': return lower.startsWith(needle);
          case 'ends_with': return lower.endsWith(needle);
          case 'is_empty': return text === '';
          default: return text !== '';
        }
      };
    }
    case 'status':
    case 'select':
      if (op === 'equals' || op === 'does_not_equal') {
        if (typeof arg !== 'string') throw validationError(`${at}.${filterKey}.${op} should be a string, instead was \`${JSON.stringify(arg)}\`.`);
      }
      return (page) => {
        const v = value(page);
        const name = v?.type === 'status' ? v.status?.name : v?.type === 'select' ? v.select?.name : undefined;
        if (op === 'equals') return name === arg;
        if (op === 'does_not_equal') return name !== arg;
        return op === 'is_empty' ? name === undefined : name !== undefined;
      };
    case 'multi_select':
      return (page) => {
        const v = value(page);
        const names = v?.type === 'multi_select' ? v.multi_select.map((o) => o.name) : [];
        if (op === 'contains') return names.includes(String(arg));
        if (op === 'does_not_contain') return !names.includes(String(arg));
        return op === 'is_empty' ? names.length === 0 : names.length > 0;
      };
    case 'people': {
      const uid = op === 'contains' || op === 'does_not_contain' ? normalizeId(String(arg)) : undefined;
      if ((op === 'contains' || op === 'does_not_contain') && (typeof arg !== 'string' || !uid)) {
        throw validationError(`${at}.people.${op} should be a valid uuid, instead was \`${JSON.stringify(arg)}\`.`);
      }
      return (page) => {
        const v = value(page);
        const ids = v?.type === 'people' ? v.people.map((p) => p.id) : [];
        if (op === 'contains') return ids.includes(uid ?? '');
        if (op === 'does_not_contain') return !ids.includes(uid ?? '');
        return op === 'is_empty' ? ids.length === 0 : ids.length > 0;
      };
    }
    case 'date': {
      // Validate eagerly so a bad date fails even when no page has a value.
      compareDate(op, arg, 0, `${at}.date`, now);
      return (page) => compareDate(op, arg, dateMs(value(page)), `${at}.date`, now);
    }
    case 'number':
      return (page) => {
        const v = value(page);
        const n = v?.type === 'number' ? v.number : null;
        const a = Number(arg);
        switch (op) {
          case 'equals': return n === a;
          case 'does_not_equal': return n !== a;
          case 'greater_than': return n !== null && n > a;
          case 'less_than': return n !== null && n < a;
          case 'greater_than_or_equal_to': return n !== null && n >= a;
          case 'less_than_or_equal_to': return n !== null && n <= a;
          case 'is_empty': return n === null;
          default: return n !== null;
        }
      };
    case 'checkbox':
      return (page) => {
        const v = value(page);
        const b = v?.type === 'checkbox' ? v.checkbox : false;
        return op === 'equals' ? b === arg : b !== arg;
      };
  }
}

function compileNode(filter: unknown, schema: NotionPropertySchema[], at: string, depth: number, now: number): PagePredicate {
  if (!isObj(filter)) throw validationError(`${at} should be an object, instead was \`${JSON.stringify(filter)}\`.`);
  for (const kind of ['and', 'or'] as const) {
    const list = filter[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw validationError(`${at}.${kind} should be an array, instead was \`${JSON.stringify(list)}\`.`);
    if (depth >= 3) throw validationError(`${at}.${kind}: compound filters can only be nested two levels deep.`);
    const parts = list.map((f: unknown, i) => compileNode(f, schema, `${at}.${kind}[${i}]`, depth + 1, now));
    return kind === 'and' ? (p) => parts.every((fn) => fn(p)) : (p) => parts.some((fn) => fn(p));
  }
  if (filter.timestamp === 'created_time' || filter.timestamp === 'last_edited_time') {
    const ts = filter.timestamp;
    const cond = filter[ts];
    if (!isObj(cond)) throw validationError(`${at}.${ts} should be defined, instead was \`undefined\`.`);
    const [op] = Object.keys(cond);
    if (op === undefined || !OPS.date?.includes(op)) throw validationError(`${at}.${ts} has an invalid condition.`);
    compareDate(op, cond[op], 0, `${at}.${ts}`, now);
    return (page) => compareDate(op, cond[op], Date.parse(page[ts]), `${at}.${ts}`, now);
  }
  if (typeof filter.property !== 'string') {
    throw validationError(`${at} should define \`property\`, \`timestamp\`, \`and\` or \`or\`, instead was \`${JSON.stringify(filter)}\`.`);
  }
  const prop = findProperty(schema, filter.property);
  if (!prop) throw validationError(`Could not find property with name or id: ${filter.property}`);
  const keys = Object.keys(filter).filter((k) => k !== 'property' && k !== 'type');
  const [filterKey] = keys;
  if (keys.length !== 1 || filterKey === undefined) {
    throw validationError(`${at} should have exactly one filter condition for property "${prop.name}", instead had \`${keys.join(', ')}\`.`);
  }
  if (filterKey !== prop.type) {
    throw validationError(`database property ${prop.type} does not match filter ${filterKey} (property "${prop.name}").`);
  }
  return compileCondition(prop, filterKey, filter[filterKey], at, now);
}

/** Compile a query `filter` (undefined → match everything). Throws validation_error like Notion. */
export function compileFilter(filter: unknown, schema: NotionPropertySchema[], now = Date.now()): PagePredicate {
  if (filter === undefined || filter === null) return () => true;
  return compileNode(filter, schema, 'body.filter', 0, now);
}

type Comparator = (a: NotionPage, b: NotionPage) => number;

/** Sort key for a property value; undefined = empty (empties sort last in either direction). */
function sortKey(prop: NotionPropertySchema, v: NotionPropertyValue | undefined): string | number | undefined {
  if (!v) return undefined;
  switch (v.type) {
    case 'status':
    case 'select': {
      const opt = v.type === 'status' ? v.status : v.select;
      return opt ? (prop.options ?? []).findIndex((o) => o.id === opt.id) : undefined;
    }
    case 'date':
      return dateMs(v);
    case 'number':
      return v.number ?? undefined;
    case 'checkbox':
      return v.checkbox ? 1 : 0;
    case 'people':
      return v.people[0]?.name ?? v.people[0]?.id;
    case 'multi_select':
      return v.multi_select[0]?.name;
    default: {
      const t = textOf(v);
      return t === '' ? undefined : t;
    }
  }
}

export function compileSorts(sorts: unknown, schema: NotionPropertySchema[]): Comparator {
  if (sorts === undefined) return () => 0;
  if (!Array.isArray(sorts)) throw validationError(`body.sorts should be an array, instead was \`${JSON.stringify(sorts)}\`.`);
  const comparators = sorts.map((s: unknown, i): Comparator => {
    const at = `body.sorts[${i}]`;
    if (!isObj(s)) throw validationError(`${at} should be an object.`);
    const dir = s.direction === 'descending' ? -1 : s.direction === 'ascending' ? 1 : undefined;
    if (dir === undefined) throw validationError(`${at}.direction should be \`"ascending"\` or \`"descending"\`, instead was \`${JSON.stringify(s.direction)}\`.`);
    let key: (p: NotionPage) => string | number | undefined;
    if (s.timestamp === 'created_time' || s.timestamp === 'last_edited_time') {
      const ts = s.timestamp;
      key = (p) => Date.parse(p[ts]);
    } else if (typeof s.property === 'string') {
      const prop = findProperty(schema, s.property);
      if (!prop) throw validationError(`Could not find sort property with name or id: ${s.property}`);
      key = (p) => sortKey(prop, p.properties[prop.name]);
    } else {
      throw validationError(`${at} should define \`property\` or \`timestamp\`.`);
    }
    return (a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === undefined || kb === undefined) return ka === kb ? 0 : ka === undefined ? 1 : -1;
      if (typeof ka === 'number' && typeof kb === 'number') return (ka - kb) * dir;
      return String(ka).localeCompare(String(kb)) * dir;
    };
  });
  return (a, b) => {
    for (const c of comparators) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return 0;
  };
}
