/**
 * Builds one migrated PGlite database per test run (a fresh one takes seconds; cloning the
 * dump takes a fraction of that) and hands its path to the tests.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPgliteTemplate } from '../../src/store/pglite';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'paimy-test-'));
  const path = join(dir, 'template.tar');
  const dump = await buildPgliteTemplate();
  await writeFile(path, Buffer.from(dump));
  project.provide('pgliteTemplatePath', path);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
