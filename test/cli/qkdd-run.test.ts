/**
 * `qkdd run` ends an expected failure with one line naming the config field,
 * file or board, exit code 2 and no stack trace: a missing key store folder,
 * pre-shared key file or TLS file, a board address option that does not
 * exist, and a board of the wrong kind at an address. The missing files are
 * found before any board is touched: the boards point at a TCP port this
 * test listens on, and no connection may arrive there.
 *
 * The CLI runs as a child process (test/support/run-cli.ts); timeouts are
 * generous for a loaded machine, and nothing asserts on wall-clock time.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli, startCli, type CliResult } from '../support/run-cli.ts';

const EXAMPLE = parse(readFileSync(new URL('../../examples/sim-alice.yaml', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
const TIMEOUT_MS = 180_000;

/** A TCP port that counts connections: where the boards of a config point when no board may be touched. */
async function listeningTrap(): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, connections: () => connections };
}

/** One line on stderr, `qkdd: … [QKD-<code> <name>]`, no stack trace, exit code 2. */
function expectOneLineFailure(r: CliResult, label: string): string {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^qkdd: .*\\[${label.replace(/[[\]]/g, '\\$&')}\\]$`));
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('qkdd run: expected failures are one line with the field, file or board, exit 2', () => {
  let root: string;
  let trap: Awaited<ReturnType<typeof listeningTrap>>;

  /** Write a config into its own folder with every file it names present, then apply `change`. */
  function writeConfig(name: string, change: (cfg: Record<string, Record<string, unknown>>, dir: string) => void): string {
    const dir = join(root, name);
    mkdirSync(join(dir, 'store'), { recursive: true });
    mkdirSync(join(dir, 'pki'), { recursive: true });
    // Secrets 0600: the preflight refuses a pre-shared key or TLS key readable by group or others.
    writeFileSync(join(dir, 'psk.bin'), Buffer.alloc(4096, 7), { mode: 0o600 });
    for (const f of ['ca.pem', 'kme-a.pem', 'kme-a-key.pem'])
      writeFileSync(join(dir, 'pki', f), '-----BEGIN NOTHING-----\n', { mode: f.endsWith('-key.pem') ? 0o600 : 0o644 });
    const cfg = structuredClone(EXAMPLE);
    cfg.boards = { photonSource: `tcp://127.0.0.1:${trap.port}`, polarizationModulator: `tcp://127.0.0.1:${trap.port}` };
    cfg.peer = { ...cfg.peer, listen: '127.0.0.1:0', preSharedKeyFile: 'psk.bin' };
    cfg.keystore = { ...cfg.keystore, path: 'store/keys.sqlite' };
    cfg.etsi = { ...cfg.etsi, listen: '127.0.0.1:0', tls: { ca: 'pki/ca.pem', cert: 'pki/kme-a.pem', key: 'pki/kme-a-key.pem' } };
    change(cfg, dir);
    const file = join(dir, 'alice.yaml');
    writeFileSync(file, stringify(cfg));
    return file;
  }

  /** 1-based line of the first line of `file` containing `text`. */
  function lineOf(file: string, text: string): number {
    return (
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(text)) + 1
    );
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'qkdd-run-'));
    trap = await listeningTrap();
  });

  afterAll(async () => {
    await new Promise((r) => trap.server.close(r));
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'a missing key store folder names keystore.path, its line and the folder; no board touched',
    async () => {
      const file = writeConfig('no-store', (cfg) => (cfg.keystore = { ...cfg.keystore, path: 'gone/keys.sqlite' }));
      const r = await runCli('qkdd', ['run', '--config', file], { timeoutMs: TIMEOUT_MS });
      const line = expectOneLineFailure(r, 'QKD-501 FileMissing');
      expect(line).toContain(`${file}:${lineOf(file, 'gone/keys.sqlite')}:`);
      expect(line).toContain('keystore.path: key store folder');
      expect(line).toContain(join(root, 'no-store', 'gone'));
      expect(trap.connections()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'a missing pre-shared key file names peer.preSharedKeyFile and the path; no board touched',
    async () => {
      const file = writeConfig('no-psk', (cfg) => (cfg.peer = { ...cfg.peer, preSharedKeyFile: 'missing-psk.bin' }));
      const r = await runCli('qkdd', ['run', '--config', file], { timeoutMs: TIMEOUT_MS });
      const line = expectOneLineFailure(r, 'QKD-501 FileMissing');
      expect(line).toContain(`${file}:${lineOf(file, 'missing-psk.bin')}:`);
      expect(line).toContain(`peer.preSharedKeyFile: pre-shared key file ${join(root, 'no-psk', 'missing-psk.bin')} does not exist`);
      expect(trap.connections()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'a missing TLS file names its etsi.tls field and the path; no board touched',
    async () => {
      // The config names pki/kme-a.pem as always; the file is not there.
      const file = writeConfig('no-tls', (_cfg, dir) => rmSync(join(dir, 'pki', 'kme-a.pem')));
      const r = await runCli('qkdd', ['run', '--config', file], { timeoutMs: TIMEOUT_MS });
      const line = expectOneLineFailure(r, 'QKD-501 FileMissing');
      expect(line).toContain(`${file}:${lineOf(file, 'pki/kme-a.pem')}:`);
      expect(line).toContain(`etsi.tls.cert: TLS certificate ${join(root, 'no-tls', 'pki', 'kme-a.pem')} does not exist`);
      expect(trap.connections()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'a board address option that does not exist is a config error naming the field and its line; no board touched',
    async () => {
      const file = writeConfig('bad-option', (cfg) => {
        cfg.boards = { ...cfg.boards, photonSource: `tcp://127.0.0.1:${trap.port}?baudrat=9600` };
      });
      const r = await runCli('qkdd', ['run', '--config', file], { timeoutMs: TIMEOUT_MS });
      const line = expectOneLineFailure(r, 'QKD-500 ConfigInvalid');
      expect(line).toContain(`${file}:${lineOf(file, 'baudrat=')}:`);
      expect(line).toContain('boards.photonSource: bad transport address');
      expect(line).toContain('unknown option "baudrat"');
      expect(trap.connections()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'a sim: board URL is a config error naming the field',
    async () => {
      const file = writeConfig('sim-url', (cfg) => (cfg.boards = { ...cfg.boards, polarizationModulator: 'sim://polarization-modulator' }));
      const r = await runCli('qkdd', ['run', '--config', file], { timeoutMs: TIMEOUT_MS });
      const line = expectOneLineFailure(r, 'QKD-500 ConfigInvalid');
      expect(line).toContain(`${file}:${lineOf(file, 'sim://')}:`);
      expect(line).toContain('boards.polarizationModulator: bad transport address "sim://polarization-modulator": unknown scheme "sim:"');
    },
    TIMEOUT_MS,
  );

  it(
    'a board of the wrong kind at an address names the board field and the address, and is not retried',
    async () => {
      // The simulated bench on TCP; the photon source's address points at the detector.
      const sim = startCli('qkd-sim', ['--tcp', String(await freePortBlock())]);
      try {
        const urls = await boardUrls(sim.child.stdout!, () => sim.stderr());
        const file = writeConfig('wrong-board', (cfg) => {
          cfg.boards = { photonSource: urls.detector, polarizationModulator: urls['polarization-modulator'] };
        });
        const r = await runCli('qkdd', ['run', '--config', file], { timeoutMs: TIMEOUT_MS });
        const line = expectOneLineFailure(r, 'QKD-401 WrongBoard');
        expect(line).toContain(`${file}:${lineOf(file, 'photonSource:')}:`);
        expect(line).toContain(`boards.photonSource: wrong board at ${urls.detector}`);
        expect(line).toMatch(/expected BOARD_KIND_PHOTON_SOURCE, found BOARD_KIND_TIME_TAGGER/);
      } finally {
        sim.child.kill('SIGTERM');
        await sim.exit;
      }
    },
    TIMEOUT_MS,
  );
});

describe('qkdd: usage, --version, --debug', () => {
  it(
    'an unknown command or option is one line with QKD-503 Usage, exit 2; --debug adds the stack',
    async () => {
      expect(expectOneLineFailure(await runCli('qkdd', ['frobnicate'], { timeoutMs: TIMEOUT_MS }), 'QKD-503 Usage')).toContain(
        "unknown command 'frobnicate'",
      );
      expect(expectOneLineFailure(await runCli('qkdd', ['run', '--frobnicate'], { timeoutMs: TIMEOUT_MS }), 'QKD-503 Usage')).toContain(
        "'--frobnicate'",
      );
      expect(expectOneLineFailure(await runCli('qkdd', ['run'], { timeoutMs: TIMEOUT_MS }), 'QKD-503 Usage')).toContain(
        '--config FILE is required',
      );
      const debug = await runCli('qkdd', ['--debug', 'run', '--config', '/nonexistent/qkdd.yaml'], { timeoutMs: TIMEOUT_MS });
      expect(debug.code).toBe(2);
      expect(debug.stderr).toMatch(/^qkdd: bench config \/nonexistent\/qkdd\.yaml does not exist \[QKD-501 FileMissing\]\n/);
      expect(debug.stderr).toMatch(/\n\s+at /);
    },
    TIMEOUT_MS,
  );

  it(
    '--version prints the package.json version, before or after the command; --help exits 0',
    async () => {
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      for (const args of [['--version'], ['run', '--version']]) {
        const r = await runCli('qkdd', args, { timeoutMs: TIMEOUT_MS });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe(`qkdd ${version}\n`);
      }
      const help = await runCli('qkdd', ['run', '--help'], { timeoutMs: TIMEOUT_MS });
      expect(help.code).toBe(0);
      for (const opt of ['--config', '--debug', '--version', '--help', '--json']) expect(help.stdout).toContain(opt);
    },
    TIMEOUT_MS,
  );

  it(
    'every command takes --json (an expected failure is then one JSON object on stderr, exit 2), --help and --version',
    async () => {
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      for (const command of [['run'], ['node'], ['demo', '--topology', 'ring4'], ['demo'], ['netsim']]) {
        const help = await runCli('qkdd', [...command, '--help'], { timeoutMs: TIMEOUT_MS });
        expect(help.code, `${command.join(' ')} --help`).toBe(0);
        for (const opt of ['--json', '--help', '--version']) expect(help.stdout, `${command.join(' ')} --help`).toContain(opt);
        const v = await runCli('qkdd', [...command, '--version'], { timeoutMs: TIMEOUT_MS });
        expect(v.code, `${command.join(' ')} --version`).toBe(0);
        expect(v.stdout).toBe(`qkdd ${version}\n`);
      }
      for (const command of ['run', 'node']) {
        const r = await runCli('qkdd', [command, '--json', '--config', '/nonexistent/qkdd.yaml'], { timeoutMs: TIMEOUT_MS });
        expect(r.code, r.stderr).toBe(2);
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines, r.stderr).toHaveLength(1);
        const failure = JSON.parse(lines[0]!) as { error: { code: number; codeName: string; message: string } };
        expect(failure.error.codeName, r.stderr).toBe('FileMissing');
        expect(failure.error.message).toContain('/nonexistent/qkdd.yaml');
      }
    },
    TIMEOUT_MS,
  );
});

/** Three consecutive free loopback ports (qkd-sim --tcp serves on PORT, PORT+1, PORT+2). */
async function freePortBlock(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const ok = await Promise.all(
      [0, 1, 2].map(
        (i) =>
          new Promise<boolean>((resolve) => {
            const srv = createServer();
            srv.once('error', () => resolve(false));
            srv.listen(base + i, '127.0.0.1', () => srv.close(() => resolve(true)));
          }),
      ),
    );
    if (ok.every(Boolean)) return base;
  }
}

/** The board URLs qkd-sim prints, one JSON line per board. */
function boardUrls(stdout: NodeJS.ReadableStream, stderr: () => string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const urls: Record<string, string> = {};
    const rl = createInterface({ input: stdout });
    rl.on('line', (line) => {
      const { board, url } = JSON.parse(line) as { board: string; url: string };
      urls[board] = url;
      if (Object.keys(urls).length === 3) resolve(urls);
    });
    rl.on('close', () => reject(new Error(`qkd-sim ended before serving its boards: ${stderr()}`)));
  });
}
