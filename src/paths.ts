/**
 * Files Paimy reads at run time, located from the package root. This module sits one level
 * below the root both as source (`src/paths.ts`) and inside the start-up bundle
 * (`dist/main.mjs`, see scripts/build.mjs), so one relative URL serves both.
 */
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);

/** An absolute file path from a path relative to the package root, e.g. `supabase/migrations/`. */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT));
}
