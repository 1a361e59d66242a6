/**
 * ETSI GS QKD 014 key delivery of one node: the HTTPS server (src/api/etsi014)
 * over the node's key store, with key-ID reservations carried to the peer
 * node over the node's authenticated peer sessions. Wired here, where the
 * process is assembled, so that src/node never imports src/api.
 */
import { PeerChannelReservations, ReservationApplier, loadEtsi014Tls, startEtsi014Server } from '../api/etsi014/index.ts';
import { metricsForNode } from '../api/metrics/index.ts';
import { etsi014ConfigFromBench, type BenchConfig } from '../config/index.ts';
import type { Logger } from '../log.ts';
import type { QkdNode } from '../node/qkd-node.ts';

export interface NodeKeyDelivery {
  url: string;
  close(): Promise<void>;
}

/** Start the ETSI 014 server when the config has an `etsi` section; null otherwise. */
export async function startNodeKeyDelivery(config: BenchConfig, node: QkdNode, log: Logger): Promise<NodeKeyDelivery | null> {
  const etsiConfig = etsi014ConfigFromBench(config);
  if (!etsiConfig || !config.etsi) return null;
  const metrics = metricsForNode(node);
  const reservations = new PeerChannelReservations({
    handler: new ReservationApplier({
      store: node.store,
      localSaeIds: etsiConfig.localSaeIds,
      remoteSaeIds: etsiConfig.remoteSaeIds,
      // The allocator also cuts for the peer's master SAEs (enc_keys on either KME).
      cutsKeys: etsiConfig.cutsKeys,
      log,
    }),
    log,
  });
  node.onPeerSession((channel) => reservations.attach(channel));
  node.onPeerMessage((envelope, channel) => reservations.handleEnvelope(envelope, channel));
  const server = await startEtsi014Server({
    store: node.store,
    peer: reservations,
    config: etsiConfig,
    tls: await loadEtsi014Tls({ ...config.etsi.tls, crl: config.etsi.crlFile }),
    log,
    // Requests by endpoint and status, and their latency, for /metrics.
    onRequest: (r) => metrics.observeEtsiRequest(r),
  });
  log.info({ url: server.url }, 'ETSI GS QKD 014 server listening');
  return { url: server.url, close: () => server.close() };
}
