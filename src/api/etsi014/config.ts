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
  /** Optional PEM CRL of the CA (`etsi.crlFile`): clients it revokes fail the handshake. */
  readonly crl?: string | Buffer;
}

/**
 * Read the PEM files named in the bench config's `etsi.tls`. A missing or
 * unreadable file is QkdError(FileMissing / FileUnusable) naming its field
 * (`qkdd run` checks them earlier, in its preflight).
 */
export async function loadEtsi014Tls(paths: { ca: string; cert: string; key: string; crl?: string }): Promise<Etsi014Tls> {
  const read = async (field: 'ca' | 'cert' | 'key' | 'crl'): Promise<Buffer> => {
    const path = paths[field] ?? '';
    try {
      return await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new QkdError(
        code === 'ENOENT' ? QkdErrorCode.FileMissing : QkdErrorCode.FileUnusable,
        `${field === 'crl' ? 'etsi.crlFile' : `etsi.tls.${field}`}: ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`}`,
        { field: field === 'crl' ? 'etsi.crlFile' : `etsi.tls.${field}`, path },
        { cause: err },
      );
    }
  };
  const [ca, cert, key] = await Promise.all([read('ca'), read('cert'), read('key')]);
  return paths.crl === undefined ? { ca, cert, key } : { ca, cert, key, crl: await read('crl') };
}
