/**
 * Temporary folders for tests, one way for every test file: `tempDir()` for a
 * folder the caller removes, `tempDirsPerTest()` for folders removed after
 * each test of the file that called it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export interface TempDir {
  readonly dir: string;
  /** A path inside the folder. */
  file(name: string): string;
  remove(): void;
}

export function tempDir(prefix = 'qkdd-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Call at the top of a test file: returns a maker of fresh folders, each
 * removed (with everything in it) after the test that made it.
 */
export function tempDirsPerTest(prefix = 'qkdd-test-'): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
