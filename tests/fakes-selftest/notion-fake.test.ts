import { APIErrorCode, APIResponseError, Client, isFullPage, LogLevel } from '@notionhq/client';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PROP, startNotionFake, type NotionFake } from '../fakes';

let fake: NotionFake;
let notion: Client;
const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';

beforeEach(async () => {
  if (!fake) fake = await startNotionFake();
  fake.reset();
  fake.addUser({ id: ALICE, name: 'Alice Kim', email: 'alice@example.com' });
  fake.addUser({ id: BOB, name: 'Bob Lee', email: 'bob@example.com' });
  notion = new Client({ auth: 'secret_x', baseUrl: fake.url, retry: false, logLevel: LogLevel.ERROR });
});
afterAll(() => fake.close());

async function errorOf(p: Promise<unknown>): Promise<APIResponseError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!APIResponseError.isAPIResponseError(err)) throw new Error(`expected APIResponseError, got ${String(err)}`);
  return err;
}

describe('notion fake with the real @notionhq/client', () => {
  it('walks database → data source → filtered query → update', async () => {
    const soon = fake.addTask({ title: '보고서 작성', status: 'In Progress', ownerIds: [ALICE], due: '2026-11-25' });
    fake.addTask({ title: '끝난 일', status: 'Done', ownerIds: [ALICE], due: '2026-11-24' });
    fake.addTask({ title: '밥 일', status: 'In Progress', ownerIds: [BOB], due: '2026-11-25' });
    fake.addTask({ title: '나중 일', status: 'In Progress', ownerIds: [ALICE], due: '2026-12-31T10:00:00+09:00' });

    const db = await notion.databases.retrieve({ database_id: fake.databaseId });
    expect('data_sources' in db && db.data_sources[0]?.id).toBe(fake.dataSourceId);
    const ds = await notion.dataSources.retrieve({ data_source_id: fake.dataSourceId });
    expect('properties' in ds && ds.properties[PROP.status]?.type).toBe('status');

    const res = await notion.dataSources.query({
      data_source_id: fake.dataSourceId,
      filter: {
        and: [
          { property: PROP.owner, people: { contains: ALICE } },
          { property: PROP.status, status: { equals: 'In Progress' } },
          { property: PROP.due, date: { on_or_after: '2026-11-23' } },
          { property: PROP.due, date: { on_or_before: '2026-11-30T23:59:59+09:00' } },
        ],
      },
      sorts: [{ property: PROP.due, direction: 'ascending' }],
    });
    expect(res.results.map((r) => r.id)).toEqual([soon]);
    const page = res.results[0];
    if (!page || !isFullPage(page)) throw new Error('expected a full page');
    expect(page.properties[PROP.owner]).toMatchObject({ type: 'people', people: [{ id: ALICE, name: 'Alice Kim' }] });

    await notion.pages.update({ page_id: soon, properties: { [PROP.status]: { status: { name: 'Done' } } } });
    expect(fake.taskStatus(soon)).toBe('Done');
    expect(fake.callsOf('PATCH', /\/v1\/pages\//)).toHaveLength(1);
  });

  it('compares dates like Notion: date-only conditions are whole UTC days, date-times are instants', async () => {
    const dateOnly = fake.addTask({ title: 'a', due: '2026-11-25' });
    const kstEvening = fake.addTask({ title: 'b', due: '2026-11-25T23:30:00+09:00' }); // 14:30Z on the 25th
    const kstNextMorning = fake.addTask({ title: 'c', due: '2026-11-26T01:00:00+09:00' }); // 16:00Z on the 25th
    fake.addTask({ title: 'no due' });
    const ids = async (date: Record<string, unknown>): Promise<string[]> =>
      (await notion.dataSources.query({ data_source_id: fake.dataSourceId, filter: { property: PROP.due, date } as never })).results.map(
        (r) => r.id,
      );
    expect(await ids({ equals: '2026-11-25' })).toEqual([dateOnly, kstEvening, kstNextMorning]);
    expect(await ids({ on_or_before: '2026-11-25T23:59:59+09:00' })).toEqual([dateOnly, kstEvening]);
    expect(await ids({ after: '2026-11-25T15:00:00Z' })).toEqual([kstNextMorning]);
    expect(await ids({ is_empty: true })).toHaveLength(1);
  });

  it('creates pages under the data source and paginates', async () => {
    for (let i = 0; i < 3; i += 1) {
      await notion.pages.create({
        parent: { type: 'data_source_id', data_source_id: fake.dataSourceId },
        properties: {
          [PROP.title]: { title: [{ text: { content: `task ${i}` } }] },
          [PROP.source]: { select: { name: 'Slack' } },
        },
      });
    }
    const first = await notion.dataSources.query({ data_source_id: fake.dataSourceId, page_size: 2 });
    expect(first.has_more).toBe(true);
    const second = await notion.dataSources.query({
      data_source_id: fake.dataSourceId,
      page_size: 2,
      start_cursor: first.next_cursor ?? undefined,
    });
    expect([...first.results, ...second.results]).toHaveLength(3);
    expect(second.has_more).toBe(false);
    expect(fake.pages.every((p) => fake.taskStatus(p.id) === 'Backlog')).toBe(true);
  });

  it('rejects what Notion rejects', async () => {
    const id = fake.addTask({ title: 'x' });
    const missing = await errorOf(notion.pages.retrieve({ page_id: '33333333-3333-4333-8333-333333333333' }));
    expect(missing.code).toBe(APIErrorCode.ObjectNotFound);
    expect(missing.status).toBe(404);

    const badOption = await errorOf(
      notion.pages.update({ page_id: id, properties: { [PROP.status]: { status: { name: 'Nope' } } } }),
    );
    expect(badOption.code).toBe(APIErrorCode.ValidationError);
    expect(badOption.message).toContain('Nope');

    const wrongType = await errorOf(
      notion.dataSources.query({
        data_source_id: fake.dataSourceId,
        filter: { property: PROP.status, select: { equals: 'Done' } },
      }),
    );
    expect(wrongType.code).toBe(APIErrorCode.ValidationError);
    expect(wrongType.message).toContain(PROP.status);

    const unknownProp = await errorOf(
      notion.dataSources.query({ data_source_id: fake.dataSourceId, filter: { property: 'Nope', title: { contains: 'x' } } }),
    );
    expect(unknownProp.message).toContain('Nope');
  });

  it('supports a select-typed status schema and removed properties', async () => {
    const other = await startNotionFake({ statusPropertyType: 'select', properties: { [PROP.url]: null } });
    try {
      const client = new Client({ auth: 'secret_x', baseUrl: other.url, retry: false });
      const ds = await client.dataSources.retrieve({ data_source_id: other.dataSourceId });
      const props = 'properties' in ds ? ds.properties : {};
      expect(props[PROP.status]?.type).toBe('select');
      expect(props[PROP.url]).toBeUndefined();
      const id = other.addTask({ title: 't', status: 'Blocked' });
      expect(other.taskStatus(id)).toBe('Blocked');
    } finally {
      await other.close();
    }
  });

  it('lists users and injects faults and rate limits', async () => {
    const users = await notion.users.list({});
    expect(users.results.map((u) => u.id)).toContain(ALICE);
    expect(users.results.find((u) => u.id === ALICE)).toMatchObject({ type: 'person', person: { email: 'alice@example.com' } });

    fake.failNext(/\/query$/, { status: 429, retryAfterSeconds: 3 });
    const limited = await errorOf(notion.dataSources.query({ data_source_id: fake.dataSourceId }));
    expect(limited.code).toBe(APIErrorCode.RateLimited);
    expect(limited.headers).toBeDefined();
    await notion.dataSources.query({ data_source_id: fake.dataSourceId });

    fake.rateLimitPerSecond(2);
    const results = await Promise.allSettled([1, 2, 3].map(() => notion.users.list({})));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    fake.rateLimitPerSecond(null);
  });

  it('checks auth and version headers on the wire', async () => {
    const noVersion = await fetch(`${fake.url}/v1/users`, { headers: { authorization: 'Bearer secret_x' } });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ object: 'error', code: 'missing_version' });
    const noAuth = await fetch(`${fake.url}/v1/users`, { headers: { 'notion-version': '2025-09-03' } });
    expect(noAuth.status).toBe(401);
  });
});
