/**
 * Serve one board on a TCP port (like ser2net in front of a UART): bytes of
 * the connected client go to the board, the board's bytes to the client.
 * One client at a time; a new connection replaces the old one, so a host
 * that crashed without closing its socket can reconnect.
 */
import { createServer, type Socket } from 'node:net';
import type { ByteEndpoint } from './endpoint.ts';

export interface ServedTcp {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export function serveOnTcp(endpoint: ByteEndpoint, port: number, host = '127.0.0.1'): Promise<ServedTcp> {
  let client: Socket | null = null;
  const dropClient = (): void => {
    client?.destroy();
    client = null;
  };
  const offData = endpoint.onData((bytes) => {
    client?.write(bytes);
  });
  // Unplugging the board drops the line, as pulling a USB-serial adapter would.
  const offClose = endpoint.onClose(dropClient);
  const server = createServer((socket) => {
    if (!endpoint.isPlugged) {
      socket.destroy();
      return;
    }
    dropClient();
    client = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (client === socket) endpoint.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    socket.on('error', () => undefined); // a reset by the host is normal; 'close' follows
    socket.on('close', () => {
      if (client === socket) client = null;
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `tcp://${host}:${actualPort}`,
        port: actualPort,
        close: () =>
          new Promise<void>((done) => {
            offData();
            offClose();
            dropClient();
            server.close(() => done());
          }),
      });
    });
  });
}
