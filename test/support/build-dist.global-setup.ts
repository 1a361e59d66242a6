/**
 * Vitest global setup: builds dist/ (scripts/build.mjs --if-stale) once,
 * before any test file runs. Tests start our command lines (`qkdd`, `qkdctl`,
 * `qkd-sim`) and the demo link's node processes from the compiled output:
 * through tsx every start cost about half a second more (a few hundred starts
 * per run), and the compiled daemon is what a bench runs. Building is a no-op
 * when dist/ is newer than every source.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildDist(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const started = Date.now();
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--quiet'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    throw new Error(`test setup: building dist/ failed (node scripts/build.mjs --if-stale):\n${r.stdout}${r.stderr}`);
  }
  const ms = Date.now() - started;
  if (ms > 2000) process.stderr.write(`test setup: built dist/ for the command-line tests in ${(ms / 1000).toFixed(1)} s\n`);
}
