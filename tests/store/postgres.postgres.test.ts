/**
 * The store contract on PostgreSQL itself (the DATABASE_URL store), in a schema of its own:
 * `npm run test:postgres` against PAIMY_TEST_DATABASE_URL (default: the local server).
 */
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/store/migrations';
import { openPostgresStore } from '../../src/store/postgres';
import type { Store } from '../../src/store/store';
import { describeStoreContract } from './store-contract';

const BASE_URL = process.env.PAIMY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A connection string whose sessions work in `schema` (migrations, tables and functions land there). */
const inSchema = (schema: string) =>
  `${BASE_URL}${BASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const newSchemaName = () => `paimy_test_${randomBytes(6).toString('hex')}`;

const schema = newSchemaName();
const url = inSchema(schema);
let admin: pg.Client;
const extraSchemas: string[] = [];

beforeAll(async () => {
  admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
});
afterAll(async () => {
  for (const s of [schema, ...extraSchemas]) await admin.query(`drop schema if exists ${s} cascade`);
  await admin.end();
});

/** Empties every table but the migrations' record, so each test starts from a migrated, empty store. */
async function emptyTables(): Promise<void> {
  const { rows } = await admin.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = $1 and tablename <> 'paimy_migrations'`,
    [schema],
  );
  if (rows.length > 0) await admin.query(`truncate ${rows.map((r) => `${schema}.${r.tablename}`).join(', ')}`);
}

describeStoreContract('PostgreSQL', async () => {
  await emptyTables();
  const store = await openPostgresStore(url);
  return { store, cleanup: () => store.close() };
});

describe('PostgreSQL store specifics', () => {
  it('migrates the schema of its connection once, even when replicas start together', async () => {
    const fresh = newSchemaName();
    extraSchemas.push(fresh);
    await admin.query(`create schema ${fresh}`);
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(inSchema(fresh), 2)));
    try {
      const { rows } = await admin.query<{ name: string }>(`select name from ${fresh}.paimy_migrations order by name`);
      const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
      expect(files.length).toBeGreaterThanOrEqual(3);
      expect(rows.map((r) => r.name)).toEqual(files); // each once
      const tables = await admin.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = $1`, [fresh]);
      expect(tables.rows.map((r) => r.tablename)).toEqual(
        expect.arrayContaining(['conversation_context', 'event_journal', 'paimy_migrations', 'pending_actions', 'processed_events', 'user_mappings']),
      );
      await Promise.all(stores.map((s) => s.ping()));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
    const again = await openPostgresStore(inSchema(fresh), 1);
    await again.close();
    const { rows } = await admin.query(`select count(*)::int as n from ${fresh}.paimy_migrations`);
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql'));
    expect(rows[0]).toEqual({ n: files.length }); // a later start applies nothing again
  });

  it('gives exactly one of two replicas (two pools) a message both receive 10 times', async () => {
    await emptyTables();
    const replicas: Store[] = [await openPostgresStore(url, 5), await openPostgresStore(url, 5)];
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (replicas[i % 2] as Store).claimEvent(`EvR${i}`, [`event:EvR${i}`, 'message:C1:1700.7777'], `replica${i % 2}:${i}`, 60_000),
        ),
      );
      expect(outcomes.filter((o) => o.outcome === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(19);
      const { rows } = await admin.query(`select count(*)::int as n from ${schema}.processed_events`);
      expect(rows[0]).toEqual({ n: 2 }); // the winner's two keys, nothing of the losers
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });
});
