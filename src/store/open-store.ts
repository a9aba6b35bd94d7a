/** Opens the store the configuration names. */
import type { StoreConfig } from '../config';
import type { Logger } from '../logger';
import { openPgliteStore } from './pglite';
import type { Store } from './store';

export async function openStore(config: StoreConfig, log: Logger): Promise<Store> {
  switch (config.kind) {
    case 'pglite': {
      const { mkdir } = await import('node:fs/promises');
      await mkdir(config.dataDir, { recursive: true });
      log.info({ data_dir: config.dataDir }, 'opening the embedded PGlite store (the first start takes a few seconds)');
      return openPgliteStore(config.dataDir);
    }
    case 'postgres':
    case 'supabase':
      throw new Error(`The ${config.kind} store is not available in this version; unset DATABASE_URL / SUPABASE_URL to use the embedded store`);
  }
}
