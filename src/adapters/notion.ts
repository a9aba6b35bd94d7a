/**
 * The Notion task database, in Paimy's own types. Uses @notionhq/client v5 (Notion-Version
 * 2025-09-03: `dataSources.query`, pages with a `data_source_id` parent).
 * Source of truth: https://developers.notion.com/reference/query-a-data-source and
 * https://developers.notion.com/reference/page-property-values
 */
import { APIErrorCode, Client, LogLevel, isNotionClientError, type PageObjectResponse } from '@notionhq/client';
import type { NotionConfig, TaskStatus } from '../config';
import { TASK_STATUSES } from '../config';
import { type TaskDatabaseSchema, loadTaskDatabaseSchema } from './notion-schema';

/** A task as Paimy sees it. Dates: `YYYY-MM-DD`, or ISO 8601 with offset when a time is set. */
export interface Task {
  id: string;
  url: string;
  title: string;
  /** Paimy's state, or null when the page's option maps to none of them. */
  status: TaskStatus | null;
  /** The database's own option name (e.g. "Not started"). */
  statusName: string | null;
  owners: { id: string; name?: string }[];
  due: string | null;
  priority: string | null;
  details: string;
  source: string | null;
  sourceUrl: string | null;
}

export interface TaskQuery {
  ownerId?: string;
  statuses?: TaskStatus[];
  /** Leave out tasks in these states (e.g. Done for "overdue"). */
  excludeStatuses?: TaskStatus[];
  /**
   * Inclusive bounds on the due date: ISO 8601 instants with offset. Instants, not dates,
   * because Notion reads a date-only filter as a whole UTC day, which is not the team's day.
   */
  dueOnOrAfter?: string;
  dueOnOrBefore?: string;
  /** Substring of the title. */
  titleContains?: string;
  /** At most this many tasks (1–100). */
  limit: number;
}

export interface TaskChanges {
  title?: string;
  status?: TaskStatus;
  ownerIds?: string[];
  /** `YYYY-MM-DD` or ISO 8601 with offset; null clears it. */
  due?: string | null;
  priority?: 'High' | 'Medium' | 'Low';
  details?: string;
  source?: string;
  sourceUrl?: string;
}

export interface NotionPerson {
  id: string;
  name: string;
  email?: string;
}

export class TaskNotFoundError extends Error {
  override name = 'TaskNotFoundError';
}

/** Notion's limit on one rich text object's content. */
const RICH_TEXT_LIMIT = 2000;
const PEOPLE_TTL_MS = 10 * 60 * 1000;

type PropertyValue = PageObjectResponse['properties'][string];

export interface NotionTasksOptions {
  config: NotionConfig;
  /** Injected for tests; built from config otherwise. */
  client?: Client;
  /** The fetch the built client uses (e.g. pacedFetch, to share Notion's rate limit across replicas). */
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * The task database adapter. `ready()` checks the schema once (memoised); every other method
 * awaits it.
 */
export class NotionTasks {
  readonly client: Client;
  private readonly config: NotionConfig;
  private readonly now: () => number;
  private schemaPromise?: Promise<TaskDatabaseSchema>;
  private people?: { at: number; list: Promise<NotionPerson[]> };

  constructor({ config, client, fetch, now = Date.now }: NotionTasksOptions) {
    this.config = config;
    this.now = now;
    // The client retries 429 (honouring Retry-After) and 5xx itself.
    this.client = client ?? new Client({ auth: config.token, baseUrl: config.baseUrl, timeoutMs: 20_000, fetch, logLevel: LogLevel.ERROR });
  }

  /**
   * Loads and validates the schema once per process.
   * @throws NotionSchemaError naming every bad property; the promise is cleared so a later call retries
   */
  ready(): Promise<TaskDatabaseSchema> {
    this.schemaPromise ??= loadTaskDatabaseSchema(this.client, this.config).catch((error: unknown) => {
      this.schemaPromise = undefined;
      throw error;
    });
    return this.schemaPromise;
  }

  /** Tasks matching `q`, soonest due first (undated last). */
  async queryTasks(q: TaskQuery): Promise<Task[]> {
    const schema = await this.ready();
    const p = this.config.properties;
    const statusFilter = (name: string, op: 'equals' | 'does_not_equal') =>
      ({ property: p.status, [schema.statusType]: { [op]: name } }) as never;
    const and: unknown[] = [];
    if (q.ownerId) and.push({ property: p.owner, people: { contains: q.ownerId } });
    if (q.statuses?.length) {
      and.push({ or: q.statuses.map((s) => statusFilter(this.config.statusNames[s], 'equals')) });
    }
    for (const s of q.excludeStatuses ?? []) and.push(statusFilter(this.config.statusNames[s], 'does_not_equal'));
    if (q.dueOnOrAfter) and.push({ property: p.due, date: { on_or_after: q.dueOnOrAfter } });
    if (q.dueOnOrBefore) and.push({ property: p.due, date: { on_or_before: q.dueOnOrBefore } });
    if (q.titleContains) and.push({ property: p.title, title: { contains: q.titleContains } });

    const response = await this.client.dataSources.query({
      data_source_id: schema.dataSourceId,
      filter: and.length > 0 ? ({ and } as never) : undefined,
      sorts: [{ property: p.due, direction: 'ascending' }],
      page_size: Math.min(Math.max(q.limit, 1), 100),
      result_type: 'page',
    });
    return response.results
      .filter((r): r is PageObjectResponse => r.object === 'page' && 'properties' in r)
      .map((page) => this.toTask(page));
  }

  /**
   * @throws TaskNotFoundError when the page does not exist or is not in the task database
   */
  async getTask(id: string): Promise<Task> {
    const schema = await this.ready();
    const page = await this.notFoundAs(id, () => this.client.pages.retrieve({ page_id: id }));
    if (!('properties' in page) || !this.inTaskDatabase(page as PageObjectResponse, schema)) {
      throw new TaskNotFoundError(`${id} is not a task in the task database`);
    }
    return this.toTask(page as PageObjectResponse);
  }

  /**
   * Changes the given properties of a task and returns it as it now is.
   * @throws TaskNotFoundError when the page is not a task in the database
   */
  async updateTask(id: string, changes: TaskChanges): Promise<Task> {
    await this.getTask(id); // refuses pages outside the task database
    const page = await this.notFoundAs(id, async () =>
      this.client.pages.update({ page_id: id, properties: (await this.toProperties(changes)) as never }),
    );
    return this.toTask(page as PageObjectResponse);
  }

  /** Creates a task page in the database's data source. */
  async createTask(changes: TaskChanges & { title: string }): Promise<Task> {
    const schema = await this.ready();
    const page = await this.client.pages.create({
      parent: { type: 'data_source_id', data_source_id: schema.dataSourceId },
      properties: (await this.toProperties(changes)) as never,
    });
    return this.toTask(page as PageObjectResponse);
  }

  /** Workspace members (people, not bots), cached for ten minutes. */
  async listPeople(): Promise<NotionPerson[]> {
    if (!this.people || this.now() - this.people.at > PEOPLE_TTL_MS) {
      const list = this.fetchPeople();
      this.people = { at: this.now(), list };
      list.catch(() => (this.people = undefined));
    }
    return this.people.list;
  }

  /** @returns the Notion member whose email matches (case-insensitive), if any */
  async findPersonByEmail(email: string): Promise<NotionPerson | undefined> {
    const wanted = email.toLowerCase();
    return (await this.listPeople()).find((p) => p.email?.toLowerCase() === wanted);
  }

  private async fetchPeople(): Promise<NotionPerson[]> {
    const people: NotionPerson[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.users.list({ start_cursor: cursor, page_size: 100 });
      for (const u of page.results) {
        if (u.type === 'person') people.push({ id: u.id, name: u.name ?? '', email: u.person.email });
      }
      cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
    } while (cursor);
    return people;
  }

  private inTaskDatabase(page: PageObjectResponse, schema: TaskDatabaseSchema): boolean {
    const parent = page.parent as { type: string; data_source_id?: string; database_id?: string };
    return (
      parent.data_source_id === schema.dataSourceId ||
      (parent.type === 'database_id' && parent.database_id?.replace(/-/g, '') === this.config.databaseId.replace(/-/g, ''))
    );
  }

  private async notFoundAs<T>(id: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isNotionClientError(error) && error.code === APIErrorCode.ObjectNotFound) {
        throw new TaskNotFoundError(`No task with id ${id} (Notion: object_not_found)`);
      }
      throw error;
    }
  }

  private async toProperties(c: TaskChanges): Promise<Record<string, unknown>> {
    const schema = await this.ready();
    const p = this.config.properties;
    const has = (key: Parameters<typeof schema.missingOptional.includes>[0]) => !schema.missingOptional.includes(key);
    const out: Record<string, unknown> = {};
    if (c.title !== undefined) out[p.title] = { title: [{ text: { content: c.title.slice(0, RICH_TEXT_LIMIT) } }] };
    if (c.status !== undefined) out[p.status] = { [schema.statusType]: { name: this.config.statusNames[c.status] } };
    if (c.ownerIds !== undefined) out[p.owner] = { people: c.ownerIds.map((id) => ({ id })) };
    if (c.due !== undefined) out[p.due] = { date: c.due === null ? null : { start: c.due } };
    if (c.priority !== undefined && has('priority')) out[p.priority] = { select: { name: c.priority } };
    if (c.details !== undefined && has('details')) out[p.details] = { rich_text: splitRichText(c.details) };
    if (c.source !== undefined && has('source')) out[p.source] = { select: { name: c.source } };
    if (c.sourceUrl !== undefined && has('sourceUrl')) out[p.sourceUrl] = { url: c.sourceUrl };
    return out;
  }

  private toTask(page: PageObjectResponse): Task {
    const p = this.config.properties;
    const prop = (name: string): PropertyValue | undefined => page.properties[name];
    const statusName = optionName(prop(p.status));
    return {
      id: page.id,
      url: page.url,
      title: plainText(prop(p.title)),
      status: TASK_STATUSES.find((s) => this.config.statusNames[s] === statusName) ?? null,
      statusName,
      owners: peopleOf(prop(p.owner)),
      due: dateOf(prop(p.due)),
      priority: optionName(prop(p.priority)),
      details: plainText(prop(p.details)),
      source: optionName(prop(p.source)),
      sourceUrl: urlOf(prop(p.sourceUrl)),
    };
  }
}

/** Splits text into rich text objects of at most 2,000 characters (Notion's per-object limit). */
export function splitRichText(text: string): { text: { content: string } }[] {
  const chunks: { text: { content: string } }[] = [];
  const chars = Array.from(text); // never split a surrogate pair
  for (let i = 0; i < chars.length; i += RICH_TEXT_LIMIT) {
    chunks.push({ text: { content: chars.slice(i, i + RICH_TEXT_LIMIT).join('') } });
  }
  return chunks;
}

function plainText(v: PropertyValue | undefined): string {
  if (v?.type === 'title') return v.title.map((t) => t.plain_text).join('');
  if (v?.type === 'rich_text') return v.rich_text.map((t) => t.plain_text).join('');
  return '';
}

function optionName(v: PropertyValue | undefined): string | null {
  if (v?.type === 'status') return v.status?.name ?? null;
  if (v?.type === 'select') return v.select?.name ?? null;
  return null;
}

function peopleOf(v: PropertyValue | undefined): { id: string; name?: string }[] {
  if (v?.type !== 'people') return [];
  return v.people.map((u) => ({ id: u.id, name: 'name' in u ? (u.name ?? undefined) : undefined }));
}

function dateOf(v: PropertyValue | undefined): string | null {
  return v?.type === 'date' ? (v.date?.start ?? null) : null;
}

function urlOf(v: PropertyValue | undefined): string | null {
  return v?.type === 'url' ? v.url : null;
}
