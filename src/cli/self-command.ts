/**
 * How to start another qkdd process running the same code as this one: the
 * compiled `dist/src/cli/qkdd.js` when this process runs compiled JavaScript
 * (`npm start`, the bin entries), the TypeScript source through tsx when it
 * runs the sources (tests, development). The demo's node processes and tests
 * that spawn the CLI use it, so a test never needs a build and a built
 * daemon never compiles anything.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RUNS_SOURCES = import.meta.url.endsWith('.ts');

/**
 * `process.execPath` plus these arguments, then the command's own, runs `qkdd`.
 * `compiled`: from sources, run the compiled `dist/src/cli/qkdd.js` instead of
 * the sources through tsx (tests that start many nodes: half a second less per
 * start; the caller makes sure dist/ is built, as the test setup does).
 */
export function qkddCommandArgs(o: { compiled?: boolean } = {}): string[] {
  if (RUNS_SOURCES && o.compiled) return [fileURLToPath(new URL('../../dist/src/cli/qkdd.js', import.meta.url))];
  const entry = fileURLToPath(new URL(RUNS_SOURCES ? './qkdd.ts' : './qkdd.js', import.meta.url));
  if (!RUNS_SOURCES) return [entry];
  // tsx's loader by absolute URL, so the child finds it whatever its working directory.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsxLoader, entry];
}
