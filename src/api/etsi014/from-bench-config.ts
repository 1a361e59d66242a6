/**
 * Build the ETSI 014 server's config and TLS material from a node's bench
 * config (src/node/bench-config.ts), for the node layer that starts it.
 */
import { readFile } from 'node:fs/promises';
import type { BenchConfig } from '../../node/bench-config.ts';
import type { Etsi014Config, Etsi014Tls } from './config.ts';

/** `undefined` when the bench config has no `etsi` section (the node serves no keys). */
export function etsi014ConfigFromBench(bench: Pick<BenchConfig, 'node' | 'etsi'>, overrides: Partial<Etsi014Config> = {}): Etsi014Config | undefined {
  const etsi = bench.etsi;
  if (etsi === undefined) return undefined;
  return {
    kmeId: bench.node.id,
    peerKmeId: etsi.peerKmeId,
    localSaeIds: etsi.localSaeIds,
    remoteSaeIds: etsi.remoteSaeIds,
    keySizeBits: etsi.keySizeBits,
    minKeySizeBits: etsi.minKeySizeBits,
    maxKeySizeBits: etsi.maxKeySizeBits,
    maxKeysPerRequest: etsi.maxKeysPerRequest,
    // One KME of a pair cuts keys (see config.ts): the transmitter.
    cutsKeys: bench.node.role === 'transmitter',
    listen: etsi.listen,
    ...overrides,
  };
}

/** Read the PEM files named in the bench config's `etsi.tls`. */
export async function loadEtsi014Tls(paths: { ca: string; cert: string; key: string }): Promise<Etsi014Tls> {
  const [ca, cert, key] = await Promise.all([readFile(paths.ca), readFile(paths.cert), readFile(paths.key)]);
  return { ca, cert, key };
}
