/**
 * Typed `on` / `off` / `once` over a Node EventEmitter, written once for the
 * drivers' classes that publish events (BoardLink, TagStream, BoardSession,
 * DetectorTagStream, BoardDriver): `E` is the class's events interface
 * (event name → listener signature). The class emits through
 * `this.emitter`; its users only subscribe. Transports extend EventEmitter
 * itself (their users may need its whole API): see transport/transport-base.ts.
 */
import { EventEmitter } from 'node:events';

type UntypedListener = (...args: unknown[]) => void;

export class TypedEvents<E> {
  /** Emit through this; subscribers come in through on / off / once. */
  protected readonly emitter = new EventEmitter();

  on<K extends keyof E & string>(event: K, listener: E[K]): this {
    this.emitter.on(event, listener as UntypedListener);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: E[K]): this {
    this.emitter.off(event, listener as UntypedListener);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: E[K]): this {
    this.emitter.once(event, listener as UntypedListener);
    return this;
  }
}
