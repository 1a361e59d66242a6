/**
 * The key store's files are 0600 from their creation: the database, and the
 * `-wal` and `-shm` files SQLite creates beside it (it gives them the
 * database file's mode). The store is opened in a child process whose umask
 * is 000, so a file created with SQLite's default 0644 — or anything but an
 * explicit 0600 — would show here as readable by group and others.
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/run-cli.ts';
import { tempDir, type TempDir } from '../support/temp-dir.ts';

const KEY_STORE = join(REPO_ROOT, 'src/keystore/key-store.ts');

/** Open a store at `path` under umask 000, add a block, and report the modes of its files while it is open (and after close). */
function openUnderUmask0(dir: TempDir, path: string): { open: Record<string, number>; closed: Record<string, number> } {
  const script = dir.file('open-store.ts');
  writeFileSync(
    script,
    `import { existsSync, statSync } from 'node:fs';
import { KeyStore } from ${JSON.stringify(KEY_STORE)};
process.umask(0);
const path = ${JSON.stringify(path)};
const modes = () => Object.fromEntries(['', '-wal', '-shm'].filter((s) => existsSync(path + s)).map((s) => [s || 'db', statSync(path + s).mode & 0o777]));
const store = KeyStore.open({ path, maxBits: 1 << 20 });
store.addBlock('b-' + process.pid, new Uint8Array(64).fill(0xa5), { authBits: 128 });
const open = modes();
store.close();
console.log(JSON.stringify({ open, closed: modes() }));
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { open: Record<string, number>; closed: Record<string, number> };
}

describe('key store file modes', () => {
  let dir: TempDir | undefined;
  afterEach(() => dir?.remove());

  it('a new store: database, -wal and -shm are 0600 even under umask 000', () => {
    dir = tempDir('qkdd-store-modes-');
    const path = dir.file('keys.sqlite');
    const { open, closed } = openUnderUmask0(dir, path);
    // While open, WAL mode keeps all three files.
    expect(Object.keys(open).sort()).toEqual(['-shm', '-wal', 'db']);
    for (const [file, mode] of Object.entries(open)) expect(mode.toString(8), file).toBe('600');
    for (const [file, mode] of Object.entries(closed)) expect(mode.toString(8), file).toBe('600');
    // Reopening keeps them 0600.
    const again = openUnderUmask0(dir, path);
    for (const [file, mode] of Object.entries(again.open)) expect(mode.toString(8), file).toBe('600');
  }, 120_000);

  it('an existing store keeps its mode (qkdd run refuses a readable one instead of changing it)', () => {
    dir = tempDir('qkdd-store-modes-');
    const path = dir.file('keys.sqlite');
    writeFileSync(path, '', { mode: 0o640 });
    const { open } = openUnderUmask0(dir, path);
    expect(open.db!.toString(8)).toBe('640');
    // SQLite gives the log the database's mode: the preflight checks all three (test/security/readable-secrets.test.ts).
    expect(open['-wal']!.toString(8)).toBe('640');
    expect(statSync(path).size).toBeGreaterThan(0);
  }, 120_000);
});
