/**
 * Frame codec throughput: encodeFrame + streaming FrameDecoder over tag-batch
 * sized payloads (16000 bytes, like 2000 packed tags), in MB/s of payload,
 * beside a plain reference in the same run: byte-by-byte COBS into JS arrays
 * with a bitwise CRC-32C and a per-byte decoding state machine.
 */
import { FrameDecoder, MAX_PAYLOAD_BYTES, encodeFrame } from '../../firmware-protocol/index.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { timeIt } from './harness.ts';
import type { BenchSuite } from './harness.ts';

function crcBitwise(bytes: ArrayLike<number>, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

function referenceEncode(payload: Uint8Array): number[] {
  const body = [1, ...payload];
  const crc = crcBitwise(body, 0, body.length);
  body.push(crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24);
  const out: number[] = [];
  let group: number[] = [];
  for (const b of body) {
    if (b === 0) {
      out.push(group.length + 1, ...group);
      group = [];
    } else {
      group.push(b);
      if (group.length === 254) {
        out.push(255, ...group);
        group = [];
      }
    }
  }
  out.push(group.length + 1, ...group, 0);
  return out;
}

/** Per-byte decoder: collect until 0x00, un-stuff, check CRC; returns payload count and bytes. */
function referenceDecode(stream: ArrayLike<number>): { frames: number; payloadBytes: number } {
  let frames = 0;
  let payloadBytes = 0;
  let raw: number[] = [];
  for (let i = 0; i < stream.length; i++) {
    const b = stream[i];
    if (b !== 0) {
      raw.push(b);
      continue;
    }
    const dec: number[] = [];
    let j = 0;
    let ok = true;
    while (j < raw.length) {
      const code = raw[j++];
      for (let k = 1; k < code; k++) {
        if (j >= raw.length) ok = false;
        dec.push(raw[j++]);
      }
      if (code !== 255 && j < raw.length) dec.push(0);
    }
    raw = [];
    if (!ok || dec.length < 5) continue;
    const n = dec.length;
    const crc = (dec[n - 4] | (dec[n - 3] << 8) | (dec[n - 2] << 16) | (dec[n - 1] << 24)) >>> 0;
    if (crcBitwise(dec, 0, n - 4) !== crc) continue;
    frames++;
    payloadBytes += n - 5;
  }
  return { frames, payloadBytes };
}

const suite: BenchSuite = async (ctx) => {
  const payloadBytes = Math.min(16000, MAX_PAYLOAD_BYTES);
  const frameCount = ctx.quick ? 16 : 64;
  const rng = new Xoshiro128(12345);
  const payloads = Array.from({ length: frameCount }, () => {
    const p = new Uint8Array(payloadBytes);
    // Tag records have many zero bytes (high offset bits); mimic a mix.
    for (let i = 0; i < p.length; i++) p[i] = rng.nextBelow(4) === 0 ? 0 : rng.nextBelow(256);
    return p;
  });
  const totalMB = (frameCount * payloadBytes) / 1e6;
  const minSeconds = ctx.quick ? 0.2 : 0.5;

  ctx.progress(`framing: ${frameCount} frames × ${payloadBytes} B`);
  const decoder = new FrameDecoder();
  let ours = 0;
  const t = timeIt(() => {
    ours = 0;
    for (const p of payloads) {
      const wire = encodeFrame(p);
      // Deliver in 4 KiB chunks, as a USB bulk endpoint or a socket would.
      for (let o = 0; o < wire.length; o += 4096) {
        for (const ev of decoder.push(wire.subarray(o, o + 4096))) if (ev.kind === 'frame') ours += ev.payload.length;
      }
    }
  }, minSeconds);
  if (ours !== frameCount * payloadBytes) throw new Error('framing bench: frames lost');

  let refBytes = 0;
  const r = timeIt(
    () => {
      refBytes = 0;
      for (const p of payloads) refBytes += referenceDecode(referenceEncode(p)).payloadBytes;
    },
    minSeconds,
    ctx.quick ? 3 : 20,
  );
  if (refBytes !== frameCount * payloadBytes) throw new Error('framing bench: reference lost frames');

  return [
    {
      bench: 'framing',
      unit: 'MB/s',
      value: totalMB / t.secondsPerCall,
      reference: totalMB / r.secondsPerCall,
      referenceName: 'byte-wise COBS in JS arrays + bitwise CRC',
      payloadBytes,
      frames: frameCount,
    },
  ];
};

export default suite;
