import { defineConfig } from 'vitest/config';

/**
 * The store contract on a real PostgreSQL: `npm run test:postgres`. Needs the server at
 * PAIMY_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); each file works
 * in a schema of its own, one file at a time.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.postgres.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
