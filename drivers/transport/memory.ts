/**
 * An in-memory transport pair for unit tests: what one end writes, the other
 * end receives, asynchronously (next macrotask) as a real link would deliver
 * it. `unplug()` simulates a cable pulled out: both ends get an 'error' then
 * 'close'.
 */
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { TransportBase } from './transport-base.ts';

export class MemoryTransport extends TransportBase {
  peer: MemoryTransport | null = null;
  /** Bytes written by this end so far (for tests that count traffic). */
  bytesWritten = 0;

  async open(): Promise<void> {
    if (this.beginOpen()) this.currentState = 'open';
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.currentState !== 'open') throw this.notOpenForWrite();
    const copy = Uint8Array.from(data); // the caller may reuse its buffer
    this.bytesWritten += copy.length;
    const peer = this.peer;
    setImmediate(() => {
      if (peer && peer.state === 'open') peer.emit('data', copy);
    });
  }

  async close(): Promise<void> {
    if (this.beginClose()) this.finish();
  }

  /** Simulate an unplug: a transport error on this end, then close. */
  unplug(): void {
    if (this.beginFault(new QkdError(QkdErrorCode.TransportUnplugged, `${this.url} unplugged`))) this.finish();
  }
}

/** Two connected ends: `host` for the driver side, `device` for a simulated board. */
export function createMemoryTransportPair(name = 'memory'): { host: MemoryTransport; device: MemoryTransport } {
  const host = new MemoryTransport(`memory://${name}/host`);
  const device = new MemoryTransport(`memory://${name}/device`);
  host.peer = device;
  device.peer = host;
  return { host, device };
}
