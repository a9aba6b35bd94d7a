/**
 * The embedded default store: PGlite (Postgres compiled to WASM) in PAIMY_DATA_DIR, so
 * `npm start` needs no database server. Runs the same migrations as Supabase.
 */
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
  const db = await PGlite.create({ dataDir, loadDataDir: template });
  await migrate(db);
  return createFunctionStore(sqlCall(db), () => db.close());
}

/** Builds a migrated in-memory database and returns it as a tarball for `openPgliteStore`. */
export async function buildPgliteTemplate(): Promise<Blob> {
  const db = await PGlite.create();
  await migrate(db);
  const dump = await db.dumpDataDir('none');
  await db.close();
  return dump;
}
