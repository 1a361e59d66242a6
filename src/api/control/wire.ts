/**
 * The JSON documents of control API v1, as types and as the functions that
 * build them from a node. docs/control-api.md shows each with an example;
 * qkdctl reads them through these types. Fields are only ever added within
 * v1; a change that removes or renames one is /api/v2/.
 */
import type { AlarmRecord } from '../../node/alarms.ts';
import type { GenerationHold } from '../../node/generation-gate.ts';
import type { NodeStatus } from '../../node/qkd-node.ts';
import type { ControlledNode } from './controlled-node.ts';
import type { Rates } from './rate-window.ts';

export const CONTROL_API_VERSION = 1;
export const CONTROL_API_PREFIX = '/api/v1';

export interface AlarmJson {
  code: string;
  severity: string;
  message: string;
  /** ISO 8601 time it was raised. */
  at: string;
}

export interface AlarmsJson {
  /** Alarms raised since the node started. */
  total: number;
  byCode: Record<string, number>;
  /** The most recent ones, oldest first (the node keeps the last 20). */
  recent: AlarmJson[];
}

export interface HoldJson {
  /** `operator`, or `safety:<condition>`. */
  reason: string;
  detail: string;
  since: string;
}

export interface GenerationJson {
  /** True while no reason holds key generation. */
  running: boolean;
  holds: HoldJson[];
}

export interface BoardJson {
  name: string;
  field: string;
  address: string;
  state: 'connected' | 'lost';
  since: string;
}

export interface StatusJson {
  apiVersion: number;
  /** ISO 8601 time of this snapshot. */
  time: string;
  node: { id: string; role: 'transmitter' | 'receiver' };
  link: { id: string; peerConnected: boolean; peerSessions: number };
  boards: BoardJson[];
  /**
   * QBER per basis of the last frame that measured it (null until one has):
   * Z is the key basis (errors found by error correction), X the test basis
   * (the disclosed sample).
   */
  qber: { Z: number | null; X: number | null };
  rates: Rates;
  /** Key bits stored per pool (application keys; authentication of the peer channel). */
  storedKey: { appBits: number; authBits: number; totalBits: number; maxBits: number; deliveredKeys: number; pendingBlocks: number };
  alarms: AlarmsJson;
  generation: GenerationJson;
  /** Counters since the node started (frames, detections, blocks stored, …); NaN is null. */
  counters: Record<string, unknown>;
  /** Drift tracking, when on: `polarization` (transmitter) and `delay` (receiver), as NodeStatus.tracking. */
  tracking?: NodeStatus['tracking'];
}

export interface GenerationChangeJson {
  /** False when the request changed nothing (stop while already stopped by an operator, start while not). */
  changed: boolean;
  generation: GenerationJson;
}

export interface ErrorJson {
  error: { code: ControlErrorCode; message: string };
}

export type ControlErrorCode = 'bad_request' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'payload_too_large' | 'internal';

const iso = (ms: number): string => new Date(ms).toISOString();
const finiteOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export function alarmsJson(snapshot: { total: number; byCode: Record<string, number>; recent: AlarmRecord[] }): AlarmsJson {
  return {
    total: snapshot.total,
    byCode: { ...snapshot.byCode },
    recent: snapshot.recent.map((a) => ({ code: a.code, severity: a.severity, message: a.message, at: iso(a.atMs) })),
  };
}

export function generationJson(running: boolean, holds: readonly GenerationHold[]): GenerationJson {
  return { running, holds: holds.map((h) => ({ reason: h.reason, detail: h.detail, since: iso(h.sinceMs) })) };
}

export function statusJson(node: ControlledNode, status: NodeStatus, rates: Rates, nowMs: number): StatusJson {
  const counters: Record<string, unknown> = { framesInFlight: status.framesInFlight, blocksInFlight: status.blocksInFlight ?? 0 };
  for (const [k, v] of Object.entries(status.stats)) counters[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
  return {
    apiVersion: CONTROL_API_VERSION,
    time: iso(nowMs),
    node: { id: status.nodeId, role: status.role },
    link: { id: status.linkId, peerConnected: status.peerConnected, peerSessions: status.peerSessions },
    boards: status.boards.map((b) => ({ name: b.name, field: b.field, address: b.address, state: b.state, since: iso(b.sinceMs) })),
    qber: { Z: finiteOrNull(status.stats.lastQberKey), X: finiteOrNull(status.stats.lastQberTest) },
    rates,
    storedKey: {
      appBits: status.store.appBits,
      authBits: status.store.authBits,
      totalBits: status.store.storedBits,
      maxBits: status.store.maxBits,
      deliveredKeys: status.store.deliveredKeys,
      pendingBlocks: status.store.pendingBlocks,
    },
    alarms: alarmsJson(node.alarms.snapshot()),
    generation: generationJson(status.generation.running, status.generation.holds),
    counters,
    ...(status.tracking ? { tracking: status.tracking } : {}),
  };
}
