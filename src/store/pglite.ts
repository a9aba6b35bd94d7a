/**
 * The embedded default store: PGlite (Postgres compiled to WASM) in PAIMY_DATA_DIR, so
 * `npm start` needs no database server. Runs the same migrations as Supabase, on a database
 * thread of its own (`pglite-thread.ts`) so SQL never blocks Slack's acks.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createFunctionStore } from './function-store';
import { packagePath } from '../paths';
import { migrate } from './migrations';
import { startPgliteThread } from './pglite-thread';
import { sqlCall } from './sql-call';
import type { Store } from './store';

/** Paimy's tables are tiny: Postgres' default 128 MB of shared buffers would be pure overhead. */
const SMALL_FOOTPRINT = ['shared_buffers=16MB', 'work_mem=2MB'];
// Short-lived, so it runs from source under tsx also when Paimy runs from its bundle.
const PREPARE_SCRIPT = packagePath('src/store/pglite-prepare.ts');

/**
 * Opens the embedded store in `dataDir`: a short-lived process creates the cluster on first use
 * (~3 s) and applies pending migrations, then a database thread opens it (~0.5 s).
 * @throws Error naming the directory, with the preparing process' message, when the cluster
 *   cannot be created or migrated; PgliteError when the thread cannot open it
 */
export async function openPgliteStore(dataDir: string): Promise<Store> {
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', PREPARE_SCRIPT, dataDir, ...SMALL_FOOTPRINT]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`could not prepare the embedded database in ${dataDir}: ${stderr || (error as Error).message}`);
  }
  const db = await startPgliteThread({ dataDir, postgresqlconf: SMALL_FOOTPRINT });
  return createFunctionStore(sqlCall(db), () => db.close());
}

/**
 * Opens an in-memory store from a tarball made by `buildPgliteTemplate` (already migrated:
 * tests clone one template per test instead of creating a cluster each time).
 */
export async function openPgliteTemplateStore(template: ArrayBuffer): Promise<Store> {
  const db = await startPgliteThread({ template, postgresqlconf: SMALL_FOOTPRINT });
  return createFunctionStore(sqlCall(db), () => db.close());
}

/** Builds a migrated in-memory database and returns it as a tarball for `openPgliteTemplateStore`. */
export async function buildPgliteTemplate(): Promise<ArrayBuffer> {
  const db = await startPgliteThread({ postgresqlconf: SMALL_FOOTPRINT });
  await migrate(db);
  const dump = await db.dump();
  await db.close();
  return dump;
}
