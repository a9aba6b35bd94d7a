/**
 * Applies supabase/migrations/*.sql in name order, once each, recording them in
 * `paimy_migrations`. The same files Supabase applies with `supabase db push`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { packagePath } from '../paths';

export const MIGRATIONS_DIR = packagePath('supabase/migrations/');

/** A client that can run a script of several statements. */
export interface ScriptRunner {
  exec(script: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** @returns the names of the migrations applied by this call */
export async function migrate(db: ScriptRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.exec(
    'create table if not exists paimy_migrations (name text primary key, applied_at timestamptz not null default now())',
  );
  const { rows } = await db.query<{ name: string }>('select name from paimy_migrations');
  const done = new Set(rows.map((r) => r.name));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const script = await readFile(`${dir}/${file}`, 'utf8');
    await db.exec(`begin;\n${script}\ninsert into paimy_migrations (name) values ('${file.replace(/'/g, "''")}');\ncommit;`);
    applied.push(file);
  }
  return applied;
}
