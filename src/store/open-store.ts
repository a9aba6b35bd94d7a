/** Opens the store the configuration names: Postgres, Supabase, or the embedded PGlite default. */
import { mkdir } from 'node:fs/promises';
import type { StoreConfig } from '../config';
import type { Logger } from '../logger';
import type { Store } from './store';

/**
 * Only the chosen backend's driver is loaded (each costs 10–30 MB of memory).
 * @throws the backend's error when it cannot be opened or reached
 */
export async function openStore(config: StoreConfig, log: Logger): Promise<Store> {
  switch (config.kind) {
    case 'pglite':
      await mkdir(config.dataDir, { recursive: true });
      log.info({ data_dir: config.dataDir }, 'opening the embedded PGlite store (the first start takes a few seconds)');
      return (await import('./pglite')).openPgliteStore(config.dataDir);
    case 'postgres':
      log.info('opening the Postgres store (DATABASE_URL)');
      return (await import('./postgres')).openPostgresStore(config.url);
    case 'supabase': {
      log.info({ url: config.url }, 'using the Supabase store');
      const store = (await import('./supabase')).openSupabaseStore(config.url, config.serviceRoleKey);
      await store.ping(); // fail at start-up, not on the first Slack event, when the schema is missing
      return store;
    }
  }
}
