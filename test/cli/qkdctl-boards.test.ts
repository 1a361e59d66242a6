/**
 * `qkdctl boards`: the simulator's boards over TCP (`qkd-sim --tcp 0`), with
 * kind, model, serial, firmware, protocol and the address to paste; a
 * silent address is "no board answered" (exit 3); a USB device the user may
 * not open is a permission problem with the udev hint, told apart from an
 * empty bench (fake USB backend: these machines have no USB).
 */
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { discoverBoards } from '../../drivers/discovery/index.ts';
import { PERMISSION_HINTS, parseTransportAddress, type UsbAddress } from '../../drivers/transport/address.ts';
import { UsbTransport } from '../../drivers/transport/usb.ts';
import { boardsReport, formatBoardsReport } from '../../src/cli/qkdctl/boards.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { FakeUsbBackend, FakeUsbDevice, usbError } from '../support/fake-usb.ts';
import { runCli, startCli } from '../support/run-cli.ts';

const TIMEOUT_MS = 60_000;

describe('qkdctl boards', () => {
  it('lists the simulator boards given with --tcp (qkd-sim --tcp 0), as a table and as JSON', async () => {
    const sim = startCli('qkd-sim', ['--tcp', '0', '--seed', '12']);
    try {
      const lines = await new Promise<{ board: string; url: string; serial: string }[]>((resolve, reject) => {
        const got: { board: string; url: string; serial: string }[] = [];
        const rl = createInterface({ input: sim.child.stdout! });
        rl.on('line', (l) => {
          got.push(JSON.parse(l) as { board: string; url: string; serial: string });
          if (got.length === 3) resolve(got);
        });
        rl.on('close', () => reject(new Error(`qkd-sim ended: ${sim.stderr()}`)));
      });
      const tcp = lines.map((l) => l.url.replace('tcp://', ''));
      const r = await runCli('qkdctl', ['boards', '--no-scan', '--tcp', tcp[0]!, '--tcp', `${tcp[1]},${tcp[2]}`], {
        timeoutMs: TIMEOUT_MS,
      });
      expect(r.code, r.stderr).toBe(0);
      const rows = r.stdout.trimEnd().split('\n');
      expect(rows[0]).toMatch(/^KIND\s+MODEL\s+SERIAL\s+FIRMWARE\s+PROTOCOL\s+ADDRESS$/);
      for (const l of lines)
        expect(r.stdout).toMatch(new RegExp(`^${l.board}\\s+qkdd-sim SIM-\\S+\\s+${l.serial}\\s+1\\.0\\.0\\s+1\\.0\\s+${l.url}$`, 'm'));
      const json = await runCli('qkdctl', ['boards', '--no-scan', '--json', '--tcp', tcp.join(',')], { timeoutMs: TIMEOUT_MS });
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout) as {
        boards: { kind: string; serial: string; address: string }[];
        permissionDenied: unknown[];
      };
      expect(parsed.boards.map((b) => [b.kind, b.serial, b.address])).toEqual(lines.map((l) => [l.board, l.serial, l.url]));
      expect(parsed.permissionDenied).toEqual([]);
    } finally {
      sim.child.kill('SIGTERM');
      await sim.exit;
    }
  }, 120_000);

  it('a silent address: "no board answered" with the reason, exit 3; a bad --tcp is a usage error', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await runCli('qkdctl', ['boards', '--no-scan', '--timeout-ms', '100', '--tcp', `127.0.0.1:${port}`], {
        timeoutMs: TIMEOUT_MS,
      });
      expect(r.code).toBe(3);
      expect(r.stdout, r.stderr).toMatch(
        /^no board answered on the 1 address probed:\n {2}tcp:\/\/127\.0\.0\.1:\d+: no console answer to \*IDN\? within 100 ms\n$/,
      );
      const bad = await runCli('qkdctl', ['boards', '--tcp', 'nowhere'], { timeoutMs: TIMEOUT_MS });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe("qkdctl: --tcp needs HOST:PORT, got 'nowhere' [QKD-503 Usage]\n");
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  }, 90_000);

  it('nothing to probe: "nothing attached", exit 3', async () => {
    const r = await runCli('qkdctl', ['boards', '--no-scan'], { timeoutMs: TIMEOUT_MS });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^nothing attached: no serial port and no USB device/);
  });

  it('a USB device the user may not open: a permission problem with the udev hint, not an empty bench', async () => {
    class DeniedUsbDevice extends FakeUsbDevice {
      override open(): void {
        throw usbError(-3, 'LIBUSB_ERROR_ACCESS');
      }
    }
    const backend = new FakeUsbBackend([new DeniedUsbDevice(new Xoshiro128(5), { serialNumber: 'TT0042' })]);
    const result = await discoverBoards({
      serial: false,
      usb: { list: async () => [{ vendorId: 0x1209, productId: 0x0001, serialNumber: 'TT0042' }] },
      timeoutMs: 100,
      createTransport: (url) => new UsbTransport(parseTransportAddress(url) as UsbAddress, { backend }),
    });
    const report = boardsReport(result);
    expect(report.boards).toEqual([]);
    expect(report.noBoard).toEqual([]);
    expect(report.permissionDenied).toEqual([
      {
        address: 'usb://1209:0001/TT0042',
        reason: `usb://1209:0001/TT0042: permission denied (this user may not open the USB device); ${PERMISSION_HINTS.usb}`,
        hint: PERMISSION_HINTS.usb,
      },
    ]);
    const text = formatBoardsReport(report);
    expect(text.split('\n')).toEqual([
      'no board found — but some ports could not be opened (a permission problem, not an empty bench):',
      'permission denied: usb://1209:0001/TT0042',
      `  fix: ${PERMISSION_HINTS.usb}`,
    ]);
    expect(text).toContain('deploy/99-qkdd.rules');
  });
});
