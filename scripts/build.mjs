#!/usr/bin/env node
// `npm run build`: a clean compile of the daemon to dist/ with tsc (relative
// `.ts` imports rewritten to `.js`). `--if-stale` builds only when dist/ is
// missing or older than a source file (what `npm start` and the test setup
// use). A lock directory keeps two builds from writing dist/ at once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, rmdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DIST, ROOT, distState } from './dist.mjs';

const LOCK = join(ROOT, '.dist-build.lock');
const NEXT = join(ROOT, '.dist-next');
const OLD = join(ROOT, '.dist-old');
const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log('usage: node scripts/build.mjs [--if-stale] [--quiet]\n  compiles the daemon to dist/ (tsc -p tsconfig.build.json)');
  process.exit(0);
}
const ifStale = args.includes('--if-stale');
const quiet = args.includes('--quiet');

async function acquireLock() {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A lock left by a killed build is older than any build takes.
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmdirSync(LOCK);
      if (Date.now() > deadline) {
        console.error(`build: ${LOCK} is held by another build for over 3 minutes; remove it if no build runs`);
        process.exit(2);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Builds (or not, when fresh and `--if-stale`); returns the exit code. */
function build() {
  const state = distState();
  if (ifStale && state === 'fresh') return 0;
  if (!quiet) process.stderr.write(`building dist/ (${state === 'missing' ? 'first build' : state}; tsc takes about 15 s) … `);
  const started = Date.now();
  // Compiled beside dist/ and swapped in by two renames: processes started from dist/ meanwhile (tests, a
  // running demo) never see a half-removed or half-built tree.
  rmSync(NEXT, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(
    process.execPath,
    [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', NEXT, '--tsBuildInfoFile', join(NEXT, '.tsbuildinfo')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (r.status !== 0) {
    if (!quiet) process.stderr.write('failed\n');
    process.stderr.write(r.stdout + r.stderr);
    rmSync(NEXT, { recursive: true, force: true });
    return r.status ?? 1;
  }
  // The stamp goes in last, so a tree without one is never taken for a build.
  writeFileSync(join(NEXT, '.build-stamp'), `${new Date().toISOString()}\n`);
  rmSync(OLD, { recursive: true, force: true });
  if (existsSync(DIST)) renameSync(DIST, OLD);
  renameSync(NEXT, DIST);
  rmSync(OLD, { recursive: true, force: true });
  if (!quiet) process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

await acquireLock();
let code;
try {
  code = build();
} finally {
  rmdirSync(LOCK);
}
process.exitCode = code;
