/**
 * Cascade messages. The receiver (Bob) sends requests, the responder (Alice)
 * answers with replies; every parity Alice discloses is one bit of a reply.
 * Messages are plain typed arrays, and `encode*` / `decode*` turn them into
 * bytes so they cross a process or a network unchanged.
 *
 * Wire format: a sequence of little-endian u32 words. Word 0 is
 * `0x43 'C' | type << 8 | flags << 16`; type 1 = request, 2 = reply.
 *
 * request: hdr, round, [setup: seed, n, passes, blockSize × passes] (flag bit 0),
 *          T, topPass × T, topBlocks × T, R, pass × R, start × R, end × R
 * reply:   hdr, round, count, ⌈count/32⌉ words of packed parities
 *
 * Decoded messages may share memory with the bytes they were decoded from.
 *
 * Reply bit order: first the top-level parities (for each i, blocks
 * 0 .. topBlocks[i]-1 of pass topPass[i]), then one bit per range.
 */

export const CASCADE_MAGIC = 0x43;
const TYPE_REQUEST = 1;
const TYPE_REPLY = 2;
const FLAG_SETUP = 1;

/** What Alice needs to rebuild Bob's permutations: sent once, in the first request. */
export interface CascadeSetup {
  seed: number;
  n: number;
  blockSizes: Uint32Array;
}

export interface CascadeRequest {
  kind: 'request';
  round: number;
  setup: CascadeSetup | null;
  /** Top-level parities asked: blocks [0, topBlocks[i]) of pass topPass[i]. */
  topPass: Uint32Array;
  topBlocks: Uint32Array;
  /** Range parities asked: positions [start[i], end[i]) of pass pass[i] (positions in that pass's permuted order). */
  pass: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
}

export interface CascadeReply {
  kind: 'reply';
  round: number;
  /** Number of parity bits carried: each one is a bit disclosed. */
  count: number;
  /** Packed parities, in the order they were asked. */
  parities: Uint32Array;
}

/** The receiver's final result (local to Bob; it is not sent). */
export interface CascadeDone {
  kind: 'done';
  /** Bob's corrected key, packed, tail bits zero. */
  key: Uint32Array;
  n: number;
  /** Parity bits Alice disclosed (sum of every reply's `count`). */
  leakedBits: number;
  /** Request/reply round trips. */
  rounds: number;
  /** Bits Bob flipped. */
  corrections: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Words backed by their own ArrayBuffer, so the byte view needs no copy. */
function allocWords(len: number): Uint32Array {
  return new Uint32Array(new ArrayBuffer(len * 4));
}

function toBytes(words: Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) dv.setUint32(i * 4, words[i], true);
  return out;
}

function toWords(bytes: Uint8Array): Uint32Array {
  if (bytes.length % 4 !== 0) throw new RangeError('cascade message: length is not a multiple of 4');
  if (LITTLE_ENDIAN) {
    // A view when aligned (the common case: bytes fresh from encode or a
    // socket buffer), a copy otherwise. Decoded arrays may share memory with `bytes`.
    if ((bytes.byteOffset & 3) === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
    return new Uint32Array(bytes.slice().buffer);
  }
  const out = new Uint32Array(bytes.length / 4);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = dv.getUint32(i * 4, true);
  return out;
}

class WordReader {
  private at = 0;
  constructor(private readonly w: Uint32Array) {}
  u32(): number {
    if (this.at >= this.w.length) throw new RangeError('cascade message: truncated');
    return this.w[this.at++];
  }
  array(len: number): Uint32Array {
    if (len > this.w.length - this.at) throw new RangeError('cascade message: truncated');
    const a = this.w.subarray(this.at, this.at + len);
    this.at += len;
    return a;
  }
  end(): void {
    if (this.at !== this.w.length) throw new RangeError('cascade message: trailing bytes');
  }
}

export function encodeRequest(r: CascadeRequest): Uint8Array {
  const T = r.topPass.length;
  const R = r.pass.length;
  if (r.topBlocks.length !== T || r.start.length !== R || r.end.length !== R) {
    throw new RangeError('cascade request: array lengths disagree');
  }
  const setupWords = r.setup ? 3 + r.setup.blockSizes.length : 0;
  const w = allocWords(2 + setupWords + 1 + 2 * T + 1 + 3 * R);
  let at = 0;
  w[at++] = CASCADE_MAGIC | (TYPE_REQUEST << 8) | ((r.setup ? FLAG_SETUP : 0) << 16);
  w[at++] = r.round;
  if (r.setup) {
    w[at++] = r.setup.seed;
    w[at++] = r.setup.n;
    w[at++] = r.setup.blockSizes.length;
    w.set(r.setup.blockSizes, at);
    at += r.setup.blockSizes.length;
  }
  w[at++] = T;
  w.set(r.topPass, at);
  w.set(r.topBlocks, at + T);
  at += 2 * T;
  w[at++] = R;
  w.set(r.pass, at);
  w.set(r.start, at + R);
  w.set(r.end, at + 2 * R);
  return toBytes(w);
}

export function decodeRequest(bytes: Uint8Array): CascadeRequest {
  const rd = new WordReader(toWords(bytes));
  const hdr = rd.u32();
  if ((hdr & 0xff) !== CASCADE_MAGIC || ((hdr >>> 8) & 0xff) !== TYPE_REQUEST) {
    throw new RangeError('cascade message: not a request');
  }
  const round = rd.u32();
  let setup: CascadeSetup | null = null;
  if ((hdr >>> 16) & FLAG_SETUP) {
    const seed = rd.u32();
    const n = rd.u32();
    const passes = rd.u32();
    if (passes > 255) throw new RangeError('cascade message: too many passes');
    setup = { seed, n, blockSizes: rd.array(passes) };
  }
  const T = rd.u32();
  const topPass = rd.array(T);
  const topBlocks = rd.array(T);
  const R = rd.u32();
  const pass = rd.array(R);
  const start = rd.array(R);
  const end = rd.array(R);
  rd.end();
  return { kind: 'request', round, setup, topPass, topBlocks, pass, start, end };
}

export function encodeReply(r: CascadeReply): Uint8Array {
  const words = (r.count + 31) >>> 5;
  if (r.parities.length < words) throw new RangeError('cascade reply: parities shorter than count');
  const w = allocWords(3 + words);
  w[0] = CASCADE_MAGIC | (TYPE_REPLY << 8);
  w[1] = r.round;
  w[2] = r.count;
  w.set(r.parities.subarray(0, words), 3);
  return toBytes(w);
}

export function decodeReply(bytes: Uint8Array): CascadeReply {
  const rd = new WordReader(toWords(bytes));
  const hdr = rd.u32();
  if ((hdr & 0xff) !== CASCADE_MAGIC || ((hdr >>> 8) & 0xff) !== TYPE_REPLY) {
    throw new RangeError('cascade message: not a reply');
  }
  const round = rd.u32();
  const count = rd.u32();
  const parities = rd.array((count + 31) >>> 5);
  rd.end();
  return { kind: 'reply', round, count, parities };
}
