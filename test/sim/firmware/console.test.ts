/**
 * The line console every simulated board starts in (firmware-protocol/console.ts):
 * identity, mode and version queries, errors for garbage, and the switch to
 * binary framing and back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleErrorCode, parseConsoleError, parseIdn, qkd } from '../../../firmware-protocol/index.ts';
import { BOARD_NAMES, createSimulatedBench, simIdentity, type SimulatedBench } from '../../../sim/index.ts';
import { BoardLink } from '../../../drivers/link/index.ts';
import { connectConsole, connectLink } from '../../support/sim-board-link.ts';

let sim: SimulatedBench | null = null;
afterEach(() => {
  sim?.close();
  sim = null;
});

describe('console mode', () => {
  it.each(BOARD_NAMES)('%s answers *IDN? with its identity line', async (name) => {
    sim = createSimulatedBench({ seed: 0xbeef });
    const c = await connectConsole(sim.board(name), name);
    await c.send('*IDN?');
    const line = await c.nextLine();
    expect(parseIdn(line)).toEqual(simIdentity(name, 0xbeef));
    expect(line).toBe(`qkdd-sim,${simIdentity(name, 0xbeef).model},${simIdentity(name, 0xbeef).serialNumber},1.0.0`);
  });

  it('takes LF, CR and CR LF line ends and any case; empty lines get no answer', async () => {
    sim = createSimulatedBench();
    const c = await connectConsole(sim.boards.detector);
    await c.send('', '\r\n');
    await c.send('*idn?', '\r');
    await c.send('syst:prot?', '\r\n');
    await c.send('SYST:MODE?', '\n');
    expect(parseIdn(await c.nextLine())?.model).toBe('SIM-TT-4CH');
    expect(await c.nextLine()).toBe('1.0');
    expect(await c.nextLine()).toBe('CONSOLE');
    expect(c.lines).toHaveLength(3);
  });

  it('answers garbage and stray parameters with SCPI error lines, and keeps working', async () => {
    sim = createSimulatedBench();
    const c = await connectConsole(sim.boards.photonSource);
    await c.send('HELLO WORLD');
    expect(parseConsoleError(await c.nextLine())?.code).toBe(ConsoleErrorCode.UndefinedHeader);
    await c.host.write(new Uint8Array([0x00, 0xff, 0x13, 0x0a]));
    expect(parseConsoleError(await c.nextLine())?.code).toBe(ConsoleErrorCode.UndefinedHeader);
    await c.send('*IDN? 3');
    expect(parseConsoleError(await c.nextLine())?.code).toBe(ConsoleErrorCode.ParameterNotAllowed);
    await c.send('*IDN?');
    expect(parseIdn(await c.nextLine())?.model).toBe('SIM-PS-1550');
  });

  it('answers SYST:MODE BIN with OK CR LF and one 0x00, as FRAMING.md §6 says; unknown commands get the exact SCPI line', async () => {
    sim = createSimulatedBench();
    const c = await connectConsole(sim.boards.detector);
    const raw: number[] = [];
    c.host.on('data', (b) => raw.push(...b));
    await c.send('FOO?');
    expect(await c.nextLine()).toBe('ERR -113,"Undefined header"');
    raw.length = 0;
    await c.send('\r\nSYST:MODE BIN', '\r\n'); // the host's connect sequence
    await c.nextLine();
    expect(raw).toEqual([...new TextEncoder().encode('OK\r\n'), 0]);
    expect(sim.boards.detector.mode).toBe('binary');
  });

  it('is opened by BoardLink (FRAMING.md §6 connect sequence) whether it is in console mode or already in binary mode', async () => {
    sim = createSimulatedBench();
    const board = sim.boards.photonSource;
    for (const before of ['console', 'binary'] as const) {
      const c = await connectConsole(board, `connect-${before}`);
      expect(board.mode).toBe(before);
      c.host.removeAllListeners('data');
      // BoardLink sends CR LF SYST:MODE BIN CR LF, then 0x00 and Hello.
      const link = new BoardLink(c.host, { timeoutMs: 2000 });
      expect((await link.open()).boardKind).toBe(qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE);
      // In binary mode the board drops the text as one garbage frame and counts it.
      expect((await link.call('getTelemetry', {})).common?.rxBadFrames).toBe(before === 'console' ? 0 : 1);
    }
  });

  it('switches to binary on SYST:MODE BIN (bytes after the line in the same chunk are framed) and back on EnterConsole', async () => {
    sim = createSimulatedBench();
    const board = sim.boards.polarizationModulator;
    const { link, conn } = await connectLink(board);
    expect(board.mode).toBe('binary');
    expect(link.hello?.boardKind).toBe(qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR);
    await link.call('enterConsole', {});
    expect(board.mode).toBe('console');
    // Re-attach a console reader on the same transport.
    const lines: string[] = [];
    conn.host.on('data', (b) =>
      lines.push(
        ...new TextDecoder()
          .decode(b)
          .split('\r\n')
          .filter((l) => l !== ''),
      ),
    );
    await conn.send('SYST:MODE?');
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toEqual(['CONSOLE']);
  });

  it('*RST answers OK and clears the configuration', async () => {
    sim = createSimulatedBench();
    const board = sim.boards.detector;
    const { link, conn } = await connectLink(board);
    await link.call('configureChannel', { channel: 0, enabled: true });
    expect((await link.call('getStatus', {})).runState).toBe(qkd.RunState.RUN_STATE_ARMED);
    await link.call('enterConsole', {});
    const c2 = new BoardLink(conn.host); // not opened; just to show the board is text again
    expect(c2.state).toBe('idle');
    const got: string[] = [];
    conn.host.on('data', (b) => got.push(new TextDecoder().decode(b)));
    await conn.send('*RST');
    await new Promise((r) => setTimeout(r, 50));
    expect(got.join('')).toBe('OK\r\n');
  });
});
