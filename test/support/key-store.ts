/**
 * Shared helpers for the key store tests: temporary database files, random
 * blocks, and a slow per-bit reference for what the pools should contain.
 */
import { tempDir as makeTempDir, type TempDir } from './temp-dir.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { KeyStore, type KeyStoreOptions } from '../../src/keystore/key-store.ts';

export type { TempDir };

/** A temporary folder named for these tests (see temp-dir.ts). */
export function tempDir(prefix = 'qkdd-keystore-'): TempDir {
  return makeTempDir(prefix);
}

export function openStore(path: string, options: Partial<Omit<KeyStoreOptions, 'path'>> = {}): KeyStore {
  return KeyStore.open({ path, maxBits: 1 << 26, maxKeySizeBits: 8192, ...options });
}

/** `ceil(bits/8)` random bytes with the bits past `bits` zero. */
export function randomBlock(rng: Xoshiro128, bits: number): Uint8Array {
  const out = new Uint8Array((bits + 7) >>> 3);
  for (let i = 0; i < out.length; i++) out[i] = rng.nextU32() & 0xff;
  if (bits & 7) out[out.length - 1] &= (1 << (bits & 7)) - 1;
  return out;
}

/** Reference bit stream, one number (0/1) per bit: slow on purpose, obviously right. */
export function bitsOf(bytes: Uint8Array, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push((bytes[i >>> 3] >>> (i & 7)) & 1);
  return out;
}

/** Pack a reference bit stream back to bytes (LSB first). */
export function packBitList(bits: readonly number[]): Uint8Array {
  const out = new Uint8Array((bits.length + 7) >>> 3);
  bits.forEach((b, i) => {
    if (b) out[i >>> 3] |= 1 << (i & 7);
  });
  return out;
}

export interface RefBlock {
  readonly id: string;
  readonly bytes: Uint8Array;
  readonly bitLength: number;
  readonly authBits: number;
}

/** What the application and auth pools should yield, in order, for these blocks. */
export function referenceStreams(blocks: readonly RefBlock[]): { app: number[]; auth: number[] } {
  const app: number[] = [];
  const auth: number[] = [];
  for (const b of blocks) {
    auth.push(...bitsOf(b.bytes, 0, b.authBits));
    app.push(...bitsOf(b.bytes, b.authBits, b.bitLength));
  }
  return { app, auth };
}
