/**
 * The embedded default store: PGlite (Postgres compiled to WASM) in PAIMY_DATA_DIR, so
 * `npm start` needs no database server. Runs the same migrations as Supabase, on a database
 * thread of its own (`pglite-thread.ts`) so SQL never blocks Slack's acks.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createFunctionStore } from './function-store';
import { migrate } from './migrations';
import { startPgliteThread } from './pglite-thread';
import { sqlCall } from './sql-call';
import type { Store } from './store';

/**
 * Opens (creating on first use, ~8 s) the PGlite database and applies pending migrations.
 * @param dataDir a directory path, or undefined for an in-memory database
 * @param template a `dumpDataDir()` tarball to start from (tests clone one migrated template)
 * @throws PgliteError when the directory holds no usable database or a migration fails
 */
export async function openPgliteStore(dataDir: string | undefined, template?: ArrayBuffer): Promise<Store> {
  if (dataDir && !template && !existsSync(join(dataDir, 'PG_VERSION'))) {
    // Creating the cluster (initdb) grows the WASM heap to ~800 MB and a WASM heap never
    // shrinks: create it on a thread of its own and end that thread, freeing all of it.
    const first = await startPgliteThread({ dataDir, postgresqlconf: SMALL_FOOTPRINT });
    await migrate(first);
    await first.close();
  }
  const db = await startPgliteThread({ dataDir, template, postgresqlconf: SMALL_FOOTPRINT });
  await migrate(db);
  return createFunctionStore(sqlCall(db), () => db.close());
}

/** Paimy's tables are tiny: Postgres' default 128 MB of shared buffers would be pure overhead. */
const SMALL_FOOTPRINT = ['shared_buffers=16MB', 'work_mem=2MB'];

/** Builds a migrated in-memory database and returns it as a tarball for `openPgliteStore`. */
export async function buildPgliteTemplate(): Promise<ArrayBuffer> {
  const db = await startPgliteThread({ postgresqlconf: SMALL_FOOTPRINT });
  await migrate(db);
  const dump = await db.dump();
  await db.close();
  return dump;
}
