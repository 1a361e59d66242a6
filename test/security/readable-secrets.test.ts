/**
 * `qkdd run` refuses to start on a secret that group or others may read: the
 * pre-shared key file and its position file, the TLS private key, and the key
 * store's files (database, -wal, -shm). The refusal is one line naming the
 * file and the fix (chmod 600), found by the preflight before any board is
 * touched (the boards point at a TCP port where no connection may arrive).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findFileProblems, readBenchConfig } from '../../src/config/index.ts';
import { runCli } from '../support/run-cli.ts';
import { tempDir, type TempDir } from '../support/temp-dir.ts';

const EXAMPLE = parse(readFileSync(new URL('../../examples/sim-alice.yaml', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;

/** A config in `dir` with every file it names present and private; boards at `boardPort`. */
function writeConfig(dir: string, boardPort: number): string {
  mkdirSync(join(dir, 'store'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'pki'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'psk.bin'), Buffer.alloc(4096, 7), { mode: 0o600 });
  for (const f of ['ca.pem', 'kme-a.pem', 'kme-a-key.pem'])
    writeFileSync(join(dir, 'pki', f), '-----BEGIN NOTHING-----\n', { mode: f.endsWith('-key.pem') ? 0o600 : 0o644 });
  const cfg = structuredClone(EXAMPLE);
  cfg.boards = { photonSource: `tcp://127.0.0.1:${boardPort}`, polarizationModulator: `tcp://127.0.0.1:${boardPort}` };
  cfg.peer = { ...cfg.peer, listen: '127.0.0.1:0', preSharedKeyFile: 'psk.bin' };
  cfg.keystore = { ...cfg.keystore, path: 'store/keys.sqlite' };
  cfg.etsi = { ...cfg.etsi, listen: '127.0.0.1:0', tls: { ca: 'pki/ca.pem', cert: 'pki/kme-a.pem', key: 'pki/kme-a-key.pem' } };
  const file = join(dir, 'alice.yaml');
  writeFileSync(file, stringify(cfg));
  return file;
}

describe('preflight: secrets readable by group or others are refused, one line each with the fix', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = tempDir('qkdd-secrets-');
    file = writeConfig(dir.dir, 9);
  });
  afterEach(() => dir.remove());

  const problems = () => findFileProblems(readBenchConfig(file));

  it('all private: no problem', () => {
    writeFileSync(dir.file('store/keys.sqlite'), '', { mode: 0o600 });
    writeFileSync(dir.file('psk.bin.pos'), '{}\n', { mode: 0o600 });
    expect(problems()).toEqual([]);
  });

  it('a key store database readable by others names keystore.path, the file and chmod 600', () => {
    const db = dir.file('store/keys.sqlite');
    writeFileSync(db, '', { mode: 0o600 });
    chmodSync(db, 0o644);
    const p = problems();
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ field: 'keystore.path', path: db });
    expect(p[0]!.message).toContain(`keystore.path: key store file ${db} is accessible to others (mode 644)`);
    expect(p[0]!.message).toContain(`chmod 600 ${db}`);
    expect(p[0]!.message).not.toContain('\n');
  });

  it('the -wal and -shm files count too: one line naming the three and one chmod', () => {
    const db = dir.file('store/keys.sqlite');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) {
      writeFileSync(f, '', { mode: 0o600 });
      chmodSync(f, 0o640);
    }
    const p = problems();
    expect(p).toHaveLength(1);
    expect(p[0]!.message).toContain(`chmod 600 ${db} ${db}-wal ${db}-shm`);
    chmodSync(db, 0o600);
    chmodSync(`${db}-shm`, 0o600);
    expect(problems()[0]!.message).toContain(`key store file ${db}-wal is accessible to its group (mode 640)`);
  });

  it('the pre-shared key, its position file and the TLS key', () => {
    chmodSync(dir.file('psk.bin'), 0o640);
    writeFileSync(dir.file('psk.bin.pos'), '{}\n', { mode: 0o600 });
    chmodSync(dir.file('psk.bin.pos'), 0o604);
    chmodSync(dir.file('pki/kme-a-key.pem'), 0o644);
    const messages = problems().map((p) => p.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain(
      `peer.preSharedKeyFile: pre-shared key file ${dir.file('psk.bin')} is accessible to its group (mode 640)`,
    );
    expect(messages[1]).toContain(`pre-shared key position file ${dir.file('psk.bin.pos')} is accessible to others (mode 604)`);
    expect(messages[2]).toContain(`etsi.tls.key: TLS private key ${dir.file('pki/kme-a-key.pem')} is accessible to others`);
    for (const m of messages) expect(m).toMatch(/chmod 600 /);
  });
});

describe('qkdd run refuses a readable key store in one line, before any board is touched', () => {
  let dir: TempDir;
  let trap: Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    dir = tempDir('qkdd-secrets-run-');
    trap = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    port = (trap.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => trap.close(r));
    dir.remove();
  });

  it('exit 2, one line: the file, its mode and chmod 600', async () => {
    const file = writeConfig(dir.dir, port);
    const db = dir.file('store/keys.sqlite');
    writeFileSync(db, '', { mode: 0o600 });
    chmodSync(db, 0o644);
    const r = await runCli('qkdd', ['run', '--config', file], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^qkdd: .*keystore\.path: key store file .* is accessible to others \(mode 644\).*chmod 600 .*\[QKD-\d+ FileUnusable\]$/,
    );
    expect(lines[0]).toContain(db);
    expect(connections).toBe(0);
  }, 180_000);
});
