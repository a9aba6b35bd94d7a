// Data-source schema for the Notion fake: the default Paimy task properties,
// opt-in overrides, and rendering to the API's property-configuration shape.
import { randomUUID } from 'node:crypto';

export type NotionPropType =
  | 'title'
  | 'rich_text'
  | 'status'
  | 'select'
  | 'multi_select'
  | 'people'
  | 'date'
  | 'url'
  | 'number'
  | 'checkbox'
  | 'email';

export interface NotionSelectOption {
  id: string;
  name: string;
  color: string;
  description: string | null;
}

export interface NotionStatusGroup {
  id: string;
  name: string;
  color: string;
  option_ids: string[];
}

export interface NotionPropertySchema {
  id: string;
  name: string;
  type: NotionPropType;
  /** select / multi_select / status */
  options?: NotionSelectOption[];
  /** status only */
  groups?: NotionStatusGroup[];
}

/** Override for one property in `startNotionFake({ properties })`; `null` removes it. */
export interface NotionPropertyInput {
  type: NotionPropType;
  options?: string[];
  id?: string;
}

export const PROP = {
  title: '태스크명',
  status: '상태',
  owner: '담당자',
  due: '마감일',
  priority: '우선순위',
  details: '실행 상세',
  source: '소스',
  url: '원본 링크',
} as const;

export const DEFAULT_STATUS_OPTIONS = ['Backlog', 'In Progress', 'Blocked', 'Done'];
const COLORS: Record<string, string> = {
  Backlog: 'default',
  'In Progress': 'blue',
  Blocked: 'red',
  Done: 'green',
  High: 'red',
  Medium: 'yellow',
  Low: 'gray',
  Slack: 'purple',
  Gmail: 'orange',
  Calendar: 'blue',
  Manual: 'default',
};

export const makeOption = (name: string): NotionSelectOption => ({
  id: randomUUID().slice(0, 8),
  name,
  color: COLORS[name] ?? 'default',
  description: null,
});

/** Notion's three fixed status groups; first option → To-do, last → Complete, rest → In progress. */
function statusGroups(options: NotionSelectOption[]): NotionStatusGroup[] {
  const ids = options.map((o) => o.id);
  return [
    { id: 'grp-todo', name: 'To-do', color: 'gray', option_ids: ids.slice(0, 1) },
    { id: 'grp-progress', name: 'In progress', color: 'blue', option_ids: ids.slice(1, -1) },
    { id: 'grp-done', name: 'Complete', color: 'green', option_ids: ids.length > 1 ? ids.slice(-1) : [] },
  ];
}

export interface SchemaOptions {
  statusPropertyType?: 'status' | 'select';
  statusOptions?: string[];
  properties?: Record<string, NotionPropertyInput | null>;
}

export function buildSchema(opts: SchemaOptions): NotionPropertySchema[] {
  const inputs: Record<string, NotionPropertyInput | null> = {
    [PROP.title]: { type: 'title', id: 'title' },
    [PROP.status]: { type: opts.statusPropertyType ?? 'status', options: opts.statusOptions ?? DEFAULT_STATUS_OPTIONS },
    [PROP.owner]: { type: 'people' },
    [PROP.due]: { type: 'date' },
    [PROP.priority]: { type: 'select', options: ['High', 'Medium', 'Low'] },
    [PROP.details]: { type: 'rich_text' },
    [PROP.source]: { type: 'select', options: ['Slack', 'Gmail', 'Calendar', 'Manual'] },
    [PROP.url]: { type: 'url' },
    ...opts.properties,
  };
  const schema: NotionPropertySchema[] = [];
  let n = 0;
  for (const [name, input] of Object.entries(inputs)) {
    if (input === null) continue;
    n += 1;
    const prop: NotionPropertySchema = {
      id: input.id ?? (input.type === 'title' ? 'title' : encodeURIComponent(`;${String.fromCharCode(64 + n)}${n}k`)),
      name,
      type: input.type,
    };
    if (input.type === 'select' || input.type === 'multi_select' || input.type === 'status') {
      prop.options = (input.options ?? []).map(makeOption);
    }
    if (input.type === 'status') prop.groups = statusGroups(prop.options ?? []);
    schema.push(prop);
  }
  return schema;
}

/** Property configuration objects as returned by GET /v1/data_sources/:id. */
export function schemaToWire(schema: NotionPropertySchema[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of schema) {
    let config: Record<string, unknown> = {};
    if (p.type === 'select' || p.type === 'multi_select') config = { options: p.options ?? [] };
    if (p.type === 'status') config = { options: p.options ?? [], groups: p.groups ?? [] };
    if (p.type === 'number') config = { format: 'number' };
    out[p.name] = { id: p.id, name: p.name, description: null, type: p.type, [p.type]: config };
  }
  return out;
}

/** Look a property up by name or by (possibly URL-encoded) id, as Notion does in filters and updates. */
export function findProperty(schema: NotionPropertySchema[], key: string): NotionPropertySchema | undefined {
  let decoded = key;
  try {
    decoded = decodeURIComponent(key);
  } catch {
    /* keep raw */
  }
  return schema.find((p) => p.name === key || p.id === key || decodeURIComponent(p.id) === decoded);
}
