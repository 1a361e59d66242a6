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
 * Decoded arrays may be views of the bytes they were decoded from (no copy);
 * do not reuse the byte buffer while the decoded message is in use.
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
/** Messages of at most this many words are written and read byte by byte (see WordWriter). */
const SMALL_WORDS = 16;

/**
 * Little-endian words. On little-endian hosts (all Node targets in practice)
 * a message is one Uint32Array over its own ArrayBuffer, filled with bulk
 * `set`, and decoding takes views of the received bytes when they are
 * 4-byte aligned (one allocation per message, no per-word loop). Small
 * messages, and all messages on other hosts, go byte by byte.
 */
class WordWriter {
  readonly bytes: Uint8Array;
  private readonly words: Uint32Array | null;
  private at = 0;
  constructor(len: number) {
    // Up to 64 bytes V8 keeps a typed array on its own heap, which is far
    // cheaper than an ArrayBuffer; most late rounds carry one to three ranges.
    if (LITTLE_ENDIAN && len > SMALL_WORDS) {
      const buf = new ArrayBuffer(len * 4);
      this.words = new Uint32Array(buf);
      this.bytes = new Uint8Array(buf);
    } else {
      this.words = null;
      this.bytes = new Uint8Array(len * 4);
    }
  }
  u32(v: number): void {
    if (this.words) {
      this.words[this.at++] = v;
      return;
    }
    const b = this.bytes;
    const at = this.at * 4;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
    this.at++;
  }
  array(a: Uint32Array, len: number): void {
    if (this.words) {
      this.words.set(len === a.length ? a : a.subarray(0, len), this.at);
      this.at += len;
      return;
    }
    for (let i = 0; i < len; i++) this.u32(a[i]);
  }
}

class WordReader {
  /** Word view of the message when the host is little-endian and the bytes are aligned. */
  private readonly words: Uint32Array | null;
  private readonly length: number;
  private at = 0;
  constructor(private readonly b: Uint8Array) {
    if (b.length % 4 !== 0) throw new RangeError('cascade message: length is not a multiple of 4');
    this.length = b.length >>> 2;
    this.words =
      LITTLE_ENDIAN && this.length > SMALL_WORDS && (b.byteOffset & 3) === 0 ? new Uint32Array(b.buffer, b.byteOffset, this.length) : null;
  }
  u32(): number {
    const at = this.at;
    if (at >= this.length) throw new RangeError('cascade message: truncated');
    this.at = at + 1;
    if (this.words) return this.words[at];
    const b = this.b;
    const i = at * 4;
    return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
  }
  /** The next `len` words; a view into the message bytes when possible. */
  array(len: number): Uint32Array {
    const at = this.at;
    if (len > this.length - at) throw new RangeError('cascade message: truncated');
    this.at = at + len;
    if (this.words) return this.words.subarray(at, at + len);
    const a = new Uint32Array(len);
    const b = this.b;
    for (let i = 0, j = at * 4; i < len; i++, j += 4) a[i] = b[j] | (b[j + 1] << 8) | (b[j + 2] << 16) | (b[j + 3] << 24);
    return a;
  }
  end(): void {
    if (this.at !== this.length) throw new RangeError('cascade message: trailing bytes');
  }
}

export function encodeRequest(r: CascadeRequest): Uint8Array {
  const T = r.topPass.length;
  const R = r.pass.length;
  if (r.topBlocks.length !== T || r.start.length !== R || r.end.length !== R) {
    throw new RangeError('cascade request: array lengths disagree');
  }
  const setupWords = r.setup ? 3 + r.setup.blockSizes.length : 0;
  const w = new WordWriter(2 + setupWords + 1 + 2 * T + 1 + 3 * R);
  w.u32(CASCADE_MAGIC | (TYPE_REQUEST << 8) | ((r.setup ? FLAG_SETUP : 0) << 16));
  w.u32(r.round);
  if (r.setup) {
    w.u32(r.setup.seed);
    w.u32(r.setup.n);
    w.u32(r.setup.blockSizes.length);
    w.array(r.setup.blockSizes, r.setup.blockSizes.length);
  }
  w.u32(T);
  w.array(r.topPass, T);
  w.array(r.topBlocks, T);
  w.u32(R);
  w.array(r.pass, R);
  w.array(r.start, R);
  w.array(r.end, R);
  return w.bytes;
}

export function decodeRequest(bytes: Uint8Array): CascadeRequest {
  const rd = new WordReader(bytes);
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
  const w = new WordWriter(3 + words);
  w.u32(CASCADE_MAGIC | (TYPE_REPLY << 8));
  w.u32(r.round);
  w.u32(r.count);
  w.array(r.parities, words);
  return w.bytes;
}

export function decodeReply(bytes: Uint8Array): CascadeReply {
  const rd = new WordReader(bytes);
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
