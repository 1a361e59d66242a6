/**
 * The transmitter pattern file that `qkdctl analyze --pattern` reads: which
 * basis, bit and intensity class the transmitter sent in each slot of the
 * frames of a recording, so that the recording can be sifted and its QBER
 * measured offline (docs/recording.md).
 *
 *   bytes 0..7   magic "QKDPATT1"
 *   u32 LE       length L of the JSON header
 *   L bytes      JSON: {"slotsPerFrame": S, "frames": [f0, f1, …]} — the bench-clock
 *                frame indices the blocks below belong to, in order — or
 *                {"slotsPerFrame": S, "repeat": true}: one block that every frame played
 *   then         one block per frame (one in all with "repeat"): ceil(S / 8) u32 LE
 *                words, 4 bits per slot as src/pipeline/sifting/pattern.ts packs them
 *                (bit 0 value, bit 1 basis 0 = Z / 1 = X, bits 2..3 intensity class
 *                0 signal, 1 decoy, 2 vacuum); slot s in word s >> 3 at bit 4·(s & 7).
 *
 * Frame f starts at slot f·S of the bench clock (slot k emitted at k · 1e12 / pulse rate ps).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';

export const PATTERN_MAGIC = 'QKDPATT1';

export interface PatternFile {
  readonly slotsPerFrame: number;
  /** Bench-clock frame → its packed pattern; with `repeat`, `every` holds the one pattern. */
  readonly frames: ReadonlyMap<number, Uint32Array>;
  readonly every: Uint32Array | null;
}

export function patternFor(file: PatternFile, frame: number): Uint32Array | undefined {
  return file.every ?? file.frames.get(frame);
}

const wordsFor = (slots: number): number => Math.ceil(slots / 8);

export function encodePatternFile(
  slotsPerFrame: number,
  patterns: { readonly repeat: Uint32Array } | { readonly frames: ReadonlyMap<number, Uint32Array> },
): Uint8Array {
  const words = wordsFor(slotsPerFrame);
  const blocks = 'repeat' in patterns ? [patterns.repeat] : [...patterns.frames.values()];
  const header = 'repeat' in patterns ? { slotsPerFrame, repeat: true } : { slotsPerFrame, frames: [...patterns.frames.keys()] };
  for (const b of blocks) if (b.length !== words) throw new RangeError(`a pattern block has ${b.length} words, ${words} expected`);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(12 + json.length + blocks.length * words * 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(PATTERN_MAGIC), 0);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let at = 12 + json.length;
  for (const b of blocks) {
    for (let i = 0; i < words; i++) view.setUint32(at + i * 4, b[i], true);
    at += words * 4;
  }
  return out;
}

export function writePatternFile(path: string, ...args: Parameters<typeof encodePatternFile>): void {
  writeFileSync(path, encodePatternFile(...args));
}

function invalid(file: string, offset: number, message: string): QkdError {
  return new QkdError(QkdErrorCode.RecordingFileInvalid, `${file}: byte ${offset}: ${message}`, { file, offset });
}

export function decodePatternFile(bytes: Uint8Array, file = 'pattern file'): PatternFile {
  if (bytes.length < 12) throw invalid(file, 0, `file truncated: expected the ${PATTERN_MAGIC} magic and header length (12 bytes)`);
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 8)) !== PATTERN_MAGIC)
    throw invalid(file, 0, `expected the magic '${PATTERN_MAGIC}' of a qkdd pattern file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(8, true);
  if (bytes.length < 12 + jsonLength) throw invalid(file, 12, `file truncated: expected a JSON header of ${jsonLength} bytes`);
  let header: { slotsPerFrame?: unknown; frames?: unknown; repeat?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as typeof header;
  } catch {
    throw invalid(file, 12, 'expected a JSON header');
  }
  const slots = header.slotsPerFrame;
  if (typeof slots !== 'number' || !Number.isInteger(slots) || slots < 1)
    throw invalid(file, 12, 'slotsPerFrame must be a positive integer');
  const repeat = header.repeat === true;
  const frameIds = repeat ? [] : header.frames;
  if (!Array.isArray(frameIds) || !frameIds.every((f) => Number.isInteger(f) && f >= 0))
    throw invalid(file, 12, 'frames must be a list of frame indices (or repeat: true)');
  const words = wordsFor(slots);
  const blocks = repeat ? 1 : frameIds.length;
  let at = 12 + jsonLength;
  const need = at + blocks * words * 4;
  if (bytes.length < need) {
    const block = Math.floor((bytes.length - at) / (words * 4));
    throw invalid(file, at + block * words * 4, `file truncated: expected pattern block ${block} of ${blocks} (${words * 4} bytes)`);
  }
  if (bytes.length > need) throw invalid(file, need, `${bytes.length - need} bytes follow the last pattern block`);
  const read = (): Uint32Array => {
    const w = new Uint32Array(words);
    for (let i = 0; i < words; i++) w[i] = view.getUint32(at + i * 4, true);
    at += words * 4;
    return w;
  };
  if (repeat) return { slotsPerFrame: slots, frames: new Map(), every: read() };
  const frames = new Map<number, Uint32Array>();
  for (const f of frameIds as number[]) frames.set(f, read());
  return { slotsPerFrame: slots, frames, every: null };
}

export function readPatternFile(path: string): PatternFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new QkdError(
      code === 'ENOENT' ? QkdErrorCode.FileMissing : QkdErrorCode.FileUnusable,
      `${path}: cannot read the pattern file (${code === 'ENOENT' ? 'no such file' : code})`,
      { file: path },
      { cause: err },
    );
  }
  return decodePatternFile(bytes, path);
}
