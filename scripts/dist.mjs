// Where the compiled daemon lives and whether it is older than its sources.
// Shared by the build scripts, the bin launchers and the test setup, so that
// "stale" means one thing everywhere. Plain JavaScript: it runs before any
// TypeScript is compiled.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
/** Written last by a successful build; its mtime is the build's time. */
export const STAMP = join(DIST, '.build-stamp');
/** What the build reads: the source folders and the files that steer tsc. */
export const SOURCE_ROOTS = ['errors', 'formats', 'src', 'drivers', 'sim', 'firmware-protocol', 'test/bench', 'test/support'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtimeMs(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return /\.(ts|js|json)$/.test(path) ? st.mtimeMs : 0;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestMtimeMs(join(path, name)));
  }
  return newest;
}

/** 'missing', 'stale' (a source is newer than the last build) or 'fresh'. */
export function distState() {
  if (!existsSync(STAMP)) return 'missing';
  const built = statSync(STAMP).mtimeMs;
  const paths = [...SOURCE_ROOTS, ...SOURCE_FILES].map((p) => join(ROOT, p)).filter((p) => existsSync(p));
  return paths.some((p) => newestMtimeMs(p) > built) ? 'stale' : 'fresh';
}
