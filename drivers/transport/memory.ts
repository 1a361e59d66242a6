/**
 * An in-memory transport pair for unit tests: what one end writes, the other
 * end receives, asynchronously (next macrotask) as a real link would deliver
 * it. `unplug()` simulates a cable pulled out: both ends get an 'error' then
 * 'close'.
 */
import { EventEmitter } from 'node:events';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { Transport, TransportEvents, TransportState } from './transport.ts';

export class MemoryTransport extends EventEmitter implements Transport {
  state: TransportState = 'closed';
  peer: MemoryTransport | null = null;
  /** Bytes written by this end so far (for tests that count traffic). */
  bytesWritten = 0;

  constructor(readonly url: string) {
    super();
  }

  override on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this {
    return super.off(event, listener);
  }

  async open(): Promise<void> {
    if (this.state === 'open') return;
    this.state = 'open';
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.state !== 'open') {
      throw new QkdError(QkdErrorCode.TransportClosed, `write on ${this.state} transport ${this.url}`);
    }
    const copy = Uint8Array.from(data); // the caller may reuse its buffer
    this.bytesWritten += copy.length;
    const peer = this.peer;
    setImmediate(() => {
      if (peer && peer.state === 'open') peer.emit('data', copy);
    });
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.emit('close');
  }

  /** Simulate an unplug: a transport error on this end, then close. */
  unplug(): void {
    if (this.state !== 'open') return;
    this.emit('error', new QkdError(QkdErrorCode.TransportUnplugged, `${this.url} unplugged`));
    this.state = 'closed';
    this.emit('close');
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
