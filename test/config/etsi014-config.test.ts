/** The ETSI 014 server config derived from the `node` and `etsi` sections of a bench config. */
import { describe, expect, it } from 'vitest';
import type { BenchConfig } from '../../src/config/bench-config.ts';
import { etsi014ConfigFromBench } from '../../src/config/etsi014-config.ts';

const etsi: NonNullable<BenchConfig['etsi']> = {
  listen: '127.0.0.1:8443',
  peerKmeId: 'kme-b',
  localSaeIds: ['sae-a'],
  remoteSaeIds: ['sae-b'],
  keySizeBits: 256,
  minKeySizeBits: 64,
  maxKeySizeBits: 4096,
  maxKeysPerRequest: 100,
  reservationTtlS: 300,
  tls: { ca: 'pki/ca.pem', cert: 'pki/kme-a.pem', key: 'pki/kme-a-key.pem' },
};

describe('etsi014ConfigFromBench', () => {
  it('maps the etsi section and lets the transmitter cut keys', () => {
    const cfg = etsi014ConfigFromBench({ node: { id: 'kme-a', role: 'transmitter', linkId: 'l1' }, etsi });
    expect(cfg).toEqual({
      kmeId: 'kme-a',
      peerKmeId: 'kme-b',
      localSaeIds: ['sae-a'],
      remoteSaeIds: ['sae-b'],
      keySizeBits: 256,
      minKeySizeBits: 64,
      maxKeySizeBits: 4096,
      maxKeysPerRequest: 100,
      reservationTtlS: 300,
      cutsKeys: true,
      listen: '127.0.0.1:8443',
    });
  });
  it('the receiver does not cut; no etsi section means no server', () => {
    expect(etsi014ConfigFromBench({ node: { id: 'kme-b', role: 'receiver', linkId: 'l1' }, etsi })?.cutsKeys).toBe(false);
    expect(etsi014ConfigFromBench({ node: { id: 'kme-b', role: 'receiver', linkId: 'l1' }, etsi: undefined })).toBeUndefined();
  });
});
