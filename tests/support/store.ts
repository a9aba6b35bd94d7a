/** A fresh, migrated PGlite store per test, cloned from the run's template. */
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openPgliteTemplateStore } from '../../src/store/pglite';
import type { Store } from '../../src/store/store';

// Read once per test worker; posting it to a database thread copies it, so every store is fresh.
let template: Promise<ArrayBuffer> | undefined;

export async function freshStore(): Promise<Store> {
  template ??= readFile(inject('pgliteTemplatePath')).then((t) => t.buffer.slice(t.byteOffset, t.byteOffset + t.byteLength));
  return openPgliteTemplateStore(await template);
}
