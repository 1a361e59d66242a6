/**
 * The `qkd-sim` command as a child process, talked to through the real host
 * transports: `--serial` (socat pseudo-terminals opened with `serialport`)
 * and `--tcp`. SIGINT must exit 0 and leave no pty behind.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openTransport } from '../../../drivers/transport/index.ts';
import type { Transport } from '../../../drivers/transport/index.ts';
import { ConsoleLineReader, encodeConsoleLine, parseIdn } from '../../../firmware-protocol/index.ts';
import { BOARD_NAMES, simIdentity } from '../../../sim/index.ts';
import { findSocat, SOCAT_MISSING_MESSAGE } from '../../support/pty.ts';
import { startCli } from '../../support/run-cli.ts';

interface Started {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function run(args: string[]): Started {
  const s = startCli('qkd-sim', args);
  return { child: s.child, lines: [], exit: s.exit, stderr: s.stderr };
}

/** The first `n` JSON lines on stdout (rejects if the process exits first). */
function jsonLines(s: Started, n: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: s.child.stdout! });
    rl.on('line', (line) => {
      s.lines.push(JSON.parse(line) as Record<string, unknown>);
      if (s.lines.length === n) resolve(s.lines);
    });
    void s.exit.then(({ code }) => reject(new Error(`qkd-sim exited with ${code} before ${n} lines: ${s.stderr()}`)));
  });
}

async function idn(transport: Transport): Promise<string> {
  const reader = new ConsoleLineReader();
  const line = new Promise<string>((resolve) => {
    transport.on('data', (chunk) => {
      const got = reader.push(chunk);
      if (got.length > 0) resolve(got[0]);
    });
  });
  await transport.write(encodeConsoleLine('*IDN?'));
  return line;
}

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

describe('qkd-sim command', () => {
  it.skipIf(findSocat() === null)(
    '--serial serves each board on a pty that answers *IDN?; SIGINT exits 0 and removes the ptys',
    async () => {
      const s = run(['--serial', '--seed', '77', '--distance-km', '25']);
      const lines = await jsonLines(s, 3);
      expect(lines.map((l) => l.board)).toEqual([...BOARD_NAMES]);
      for (const [i, name] of BOARD_NAMES.entries()) {
        const line = lines[i] as { path: string; serial: string };
        expect(line.serial).toBe(simIdentity(name, 77).serialNumber);
        expect(line.path).toMatch(/^\/dev\/pts\/\d+$/);
        const t = await openTransport(`serial://${line.path}`);
        try {
          expect(parseIdn(await idn(t))).toEqual(simIdentity(name, 77));
        } finally {
          await t.close();
        }
      }
      s.child.kill('SIGINT');
      expect(await s.exit).toEqual({ code: 0, signal: null });
      for (const l of lines) expect(existsSync(l.path as string)).toBe(false);
    },
  );

  it('--tcp serves the boards on three consecutive loopback ports; SIGTERM exits 0', async () => {
    const port = await freePortBlock();
    const s = run(['--tcp', String(port), '--attack', 'intercept-resend', '--attack-fraction', '0.5']);
    const lines = await jsonLines(s, 3);
    for (const [i, name] of BOARD_NAMES.entries()) {
      expect(lines[i]).toEqual({ board: name, url: `tcp://127.0.0.1:${port + i}`, serial: simIdentity(name, 1).serialNumber });
      const t = await openTransport(lines[i].url as string);
      try {
        expect(parseIdn(await idn(t))?.model).toBe(simIdentity(name, 1).model);
      } finally {
        await t.close();
      }
    }
    s.child.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
  });

  it('--tcp 0 serves each board on a free port the system picks and prints it; with physics options; --json', async () => {
    const s = run(['--tcp', '0', '--seed', '5', '--detectors', 'snspd', '--no-drift', '--frame-slots', '4194304', '--json']);
    const lines = await jsonLines(s, 3);
    const ports = lines.map((l) => Number(/^tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(l.url as string)?.[1]));
    expect(ports.every((p) => p > 0)).toBe(true);
    expect(new Set(ports).size).toBe(3);
    for (const [i, name] of BOARD_NAMES.entries()) {
      expect(lines[i]).toMatchObject({ board: name, serial: simIdentity(name, 5).serialNumber });
      const t = await openTransport(lines[i].url as string);
      try {
        expect(parseIdn(await idn(t))?.model).toBe(simIdentity(name, 5).model);
      } finally {
        await t.close();
      }
    }
    s.child.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
  });

  it('--help lists every option with units and defaults and exits 0', async () => {
    const s = run(['--help']);
    let out = '';
    s.child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    expect((await s.exit).code).toBe(0);
    for (const opt of ['--serial', '--tcp PORT', '--seed N', '--distance-km X', '--attack intercept-resend', '--attack-fraction F'])
      expect(out).toContain(opt);
    expect(out).toMatch(/in km.*\n.*default 10/);
  });

  it.each([
    [[], '--serial or --tcp PORT'],
    [['--serial', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('rejects %j with exit 2 and a clear message on stderr', async (args, message) => {
    const s = run(args);
    expect((await s.exit).code).toBe(2);
    expect(s.stderr()).toContain(message);
    // One line with its code, no stack.
    expect(s.stderr().trimEnd().split('\n')).toHaveLength(1);
    expect(s.stderr()).toMatch(/^qkd-sim: .*\[QKD-503 Usage\]\n$/);
  });

  it('--debug adds the stack to an expected failure', async () => {
    const s = run(['--serial', '--frobnicate', '--debug']);
    expect((await s.exit).code).toBe(2);
    expect(s.stderr()).toMatch(/^qkd-sim: .*\[QKD-503 Usage\]\n/);
    expect(s.stderr()).toMatch(/\n\s+at /);
  });

  it('--version prints the package.json version and exits 0', async () => {
    const s = run(['--version']);
    let out = '';
    s.child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    expect((await s.exit).code).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(out).toBe(`qkd-sim ${version}\n`);
  });

  it('a port in use is one line naming the port, exit 2', async () => {
    const port = await freePortBlock();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port + 1, '127.0.0.1', resolve));
    try {
      const s = run(['--tcp', String(port)]);
      expect((await s.exit).code).toBe(2);
      expect(s.stderr()).toMatch(
        new RegExp(`^qkd-sim: --tcp: cannot listen on 127\\.0\\.0\\.1:${port + 1} \\(EADDRINUSE\\).*\\[QKD-503 Usage\\]\\n$`),
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});

if (findSocat() === null) console.warn(SOCAT_MISSING_MESSAGE);
