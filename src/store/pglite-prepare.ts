/**
 * Creates (initdb) and migrates the embedded database in a directory, then exits:
 * `node --import tsx src/store/pglite-prepare.ts <dataDir> [postgresql.conf line…]`.
 *
 * A process of its own because creating a cluster and running migrations grow PGlite's WASM
 * heap by hundreds of MB, and a WASM heap never shrinks; only a process' exit gives all of it
 * back. The long-lived database thread then opens a ready directory at a fraction of that.
 */
import { PGlite } from '@electric-sql/pglite';
import { migrate } from './migrations';

const WASI_ERRNO: Record<number, string> = { 2: 'permission denied', 20: 'file exists', 28: 'invalid argument', 44: 'no such file or directory', 51: 'no space left on device', 54: 'not a directory', 63: 'operation not permitted', 69: 'read-only file system' };

async function prepare(dataDir: string, postgresqlconf: string[]): Promise<void> {
  const db = await PGlite.create({ dataDir, postgresqlconf });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) process.stdout.write(`${JSON.stringify({ applied })}\n`);
  } finally {
    await db.close();
  }
}

const [dataDir, ...postgresqlconf] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: node --import tsx src/store/pglite-prepare.ts <dataDir> [postgresql.conf line…]\n');
  process.exitCode = 2;
} else {
  prepare(dataDir, postgresqlconf).catch((error: unknown) => {
    process.stderr.write(`${describe(error)}\n`);
    process.exitCode = 1;
  });
}

/** PGlite's file-system failures are Emscripten `ErrnoError`s: no message, only an errno (WASI numbering). */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const errno = (error as { errno?: number } | null)?.errno;
  return errno === undefined ? String(error) : `the directory cannot be used (file-system error ${errno}: ${WASI_ERRNO[errno] ?? 'unknown'})`;
}
