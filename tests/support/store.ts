/** A fresh, migrated PGlite store per test, cloned from the run's template. */
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openPgliteTemplateStore } from '../../src/store/pglite';
import type { Store } from '../../src/store/store';

export async function freshStore(): Promise<Store> {
  const tarball = await readFile(inject('pgliteTemplatePath'));
  return openPgliteTemplateStore(tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength));
}
