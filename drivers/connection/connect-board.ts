/**
 * The handshake that turns an address into a ready binary link:
 *
 *   open transport → `*IDN?` on the console → check model / serial number
 *   → `SYST:MODE BIN` → BoardLink.open() (Hello, version negotiation, board
 *   kind) → check that Hello names the same board as `*IDN?`.
 *
 * Any failure closes the transport and rejects with a QkdError:
 * TransportOpenFailed/TransportBadUrl, Timeout (nothing answered),
 * WrongBoard (kind, model or serial number not the expected one),
 * VersionMismatch, DeviceError (the console refused a command).
 */
import type { qkd, Identity } from '../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { BoardLink, type BoardLinkOptions } from '../link/board-link.ts';
import { createTransport } from '../transport/open-transport.ts';
import type { Transport } from '../transport/transport.ts';
import { ConsoleSession } from './console-session.ts';
import { identifyBoard } from './identify-board.ts';

/** What a driver expects to find at its address. */
export interface BoardExpectation {
  readonly kind: qkd.BoardKind;
  /** Exact model string, or a pattern, from `*IDN?`; undefined = any model of the right kind. */
  readonly model?: string | RegExp;
  /** Exact serial number; undefined = any (reconnects always pin the first one seen). */
  readonly serialNumber?: string;
}

export interface ConnectOptions {
  readonly url: string;
  readonly expect: BoardExpectation;
  /** Per console answer, in ms. Default 1000. */
  readonly consoleTimeoutMs?: number;
  /** Options of the BoardLink (timeouts, retries, host name). `expectedBoardKind` comes from `expect`. */
  readonly link?: Omit<BoardLinkOptions, 'expectedBoardKind'>;
  /** Test seam and place for per-scheme options; default `createTransport(url)`. */
  readonly createTransport?: (url: string) => Transport;
}

export interface BoardConnection {
  readonly transport: Transport;
  readonly link: BoardLink;
  readonly identity: Identity;
  readonly hello: qkd.HelloResponse;
}

export const DEFAULT_CONSOLE_TIMEOUT_MS = 1000;

export async function connectBoard(options: ConnectOptions): Promise<BoardConnection> {
  const transport = (options.createTransport ?? createTransport)(options.url);
  const consoleTimeoutMs = options.consoleTimeoutMs ?? DEFAULT_CONSOLE_TIMEOUT_MS;
  await transport.open();
  // Faults during the handshake surface as rejections; this keeps a stray
  // 'error' with no listener from crashing the process.
  const ignore = (): void => undefined;
  transport.on('error', ignore);
  try {
    const session = new ConsoleSession(transport);
    let identity: Identity;
    try {
      identity = await identifyBoard(session, { timeoutMs: consoleTimeoutMs });
      checkIdentity(options.url, identity, options.expect);
      await session.enterBinary(consoleTimeoutMs);
    } finally {
      session.detach();
    }
    const link = new BoardLink(transport, { ...options.link, expectedBoardKind: options.expect.kind });
    const hello = await link.open();
    if (hello.serialNumber !== identity.serialNumber || hello.model !== identity.model) {
      throw new QkdError(
        QkdErrorCode.WrongBoard,
        `${options.url}: console says ${identity.model} ${identity.serialNumber}, Hello says ${hello.model} ${hello.serialNumber}`,
        { identity, helloModel: hello.model, helloSerial: hello.serialNumber },
      );
    }
    return { transport, link, identity, hello };
  } catch (err) {
    await transport.close();
    throw err;
  } finally {
    transport.off('error', ignore);
  }
}

function checkIdentity(url: string, id: Identity, expect: BoardExpectation): void {
  const model = expect.model;
  const modelOk = model === undefined || (typeof model === 'string' ? id.model === model : model.test(id.model));
  if (!modelOk) {
    throw new QkdError(
      QkdErrorCode.WrongBoard,
      `${url}: expected model ${String(model)}, found ${id.vendor} ${id.model} ${id.serialNumber}`,
      {
        identity: id,
        expectedModel: String(model),
      },
    );
  }
  if (expect.serialNumber !== undefined && id.serialNumber !== expect.serialNumber) {
    throw new QkdError(
      QkdErrorCode.WrongBoard,
      `${url}: expected serial number ${expect.serialNumber}, found ${id.model} ${id.serialNumber}`,
      {
        identity: id,
        expectedSerial: expect.serialNumber,
      },
    );
  }
}
