/**
 * The embedded store's database thread: one PGlite instance, answering queries posted by
 * `pglite-thread.ts`. PGlite runs each statement synchronously in WASM; here that blocks this
 * thread instead of the one acknowledging Slack's events.
 *
 * Plain JavaScript on purpose: a worker thread does not inherit the TypeScript loader of the
 * test runner, and this file needs nothing but PGlite.
 *
 * workerData: { dataDir?: string, template?: ArrayBuffer, postgresqlconf: string[] }
 * in:  { id: number, op: 'query', sql: string, params: unknown[] } | { id, op: 'exec', sql }
 *      | { id, op: 'dump' } | { id, op: 'close' }
 * out: { ready: true } | { fatal: SerializedError }
 *      | { id, ok: true, value } | { id, ok: false, error: SerializedError }
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** Postgres' error fields survive the trip between threads; the class does not. */
function serialize(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, code: e.code, detail: e.detail, hint: e.hint, where: e.where };
}

let db;
try {
  const { dataDir, template, postgresqlconf } = workerData;
  db = await PGlite.create({ dataDir, loadDataDir: template ? new Blob([template]) : undefined, postgresqlconf });
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ fatal: serialize(error) });
  process.exit(1);
}

async function run(message) {
  switch (message.op) {
    case 'query':
      return (await db.query(message.sql, message.params)).rows;
    case 'exec':
      await db.exec(message.sql);
      return null;
    case 'dump':
      return (await db.dumpDataDir('none')).arrayBuffer();
    case 'close':
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation: ${message.op}`);
  }
}

parentPort.on('message', async (message) => {
  try {
    const value = await run(message);
    parentPort.postMessage({ id: message.id, ok: true, value });
    if (message.op === 'close') parentPort.close();
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, error: serialize(error) });
  }
});
