/**
 * Byte fixtures of the wire layout (src/peer/frame.ts, src/peer/preamble.ts)
 * and an independent check of the Wegman–Carter tag over the transcript:
 * tag = h_k(encoded transcript since the previous tag) ⊕ pad, with the
 * encoding spelled out here and h computed by the BigInt reference of the
 * verification tests (textbook sum Σ m_i k^(L+2−i) + λ·k), not by src/.
 */
import { describe, expect, it } from 'vitest';
import { buildDeferredFrame, buildFrame } from '../../src/peer/frame.ts';
import { encodeLengthPrefixed } from '../../src/peer/framing.ts';
import { encodePreamble } from '../../src/peer/preamble.ts';
import { WegmanCarterAuthenticator } from '../../src/peer/auth/wegman-carter.ts';
import { fromBig, polyHashRef } from '../support/gf64-reference.ts';

describe('wire fixtures', () => {
  it('tagged and deferred frame layouts, byte by byte, with the tag over the transcript from the reference hash', () => {
    const hashKey = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]); // k = 0x0807060504030201
    const pad = new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0x80]);
    const wc = new WegmanCarterAuthenticator(hashKey);
    // A deferred frame (seq 6), then the tagged frame that covers it (seq 7, the 3rd tagged frame: pad index 2).
    const deferred = buildDeferredFrame(1, 6, new Uint8Array([0x11, 0x22]));
    expect(Array.from(deferred)).toEqual([
      0x02, // version 2
      0x03, // flags: direction 1 (B → A), deferred
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0x06, // seq 6 (u64 big-endian)
      0x11,
      0x22, // payload (would be an Envelope); no tag
    ]);
    const payload = new Uint8Array([0xaa, 0xbb, 0xcc]);
    const { frame, authLength } = buildFrame(1, 0x0102030405, payload, 8, 2);
    expect(authLength).toBe(21);
    const header = [
      0x02, // version 2
      0x01, // flags: direction 1 (B → A), tagged
      0x00,
      0x00,
      0x00,
      0x01, // seq, high word (big-endian)
      0x02,
      0x03,
      0x04,
      0x05, // seq, low word: seq = 0x01_0203_0405
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0x02, // pad index 2 (u64 big-endian)
      0xaa,
      0xbb,
      0xcc, // payload (would be an Envelope)
    ];
    expect(Array.from(frame.subarray(0, authLength))).toEqual(header);
    const t = wc.newTranscript();
    t.addFrame(deferred);
    t.addFrame(frame.subarray(0, authLength));
    wc.tagTranscript(t, pad, frame, authLength);
    // Reference: the documented encoding — per frame u64 LE length ‖ bytes ‖ zeros to 8 — hashed at k, then ⊕ pad.
    const encoded: number[] = [];
    for (const f of [Array.from(deferred), header]) {
      encoded.push(f.length, 0, 0, 0, 0, 0, 0, 0, ...f);
      while (encoded.length % 8 !== 0) encoded.push(0);
    }
    expect(encoded.length).toBe(8 + 16 + 8 + 24);
    expect(t.encodedBytes).toBe(encoded.length);
    const bits: number[] = [];
    for (const byte of encoded) for (let i = 0; i < 8; i++) bits.push((byte >> i) & 1);
    const [lo, hi] = fromBig(polyHashRef(bits, 0x0807060504030201n));
    const expected = new Uint8Array(8);
    new DataView(expected.buffer).setUint32(0, lo, true);
    new DataView(expected.buffer).setUint32(4, hi, true);
    for (let i = 0; i < 8; i++) expected[i] ^= pad[i];
    expect(Array.from(frame.subarray(authLength))).toEqual(Array.from(expected));
    expect(Array.from(encodeLengthPrefixed(frame).subarray(0, 4))).toEqual([0, 0, 0, 29]); // u32 BE length
  });

  it('preamble layout, byte by byte', () => {
    const pskFingerprint = new Uint8Array([0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87]);
    const p = encodePreamble({ side: 0, points: 2, chunkMessages: 64, positionBits: 0x1_0000_0100, pskFingerprint, maxSpanBytes: 4096 });
    expect(Array.from(p)).toEqual([
      0xa5, // preamble mark (never a frame version)
      0x51,
      0x4b,
      0x44,
      0x50, // "QKDP"
      0x03, // preamble version
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
      0x00,
      0x00,
      0x10,
      0x00, // maxSpanBytes = 4096
    ]);
  });
});
