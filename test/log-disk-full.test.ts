/**
 * A log file that cannot be written (disk full; here a file-size limit set
 * with prlimit, so writes fail with EFBIG) does not stop the process: one
 * line on stderr says so, the lines logged meanwhile are kept and written
 * once the file takes writes again, and that is said too. Before the fix the
 * file stream's 'error' event was uncaught and `qkdd run` died with a stack
 * (found by the soak's disk-full fault, test/soak/soak.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './support/temp-dir.ts';
import { waitFor as until } from './support/wait.ts';

const WRITER = fileURLToPath(new URL('./support/soak-log-writer.ts', import.meta.url));
const prlimit = spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
if (!prlimit) console.warn('log-disk-full: prlimit (util-linux) not found; skipped');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function setFsize(pid: number, soft: string): void {
  const r = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${soft}:`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`prlimit failed: ${r.stderr}`);
}

describe.skipIf(!prlimit)('a log file that cannot be written', () => {
  it('is reported once on stderr; the process keeps running and writes the held lines once it can', async () => {
    const dir = tempDir('qkdd-logfull-');
    cleanups.push(() => dir.remove());
    const file = join(dir.dir, 'node.log');
    // Already past the limit the test sets: every append fails while it holds.
    writeFileSync(file, `${'x'.repeat(8191)}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['pipe', 'pipe', 'pipe'] });
    cleanups.push(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const next = async (): Promise<string> => (await lines.next()).value as string;
    expect(await next()).toBe('ready');
    const send = async (line: string, reply: string): Promise<void> => {
      child.stdin!.write(`${line}\n`);
      expect(await next()).toBe(reply);
    };
    await send('log 1', 'ok 1');
    setFsize(child.pid!, '4096');
    await send('log 2', 'ok 2');
    expect(await until(() => /cannot write the log file .*node\.log: EFBIG/.test(stderr))).toBe(true);
    await send('log 3', 'ok 3');
    setFsize(child.pid!, 'unlimited');
    await send('log 4', 'ok 4');
    expect(await until(() => /can be written again/.test(stderr))).toBe(true);
    child.stdin!.write('exit\n');
    expect(await exited).toBe(0);
    expect(stderr.match(/cannot write the log file/g)).toHaveLength(1);
    const logged = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { n: number }).n);
    expect(logged).toEqual([1, 2, 3, 4]);
  }, 60_000);
});
