/**
 * Routing of relayed keys in a trusted-node network: the shared vocabulary
 * (path.ts), the topology and link states, the link-state database flooded
 * between key managers, the key-aware path chooser, and the per-link key
 * ledger (reserve / commit / release, reserve floor and transit share).
 */
export type { LinkId, NodeId, Path, PathChooser } from './path.ts';
export {
  isUsable,
  linkStateOf,
  Topology,
  topologyError,
  type Adjacency,
  type LinkSpec,
  type LinkState,
  type NetworkView,
  type TopologySpec,
} from './topology.ts';
export {
  DEFAULT_ROUTING_POLICY,
  hopWeight,
  KeyAwareRouter,
  shortestKeyPath,
  usableBits,
  type RoutingPolicy,
} from './key-aware-router.ts';
export {
  DEFAULT_LINK_POOL_POLICY,
  LinkKeyLedger,
  type LinkAccount,
  type LinkPoolPolicy,
  type LinkReservation,
  type TrafficKind,
} from './link-key-ledger.ts';
export {
  LinkStateDatabase,
  type LinkAnnouncement,
  type LinkStateAdvertisement,
  type LinkStateDbOptions,
  type ReceiveOutcome,
} from './link-state-db.ts';
export { networkConfigSchema, readNetworkConfig, type NetworkConfig, type NetworkSettings } from './topology-config.ts';
