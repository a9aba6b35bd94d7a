/**
 * `CallFunction` over a Postgres-speaking client (PGlite, node-postgres): `select fn(p_a => $1, …)`.
 * jsonb parameters (marked with `json()`) travel as JSON text, strings included.
 */
import { type CallFunction, JsonArg } from './function-store';

export interface SqlQuery {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function sqlCall(db: SqlQuery): CallFunction {
  return async function callSqlFunction(fn, args) {
    const names = Object.keys(args);
    for (const n of [fn, ...names]) if (!IDENTIFIER.test(n)) throw new Error(`not an SQL identifier: ${n}`);
    const params = names.map((n) => toParam(args[n]));
    const list = names.map((n, i) => `${n} => $${i + 1}`).join(', ');
    const { rows } = await db.query<{ result: unknown }>(`select ${fn}(${list}) as result`, params);
    return rows[0]?.result ?? null;
  };
}

function toParam(value: unknown): unknown {
  if (value instanceof JsonArg) return JSON.stringify(value.value ?? null);
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}
