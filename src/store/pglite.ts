/**
 * The embedded default store: PGlite (Postgres compiled to WASM) in PAIMY_DATA_DIR, so
 * `npm start` needs no database server. Runs the same migrations as Supabase.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createFunctionStore } from './function-store';
import { migrate } from './migrations';
import { sqlCall } from './sql-call';
import type { Store } from './store';

/**
 * Opens (creating on first use, ~8 s) the PGlite database and applies pending migrations.
 * @param dataDir a directory path, or undefined for an in-memory database
 * @param template a `dumpDataDir()` tarball to start from (tests clone one migrated template)
 */
export async function openPgliteStore(dataDir: string | undefined, template?: Blob): Promise<Store> {
  if (dataDir && !template && !existsSync(join(dataDir, 'PG_VERSION'))) {
    // Creating the cluster (initdb) grows the WASM heap to ~800 MB and it never shrinks; a
    // fresh instance on the finished directory starts at a quarter of that.
    const first = await PGlite.create({ dataDir, postgresqlconf: SMALL_FOOTPRINT });
    await migrate(first);
    await first.close();
  }
  const db = await PGlite.create({ dataDir, loadDataDir: template, postgresqlconf: SMALL_FOOTPRINT });
  await migrate(db);
  return createFunctionStore(sqlCall(db), () => db.close());
}

/** Paimy's tables are tiny: Postgres' default 128 MB of shared buffers would be pure overhead. */
const SMALL_FOOTPRINT = ['shared_buffers=16MB', 'work_mem=2MB'];

/** Builds a migrated in-memory database and returns it as a tarball for `openPgliteStore`. */
export async function buildPgliteTemplate(): Promise<Blob> {
  const db = await PGlite.create();
  await migrate(db);
  const dump = await db.dumpDataDir('none');
  await db.close();
  return dump;
}
