/**
 * Ask whatever is on a transport who it is, through the console.
 *
 * A board powers up in console mode, but one whose host went away while it
 * was in binary mode (a crashed daemon, a network bridge that dropped the
 * TCP link while the board kept power) ignores console text. So when
 * `*IDN?` meets silence, we send one framed EnterConsole request, which such
 * a board answers and obeys, and ask again. A port with nothing behind it
 * stays silent twice and the caller gets Timeout.
 */
import { encodeEnvelopeFrame, FRAME_DELIMITER, type Identity } from '../../firmware-protocol/index.ts';
import { isTimeout } from '../../errors/index.ts';
import type { Transport } from '../transport/transport.ts';
import type { ConsoleSession } from './console-session.ts';

export interface IdentifyOptions {
  /** Time to wait for each console answer, in ms. */
  readonly timeoutMs: number;
  /** Try the EnterConsole frame when the console is silent. Default true. */
  readonly binaryFallback?: boolean;
}

/**
 * Seq of the EnterConsole request of the fallback. Any value is fine: the
 * board answers it in a frame we read as console noise, and a new BoardLink
 * starts its own numbering after Hello.
 */
const FALLBACK_SEQ = 0xfffffffe;

export async function identifyBoard(session: ConsoleSession, options: IdentifyOptions): Promise<Identity> {
  try {
    return await session.identify(options.timeoutMs);
  } catch (err) {
    if (!isTimeout(err) || options.binaryFallback === false) throw err;
  }
  // Wait for the board's answer before speaking console: it drops whatever
  // follows EnterConsole in the same read, and a pty or USB read may well
  // coalesce our frame with the next command.
  const answered = nextData(session.transport, options.timeoutMs);
  await sendEnterConsoleFrame(session.transport);
  await answered;
  return session.identify(options.timeoutMs);
}

/** Resolves on the next bytes from the transport, or after `timeoutMs` (silence is for identify() to report). */
function nextData(transport: Transport, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      transport.off('data', done);
      transport.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    transport.on('data', done);
    transport.on('close', done);
  });
}

async function sendEnterConsoleFrame(transport: Transport): Promise<void> {
  const frame = encodeEnvelopeFrame({ request: { seq: FALLBACK_SEQ, enterConsole: {} } });
  // The leading delimiter ends the console text the binary decoder has been discarding.
  const bytes = new Uint8Array(frame.length + 1);
  bytes[0] = FRAME_DELIMITER;
  bytes.set(frame, 1);
  await transport.write(bytes);
}

export type { Identity };
