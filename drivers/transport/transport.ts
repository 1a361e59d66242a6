/**
 * The transport seam: every board link (serial, USB bulk, TCP, in-memory) is
 * a byte duplex behind this interface, picked by URL scheme in
 * `openTransport`. Nothing above this layer knows which one it has.
 */
import type { QkdError } from '../../errors/index.ts';

export type TransportState = 'closed' | 'opening' | 'open' | 'closing';

export interface TransportEvents {
  /** Bytes arrived. The chunk is owned by the listener only for the duration of the call. */
  data: (chunk: Uint8Array) => void;
  /** A fault after open: unplug, read/write error. Always followed by 'close'. */
  error: (err: QkdError) => void;
  /** The transport is closed (by `close()` or by a fault). Emitted once per open. */
  close: () => void;
}

export interface Transport {
  /** The address this transport was made from, e.g. `serial:///dev/ttyUSB0?baud=921600`. */
  readonly url: string;
  readonly state: TransportState;
  /** Opens the link; rejects with a QkdError (TransportOpenFailed, TransportBadUrl). */
  open(): Promise<void>;
  /** Writes all bytes; resolves once the OS has accepted them (drain), rejects with a QkdError. */
  write(data: Uint8Array): Promise<void>;
  /** Closes the link; idempotent; never rejects. */
  close(): Promise<void>;
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
}
