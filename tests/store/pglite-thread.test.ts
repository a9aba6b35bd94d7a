/** The embedded store's database thread: SQL off the main thread, Postgres errors intact, no call left hanging. */
import { describe, expect, it } from 'vitest';
import { PgliteError, startPgliteThread } from '../../src/store/pglite-thread';

describe('the PGlite database thread', () => {
  it('answers queries with parsed rows and passes Postgres errors back with their SQLSTATE', async () => {
    const db = await startPgliteThread({ postgresqlconf: [] });
    try {
      await db.exec('create table t (id int primary key, doc jsonb, at timestamptz)');
      await db.query('insert into t values ($1, $2, $3)', [1, JSON.stringify({ 이름: '민지' }), '2026-11-24T15:00:00+09:00']);
      const { rows } = await db.query<{ doc: unknown; at: Date }>('select doc, at from t');
      expect(rows[0]!.doc).toEqual({ 이름: '민지' });
      expect(rows[0]!.at.toISOString()).toBe('2026-11-24T06:00:00.000Z');

      const duplicate = db.query('insert into t values (1, null, null)');
      await expect(duplicate).rejects.toBeInstanceOf(PgliteError);
      await expect(duplicate).rejects.toMatchObject({ code: '23505', message: expect.stringContaining('duplicate key') });
    } finally {
      await db.close();
    }
  });

  it('keeps the main thread free while a statement runs', async () => {
    const db = await startPgliteThread({ postgresqlconf: [] });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      await db.query('select pg_sleep(0.5)');
      clearInterval(timer);
      expect(ticks).toBeGreaterThanOrEqual(20); // on the main thread the sleep would allow none
    } finally {
      await db.close();
    }
  });

  it('rejects calls after close instead of leaving them waiting', async () => {
    const db = await startPgliteThread({ postgresqlconf: [] });
    await db.close();
    await expect(db.query('select 1')).rejects.toThrow('the embedded database thread has stopped');
  });
});
