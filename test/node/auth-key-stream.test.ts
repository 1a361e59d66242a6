import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { LinkAuthKeyStream } from '../../src/node/auth-key-stream.ts';
import { MemoryAuthKeySource } from '../../src/peer/index.ts';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { isPeerError, QkdErrorCode } from '../../errors/index.ts';

const newDir = tempDirsPerTest('qkdd-auth-stream-');
function store(): KeyStore {
  const dir = newDir();
  return KeyStore.open({ path: join(dir, 's.sqlite'), maxBits: 1 << 20 });
}

describe('LinkAuthKeyStream', () => {
  it('serves the pre-shared key, then the pool, at the same positions on both nodes', () => {
    const psk = new Uint8Array(16).map((_, i) => i + 1); // 128 bits
    const block = new Uint8Array(64).map((_, i) => 0xa0 ^ i);
    const make = (): LinkAuthKeyStream => {
      const s = store();
      s.addBlock('b1', block, { authBits: 256 });
      return new LinkAuthKeyStream(new MemoryAuthKeySource(psk.slice()), s, 128);
    };
    const a = make();
    const b = make();
    for (const stream of [a, b]) {
      expect(Array.from(stream.take(64))).toEqual(Array.from(psk.subarray(0, 8)));
      expect(stream.position).toBe(64);
      // 96 bits do not fit in the 64 left: the remainder is burnt and the pool serves the whole take.
      expect(Array.from(stream.take(96))).toEqual(Array.from(block.subarray(0, 12)));
      expect(stream.position).toBe(128 + 96);
    }
    expect(Array.from(a.take(160))).toEqual(Array.from(b.take(160)));
    expect(a.position).toBe(b.position);
  });

  it('fails with auth-key-exhausted when both are spent, consuming nothing more', () => {
    const s = store();
    const stream = new LinkAuthKeyStream(new MemoryAuthKeySource(new Uint8Array(2)), s, 16);
    stream.take(16);
    try {
      stream.take(8);
      throw new Error('expected exhaustion');
    } catch (err) {
      expect(isPeerError(err) && err.code).toBe(QkdErrorCode.AuthKeyExhausted);
    }
    expect(stream.position).toBe(16);
  });
});
