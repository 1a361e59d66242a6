/**
 * `qkdctl keys psk`: the pre-shared authentication key of a link. One file,
 * made once from the system's cryptographic RNG and copied to both nodes out
 * of band; each node authenticates its classical channel with it until the
 * key store holds QKD key (src/peer/auth/psk-file-source.ts reads it: raw
 * binary, or hex text for a name ending in `.hex`; it keeps how much it has
 * used in `<file>.pos` beside it). Written 0600 in a folder made 0700; size
 * and a SHA-256 prefix are printed so both ends can compare their copies.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pskFingerprint } from '../../peer/auth/psk-fingerprint.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { parseCommand, type QkdctlCommand } from './command.ts';

/** 1 MiB: authenticates a long first session before the store holds key of its own. */
export const DEFAULT_PSK_BYTES = 1 << 20;

const SPEC = {
  link: { kind: 'string', help: 'link id (names the default file)' },
  bytes: { kind: 'number', help: 'key size in bytes', default: DEFAULT_PSK_BYTES, min: 32, max: 1 << 30 },
  out: { kind: 'string', help: 'file to write (a name ending in .hex writes hex text)', default: 'keys/<link>.psk' },
  force: { kind: 'boolean', help: 'replace an existing file (and forget its position file)' },
} satisfies Record<string, OptionSpec>;

/** The checksum both ends compare: the first 16 hex digits of the file's SHA-256 (`sha256sum FILE | cut -c1-16`). */
export function pskChecksum(fileBytes: Uint8Array): string {
  return createHash('sha256').update(fileBytes).digest('hex').slice(0, 16);
}

export const keysPskCommand: QkdctlCommand = {
  name: 'keys psk',
  summary: "make a link's pre-shared authentication key (0600; size and checksum printed for both ends)",
  async run(argv) {
    const parsed = parseCommand(argv, 'keys psk', '--link ID [--bytes N] [--out FILE] [--force]', SPEC);
    if (parsed === null) return 0;
    const { values: v, io } = parsed;
    if (!v.link) throw usageError('--link ID is required');
    const bytes = v.bytes ?? DEFAULT_PSK_BYTES;
    if (!Number.isInteger(bytes)) throw usageError(`--bytes needs a whole number, got ${bytes}`);
    const out = resolve((v.out ?? 'keys/<link>.psk').replace('<link>', v.link));
    if (existsSync(out) && !v.force)
      throw usageError(`${out} exists; it is kept (--force replaces it — then copy the new one to both nodes)`);
    const dir = dirname(out);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const key = randomBytes(bytes);
    const hex = out.endsWith('.hex');
    const content = hex ? Buffer.from(`${(key.toString('hex').match(/.{1,64}/g) ?? []).join('\n')}\n`, 'latin1') : key;
    // A new file, 0600 from its creation: a replaced one is removed first (writing into it would keep its mode a moment).
    if (v.force) rmSync(out, { force: true });
    writeFileSync(out, content, { mode: 0o600, flag: 'wx' });
    // A replaced key starts unused: its predecessor's position file would be refused (other size) or skip pad.
    const pos = `${out}.pos`;
    const forgot = existsSync(pos);
    if (forgot) rmSync(pos);
    const checksum = pskChecksum(content);
    // What the nodes print at a handshake whose two files differ (src/peer/auth/psk-fingerprint.ts).
    const fingerprint = pskFingerprint(key, v.link);
    key.fill(0);
    io.result(
      [
        `wrote ${out}: ${bytes} bytes of key${hex ? ' (hex text)' : ''}, mode 0600`,
        `sha256 ${checksum} (first 16 hex digits; \`sha256sum ${out} | cut -c1-16\` on the other node must print the same)`,
        `link fingerprint ${fingerprint} (what both nodes log for this file on link ${v.link}, e.g. when the two files differ)`,
        ...(forgot ? [`removed the old position file ${pos}`] : []),
        'copy this one file to both nodes out of band (scp, a USB stick you wipe after), keep it 0600,',
        `and name it in each config's peer.preSharedKeyFile (peer.preSharedKeyMinBytes ≤ ${bytes}).`,
      ].join('\n'),
      { file: out, link: v.link, bytes, format: hex ? 'hex' : 'binary', sha256Prefix: checksum, fingerprint, mode: '0600' },
    );
    return 0;
  },
};
