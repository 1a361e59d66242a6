/**
 * Bad input found before any board is touched, by `qkdctl check` (one
 * PROBLEM line naming the field and file, exit 3) and by `qkdd run` (one
 * line with its code, exit 2): a missing, world-readable or too short
 * pre-shared key, a missing TLS file, a missing key store folder. The
 * boards' address is a TCP trap that counts connections: it must see none.
 * Also: a board of the wrong kind (qkd-sim --tcp 0) reported once with what
 * answers there, and a config that does not load (exit 2).
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, startCli } from '../support/run-cli.ts';
import { tempDir, type TempDir } from '../support/temp-dir.ts';

const TIMEOUT_MS = 90_000;

let root: TempDir;
let trap: Server;
let trapPort = 0;
let connections = 0;

beforeAll(async () => {
  root = tempDir('qkdctl-check-');
  trap = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((r) => trap.close(r));
  root.remove();
});

/** A receiver config in its own folder with every file it names present and private; `change` then breaks something. */
function writeConfig(name: string, change: (dir: string) => void = () => undefined, extraPeer = ''): string {
  const dir = join(root.dir, name);
  mkdirSync(join(dir, 'state'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'pki'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'psk.bin'), Buffer.alloc(4096, 3), { mode: 0o600 });
  for (const f of ['ca.pem', 'node.pem', 'node-key.pem'])
    writeFileSync(join(dir, 'pki', f), 'pem\n', { mode: f.endsWith('-key.pem') ? 0o600 : 0o644 });
  const file = join(dir, 'bench.yaml');
  writeFileSync(
    file,
    [
      'node: { id: kme-b, role: receiver, linkId: l1 }',
      'boards:',
      `  detector: tcp://127.0.0.1:${trapPort}`,
      'peer:',
      '  connect: 127.0.0.1:9',
      '  preSharedKeyFile: psk.bin',
      ...(extraPeer ? [`  ${extraPeer}`] : []),
      'keystore:',
      '  path: state/keys.sqlite',
      'source: { rateHz: 1.0e8, intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 }, intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 } }',
      'detector: { gateDelayPs: 48966809, gateWidthPs: 400 }',
      'etsi:',
      '  listen: 127.0.0.1:0',
      '  peerKmeId: kme-a',
      '  localSaeIds: [sae-b]',
      '  remoteSaeIds: [sae-a]',
      '  tls: { ca: pki/ca.pem, cert: pki/node.pem, key: pki/node-key.pem }',
      '',
    ].join('\n'),
  );
  change(dir);
  return file;
}

/** qkdctl check found problems: exit 3, the PROBLEM lines returned. */
function problemLines(r: CliResult): string[] {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(3);
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l.startsWith('PROBLEM'));
}

/** qkdd run: one line `qkdd: … [QKD-<code> <name>]` on stderr, exit 2, no stack. */
function runFailure(r: CliResult, label: string): string {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^qkdd: .*\\[${label}\\]$`));
  return lines[0]!;
}

const cases: {
  name: string;
  change: (dir: string) => void;
  extraPeer?: string;
  field: string;
  check: (dir: string) => string;
  run: [label: string, text: (dir: string) => string];
}[] = [
  {
    name: 'pre-shared key file missing',
    change: (dir) => rmSync(join(dir, 'psk.bin')),
    field: 'peer.preSharedKeyFile',
    check: (dir) => `peer.preSharedKeyFile: pre-shared key file ${join(dir, 'psk.bin')} does not exist`,
    run: ['QKD-501 FileMissing', (dir) => `peer.preSharedKeyFile: pre-shared key file ${join(dir, 'psk.bin')} does not exist`],
  },
  {
    name: 'pre-shared key file world-readable',
    change: (dir) => chmodSync(join(dir, 'psk.bin'), 0o644),
    field: 'peer.preSharedKeyFile',
    check: (dir) => `pre-shared key file ${join(dir, 'psk.bin')} is accessible to others (mode 644); a secret must be 0600: chmod 600`,
    run: ['QKD-502 FileUnusable', (dir) => `pre-shared key file ${join(dir, 'psk.bin')} is accessible to others (mode 644)`],
  },
  {
    name: 'TLS certificate missing',
    change: (dir) => rmSync(join(dir, 'pki', 'node.pem')),
    field: 'etsi.tls.cert',
    check: (dir) => `etsi.tls.cert: TLS certificate ${join(dir, 'pki', 'node.pem')} does not exist`,
    run: ['QKD-501 FileMissing', (dir) => `etsi.tls.cert: TLS certificate ${join(dir, 'pki', 'node.pem')} does not exist`],
  },
  {
    name: 'pre-shared key shorter than the configured minimum',
    change: () => undefined,
    extraPeer: 'preSharedKeyMinBytes: 8192',
    field: 'peer.preSharedKeyFile',
    check: (dir) => `pre-shared key file ${join(dir, 'psk.bin')} holds 4096 bytes of key, less than peer.preSharedKeyMinBytes = 8192`,
    run: ['QKD-502 FileUnusable', (dir) => `${join(dir, 'psk.bin')} holds 4096 bytes of key, less than peer.preSharedKeyMinBytes = 8192`],
  },
  {
    name: 'key store folder missing',
    change: (dir) => rmSync(join(dir, 'state'), { recursive: true }),
    field: 'keystore.path',
    check: (dir) => `keystore.path: key store folder ${join(dir, 'state')} does not exist`,
    run: ['QKD-501 FileMissing', (dir) => `keystore.path: key store folder ${join(dir, 'state')} does not exist`],
  },
];

describe('qkdctl check and qkdd run: bad files are found before any board is touched', () => {
  it('a good config passes the file checks (the trap is then probed and is no board: exit 3 for that alone)', async () => {
    const file = writeConfig('good');
    const r = await runCli('qkdctl', ['check', '--config', file, '--no-peer', '--board-timeout-ms', '200'], { timeoutMs: TIMEOUT_MS });
    const problems = problemLines(r);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/boards\.detector: no board answers at tcp:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout).toMatch(/^ok {7}.*every file and folder the config names is usable$/m);
  });

  for (const c of cases) {
    it(`${c.name}: qkdctl check exit 3 naming ${c.field}; qkdd run exit 2; no board touched`, async () => {
      const file = writeConfig(c.name.replace(/\W+/g, '-'), c.change, c.extraPeer);
      const dir = join(root.dir, c.name.replace(/\W+/g, '-'));
      const before = connections;
      const check = await runCli('qkdctl', ['check', '--config', file, '--no-peer'], { timeoutMs: TIMEOUT_MS });
      const problems = problemLines(check);
      expect(problems, check.stdout).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^PROBLEM  ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ ${c.field}: `));
      expect(problems[0]).toContain(c.check(dir));
      expect(check.stdout).toContain('boards not probed: fix the files above first');
      const json = await runCli('qkdctl', ['check', '--config', file, '--no-peer', '--json'], { timeoutMs: TIMEOUT_MS });
      expect(json.code).toBe(3);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: 1 });
      const run = await runCli('qkdd', ['run', '--config', file], { timeoutMs: TIMEOUT_MS });
      const line = runFailure(run, c.run[0]);
      expect(line).toContain(c.run[1](dir));
      expect(line).toContain(`${c.field}:`);
      expect(connections - before).toBe(0);
    }, 120_000);
  }

  it('a config that does not load: one line, exit 2 (as qkdd run)', async () => {
    const file = writeConfig('bad-config');
    writeFileSync(file, readFileSync(file, 'utf8').replace('role: receiver', 'role: sender'));
    const r = await runCli('qkdctl', ['check', '--config', file], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^qkdctl: .*node\.role: .*\[QKD-500 ConfigInvalid\]\n$/);
    const missing = await runCli('qkdctl', ['check', '--config', join(root.dir, 'nope.yaml')], { timeoutMs: TIMEOUT_MS });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[QKD-501 FileMissing]');
  });
});

describe('qkdctl check: a board of the wrong kind', () => {
  it('is one problem naming the field, the address and what answers there (qkd-sim --tcp 0)', async () => {
    const sim = startCli('qkd-sim', ['--tcp', '0', '--seed', '77']);
    try {
      const urls = await new Promise<Record<string, { url: string; serial: string }>>((resolve, reject) => {
        const got: Record<string, { url: string; serial: string }> = {};
        const rl = createInterface({ input: sim.child.stdout! });
        rl.on('line', (l) => {
          const { board, url, serial } = JSON.parse(l) as { board: string; url: string; serial: string };
          got[board] = { url, serial };
          if (Object.keys(got).length === 3) resolve(got);
        });
        rl.on('close', () => reject(new Error(`qkd-sim ended: ${sim.stderr()}`)));
      });
      // --tcp 0: three distinct ports the system picked.
      expect(new Set(Object.values(urls).map((u) => u.url)).size).toBe(3);
      for (const u of Object.values(urls)) expect(u.url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
      const source = urls['photon-source']!;
      const file = writeConfig('wrong-board');
      writeFileSync(file, readFileSync(file, 'utf8').replace(`tcp://127.0.0.1:${trapPort}`, source.url));
      const r = await runCli('qkdctl', ['check', '--config', file, '--no-peer'], { timeoutMs: TIMEOUT_MS });
      const problems = problemLines(r);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(
        `boards.detector: wrong board at ${source.url}: found a photon-source (qkdd-sim SIM-PS-1550, serial ${source.serial}, firmware 1.0.0), expected a detector`,
      );
      expect(problems[0]).toContain('qkdctl boards');
    } finally {
      sim.child.kill('SIGTERM');
      await sim.exit;
    }
  }, 120_000);
});
