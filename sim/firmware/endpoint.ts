/**
 * The byte seam between a simulated board and whatever carries its bytes
 * (a memory transport in tests, a TCP socket, a socat pseudo-terminal): the
 * equivalent of the board's UART pins. The firmware never knows which.
 */
export interface ByteEndpoint {
  /** False while the board is unplugged: servers refuse connections then. */
  readonly isPlugged: boolean;
  /** Bytes from the host into the board (the board's RX pin). */
  write(bytes: Uint8Array): void;
  /** Subscribe to bytes the board sends (its TX pin); returns the unsubscribe function. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Subscribe to the board going away (unplugged, bench closed); returns the unsubscribe function. */
  onClose(listener: () => void): () => void;
}
