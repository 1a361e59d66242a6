import { describe, expect, it } from 'vitest';
import { FrameDecoder, MAX_PAYLOAD_BYTES, encodeFrame, qkd } from '../../firmware-protocol/index.ts';

/** Hex bytes with a `//` comment per line. */
const hex = (s: string): Uint8Array =>
  Uint8Array.from(
    s
      .replace(/\/\/[^\n]*/g, '')
      .trim()
      .split(/\s+/)
      .map((b) => parseInt(b, 16)),
  );

describe('encodeFrame', () => {
  it('produces the worked example of FRAMING.md byte for byte', () => {
    const payload = qkd.Envelope.encode({ request: { seq: 1, ping: { nonce: 7 } } }).finish();
    expect(new Uint8Array(payload)).toEqual(
      hex(`
        0a 06        // Envelope.request (field 1, length 6)
        08 01        // Request.seq = 1
        5a 02        // Request.ping (field 11, length 2)
        08 07        // PingRequest.nonce = 7
      `),
    );
    expect(encodeFrame(payload)).toEqual(
      hex(`
        0e                          // COBS code: 13 data bytes follow, no zero among them
        01                          // framing version 1
        0a 06 08 01 5a 02 08 07     // payload
        6e f0 39 bf                 // CRC-32C 0xBF39F06E of version+payload, little-endian
        00                          // delimiter
      `),
    );
  });

  it('produces worked example 2 of FRAMING.md, which has a zero to stuff', () => {
    const payload = qkd.Envelope.encode({ response: { seq: 1, ping: {} } }).finish();
    expect(new Uint8Array(payload)).toEqual(hex('12 04 08 01 5a 00'));
    expect(encodeFrame(payload)).toEqual(
      hex(`
        07                  // COBS code: 6 bytes follow, then a zero
        01                  // framing version 1
        12 04 08 01 5a      // payload up to its zero byte
        05                  // COBS code: 4 bytes follow, end of frame
        a3 5d 7e 01         // CRC-32C 0x017E5DA3, little-endian
        00                  // delimiter
      `),
    );
  });

  it('refuses a payload over MAX_PAYLOAD_BYTES and accepts exactly that many', () => {
    expect(() => encodeFrame(new Uint8Array(MAX_PAYLOAD_BYTES + 1))).toThrow(RangeError);
    const events = new FrameDecoder().push(encodeFrame(new Uint8Array(MAX_PAYLOAD_BYTES)));
    expect(events).toEqual([{ kind: 'frame', version: 1, payload: new Uint8Array(MAX_PAYLOAD_BYTES) }]);
  });

  it('allows an empty payload', () => {
    expect(new FrameDecoder().push(encodeFrame(new Uint8Array(0)))).toEqual([{ kind: 'frame', version: 1, payload: new Uint8Array(0) }]);
  });
});
