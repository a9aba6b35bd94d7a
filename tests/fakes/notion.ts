// Fake Notion API (Notion-Version 2025-09-03, data sources) for pointing a real
// @notionhq/client at: `new Client({ auth: 'secret_x', baseUrl: fake.url })`.
import { randomUUID } from 'node:crypto';
import { sleep, startHttpServer, type FakeRequest, type FakeResponse } from './http-server';
import { compileFilter, compileSorts } from './notion-filter';
import {
  buildSchema,
  findProperty,
  PROP,
  schemaToWire,
  type NotionPropertySchema,
  type SchemaOptions,
} from './notion-schema';
import {
  emptyValue,
  NotionApiError,
  normalizeId,
  richText,
  toPropertyValue,
  validationError,
  type NotionPage,
  type NotionPropertyValue,
  type NotionUser,
} from './notion-values';

export { PROP, DEFAULT_STATUS_OPTIONS } from './notion-schema';
export type { NotionPropertyInput, NotionPropertySchema, NotionPropType, NotionSelectOption } from './notion-schema';
export type { NotionDate, NotionPage, NotionPropertyValue, NotionRichText, NotionUser } from './notion-values';

export const NOTION_VERSION = '2025-09-03';
export const DEFAULT_DATABASE_ID = '2b7c1e4a-9d3f-4c6b-8a15-3e0f7d9c2a41';
export const DEFAULT_DATA_SOURCE_ID = '5e8d2f1b-7a4c-4b9e-9c36-1f2a8b7d4e60';
export const NOTION_BOT_USER_ID = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

export interface NotionFakeOptions extends SchemaOptions {
  databaseId?: string;
  dataSourceId?: string;
  databaseTitle?: string;
  /** Reject requests whose Notion-Version differs (400 invalid_request). Default '2025-09-03'; false = accept any. */
  requireVersion?: string | false;
  /** Clock for created_time/last_edited_time and relative date filters. */
  now?: () => Date;
}

export interface NotionCall {
  method: string;
  path: string;
  body: unknown;
  query: Record<string, string>;
  notionVersion?: string;
  /** Set when failNext()/rateLimitPerSecond() made this call fail. */
  fault?: NotionFault;
}

export type NotionFault =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 | 502 | 503 | 504 }
  | { status: number; code: string; message: string };

export interface NotionTaskSeed {
  id?: string;
  title: string;
  /** Option name for 상태 (status or select, whichever the schema uses). */
  status?: string;
  ownerIds?: string[];
  /** '2026-11-25' or an ISO date-time. */
  due?: string;
  priority?: string;
  details?: string;
  source?: string;
  url?: string;
  /** ISO timestamp; default: the fake's clock, rounded down to the minute like Notion. */
  createdTime?: string;
  inTrash?: boolean;
  /** Extra request-shaped property values, e.g. `{ 'Estimate': { number: 3 } }`. */
  properties?: Record<string, unknown>;
}

export interface NotionFake {
  url: string;
  databaseId: string;
  dataSourceId: string;
  botUserId: string;
  calls: NotionCall[];
  /** The live data-source schema (select options created by writes show up here). */
  readonly schema: NotionPropertySchema[];
  /** All stored pages (including trashed), in creation order. */
  readonly pages: NotionPage[];
  /** Simulated latency applied to every response. */
  latencyMs: number;
  addUser(user: { id?: string; name: string; email?: string; type?: 'person' | 'bot' }): string;
  addTask(task: NotionTaskSeed): string;
  page(id: string): NotionPage | undefined;
  /** Property value by property name (or id) on a stored page. */
  prop(pageId: string, property: string): NotionPropertyValue | undefined;
  /** Name of the 상태 option; null if empty; undefined if no such page/property. */
  taskStatus(pageId: string): string | null | undefined;
  callsOf(method: string, pathPattern?: RegExp): NotionCall[];
  /** Fail the next request whose path (or "METHOD /path") matches. Queued, one use each. */
  failNext(pathPattern: RegExp, fault: NotionFault): void;
  /** Allow at most n requests per rolling second per token (429 rate_limited beyond); null disables. */
  rateLimitPerSecond(n: number | null): void;
  /** Drop pages, users, calls, faults, rate limit and latency; rebuild the schema from the start options. */
  reset(): void;
  close(): Promise<void>;
}

const RATE_LIMIT_MESSAGE = 'You have been rate limited. Please try again in a few minutes.';
const FAULT_DEFAULTS: Record<number, [string, string]> = {
  500: ['internal_server_error', 'Unexpected error occurred.'],
  502: ['bad_gateway', 'Bad gateway.'],
  503: ['service_unavailable', 'Notion is unavailable. This can occur when the time to respond to a request takes longer than 60 seconds.'],
  504: ['gateway_timeout', 'Notion timed out while attempting to complete this request.'],
};

function errorResponse(status: number, code: string, message: string, headers?: Record<string, string>): FakeResponse {
  return { status, ...(headers ? { headers } : {}), body: { object: 'error', status, code, message, request_id: randomUUID() } };
}

const notFound = (kind: string, id: string): NotionApiError =>
  new NotionApiError(
    404,
    'object_not_found',
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function startNotionFake(opts: NotionFakeOptions = {}): Promise<NotionFake> {
  const databaseId = normalizeId(opts.databaseId ?? DEFAULT_DATABASE_ID);
  const dataSourceId = normalizeId(opts.dataSourceId ?? DEFAULT_DATA_SOURCE_ID);
  if (!databaseId || !dataSourceId) throw new Error('startNotionFake: databaseId/dataSourceId must be UUIDs');
  const requireVersion = opts.requireVersion ?? NOTION_VERSION;
  const clock = opts.now ?? (() => new Date());
  const minuteIso = (): string => {
    const d = clock();
    d.setUTCSeconds(0, 0);
    return d.toISOString();
  };
  const botUser: NotionUser = {
    object: 'user',
    id: NOTION_BOT_USER_ID,
    name: 'Paimy',
    avatar_url: null,
    type: 'bot',
    bot: { owner: { type: 'workspace', workspace: true }, workspace_name: 'Paimy Test' },
  };

  let schema = buildSchema(opts);
  const pages = new Map<string, NotionPage>();
  const users = new Map<string, NotionUser>([[botUser.id, botUser]]);
  let faults: Array<{ pattern: RegExp; fault: NotionFault }> = [];
  let rateLimit: number | null = null;
  const recentByToken = new Map<string, number[]>();

  const getPage = (rawId: string): NotionPage => {
    const id = normalizeId(rawId);
    const page = id ? pages.get(id) : undefined;
    if (!page) throw notFound('page', rawId);
    return page;
  };

  const applyProperties = (page: NotionPage, input: unknown): void => {
    if (input === undefined) return;
    if (!isObj(input)) throw validationError('body.properties should be an object.');
    // Validate everything first so a bad property leaves the page untouched, like Notion.
    const next: Array<[string, NotionPropertyValue]> = Object.entries(input).map(([key, value]) => {
      const prop = findProperty(schema, key);
      if (!prop) throw validationError(`${key} is not a property that exists.`);
      return [prop.name, toPropertyValue(prop, value, users)];
    });
    for (const [name, value] of next) page.properties[name] = value;
  };

  const createPage = (body: Obj, seed?: { id?: string; createdTime?: string }): NotionPage => {
    const parent = isObj(body.parent) ? body.parent : {};
    const dsId = typeof parent.data_source_id === 'string' ? parent.data_source_id : undefined;
    const dbId = typeof parent.database_id === 'string' ? parent.database_id : undefined;
    if (dsId !== undefined) {
      if (normalizeId(dsId) !== dataSourceId) throw notFound('data_source', dsId);
    } else if (dbId !== undefined) {
      if (normalizeId(dbId) !== databaseId) throw notFound('database', dbId);
    } else {
      throw validationError('body.parent.data_source_id should be defined, instead was `undefined`.');
    }
    const id = seed?.id !== undefined ? normalizeId(seed.id) : randomUUID();
    if (!id) throw new Error(`addTask: id must be a UUID, got ${String(seed?.id)}`);
    const now = seed?.createdTime ?? minuteIso();
    const page: NotionPage = {
      object: 'page',
      id,
      created_time: now,
      last_edited_time: now,
      created_by: { object: 'user', id: NOTION_BOT_USER_ID },
      last_edited_by: { object: 'user', id: NOTION_BOT_USER_ID },
      cover: null,
      icon: null,
      parent: { type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId },
      archived: false,
      in_trash: false,
      is_archived: false,
      is_locked: false,
      properties: Object.fromEntries(schema.map((p) => [p.name, emptyValue(p)])),
      url: `https://www.notion.so/${id.replace(/-/g, '')}`,
      public_url: null,
    };
    applyProperties(page, body.properties ?? {});
    pages.set(id, page);
    return page;
  };

  const updatePage = (page: NotionPage, body: Obj): NotionPage => {
    const trashFlag = body.in_trash ?? body.archived;
    if (page.in_trash && trashFlag !== false) {
      throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
    }
    applyProperties(page, body.properties);
    if (typeof trashFlag === 'boolean') {
      page.in_trash = trashFlag;
      page.archived = trashFlag;
      page.is_archived = trashFlag;
    }
    page.last_edited_time = minuteIso();
    return page;
  };

  const queryDataSource = (body: Obj): Obj => {
    const pageSize = body.page_size ?? 100;
    if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw validationError(`body.page_size should be ≤ \`100\` and ≥ \`1\`, instead was \`${JSON.stringify(pageSize)}\`.`);
    }
    const matches = compileFilter(body.filter, schema, clock().getTime());
    const compare = compileSorts(body.sorts, schema);
    const wantTrash = body.in_trash === true || body.archived === true;
    const all = [...pages.values()].filter((p) => p.in_trash === wantTrash && matches(p)).sort(compare);
    let start = 0;
    if (body.start_cursor !== undefined && body.start_cursor !== null) {
      const cursor = typeof body.start_cursor === 'string' ? normalizeId(body.start_cursor) : undefined;
      start = all.findIndex((p) => p.id === cursor);
      if (start < 0) throw validationError(`start_cursor provided is invalid: ${String(body.start_cursor)}`);
    }
    const results = all.slice(start, start + pageSize);
    const next = all[start + pageSize];
    return {
      object: 'list',
      results,
      next_cursor: next ? next.id : null,
      has_more: next !== undefined,
      type: 'page_or_data_source',
      page_or_data_source: {},
    };
  };

  const listUsers = (query: URLSearchParams): Obj => {
    const pageSize = Math.min(Number(query.get('page_size') ?? 100) || 100, 100);
    const all = [...users.values()];
    const cursor = query.get('start_cursor');
    const start = cursor ? all.findIndex((u) => u.id === normalizeId(cursor)) : 0;
    if (start < 0) throw validationError(`start_cursor provided is invalid: ${cursor}`);
    const next = all[start + pageSize];
    return {
      object: 'list',
      results: all.slice(start, start + pageSize),
      next_cursor: next ? next.id : null,
      has_more: next !== undefined,
      type: 'user',
      user: {},
    };
  };

  const database = (): Obj => ({
    object: 'database',
    id: databaseId,
    title: richText(opts.databaseTitle ?? 'Paimy Tasks'),
    description: [],
    parent: { type: 'workspace', workspace: true },
    is_inline: false,
    in_trash: false,
    archived: false,
    is_locked: false,
    created_time: '2026-01-05T00:00:00.000Z',
    last_edited_time: '2026-01-05T00:00:00.000Z',
    data_sources: [{ id: dataSourceId, name: 'Tasks' }],
    icon: null,
    cover: null,
    url: `https://www.notion.so/${databaseId.replace(/-/g, '')}`,
    public_url: null,
  });

  const dataSource = (): Obj => ({
    object: 'data_source',
    id: dataSourceId,
    title: richText('Tasks'),
    description: [],
    parent: { type: 'database_id', database_id: databaseId },
    database_parent: { type: 'workspace', workspace: true },
    is_inline: false,
    in_trash: false,
    archived: false,
    created_time: '2026-01-05T00:00:00.000Z',
    last_edited_time: '2026-01-05T00:00:00.000Z',
    created_by: { object: 'user', id: NOTION_BOT_USER_ID },
    last_edited_by: { object: 'user', id: NOTION_BOT_USER_ID },
    properties: schemaToWire(schema),
    icon: null,
    cover: null,
    url: `https://www.notion.so/${databaseId.replace(/-/g, '')}`,
    public_url: null,
  });

  /** Validate a UUID path segment the way Notion does. */
  const pathId = (raw: string, name: string): string => {
    const id = normalizeId(raw);
    if (!id) throw validationError(`path failed validation: path.${name} should be a valid uuid, instead was \`"${raw}"\`.`);
    return id;
  };

  const route = (req: FakeRequest): object => {
    const body: Obj = isObj(req.json) ? req.json : {};
    const seg = req.path.replace(/^\/v1\//, '').split('/');
    const [a, b, c] = seg;
    const m = req.method;
    if (a === 'databases' && b && !c && m === 'GET') {
      if (pathId(b, 'database_id') !== databaseId) throw notFound('database', b);
      return database();
    }
    if (a === 'data_sources' && b) {
      if (pathId(b, 'data_source_id') !== dataSourceId) throw notFound('data_source', b);
      if (!c && m === 'GET') return dataSource();
      if (c === 'query' && m === 'POST') return queryDataSource(body);
    }
    if (a === 'pages' && !b && m === 'POST') return createPage(body);
    if (a === 'pages' && b && !c) {
      pathId(b, 'page_id');
      if (m === 'GET') return getPage(b);
      if (m === 'PATCH') return updatePage(getPage(b), body);
    }
    if (a === 'users' && !b && m === 'GET') return listUsers(req.query);
    if (a === 'users' && b === 'me' && m === 'GET') return botUser;
    if (a === 'users' && b && m === 'GET') {
      const user = users.get(pathId(b, 'user_id'));
      if (!user) throw notFound('user', b);
      return user;
    }
    throw new NotionApiError(400, 'invalid_request_url', 'Invalid request URL.');
  };

  const rateLimited = (token: string): FakeResponse | undefined => {
    if (rateLimit === null) return undefined;
    const now = Date.now();
    const recent = (recentByToken.get(token) ?? []).filter((t) => now - t < 1000);
    recentByToken.set(token, recent);
    const oldest = recent[0];
    if (recent.length >= rateLimit && oldest !== undefined) {
      const retryAfter = Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
      return errorResponse(429, 'rate_limited', RATE_LIMIT_MESSAGE, { 'retry-after': String(retryAfter) });
    }
    recent.push(now);
    return undefined;
  };

  const faultResponse = (fault: NotionFault): FakeResponse => {
    if ('code' in fault) return errorResponse(fault.status, fault.code, fault.message);
    if (fault.status === 429 && 'retryAfterSeconds' in fault) {
      return errorResponse(429, 'rate_limited', RATE_LIMIT_MESSAGE, { 'retry-after': String(fault.retryAfterSeconds) });
    }
    const [code, message] = FAULT_DEFAULTS[fault.status] ?? ['internal_server_error', 'Unexpected error occurred.'];
    return errorResponse(fault.status, code, message);
  };

  const handle = async (req: FakeRequest): Promise<FakeResponse> => {
    const version = req.headers['notion-version'];
    const call: NotionCall = {
      method: req.method,
      path: req.path,
      body: req.json,
      query: Object.fromEntries(req.query),
      ...(typeof version === 'string' ? { notionVersion: version } : {}),
    };
    fake.calls.push(call);
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token) return errorResponse(401, 'unauthorized', 'API token is invalid.');
    if (typeof version !== 'string') {
      return errorResponse(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
    }
    if (requireVersion !== false && version !== requireVersion) {
      return errorResponse(400, 'invalid_request', `This fake speaks Notion-Version ${requireVersion} only, got ${version}.`);
    }
    const i = faults.findIndex((f) => f.pattern.test(req.path) || f.pattern.test(`${req.method} ${req.path}`));
    const queued = i >= 0 ? faults.splice(i, 1)[0] : undefined;
    if (queued) {
      call.fault = queued.fault;
      return faultResponse(queued.fault);
    }
    const limited = rateLimited(token);
    if (limited) {
      call.fault = { status: 429, retryAfterSeconds: Number(limited.headers?.['retry-after'] ?? 1) };
      return limited;
    }
    try {
      return { status: 200, body: { ...route(req), request_id: randomUUID() } };
    } catch (err) {
      if (err instanceof NotionApiError) return errorResponse(err.status, err.code, err.message);
      throw err;
    }
  };

  const server = await startHttpServer(async (req) => {
    const res = await handle(req);
    if (fake.latencyMs > 0) await sleep(fake.latencyMs);
    return res;
  }, 'notion');

  const fake: NotionFake = {
    url: server.url,
    databaseId,
    dataSourceId,
    botUserId: NOTION_BOT_USER_ID,
    calls: [],
    get schema() {
      return schema;
    },
    get pages() {
      return [...pages.values()];
    },
    latencyMs: 0,
    addUser: ({ id, name, email, type = 'person' }) => {
      const uid = normalizeId(id ?? randomUUID());
      if (!uid) throw new Error(`notion fake addUser: id must be a UUID (Notion user ids are), got ${String(id)}`);
      users.set(
        uid,
        type === 'person'
          ? { object: 'user', id: uid, name, avatar_url: null, type: 'person', person: email !== undefined ? { email } : {} }
          : { object: 'user', id: uid, name, avatar_url: null, type: 'bot', bot: {} },
      );
      return uid;
    },
    addTask: (task) => {
      const props: Obj = {};
      const set = (name: string, make: (p: NotionPropertySchema) => unknown): void => {
        const p = findProperty(schema, name);
        if (p) props[p.name] = make(p);
      };
      const text = (s: string): unknown[] => [{ text: { content: s } }];
      set(PROP.title, () => ({ title: text(task.title) }));
      if (task.status !== undefined) set(PROP.status, (p) => ({ [p.type]: { name: task.status } }));
      if (task.ownerIds) set(PROP.owner, () => ({ people: task.ownerIds?.map((id) => ({ id })) }));
      if (task.due !== undefined) set(PROP.due, () => ({ date: { start: task.due } }));
      if (task.priority !== undefined) set(PROP.priority, (p) => ({ [p.type]: { name: task.priority } }));
      if (task.details !== undefined) set(PROP.details, () => ({ rich_text: text(task.details ?? '') }));
      if (task.source !== undefined) set(PROP.source, (p) => ({ [p.type]: { name: task.source } }));
      if (task.url !== undefined) set(PROP.url, () => ({ url: task.url }));
      Object.assign(props, task.properties);
      const page = createPage(
        { parent: { data_source_id: dataSourceId }, properties: props },
        { ...(task.id !== undefined ? { id: task.id } : {}), ...(task.createdTime !== undefined ? { createdTime: task.createdTime } : {}) },
      );
      if (task.inTrash) updatePage(page, { in_trash: true });
      return page.id;
    },
    page: (id) => {
      const nid = normalizeId(id);
      return nid ? pages.get(nid) : undefined;
    },
    prop: (pageId, property) => {
      const page = fake.page(pageId);
      const p = findProperty(schema, property);
      return page && p ? page.properties[p.name] : undefined;
    },
    taskStatus: (pageId) => {
      const v = fake.prop(pageId, PROP.status);
      if (v?.type === 'status') return v.status?.name ?? null;
      if (v?.type === 'select') return v.select?.name ?? null;
      return undefined;
    },
    callsOf: (method, pathPattern) =>
      fake.calls.filter((c) => c.method === method.toUpperCase() && (!pathPattern || pathPattern.test(c.path))),
    failNext: (pattern, fault) => {
      faults.push({ pattern, fault });
    },
    rateLimitPerSecond: (n) => {
      rateLimit = n;
      recentByToken.clear();
    },
    reset: () => {
      schema = buildSchema(opts);
      pages.clear();
      users.clear();
      users.set(botUser.id, botUser);
      faults = [];
      rateLimit = null;
      recentByToken.clear();
      fake.calls.length = 0;
      fake.latencyMs = 0;
    },
    close: () => server.close(),
  };
  return fake;
}
