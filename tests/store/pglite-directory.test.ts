/** The embedded store in a directory, as `npm start` opens it: created once, kept across restarts. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgliteStore } from '../../src/store/pglite';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('the embedded store in PAIMY_DATA_DIR', () => {
  it('creates the database on first start and remembers a user mapping after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paimy-data-'));
    dirs.push(dir);
    const first = await openPgliteStore(dir);
    await first.saveUserMapping({ slackUserId: 'U0MINJI', googleEmail: 'minji@example.com', source: 'manual' });
    await first.close();

    const second = await openPgliteStore(dir);
    try {
      expect(await second.getUserMapping('U0MINJI')).toMatchObject({ googleEmail: 'minji@example.com', source: 'manual' });
    } finally {
      await second.close();
    }
  }, 60_000);

  it('names the directory when it cannot hold a database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paimy-data-'));
    dirs.push(dir);
    const notADirectory = join(dir, 'file');
    await writeFile(notADirectory, 'not a database');
    await expect(openPgliteStore(notADirectory)).rejects.toThrow(`could not prepare the embedded database in ${notADirectory}: the directory cannot be used (file-system error 54: not a directory)`);
  }, 60_000);
});
