/**
 * `AuthKeySource` over a pre-shared key file: the initial authentication key
 * installed identically on both nodes before the first QKD session.
 *
 * Key file: either raw binary (any length; the whole file is the key) or hex
 * text (`format: 'hex'`, or by default a name ending in `.hex`): pairs of hex
 * digits, whitespace and newlines ignored, nothing else allowed. Byte i of the
 * key is stream bits 8i..8i+7, LSB first. The file is read once, at open, and
 * never written.
 *
 * Position file (sidecar, default `<key file>.pos`): one line of JSON,
 *     {"format":"qkdd-psk-position","version":1,"keyBytes":N,"consumedBytes":M}
 * holding only counts, never key bytes. Why a restart never reuses pad: `take`
 * first writes the new position durably — to `<pos>.tmp`, fsync, rename over
 * the position file, fsync the directory (rename is atomic on POSIX, so a
 * crash leaves either the old or the new file, never a torn one) — and only
 * then returns the bytes. A crash after the write loses those bytes (they are
 * never used) but can never hand them out twice. A missing position file means
 * position 0 (first use); a position file whose keyBytes differ from the key
 * file (the key was replaced) is refused rather than guessed at.
 *
 * Fingerprint (`preSharedKey(linkId)`, ./psk-fingerprint.ts): the whole key
 * is hashed once at open, before the consumed part is zeroed; only that hash
 * state is kept, so the fingerprint for any link id is available for the
 * channel's preamble without keeping spent key bytes in memory.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { Hash } from 'node:crypto';
import { checkTakeBits, type AuthKeySource, type PreSharedKeyIdentity } from './key-source.ts';
import { finishPskFingerprint, startPskFingerprint } from './psk-fingerprint.ts';

export interface PreSharedKeyFileOptions {
  /** Sidecar position file; default `<keyPath>.pos`. */
  positionPath?: string;
  /** Key file encoding; default 'hex' for names ending in `.hex`, else 'binary'. */
  format?: 'binary' | 'hex';
}

interface PositionRecord {
  format: 'qkdd-psk-position';
  version: 1;
  keyBytes: number;
  consumedBytes: number;
}

export class PreSharedKeyFileSource implements AuthKeySource {
  private readonly key: Uint8Array;
  private consumed: number;
  /** SHA-256 state after the whole key (psk-fingerprint.ts): fingerprints without keeping spent bytes. */
  private readonly fingerprintState: Hash;
  readonly keyPath: string;
  readonly positionPath: string;

  private constructor(keyPath: string, positionPath: string, key: Uint8Array, consumed: number) {
    this.keyPath = keyPath;
    this.positionPath = positionPath;
    this.key = key;
    this.consumed = consumed;
    this.fingerprintState = startPskFingerprint(key);
    key.fill(0, 0, consumed);
  }

  static open(keyPath: string, options: PreSharedKeyFileOptions = {}): PreSharedKeyFileSource {
    const positionPath = options.positionPath ?? `${keyPath}.pos`;
    const format = options.format ?? (keyPath.endsWith('.hex') ? 'hex' : 'binary');
    let raw: Buffer;
    try {
      raw = readFileSync(keyPath);
    } catch (err) {
      throw new QkdError(
        QkdErrorCode.AuthKeyUnavailable,
        `cannot read pre-shared key file ${keyPath}${why(err)}`,
        { path: keyPath, errno: errnoOf(err) },
        { cause: err },
      );
    }
    const key = format === 'hex' ? parseHex(raw, keyPath) : new Uint8Array(raw);
    raw.fill(0);
    const consumed = readPosition(positionPath, key.length);
    const source = new PreSharedKeyFileSource(keyPath, positionPath, key, consumed);
    if (consumed === 0) source.writePosition(0); // make the sidecar exist from the first open
    return source;
  }

  get position(): number {
    return this.consumed * 8;
  }

  get remainingBits(): number {
    return (this.key.length - this.consumed) * 8;
  }

  /** This key file and its fingerprint on link `linkId` (the whole file's, however much is consumed). */
  preSharedKey(linkId: string): PreSharedKeyIdentity {
    return { path: this.keyPath, fingerprint: finishPskFingerprint(this.fingerprintState, linkId) };
  }

  /** The bytes the takes `sizes` would return, from memory: the position file is not touched. */
  peek(sizes: readonly number[]): Uint8Array[] {
    let at = this.consumed;
    return sizes.map((nBits) => {
      checkTakeBits(nBits);
      const n = nBits / 8;
      if (at + n > this.key.length) {
        const left = (this.key.length - at) * 8;
        throw new QkdError(QkdErrorCode.AuthKeyExhausted, `pre-shared authentication key exhausted: need ${nBits} bits, ${left} left`, {
          needBits: nBits,
          remainingBits: left,
        });
      }
      at += n;
      return this.key.slice(at - n, at);
    });
  }

  take(nBits: number): Uint8Array {
    checkTakeBits(nBits);
    const n = nBits / 8;
    if (this.consumed + n > this.key.length) {
      throw new QkdError(
        QkdErrorCode.AuthKeyExhausted,
        `pre-shared authentication key exhausted: need ${nBits} bits, ${this.remainingBits} left`,
        {
          needBits: nBits,
          remainingBits: this.remainingBits,
        },
      );
    }
    const start = this.consumed;
    // Durable first, then hand out: see the file comment.
    this.writePosition(start + n);
    this.consumed = start + n;
    const out = this.key.slice(start, start + n);
    this.key.fill(0, start, start + n);
    return out;
  }

  private writePosition(consumedBytes: number): void {
    const record: PositionRecord = { format: 'qkdd-psk-position', version: 1, keyBytes: this.key.length, consumedBytes };
    const tmp = `${this.positionPath}.tmp`;
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(record)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.positionPath);
      const dir = openSync(dirname(this.positionPath), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch (err) {
      throw new QkdError(
        QkdErrorCode.AuthKeyUnavailable,
        `cannot write key position file ${this.positionPath}${why(err)}`,
        { path: this.positionPath, errno: errnoOf(err) },
        {
          cause: err,
        },
      );
    }
  }
}

function parseHex(raw: Buffer, path: string): Uint8Array {
  const text = raw.toString('latin1').replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(text) || text.length % 2 !== 0) {
    throw new QkdError(
      QkdErrorCode.AuthKeyFileInvalid,
      `pre-shared key file ${path} is not hex (pairs of hex digits, whitespace allowed)`,
      { path },
    );
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function readPosition(path: string, keyBytes: number): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw new QkdError(
      QkdErrorCode.AuthKeyUnavailable,
      `cannot read key position file ${path}${why(err)}`,
      { path, errno: errnoOf(err) },
      { cause: err },
    );
  }
  let rec: Partial<PositionRecord>;
  try {
    rec = JSON.parse(text) as Partial<PositionRecord>;
  } catch (err) {
    throw new QkdError(QkdErrorCode.AuthKeyFileInvalid, `key position file ${path} is not JSON`, { path }, { cause: err });
  }
  if (
    rec.format !== 'qkdd-psk-position' ||
    rec.version !== 1 ||
    !Number.isSafeInteger(rec.consumedBytes) ||
    !Number.isSafeInteger(rec.keyBytes)
  ) {
    throw new QkdError(QkdErrorCode.AuthKeyFileInvalid, `key position file ${path} is not a qkdd-psk-position v1 record`, { path });
  }
  if (rec.keyBytes !== keyBytes) {
    throw new QkdError(
      QkdErrorCode.AuthKeyFileInvalid,
      `key position file ${path} is for a ${rec.keyBytes}-byte key, the key file holds ${keyBytes} bytes`,
      {
        path,
        recordedKeyBytes: rec.keyBytes as number,
        keyBytes,
      },
    );
  }
  const consumed = rec.consumedBytes as number;
  if (consumed < 0 || consumed > keyBytes)
    throw new QkdError(QkdErrorCode.AuthKeyFileInvalid, `key position file ${path} is out of range`, { path });
  return consumed;
}

/** The errno code of a failed file operation (`ENOENT`, `EACCES`, ...), if any. */
function errnoOf(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** ` (does not exist)`, ` (permission denied)`, ... for a message; empty when the cause says nothing useful. */
function why(err: unknown): string {
  switch (errnoOf(err)) {
    case 'ENOENT':
      return ' (does not exist)';
    case 'EACCES':
    case 'EPERM':
      return ' (permission denied)';
    case 'EISDIR':
      return ' (is a directory)';
    case undefined:
      return '';
    default:
      return ` (${errnoOf(err)})`;
  }
}
