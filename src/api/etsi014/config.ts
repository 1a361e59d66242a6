/**
 * The ETSI 014 server's configuration (defined with the bench config in
 * src/config, which maps a node's config to it) and its TLS material, read
 * from the files the config names.
 */
import { readFile } from 'node:fs/promises';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

export type { Etsi014Config } from '../../config/etsi014-config.ts';

/** PEM contents (not paths) of the server's TLS material; `ca` is the CA that issues SAE certificates. */
export interface Etsi014Tls {
  readonly ca: string | Buffer;
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/**
 * Read the PEM files named in the bench config's `etsi.tls`. A missing or
 * unreadable file is QkdError(FileMissing / FileUnusable) naming its field
 * (`qkdd run` checks them earlier, in its preflight).
 */
export async function loadEtsi014Tls(paths: { ca: string; cert: string; key: string }): Promise<Etsi014Tls> {
  const read = async (field: 'ca' | 'cert' | 'key'): Promise<Buffer> => {
    try {
      return await readFile(paths[field]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new QkdError(
        code === 'ENOENT' ? QkdErrorCode.FileMissing : QkdErrorCode.FileUnusable,
        `etsi.tls.${field}: ${paths[field]} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`}`,
        { field: `etsi.tls.${field}`, path: paths[field] },
        { cause: err },
      );
    }
  };
  const [ca, cert, key] = await Promise.all([read('ca'), read('cert'), read('key')]);
  return { ca, cert, key };
}
