/**
 * The direct-Postgres store (DATABASE_URL) over node-postgres: the same migrations and SQL
 * functions as every other store. Migrations run under an advisory lock so two replicas
 * starting together do not race.
 */
import pg from 'pg';
import { createFunctionStore } from './function-store';
import { migrate } from './migrations';
import { sqlCall } from './sql-call';
import type { Store } from './store';

const MIGRATION_LOCK = 'select pg_advisory_lock(hashtext($1))';
const MIGRATION_UNLOCK = 'select pg_advisory_unlock(hashtext($1))';

/** @throws the driver's error when the server cannot be reached or a migration fails */
export async function openPostgresStore(connectionString: string, poolSize = 10): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  const client = await pool.connect();
  try {
    await client.query(MIGRATION_LOCK, ['paimy:migrations']);
    await migrate({ exec: (script) => client.query(script), query: (sql, params) => client.query(sql, params as unknown[]) as never });
  } finally {
    await client.query(MIGRATION_UNLOCK, ['paimy:migrations']).catch(() => undefined);
    client.release();
  }
  return createFunctionStore(sqlCall({ query: (sql, params) => pool.query(sql, params as unknown[]) as never }), () => pool.end());
}
