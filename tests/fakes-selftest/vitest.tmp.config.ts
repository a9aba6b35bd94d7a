import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: '/work/main', include: ['tests/fakes-selftest/**/*.test.ts'], testTimeout: 20_000 } });
