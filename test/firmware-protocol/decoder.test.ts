import { describe, expect, it } from 'vitest';
import { FrameDecoder, MAX_ENCODED_FRAME_BYTES, cobsEncode, crc32c, encodeFrame } from '../../firmware-protocol/index.ts';
import type { DecoderEvent } from '../../firmware-protocol/index.ts';
import { expectConsistent } from '../support/decoder-stats.ts';

const u8 = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** A frame with a chosen version byte and a correct CRC. */
function frameWithVersion(version: number, payload: Uint8Array): Uint8Array {
  const body = new Uint8Array(payload.length + 5);
  body[0] = version;
  body.set(payload, 1);
  new DataView(body.buffer).setUint32(body.length - 4, crc32c(body, 0, body.length - 4), true);
  return u8(...cobsEncode(body), 0);
}

describe('FrameDecoder', () => {
  const payload = u8(1, 0, 2, 0, 0, 3, 255);

  it('decodes a frame fed one byte at a time', () => {
    const d = new FrameDecoder();
    const wire = encodeFrame(payload);
    const events: DecoderEvent[] = [];
    for (const b of wire) events.push(...d.push(u8(b)));
    expect(events).toEqual([{ kind: 'frame', version: 1, payload }]);
    expect(d.stats).toMatchObject({ frames: 1, frameBytes: wire.length, discardedBytes: 0, pendingBytes: 0 });
    expectConsistent(d.stats);
  });

  it('decodes three frames in one chunk, with idle delimiters between them', () => {
    const d = new FrameDecoder();
    const f = encodeFrame(payload);
    const events = d.push(u8(0, ...f, 0, 0, ...f, ...f));
    expect(events.map((e) => e.kind)).toEqual(['frame', 'frame', 'frame']);
    expect(d.stats.idleBytes).toBe(3);
    expectConsistent(d.stats);
  });

  it('drops garbage before a frame and resynchronises at the delimiter', () => {
    const d = new FrameDecoder();
    const events = d.push(u8(0x41, 0x54, 0x0d, 0x0a, 0, ...encodeFrame(payload)));
    expect(events[0]).toEqual({ kind: 'discarded', bytes: 5, reason: 'cobs' });
    expect(events[1]).toEqual({ kind: 'frame', version: 1, payload });
    expectConsistent(d.stats);
  });

  it('reports a flipped bit as crc', () => {
    // No zero in version+payload: the first COBS group holds them all, so byte 3 is data.
    const wire = encodeFrame(u8(5, 6, 7, 8));
    expect(wire[0]).toBeGreaterThan(5);
    wire[3] ^= 0x10;
    const d = new FrameDecoder();
    expect(d.push(wire)).toEqual([{ kind: 'discarded', bytes: wire.length, reason: 'crc' }]);
  });

  it('reports an unknown version byte as version, and accepts it when configured', () => {
    const wire = frameWithVersion(2, payload);
    expect(new FrameDecoder().push(wire)).toEqual([{ kind: 'discarded', bytes: wire.length, reason: 'version' }]);
    expect(new FrameDecoder({ acceptVersions: [1, 2] }).push(wire)).toEqual([{ kind: 'frame', version: 2, payload }]);
  });

  it('reports a block too short for version and CRC as empty', () => {
    expect(new FrameDecoder().push(u8(0x03, 0x01, 0x02, 0))).toEqual([{ kind: 'discarded', bytes: 4, reason: 'empty' }]);
  });

  it('drops an over-long run without buffering it and recovers on the next frame', () => {
    const d = new FrameDecoder();
    const junk = new Uint8Array(MAX_ENCODED_FRAME_BYTES + 1000).fill(0x55);
    const events = [...d.push(junk.subarray(0, 7000)), ...d.push(junk.subarray(7000))];
    expect(events).toEqual([]);
    expect(d.stats.pendingBytes).toBe(junk.length);
    const after = d.push(u8(0, ...encodeFrame(payload)));
    expect(after).toEqual([
      { kind: 'discarded', bytes: junk.length + 1, reason: 'too-long' },
      { kind: 'frame', version: 1, payload },
    ]);
    expectConsistent(d.stats);
  });

  it('refuses a bad acceptVersions option with a clear error', () => {
    expect(() => new FrameDecoder({ acceptVersions: [] })).toThrow(/acceptVersions/);
    expect(() => new FrameDecoder({ acceptVersions: [256] })).toThrow(/acceptVersions/);
  });
});
