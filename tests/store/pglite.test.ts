/** The store contract on the embedded PGlite store (a fresh database cloned from the run's template per test). */
import { freshStore } from '../support/store';
import { describeStoreContract } from './store-contract';

describeStoreContract('PGlite', async () => {
  const store = await freshStore();
  return { store, cleanup: () => store.close() };
});
