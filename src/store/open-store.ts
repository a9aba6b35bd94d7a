/** Opens the store the configuration names: Postgres, Supabase, or the embedded PGlite default. */
import { mkdir } from 'node:fs/promises';
import type { StoreConfig } from '../config';
import type { Logger } from '../logger';
import { openPgliteStore } from './pglite';
import { openPostgresStore } from './postgres';
import type { Store } from './store';
import { openSupabaseStore } from './supabase';

export async function openStore(config: StoreConfig, log: Logger): Promise<Store> {
  switch (config.kind) {
    case 'pglite':
      await mkdir(config.dataDir, { recursive: true });
      log.info({ data_dir: config.dataDir }, 'opening the embedded PGlite store (the first start takes a few seconds)');
      return openPgliteStore(config.dataDir);
    case 'postgres':
      log.info('opening the Postgres store (DATABASE_URL)');
      return openPostgresStore(config.url);
    case 'supabase': {
      log.info({ url: config.url }, 'using the Supabase store');
      const store = openSupabaseStore(config.url, config.serviceRoleKey);
      await store.ping(); // fail at start-up, not on the first Slack event, when the schema is missing
      return store;
    }
  }
}
