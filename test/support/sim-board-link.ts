/**
 * Test helpers: connect a simulated board to the real host stack over a
 * memory transport pair, talk console text, switch to binary and open a
 * BoardLink; pack and upload patterns in chunks.
 */
import { expect } from 'vitest';
import { BoardLink } from '../../drivers/link/index.ts';
import { createMemoryTransportPair, type MemoryTransport } from '../../drivers/transport/memory.ts';
import { isQkdError, QkdErrorCode } from '../../errors/index.ts';
import { ConsoleLineReader, crc32c, packSymbols, patternUploadChunks, type qkd } from '../../firmware-protocol/index.ts';
import type { BoardFirmware } from '../../sim/index.ts';

export interface Connected {
  host: MemoryTransport;
  device: MemoryTransport;
  /** Console lines received so far (console mode only). */
  lines: string[];
  /** Resolves with the next console line. */
  nextLine(): Promise<string>;
  /** Send a console line (LF-terminated by default). */
  send(line: string, eol?: string): Promise<void>;
}

export async function connectConsole(board: BoardFirmware, name = 'board'): Promise<Connected> {
  const { host, device } = createMemoryTransportPair(name);
  await device.open();
  await host.open();
  device.on('data', (b) => board.write(b));
  host.on('error', () => undefined); // an unplug is reported; tests look at 'close' and at the link
  board.onData((b) => {
    if (device.state === 'open') device.write(b).catch(() => undefined);
  });
  // Pulling the board's cable drops the host's transport, as a USB-serial adapter would.
  board.onClose(() => {
    host.unplug();
    void device.close();
  });
  const reader = new ConsoleLineReader();
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let consumed = 0;
  const onData = (chunk: Uint8Array): void => {
    for (const l of reader.push(chunk)) {
      lines.push(l);
    }
    while (waiters.length > 0 && consumed < lines.length) waiters.shift()!(lines[consumed++]);
  };
  host.on('data', onData);
  return {
    host,
    device,
    lines,
    nextLine: () =>
      new Promise((resolve) => {
        if (consumed < lines.length) resolve(lines[consumed++]);
        else waiters.push(resolve);
      }),
    send: (line, eol = '\n') => host.write(new TextEncoder().encode(line + eol)),
  };
}

/** Connect, switch the board to binary with `SYST:MODE BIN` and open a BoardLink (Hello). */
export async function connectLink(board: BoardFirmware, name = 'board'): Promise<{ link: BoardLink; conn: Connected }> {
  const conn = await connectConsole(board, name);
  await conn.send('SYST:MODE BIN');
  expect(await conn.nextLine()).toBe('OK');
  // From here on the board speaks frames; the console reader must not eat them.
  conn.host.removeAllListeners('data');
  // Switched by hand above, so BoardLink need not send its own SYST:MODE BIN.
  const link = new BoardLink(conn.host, { timeoutMs: 2000, maxAttempts: 1, enterBinaryMode: false });
  await link.open();
  return { link, conn };
}

/** The qkd.Status of a rejected call (throws when the call succeeded). */
export async function statusOf(p: Promise<unknown>): Promise<qkd.Status> {
  try {
    await p;
  } catch (err) {
    if (isQkdError(err, QkdErrorCode.DeviceError)) return err.details.status as qkd.Status;
    throw err;
  }
  throw new Error('call succeeded; a device error was expected');
}

export { packSymbols };

/** Upload in chunks of `chunkBytes`, arm, and return the CRC. */
export async function uploadAndArm(link: BoardLink, symbols: Uint8Array, bank = 0, chunkBytes = 12288, switchFrame = 0): Promise<number> {
  const packed = packSymbols(symbols);
  for (const chunk of patternUploadChunks(bank, packed, chunkBytes)) await link.call('uploadPattern', chunk);
  const crc = crc32c(packed);
  await link.call('armPattern', { bank, patternCrc32c: crc, switchFrame });
  return crc;
}

export const SLOTS_PER_FRAME = 1024;
export const PULSE_RATE_HZ = 1_000_000_000;

export async function configureSource(link: BoardLink, signal = 0.5, decoy = 0.1, frameSlots = SLOTS_PER_FRAME): Promise<void> {
  await link.call('configureSource', {
    pulseRateHz: PULSE_RATE_HZ,
    frameSlots,
    signalMeanPhotonNumber: signal,
    decoyMeanPhotonNumber: decoy,
    vacuumMeanPhotonNumber: 0,
  });
}

/** The nominal drive table of the simulated modulator (V_π = 4 V). */
export async function configureModulator(link: BoardLink, frameSlots = SLOTS_PER_FRAME): Promise<void> {
  await link.call('configureModulator', {
    pulseRateHz: PULSE_RATE_HZ,
    frameSlots,
    drive: { hMv: 0, vMv: 4000, dMv: 2000, aMv: -2000 },
  });
}

export async function enableAllChannels(link: BoardLink, deadTimeNs = 0): Promise<void> {
  for (let channel = 0; channel < 4; channel++) {
    await link.call('configureChannel', { channel, enabled: true, thresholdMv: -200, excessBiasMv: 2000, deadTimeNs });
  }
}

/** Wait until `predicate` holds, polling every few ms (no wall-clock assertion; the test timeout bounds it). */
export async function until(predicate: () => boolean, what: string, pollMs = 5): Promise<void> {
  for (let i = 0; !predicate(); i++) {
    if (i > 20_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
