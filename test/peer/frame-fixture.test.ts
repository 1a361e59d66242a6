/**
 * Byte fixtures of the wire layout (src/peer/frame.ts, src/peer/preamble.ts)
 * and an independent check of the Wegman–Carter tag: tag = h_k(authenticated
 * bytes) ⊕ pad, with h computed by the BigInt reference of the verification
 * tests (textbook sum Σ m_i k^(L+2−i) + λ·k), not by src/.
 */
import { describe, expect, it } from 'vitest';
import { buildFrame } from '../../src/peer/frame.ts';
import { encodeLengthPrefixed } from '../../src/peer/framing.ts';
import { encodePreamble } from '../../src/peer/preamble.ts';
import { WegmanCarterAuthenticator } from '../../src/peer/auth/wegman-carter.ts';
import { fromBig, polyHashRef } from '../support/gf64-reference.ts';

describe('wire fixtures', () => {
  it('authenticated frame layout, byte by byte, with its tag from the reference hash', () => {
    const payload = new Uint8Array([0xaa, 0xbb, 0xcc]);
    const { frame, authLength } = buildFrame(1, 0x0102030405, payload, 8);
    expect(authLength).toBe(13);
    const hashKey = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]); // k = 0x0807060504030201
    const pad = new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0x80]);
    const wc = new WegmanCarterAuthenticator(hashKey);
    wc.tag(frame.subarray(0, authLength), pad, frame, authLength);
    const header = [
      0x01, // version 1
      0x01, // flags: direction 1 (B → A)
      0x00,
      0x00,
      0x00,
      0x01, // seq, high word (big-endian)
      0x02,
      0x03,
      0x04,
      0x05, // seq, low word: seq = 0x01_0203_0405
      0xaa,
      0xbb,
      0xcc, // payload (would be an Envelope)
    ];
    expect(Array.from(frame.subarray(0, authLength))).toEqual(header);
    // Reference tag: bits of the 13 authenticated bytes, LSB first, hashed at k, then ⊕ pad.
    const bits: number[] = [];
    for (const byte of header) for (let i = 0; i < 8; i++) bits.push((byte >> i) & 1);
    const [lo, hi] = fromBig(polyHashRef(bits, 0x0807060504030201n));
    const expected = new Uint8Array(8);
    new DataView(expected.buffer).setUint32(0, lo, true);
    new DataView(expected.buffer).setUint32(4, hi, true);
    for (let i = 0; i < 8; i++) expected[i] ^= pad[i];
    expect(Array.from(frame.subarray(authLength))).toEqual(Array.from(expected));
    expect(Array.from(encodeLengthPrefixed(frame).subarray(0, 4))).toEqual([0, 0, 0, 21]); // u32 BE length
  });

  it('preamble layout, byte by byte', () => {
    const pskFingerprint = new Uint8Array([0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87]);
    const p = encodePreamble({ side: 0, points: 2, chunkMessages: 64, positionBits: 0x1_0000_0100, pskFingerprint });
    expect(Array.from(p)).toEqual([
      0xa5, // preamble mark (never a frame version)
      0x51,
      0x4b,
      0x44,
      0x50, // "QKDP"
      0x02, // preamble version
      0x00, // side A
      0x02, // two 64-bit points per tag
      0x00,
      0x00,
      0x00,
      0x40, // chunkMessages = 64
      0x00,
      0x00,
      0x00,
      0x01,
      0x00,
      0x00,
      0x01,
      0x00, // position = 2^32 + 256 bits
      0xf0,
      0xe1,
      0xd2,
      0xc3,
      0xb4,
      0xa5,
      0x96,
      0x87, // pre-shared key fingerprint (8 bytes, as given)
    ]);
  });
});
