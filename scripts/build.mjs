/**
 * `npm run build` (and `prestart`): bundles src/main.ts into dist/main.mjs with esbuild, so
 * `npm start` runs plain Node. A TypeScript loader at run time costs a hooks thread of its own
 * (about 34 MB resident, measured); the bundle costs a 0.2 s build. npm packages stay
 * external and load from node_modules. Types are checked by `npm run typecheck`, not here.
 * Exits non-zero with esbuild's message (file and line) when the source does not parse.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

await build({
  absWorkingDir: fileURLToPath(new URL('../', import.meta.url)),
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // The store drivers and mail parsing load on first use (idle memory): keep those imports
  // dynamic by giving them chunks of their own.
  splitting: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
