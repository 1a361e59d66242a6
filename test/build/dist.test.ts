/**
 * The compiled daemon: `scripts/build.mjs` (what `npm run build` and
 * `npm start` run) emits dist/, the bin entries run it without tsx, and the
 * frame worker threads start from the compiled `frame-worker.js` — the path
 * a daemon beside a bench takes, which the other tests (running the
 * TypeScript sources) never do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FrameExecutor } from '../../src/node/frame/frame-executor.ts';
import { BENCH_CHANNEL, copyInputs, paramsFor, runLinkOverExecutors } from '../bench/postprocessing.bench.ts';
import { REPO_ROOT } from '../support/run-cli.ts';
import { withSeed } from '../support/seed.ts';
import { syntheticFrame } from '../support/synthetic-frame.ts';

const DIST = join(REPO_ROOT, 'dist');
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function runBin(bin: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', bin), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, QKDD_QUIET_STALE: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the compiled daemon (dist/)', () => {
  beforeAll(() => {
    // Builds only when dist/ is missing or older than a source; a lock keeps parallel builds apart.
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--quiet'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status, `build failed:\n${r.stdout}${r.stderr}`).toBe(0);
  }, 310_000);

  it('emits JavaScript with the relative imports rewritten to .js', () => {
    const entry = join(DIST, 'src/cli/qkdd.js');
    expect(existsSync(entry)).toBe(true);
    const text = readFileSync(entry, 'utf8');
    expect(text).toMatch(/from ["']\.\/run-node\.js["']/);
    expect(text).not.toMatch(/from ["']\.[^"']*\.ts["']/);
    expect(existsSync(join(DIST, 'src/node/frame/frame-worker.js'))).toBe(true);
    expect(existsSync(join(DIST, 'firmware-protocol/generated/qkd.js'))).toBe(true);
  });

  it('runs each bin entry from dist/', () => {
    for (const bin of ['qkdd.js', 'qkd-sim.js', 'qkdctl.js']) {
      const r = runBin(bin, ['--version']);
      expect(r.stderr).toBe('');
      expect(r.status, bin).toBe(0);
      expect(r.stdout.trim()).toBe(`${bin.replace('.js', '')} ${VERSION}`);
    }
    const bad = runBin('qkdd.js', ['run', '--config', join(REPO_ROOT, 'no-such-bench.yaml')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('no-such-bench.yaml');
  });

  it('starts frame workers on the compiled frame-worker.js and gets the same key on both sides', async () => {
    const { WorkerFrameExecutor } = (await import(pathToFileURL(join(DIST, 'src/node/frame/worker-executor.js')).href)) as {
      WorkerFrameExecutor: new (o: { workers: number; seed?: number }) => FrameExecutor;
    };
    await withSeed('dist worker frame', async (rng) => {
      const alice = new WorkerFrameExecutor({ workers: 1 });
      const bob = new WorkerFrameExecutor({ workers: 1, seed: rng.nextU32() });
      try {
        // Two frames into one block of n_X = 2·10^5 key-basis bits (about one frame's worth: it spans both).
        const frames = [copyInputs(syntheticFrame(rng, BENCH_CHANNEL)), copyInputs(syntheticFrame(rng, BENCH_CHANNEL))];
        const out = await runLinkOverExecutors(alice, bob, frames, 1, paramsFor(BENCH_CHANNEL, 200_000), 1, false);
        expect(out.blocks.length).toBeGreaterThanOrEqual(1);
        const b = out.blocks[0];
        expect(b.alice.ok && b.bob.ok).toBe(true);
        if (b.alice.ok && b.bob.ok) {
          expect(b.alice.secretBits).toBeGreaterThan(0);
          expect(Buffer.from(b.alice.key).equals(Buffer.from(b.bob.key))).toBe(true);
        }
      } finally {
        await Promise.all([alice.shutdown(), bob.shutdown()]);
      }
    });
  });
});
