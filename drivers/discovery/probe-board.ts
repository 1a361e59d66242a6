/**
 * Probe one address: is there a board, and which? `*IDN?` with a short
 * timeout (with the binary-mode fallback of identify-board.ts), then a
 * binary Hello for the authoritative board kind, then EnterConsole so the
 * board is left in console mode, as it powers up. Never throws: a silent
 * port, a busy one or garbage is a `skipped` entry with the reason; a port
 * the user may not open (serial group, USB device permissions) is marked
 * `permissionDenied`, with the fix in `reason`, so that "nothing attached"
 * and "not allowed to look" are told apart.
 */
import { isTransportError, QkdErrorCode } from '../../errors/index.ts';
import { qkd } from '../../firmware-protocol/index.ts';
import { ConsoleSession } from '../connection/console-session.ts';
import { identifyBoard } from '../connection/identify-board.ts';
import { BoardLink } from '../link/board-link.ts';
import { createTransport } from '../transport/open-transport.ts';
import type { Transport } from '../transport/transport.ts';

export interface DiscoveredBoard {
  readonly url: string;
  readonly kind: qkd.BoardKind;
  /** 'photon-source' | 'polarization-modulator' | 'detector' (the names the simulator and configs use). */
  readonly kindName: BoardKindName;
  readonly vendor: string;
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
  /** Protocol version the board announced in Hello, `major.minor`. */
  readonly protocol: string;
}

export type BoardKindName = 'photon-source' | 'polarization-modulator' | 'detector' | 'unknown';

export type ProbeResult =
  | { readonly ok: true; readonly board: DiscoveredBoard }
  | { readonly ok: false; readonly url: string; readonly reason: string; readonly permissionDenied?: boolean };

export interface ProbeOptions {
  /** Per console answer and per binary request, ms. Default 300. */
  readonly timeoutMs?: number;
  readonly createTransport?: (url: string) => Transport;
}

export function kindName(kind: qkd.BoardKind): BoardKindName {
  switch (kind) {
    case qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE:
      return 'photon-source';
    case qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR:
      return 'polarization-modulator';
    case qkd.BoardKind.BOARD_KIND_TIME_TAGGER:
      return 'detector';
    default:
      return 'unknown';
  }
}

export async function probeBoard(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 300;
  let transport: Transport | null = null;
  try {
    transport = (options.createTransport ?? createTransport)(url);
    transport.on('error', () => undefined); // reported through the rejections below
    await transport.open();
    const session = new ConsoleSession(transport);
    let id: Awaited<ReturnType<typeof identifyBoard>>;
    try {
      id = await identifyBoard(session, { timeoutMs });
      await session.enterBinary(timeoutMs);
    } finally {
      session.detach();
    }
    const link = new BoardLink(transport, { timeoutMs, maxAttempts: 1, hostName: 'qkdd discovery' });
    const hello = await link.open();
    await link.call('enterConsole', {});
    return {
      ok: true,
      board: {
        url,
        kind: hello.boardKind,
        kindName: kindName(hello.boardKind),
        vendor: id.vendor,
        model: id.model,
        serial: id.serialNumber,
        firmware: id.firmwareVersion,
        protocol: `${hello.protocolMajor}.${hello.protocolMinor}`,
      },
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (isTransportError(err, QkdErrorCode.TransportPermissionDenied)) return { ok: false, url, reason, permissionDenied: true };
    return { ok: false, url, reason };
  } finally {
    await transport?.close();
  }
}
