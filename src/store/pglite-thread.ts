/**
 * A PGlite database running in its own worker thread (`pglite-worker.mjs`), seen from the main
 * thread as a promise-based SQL client. PGlite executes SQL synchronously; on the main thread
 * every claim and journal write would stall Slack's acks behind it (bench: ack p99 339 ms at
 * 50 events/s). Here only the worker waits.
 */
import { Worker } from 'node:worker_threads';
import { packagePath } from '../paths';
import type { SqlQuery } from './sql-call';
import type { ScriptRunner } from './migrations';

/** Options for one database thread. */
export interface PgliteThreadOptions {
  /** A directory for the database files, or undefined for an in-memory database. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start an in-memory database from. */
  template?: ArrayBuffer;
  /** postgresql.conf lines, e.g. `shared_buffers=16MB`. */
  postgresqlconf: string[];
}

interface SerializedError {
  name: string;
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };
type Startup = { ready: true } | { fatal: SerializedError };

/** A database thread's SQL client. `close()` shuts the database down cleanly and ends the thread. */
export interface PgliteThread extends SqlQuery, ScriptRunner {
  /** The whole database as a tarball (PGlite `dumpDataDir('none')`). */
  dump(): Promise<ArrayBuffer>;
  close(): Promise<void>;
}

/** An error thrown inside the database thread, rebuilt with Postgres' fields (`code`, `detail`). */
export class PgliteError extends Error {
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  constructor(e: SerializedError) {
    super(e.message);
    this.name = e.name === 'Error' ? 'PgliteError' : e.name;
    this.code = e.code;
    this.detail = e.detail;
    this.hint = e.hint;
  }
}

// Plain JS, loaded from the source tree also when Paimy runs from its bundle.
const WORKER_PATH = packagePath('src/store/pglite-worker.mjs');

/**
 * Starts a database thread and waits until PGlite is open (~0.4 s on an existing directory;
 * creating a cluster takes seconds).
 * @throws PgliteError when PGlite cannot open the directory or template
 */
export async function startPgliteThread(options: PgliteThreadOptions): Promise<PgliteThread> {
  const worker = new Worker(WORKER_PATH, { workerData: options });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let stopped: Error | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m: Startup) => ('ready' in m ? resolve() : reject(new PgliteError(m.fatal))));
    worker.once('error', reject);
    void exited.then(() => reject(new Error('the embedded database thread exited during start-up')));
  });
  worker.removeAllListeners('message').removeAllListeners('error');

  worker.on('message', (reply: Reply) => {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.ok) call.resolve(reply.value);
    else call.reject(new PgliteError(reply.error));
  });
  // A crashed thread must fail every waiting call, not leave it hanging.
  const fail = (error: Error) => {
    stopped ??= error;
    for (const call of pending.values()) call.reject(stopped);
    pending.clear();
  };
  worker.on('error', fail);
  void exited.then(() => fail(new Error('the embedded database thread has stopped')));

  function send(message: Record<string, unknown>): Promise<unknown> {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return { rows: (await send({ op: 'query', sql, params })) as T[] };
    },
    async exec(sql: string) {
      return send({ op: 'exec', sql });
    },
    async dump() {
      return (await send({ op: 'dump' })) as ArrayBuffer;
    },
    async close() {
      if (stopped) return;
      await send({ op: 'close' });
      await exited;
    },
  };
}
