/**
 * An `AuthKeySource` over bytes held in memory. Not durable: a process that
 * restarts from the same bytes would reuse pad, so this is for tests and the
 * in-process simulated link only. Consumed bytes are zeroed in the buffer.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { checkTakeBits, type AuthKeySource } from './key-source.ts';

export class MemoryAuthKeySource implements AuthKeySource {
  private readonly bytes: Uint8Array;
  private offset: number;

  /** `bytes` is copied; `startBits` (a multiple of 8) skips the start of the stream. */
  constructor(bytes: Uint8Array, startBits = 0) {
    checkTakeBits(startBits + 8);
    this.bytes = bytes.slice();
    this.offset = startBits / 8;
    this.bytes.fill(0, 0, Math.min(this.offset, this.bytes.length));
  }

  get position(): number {
    return this.offset * 8;
  }

  get remainingBits(): number {
    return Math.max(0, this.bytes.length - this.offset) * 8;
  }

  peek(sizes: readonly number[]): Uint8Array[] {
    let at = this.offset;
    return sizes.map((nBits) => {
      checkTakeBits(nBits);
      const n = nBits / 8;
      if (at + n > this.bytes.length) {
        const left = Math.max(0, this.bytes.length - at) * 8;
        throw new QkdError(QkdErrorCode.AuthKeyExhausted, `authentication key exhausted: need ${nBits} bits, ${left} left`, {
          needBits: nBits,
          remainingBits: left,
        });
      }
      at += n;
      return this.bytes.slice(at - n, at);
    });
  }

  take(nBits: number): Uint8Array {
    checkTakeBits(nBits);
    const n = nBits / 8;
    if (this.offset + n > this.bytes.length) {
      throw new QkdError(QkdErrorCode.AuthKeyExhausted, `authentication key exhausted: need ${nBits} bits, ${this.remainingBits} left`, {
        needBits: nBits,
        remainingBits: this.remainingBits,
      });
    }
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.bytes.fill(0, this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}
