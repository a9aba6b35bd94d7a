/**
 * The store contract on the Supabase store: supabase-js `rpc` → a PostgREST fake → the REAL
 * PostgreSQL, in a schema of its own (migrated by a Postgres store first, as `supabase db push`
 * would). `npm run test:postgres` against PAIMY_TEST_DATABASE_URL (default: the local server).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres';
import { openSupabaseStore, SupabaseStoreError } from '../../src/store/supabase';
import { type PostgrestFake, startPostgrestFake } from '../fakes/postgrest';
import { describeStoreContract } from './store-contract';

const BASE_URL = process.env.PAIMY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const KEY = 'test-service-role-key.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.signature';

const schema = `paimy_test_${randomBytes(6).toString('hex')}`;
const url = `${BASE_URL}${BASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
let admin: pg.Client;
let fake: PostgrestFake;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const migrator = await openPostgresStore(url, 1); // runs supabase/migrations in the schema
  await migrator.close();
  fake = await startPostgrestFake({ connectionString: BASE_URL, schema, serviceRoleKey: KEY });
});
afterAll(async () => {
  await fake?.close();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

async function emptyTables(): Promise<void> {
  const { rows } = await admin.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = $1 and tablename <> 'paimy_migrations'`,
    [schema],
  );
  if (rows.length > 0) await admin.query(`truncate ${rows.map((r) => `${schema}.${r.tablename}`).join(', ')}`);
}

describeStoreContract('Supabase (supabase-js → PostgREST fake → PostgreSQL)', async () => {
  await emptyTables();
  const store = openSupabaseStore(fake.url, KEY);
  return { store, cleanup: () => store.close() };
});

describe('Supabase store specifics', () => {
  it('sends the service role key as apikey and as the bearer token, for the public schema, with named arguments', async () => {
    await emptyTables();
    const store = openSupabaseStore(fake.url, KEY);
    const from = fake.calls.length;
    await store.ping();
    expect((await store.claimEvent('Ev1', ['event:Ev1', 'message:C1:1.1'], 'A', 60_000)).outcome).toBe('claimed');
    await store.finishEvent('Ev1', 'A');
    await store.close();

    const calls = fake.calls.slice(from);
    expect(calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['POST', '/rest/v1/rpc/ping', 200],
      ['POST', '/rest/v1/rpc/claim_event', 200],
      ['POST', '/rest/v1/rpc/finish_event', 204], // a void function: no content
    ]);
    for (const call of calls) {
      expect(call.headers).toMatchObject({
        apikey: KEY,
        authorization: `Bearer ${KEY}`,
        'content-profile': 'public',
        'content-type': 'application/json',
      });
    }
    expect(calls[1]).toMatchObject({
      args: { p_event_id: 'Ev1', p_keys: ['event:Ev1', 'message:C1:1.1'], p_owner: 'A', p_lease_seconds: 60 },
      response: { outcome: 'claimed', event_id: 'Ev1' },
    });
    expect(calls[0]?.args).toEqual({});
    expect(calls[0]?.response).toBe(true);
  });

  it('fails with a clear SupabaseStoreError on a wrong key, and changes nothing', async () => {
    await emptyTables();
    const wrong = openSupabaseStore(fake.url, 'not-the-service-role-key');
    const error = await wrong.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupabaseStoreError);
    expect((error as Error).message).toBe('Supabase rpc ping failed: Invalid API key (PGRST301)');
    await expect(wrong.claimEvent('Ev1', ['event:Ev1'], 'A', 60_000)).rejects.toThrow(
      'Supabase rpc claim_event failed: Invalid API key (PGRST301)',
    );
    expect(fake.calls.at(-1)).toMatchObject({ status: 401, headers: { apikey: 'not-the-service-role-key' } });
    await wrong.close();

    const right = openSupabaseStore(fake.url, KEY);
    expect((await right.claimEvent('Ev1', ['event:Ev1'], 'A', 60_000)).outcome).toBe('claimed'); // the refused call left nothing
    await right.close();
  });

  it('reports a Postgres error with its SQLSTATE', async () => {
    const store = openSupabaseStore(fake.url, KEY);
    await expect(store.setPendingActionMessage('not-a-uuid', '1.1')).rejects.toThrow(
      new SupabaseStoreError('Supabase rpc set_pending_action_message failed: invalid input syntax for type uuid: "not-a-uuid" (22P02)'),
    );
    expect(fake.calls.at(-1)).toMatchObject({ status: 400, response: { code: '22P02', details: null, hint: null } });
    await store.close();
  });
});

describe('PostgREST fake', () => {
  const rpc = (fn: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`${fake.url}/rest/v1/rpc/${fn}`, {
      method,
      headers: { apikey: KEY, Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', ...headers },
      body: method === 'POST' ? JSON.stringify(body) : undefined,
    });

  it('answers an unknown function or unknown arguments with 404 PGRST202', async () => {
    const unknown = await rpc('no_such_function', { p_a: 1 });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      code: 'PGRST202',
      message: 'Could not find the function public.no_such_function(p_a) in the schema cache',
      details: 'Searched for the function public.no_such_function with parameter p_a or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: null,
    });
    const wrongArgs = await rpc('journal_get', { p_event: 'Ev1', p_step_key: 'x' });
    expect(wrongArgs.status).toBe(404);
    expect(await wrongArgs.json()).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.journal_get(p_event, p_step_key) in the schema cache',
      hint: 'Perhaps you meant to call the function public.journal_get(p_event_id, p_step_key)',
    });
  });

  it('returns scalars as JSON, void as 204, and passes a string to a jsonb parameter as a JSON string', async () => {
    await emptyTables();
    const put = await rpc('journal_put', { p_event_id: 'Ev1', p_step_key: 'reply', p_value: '1700.0001' });
    expect(put.status).toBe(200);
    expect(put.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await put.text()).toBe('"1700.0001"');
    const missing = await rpc('journal_get', { p_event_id: 'Ev1', p_step_key: 'nothing' });
    expect([missing.status, await missing.text()]).toEqual([200, 'null']);
    const finish = await rpc('finish_event', { p_event_id: 'Ev1', p_owner: 'A' });
    expect([finish.status, await finish.text(), finish.headers.get('content-type')]).toEqual([204, '', null]);
  });

  it('checks both keys and the schema', async () => {
    const noBearer = await fetch(`${fake.url}/rest/v1/rpc/ping`, { method: 'POST', headers: { apikey: KEY }, body: '{}' });
    expect([noBearer.status, await noBearer.json()]).toEqual([
      401,
      { code: 'PGRST302', message: 'Anonymous access is disabled', details: null, hint: null },
    ]);
    const badBearer = await rpc('ping', {}, { Authorization: 'Bearer forged' });
    expect(badBearer.status).toBe(401);
    expect(await badBearer.json()).toMatchObject({ code: 'PGRST301', message: 'JWT cryptographic operation failed' });
    const noKey = await fetch(`${fake.url}/rest/v1/rpc/ping`, { method: 'POST', body: '{}' });
    expect(await noKey.json()).toMatchObject({ code: 'PGRST301', message: 'No API key found in request' });
    const otherSchema = await rpc('ping', {}, { 'Content-Profile': 'private' });
    expect([otherSchema.status, await otherSchema.json()]).toEqual([
      406,
      { code: 'PGRST106', message: 'Invalid schema: private', details: null, hint: 'Only the following schemas are exposed: public' },
    ]);
  });

  it('rolls back with Prefer: tx=rollback, and runs GET in a read-only transaction', async () => {
    await emptyTables();
    const body = { p_event_id: 'Ev1', p_keys: ['event:Ev1'], p_owner: 'A', p_lease_seconds: 60 };
    const dryRun = await rpc('claim_event', body, { Prefer: 'tx=rollback' });
    expect([dryRun.status, await dryRun.json(), dryRun.headers.get('preference-applied')]).toEqual([200, { outcome: 'claimed', event_id: 'Ev1' }, 'tx=rollback']);
    expect(await (await rpc('claim_event', body)).json()).toEqual({ outcome: 'claimed', event_id: 'Ev1' }); // the dry run left nothing

    const get = await rpc('journal_get?p_event_id=Ev1&p_step_key=x', undefined, { 'Accept-Profile': 'public' }, 'GET');
    expect([get.status, await get.text()]).toEqual([200, 'null']);
    const write = await rpc('journal_put?p_event_id=Ev1&p_step_key=x&p_value=1', undefined, {}, 'GET');
    expect(write.status).toBe(405);
    expect(await write.json()).toMatchObject({ code: '25006' });
  });
});
