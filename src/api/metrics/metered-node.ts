/**
 * What /metrics needs from a node, and nothing more: its status (counters,
 * QBER, store, boards, alarms, generation) and, when the node watches its
 * bench's health, the monitor's last reading (detector count rates,
 * temperatures). `QkdNode` fits it as it is; tests and the bench pass a
 * small fake. Everything here is read at scrape time, so the node's hot path
 * pays nothing for being measured.
 */
import type { NodeStatus } from '../../node/qkd-node.ts';
import type { HealthReading } from '../../node/safety/safety-monitor.ts';
export type { Etsi014RequestRecord as EtsiRequestRecord } from '../etsi014/server.ts';

export interface MeteredNode {
  status(): NodeStatus;
  /** The node's safety monitor (null or absent when its bench reports no health). */
  readonly safety?: { lastHealth(): HealthReading | null } | null;
}
