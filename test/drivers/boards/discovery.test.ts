/**
 * Discovery: the three simulated boards on real ptys among the candidates,
 * plus a socat pty with nothing behind it (silent → timeout → skipped).
 * Candidate listing: udev failure falls back to scanning device nodes; USB
 * devices come from an injected lister (no USB on CI machines).
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { qkd } from '../../../firmware-protocol/index.ts';
import { DetectorDriver, discoverBoards, listSerialCandidates, listUsbCandidates } from '../../../drivers/index.ts';
import { parseTransportAddress, type SerialAddress } from '../../../drivers/transport/address.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { QkdErrorCode } from '../../../errors/index.ts';
import type { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair } from '../../support/pty.ts';
import { LINK, haveSocat, startSimBench, type SimBench } from '../../support/board-bench.ts';

let bench: SimBench | null = null;
let empty: PtyPair | null = null;
afterEach(async () => {
  await empty?.close();
  await bench?.close();
  empty = null;
  bench = null;
});

describe.skipIf(!haveSocat)('discoverBoards over ptys', () => {
  it('finds the three simulated boards, skips a silent pty, and leaves the boards in console mode', async () => {
    bench = await startSimBench({ seed: 9 });
    empty = await openPtyPair();
    const result = await discoverBoards({
      serial: false,
      usb: false,
      candidates: [bench.path('source'), bench.path('modulator'), bench.path('detector'), empty.a],
      timeoutMs: 500,
    });
    const byKind = new Map(result.boards.map((b) => [b.kindName, b]));
    expect([...byKind.keys()].sort()).toEqual(['detector', 'photon-source', 'polarization-modulator']);
    expect(byKind.get('detector')).toMatchObject({
      url: `serial://${bench.path('detector')}`,
      kind: qkd.BoardKind.BOARD_KIND_TIME_TAGGER,
      vendor: 'qkdd-sim',
      model: 'SIM-TT-4CH',
      serial: bench.sim.boards.detector.model.identity.serialNumber,
      firmware: '1.0.0',
    });
    expect(result.skipped.map((s) => s.url)).toEqual([`serial://${empty.a}`]);
    expect(result.skipped[0].reason).toMatch(/no console answer/);
    for (const fw of Object.values(bench.sim.boards)) expect(fw.mode).toBe('console');
    // A driver connects afterwards as to a freshly powered board.
    const det = new DetectorDriver({ url: result.boards.find((b) => b.kindName === 'detector')!.url, link: LINK });
    await det.connect();
    await det.close();
  });
});

describe('candidate listing', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('falls back to /dev/serial/by-id, ttyUSB* and ttyACM* when the udev lister fails, without probing a port twice', async () => {
    dir = await mkdtemp(join(tmpdir(), 'qkdd-dev-'));
    await mkdir(join(dir, 'serial', 'by-id'), { recursive: true });
    for (const n of ['ttyUSB0', 'ttyUSB1', 'ttyACM0', 'ttyS0', 'null']) await writeFile(join(dir, n), '');
    await symlink(join(dir, 'ttyUSB1'), join(dir, 'serial', 'by-id', 'usb-QKDLab_TT-if00'));
    const got = await listSerialCandidates({
      devDir: dir,
      list: () => Promise.reject(new Error('spawn udevadm ENOENT')),
    });
    expect(got.source).toBe('scan');
    expect(got.listError).toMatch(/udevadm/);
    expect(got.paths).toEqual([join(dir, 'serial', 'by-id', 'usb-QKDLab_TT-if00'), join(dir, 'ttyACM0'), join(dir, 'ttyUSB0')]);
  });

  it('uses the lister when it works', async () => {
    const got = await listSerialCandidates({ list: async () => [{ path: '/dev/ttyUSB7' }] });
    expect(got).toEqual({ paths: ['/dev/ttyUSB7'], source: 'udev' });
  });

  it('USB: keeps devices with our vendor ids, as usb:// addresses; a failing lister means no devices', async () => {
    const list = async () => [
      { vendorId: 0x1209, productId: 0x0001, serialNumber: 'TT 01' },
      { vendorId: 0x046d, productId: 0xc52b },
      { vendorId: 0x1209, productId: 0x0002 },
    ];
    expect(await listUsbCandidates({ list })).toEqual(['usb://1209:0001/TT%2001', 'usb://1209:0002']);
    expect(await listUsbCandidates({ list: () => Promise.reject(new Error('LIBUSB_ERROR_ACCESS')) })).toEqual([]);
  });

  it('a port the user may not open is reported apart, as a permission problem with the fix, not as "no board"', async () => {
    const deniedPort = (path: string) => ({
      open: (cb: (err: Error | null) => void) => cb(new Error(`Error: Permission denied, cannot open ${path}`)),
    });
    const silentPort = () => ({ open: (cb: (err: Error | null) => void) => cb(new Error('Error: No such file or directory')) });
    const result = await discoverBoards({
      serial: false,
      usb: false,
      candidates: ['/dev/ttyUSB5', '/dev/ttyUSB6'],
      timeoutMs: 100,
      createTransport: (url) => {
        const address = parseTransportAddress(url) as SerialAddress;
        return new SerialTransport(address, {
          createPort: () => (address.path.endsWith('5') ? deniedPort(address.path) : silentPort()) as unknown as SerialPort,
        });
      },
    });
    expect(result.boards).toEqual([]);
    expect(result.permissionDenied.map((d) => d.url)).toEqual(['serial:///dev/ttyUSB5']);
    expect(result.permissionDenied[0]!.reason).toMatch(/permission denied .*usermod -aG dialout .*deploy\/99-qkdd\.rules/);
    expect(result.skipped.map((s) => s.url)).toEqual(['serial:///dev/ttyUSB5', 'serial:///dev/ttyUSB6']);
    expect(result.skipped[1]!.reason).not.toMatch(/permission/);
    expect(QkdErrorCode.TransportPermissionDenied).toBe(106);
  });
});
