/** The ETSI 014 server config derived from a bench config. */
import { describe, expect, it } from 'vitest';
import { benchConfigSchema } from '../../src/node/bench-config.ts';
import { etsi014ConfigFromBench } from '../../src/api/etsi014/from-bench-config.ts';

const base = {
  node: { id: 'kme-a', role: 'transmitter', linkId: 'l1' },
  boards: { photonSource: 'sim://source', polarizationModulator: 'sim://mod' },
  peer: { listen: '127.0.0.1:7700', preSharedKeyFile: '/tmp/psk' },
  keystore: { path: '/tmp/a.db' },
  source: { rateHz: 1e9, intensities: { signal: 0.5, decoy: 0.1, vacuum: 0 }, intensityProbabilities: { signal: 0.8, decoy: 0.1, vacuum: 0.1 } },
  etsi: {
    listen: '127.0.0.1:8443',
    peerKmeId: 'kme-b',
    localSaeIds: ['sae-a'],
    remoteSaeIds: ['sae-b'],
    tls: { ca: 'pki/ca.pem', cert: 'pki/kme-a.pem', key: 'pki/kme-a-key.pem' },
  },
};

describe('etsi014ConfigFromBench', () => {
  it('maps the etsi section and lets the transmitter cut keys', () => {
    const cfg = etsi014ConfigFromBench(benchConfigSchema.parse(base));
    expect(cfg).toEqual({
      kmeId: 'kme-a',
      peerKmeId: 'kme-b',
      localSaeIds: ['sae-a'],
      remoteSaeIds: ['sae-b'],
      keySizeBits: 256,
      minKeySizeBits: 64,
      maxKeySizeBits: 8192,
      maxKeysPerRequest: 128,
      cutsKeys: true,
      listen: '127.0.0.1:8443',
    });
  });
  it('the receiver does not cut; no etsi section means no server', () => {
    const receiver = { ...base, node: { ...base.node, id: 'kme-b', role: 'receiver' }, boards: { detector: 'sim://det' }, peer: { connect: '127.0.0.1:7700', preSharedKeyFile: '/tmp/psk' } };
    expect(etsi014ConfigFromBench(benchConfigSchema.parse(receiver))?.cutsKeys).toBe(false);
    const { etsi: _omit, ...none } = base;
    expect(etsi014ConfigFromBench(benchConfigSchema.parse(none))).toBeUndefined();
  });
});
