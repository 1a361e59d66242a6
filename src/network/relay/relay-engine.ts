/**
 * The key relay protocol of one trusted node, as a state machine per relayed
 * key (docs/key-relay.md). Messages come in through `receive`, timers through
 * `tick`, a restart through `recover`; what goes out goes through three
 * explicit seams, in this order within every step:
 *
 *   1. the link pools (`HopKeyPool`: cut / apply / material / release),
 *   2. the durable record store (`RelayRecordStore.put`, durable on return),
 *   3. `send(toNode, message)` to an adjacent node.
 *
 * A message leaves only after the record it depends on is durable, and a hop
 * key's material is released only after the record that replaces it (the
 * stored Forward, or the received key) is durable. The engine has no I/O,
 * timers or logging of its own; `clock` and `randomBytes` are injected.
 * Every step is idempotent on replay, so a node that crashed anywhere is
 * resumed by `recover()` over its store (tests: test/network/relay/).
 *
 * Roles per relayed key: the source (the first node of the path: draws the
 * key, alone decides commit or abort), relays (forward the key, hold it only
 * between receiving and forwarding) and the destination (holds it, usable
 * only after the source's Commit). Secrets: the engine never logs or emits
 * key bytes; copies it made are zeroed.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { LinkId, NodeId, Path } from '../routing/path.ts';
import { hopKeyBits, openHop, sealHop } from './hop-cipher.ts';
import type { HopKeyPool } from './hop-keys.ts';
import { hopKeyId, newRelayId } from './ids.ts';
import {
  decodeForwardHeader,
  decodeRelayMessage,
  encodeForwardHeader,
  encodeRelayMessage,
  type HopKeyCut,
  MAX_RELAY_KEY_BITS,
  pathProblem,
  type RelayBody,
  type RelayMessage,
  sizeProblem,
} from './messages.ts';
import type { RelayRecord, RelayRecordStore, RelayState } from './records.ts';

export interface RelayTiming {
  /** Resend the last message of an unfinished relay after this long without progress. */
  readonly retryMs: number;
  /** The source aborts a relay the destination has not confirmed (Prepared) this long after drawing it. */
  readonly decisionTimeoutMs: number;
}

export const DEFAULT_RELAY_TIMING: RelayTiming = { retryMs: 2_000, decisionTimeoutMs: 30_000 };

/** What happened, for logs, metrics and tests. Never carries key material. */
export interface RelayEvent {
  readonly type: 'committed' | 'aborted' | 'rejected' | 'auth-failed' | 'ignored' | 'violation';
  readonly relayId: string;
  readonly detail: string;
}

export interface RelayEngineOptions {
  readonly self: NodeId;
  readonly store: RelayRecordStore;
  /** This node's end of each of its links. */
  readonly links: readonly HopKeyPool[];
  /** Hand a message to the transport toward an adjacent node (must not throw for a down peer: retries cover loss). */
  readonly send: (to: NodeId, message: RelayMessage) => void;
  /** Key material source. Default crypto.randomBytes. */
  readonly randomBytes?: (n: number) => Uint8Array;
  /** Wall clock, ms. Default Date.now. */
  readonly clock?: () => number;
  readonly timing?: Partial<RelayTiming>;
  readonly onEvent?: (event: RelayEvent) => void;
}

export interface RelayRequest {
  readonly path: Path;
  readonly sizeBits: number;
  /** SAE at the source that asked (ETSI master SAE). */
  readonly masterSae: string;
  /** SAE at the destination (ETSI slave SAE). */
  readonly slaveSae: string;
  /** The key_ID; default a fresh UUID. */
  readonly relayId?: string;
}

export interface RelayStatus {
  readonly role: RelayRecord['role'];
  readonly state: RelayState;
  /** An SAE at this node may take the key now. */
  readonly usable: boolean;
  readonly delivered: boolean;
  readonly finished: boolean;
  readonly reason: string | null;
  /** The SAE that asked at the source (ETSI master SAE), and the one it is for at the destination. */
  readonly masterSae: string;
  readonly slaveSae: string;
}

/** The reason of a record whose key expired before its SAE fetched it. */
const EXPIRED = 'expired';

const BEFORE_FORWARD: ReadonlySet<RelayState> = new Set(['drawn', 'received']);

export class RelayEngine {
  readonly self: NodeId;
  private readonly store: RelayRecordStore;
  private readonly pools = new Map<LinkId, HopKeyPool>();
  private readonly sendPort: (to: NodeId, message: RelayMessage) => void;
  private readonly random: (n: number) => Uint8Array;
  private readonly clock: () => number;
  private readonly timing: RelayTiming;
  private readonly onEvent: (event: RelayEvent) => void;
  /** When this process last sent something for each relay (not durable: after a restart everything is due). */
  private readonly lastSent = new Map<string, number>();

  constructor(options: RelayEngineOptions) {
    this.self = options.self;
    this.store = options.store;
    for (const p of options.links) this.pools.set(p.linkId, p);
    this.sendPort = options.send;
    this.random = options.randomBytes ?? ((n) => new Uint8Array(cryptoRandomBytes(n)));
    this.clock = options.clock ?? Date.now;
    this.timing = { ...DEFAULT_RELAY_TIMING, ...options.timing };
    this.onEvent = options.onEvent ?? (() => {});
  }

  /** Source: draw a key for `request` and start relaying it; returns its key_ID. */
  start(request: RelayRequest): string {
    const { path, sizeBits } = request;
    const problem = pathProblem(path) ?? sizeProblem(sizeBits);
    if (problem !== undefined) throw new QkdError(QkdErrorCode.RelayInvalidArgument, `relay request: ${problem}`, { path });
    if (path.nodes[0] !== this.self)
      throw new QkdError(QkdErrorCode.RelayInvalidArgument, `relay request: path ${path.nodes.join('-')} does not start at ${this.self}`, {
        path,
      });
    this.requireLink(path, 0);
    if (request.masterSae === '' || request.slaveSae === '')
      throw new QkdError(QkdErrorCode.RelayInvalidArgument, 'relay request: master and slave SAE IDs must not be empty');
    const relayId = request.relayId ?? newRelayId();
    if (this.store.get(relayId) !== undefined)
      throw new QkdError(QkdErrorCode.RelayInvalidArgument, `relay request: key_ID ${relayId} is already in use at ${this.self}`, {
        relayId,
      });
    const now = this.clock();
    const record: RelayRecord = {
      relayId,
      role: 'source',
      position: 0,
      path: { nodes: [...path.nodes], links: [...path.links] },
      sizeBits,
      masterSae: request.masterSae,
      slaveSae: request.slaveSae,
      state: 'drawn',
      key: this.random(sizeBits / 8),
      forward: null,
      delivered: false,
      finished: false,
      reason: null,
      createdAtMs: now,
      updatedAtMs: now,
    };
    this.store.put(record);
    this.forwardStep(record);
    return relayId;
  }

  /** A message from adjacent node `from` (already authenticated by the hop's peer channel). */
  receive(from: NodeId, message: RelayMessage): void {
    const pool = this.pools.get(message.link);
    if (pool === undefined || pool.peer !== from) {
      this.event(
        'ignored',
        message.relayId,
        `${message.body.kind} from ${from} on link ${message.link}, which does not join ${from} to ${this.self}`,
      );
      return;
    }
    switch (message.body.kind) {
      case 'forward':
        this.onForward(from, pool, message, message.body);
        return;
      case 'cut-request':
        this.onCutRequest(from, pool, message, message.body.bits);
        return;
      case 'cut-grant':
        this.onCutGrant(from, message, message.body);
        return;
      case 'prepared':
        this.onPrepared(from, message);
        return;
      case 'commit':
        this.onCommit(from, pool, message);
        return;
      case 'abort':
        this.onAbort(from, pool, message, message.body.reason);
        return;
      case 'done':
        this.onDone(from, message, message.body.committed);
        return;
      case 'reject':
        this.onReject(from, message, message.body.reason);
        return;
    }
  }

  /** Retries and timeouts: resend what is due, abort (source) what waited too long. Call every `retryMs` or so. */
  tick(): void {
    const now = this.clock();
    const unfinished = this.store.unfinished();
    if (this.lastSent.size > unfinished.length) {
      // forget the send times of relays that are over
      const live = new Set(unfinished.map((r) => r.relayId));
      for (const id of this.lastSent.keys()) if (!live.has(id)) this.lastSent.delete(id);
    }
    for (const r of unfinished) this.advance(r, now, false);
  }

  /** After a restart: release hop keys the records no longer need, then resend everything unfinished. */
  recover(): void {
    this.lastSent.clear();
    const now = this.clock();
    for (const r of this.store.unfinished()) {
      if (r.position > 0) this.releaseHop(r, r.position - 1);
      if (!BEFORE_FORWARD.has(r.state) && r.position < r.path.links.length) this.releaseHop(r, r.position);
      this.advance(r, now, true);
    }
  }

  /**
   * Keys nobody fetched expire with the key store's reservation rule: at the
   * source `ttlMs` after it drew the key, at the destination `ttlMs +
   * slaveGraceMs` after it received it (the destination's copy outlives the
   * source's, as a slave reservation outlives its master's), or at once when
   * the record is more than `ttlMs` in the future (the clock went back). The
   * key is deleted and the record says `delivered` with reason `expired`, so
   * it is never handed out; returns how many expired. Call it from the timer.
   */
  expireUndelivered(rule: { readonly ttlMs: number; readonly slaveGraceMs: number }): number {
    const now = this.clock();
    let n = 0;
    for (const r of this.store.deliverable()) {
      if (r.key === null) continue;
      const limit = r.createdAtMs + rule.ttlMs + (r.role === 'destination' ? rule.slaveGraceMs : 0);
      if (now <= limit && r.createdAtMs <= now + rule.ttlMs) continue;
      this.store.put({ ...r, key: null, delivered: true, reason: EXPIRED, updatedAtMs: now });
      this.event('aborted', r.relayId, `key not fetched by its SAE in time: ${EXPIRED}`);
      n++;
    }
    return n;
  }

  /**
   * Hand the relayed key to this node's SAE, once: the source's master SAE or
   * the destination's slave SAE, only after the source committed. The record
   * says `delivered` (durably) before the bytes are returned.
   */
  take(relayId: string, sae: string): Uint8Array {
    const r = this.store.get(relayId);
    if (r === undefined || r.role === 'relay')
      throw new QkdError(QkdErrorCode.RelayUnknownKey, `no relayed key ${relayId} for an SAE at ${this.self}`, { relayId });
    const owner = r.role === 'source' ? r.masterSae : r.slaveSae;
    if (sae !== owner)
      throw new QkdError(QkdErrorCode.RelayInvalidArgument, `relayed key ${relayId} at ${this.self} is for SAE ${owner}, not ${sae}`, {
        relayId,
        sae,
      });
    if (r.delivered && r.reason === EXPIRED)
      throw new QkdError(QkdErrorCode.RelayKeyNotUsable, `relayed key ${relayId} at ${this.self} expired before its SAE fetched it`, {
        relayId,
        state: 'expired',
      });
    if (r.delivered)
      throw new QkdError(QkdErrorCode.RelayAlreadyDelivered, `relayed key ${relayId} was already delivered at ${this.self}`, { relayId });
    if (r.state !== 'confirmed' || r.key === null)
      throw new QkdError(QkdErrorCode.RelayKeyNotUsable, `relayed key ${relayId} is not usable at ${this.self} (${r.state})`, {
        relayId,
        state: r.state,
      });
    const key = r.key.slice();
    this.store.put({ ...r, delivered: true, key: null, updatedAtMs: this.clock() });
    return key;
  }

  status(relayId: string): RelayStatus | undefined {
    const r = this.store.get(relayId);
    if (r === undefined) return undefined;
    return {
      role: r.role,
      state: r.state,
      usable: r.role !== 'relay' && r.state === 'confirmed' && !r.delivered,
      delivered: r.delivered,
      finished: r.finished,
      reason: r.reason,
      masterSae: r.masterSae,
      slaveSae: r.slaveSae,
    };
  }

  // ---- steps -------------------------------------------------------------

  private advance(r: RelayRecord, now: number, force: boolean): void {
    const due = force || now - (this.lastSent.get(r.relayId) ?? Number.NEGATIVE_INFINITY) >= this.timing.retryMs;
    switch (r.role) {
      case 'source':
        if (BEFORE_FORWARD.has(r.state) || r.state === 'forwarded') {
          if (now - r.createdAtMs >= this.timing.decisionTimeoutMs) {
            this.abort(r, `no confirmation within ${this.timing.decisionTimeoutMs} ms`);
            return;
          }
          if (!due) return;
          if (r.state === 'forwarded') {
            this.resendForward(r);
            return;
          }
          this.forwardStep(r);
          return;
        }
        if (!due) return;
        if (r.state === 'confirmed') {
          this.sendDown(r, { kind: 'commit' });
          return;
        }
        if (r.state === 'aborted') {
          this.sendDown(r, { kind: 'abort', reason: r.reason ?? '' });
          return;
        }
        return;
      case 'relay':
        if (!due) return;
        if (r.state === 'received') {
          this.forwardStep(r);
          return;
        }
        if (r.state === 'forwarded') {
          this.resendForward(r);
          return;
        }
        return;
      case 'destination':
        if (due && r.state === 'stored') this.sendUp(r, { kind: 'prepared' });
        return;
    }
  }

  /** drawn / received: get the next hop's key (cut it, or ask the allocator), then seal and send. */
  private forwardStep(r: RelayRecord): void {
    const pos = r.position;
    const pool = this.linkTo(r.path, pos);
    if (pool === undefined) {
      // the node's links changed since the relay started (a restart on another config)
      this.fail(r, `${this.self} has no link ${r.path.links[pos]} to ${r.path.nodes[pos + 1]}`);
      return;
    }
    const bits = hopKeyBits(r.sizeBits);
    if (!pool.allocator) {
      this.sendDown(r, { kind: 'cut-request', bits });
      return;
    }
    const cut = pool.cut(hopKeyId(r.relayId, pos), bits);
    if (cut === null) {
      this.fail(r, `not enough key on link ${pool.linkId} for ${bits} bits`);
      return;
    }
    this.sealAndSend(r, pool, cut);
  }

  private sealAndSend(r: RelayRecord, pool: HopKeyPool, cut: HopKeyCut | undefined): void {
    const pos = r.position;
    const hk = hopKeyId(r.relayId, pos);
    const material = pool.material(hk);
    if (material !== undefined && material.length * 8 !== hopKeyBits(r.sizeBits)) {
      // cut earlier with another size (a neighbour's cut request for this ID): never use it
      material.fill(0);
      this.fail(r, `hop key ${hk} on link ${pool.linkId} has ${material.length * 8} bits, not ${hopKeyBits(r.sizeBits)}`);
      return;
    }
    if (material === undefined || r.key === null) {
      this.fail(r, `hop key ${hk} on link ${pool.linkId} is gone`);
      return;
    }
    const header = encodeForwardHeader({
      relayId: r.relayId,
      path: r.path,
      hop: pos,
      sizeBits: r.sizeBits,
      masterSae: r.masterSae,
      slaveSae: r.slaveSae,
    });
    const { ciphertext, tag } = sealHop(r.key, material, header);
    material.fill(0);
    const message: RelayMessage = {
      relayId: r.relayId,
      hop: pos,
      link: pool.linkId,
      body: { kind: 'forward', header, ...(cut === undefined ? {} : { cut }), ciphertext, tag },
    };
    // A relay drops the key once the Forward that carries it on is stored; the source keeps it for its SAE.
    const keep = r.role === 'source' ? r.key : null;
    this.store.put({ ...r, state: 'forwarded', forward: encodeRelayMessage(message), key: keep, updatedAtMs: this.clock() });
    if (keep === null) r.key.fill(0);
    pool.release(hk);
    this.sendTo(r.path.nodes[pos + 1], message);
  }

  private resendForward(r: RelayRecord): void {
    if (r.forward === null) return;
    this.releaseHop(r, r.position);
    this.sendTo(r.path.nodes[r.position + 1], decodeRelayMessage(r.forward));
  }

  /** Something on the way forward failed: the source aborts; a relay asks the source to. */
  private fail(r: RelayRecord, reason: string): void {
    this.event('rejected', r.relayId, reason);
    if (r.role === 'source') {
      this.abort(r, reason);
      return;
    }
    this.sendUp(r, { kind: 'reject', reason });
  }

  /** Source only, before it committed. */
  private abort(r: RelayRecord, reason: string): void {
    r.key?.fill(0);
    this.store.put({ ...r, state: 'aborted', key: null, forward: null, reason, updatedAtMs: this.clock() });
    this.releaseHop(r, 0);
    this.event('aborted', r.relayId, reason);
    this.sendDown(r, { kind: 'abort', reason });
  }

  private onForward(from: NodeId, pool: HopKeyPool, m: RelayMessage, body: Extract<RelayBody, { kind: 'forward' }>): void {
    const existing = this.store.get(m.relayId);
    if (existing !== undefined) {
      // A resent Forward: the key is already here. The destination answers with what it knows.
      if (existing.role !== 'destination' || existing.position !== m.hop + 1) return;
      if (existing.state === 'stored') this.sendUp(existing, { kind: 'prepared' });
      else this.sendUp(existing, { kind: 'done', committed: existing.state === 'confirmed' });
      return;
    }
    const reject = (reason: string, type: RelayEvent['type'] = 'rejected'): void => {
      this.event(type, m.relayId, reason);
      this.sendTo(from, { relayId: m.relayId, hop: m.hop, link: m.link, body: { kind: 'reject', reason } });
    };
    const hk = hopKeyId(m.relayId, m.hop);
    if (body.cut !== undefined) {
      if (pool.allocator) {
        reject(`a cut for link ${pool.linkId} from ${from}, which is not its allocator`);
        return;
      }
      if (body.cut.hopKeyId !== hk) {
        reject(`cut for hop key ${body.cut.hopKeyId}, expected ${hk}`);
        return;
      }
      if (!pool.apply(body.cut)) {
        reject(`cut of hop key ${hk} contradicts the pool of link ${pool.linkId}`);
        return;
      }
    } else if (!pool.allocator) {
      reject(`Forward on link ${pool.linkId} without the allocator's cut`);
      return;
    }
    const material = pool.material(hk);
    if (material === undefined) {
      reject(`no hop key ${hk} on link ${pool.linkId}`);
      return;
    }
    const sizeBits = body.ciphertext.length * 8;
    const key = sizeProblem(sizeBits) === undefined ? openHop(body.ciphertext, body.tag, material, body.header, sizeBits) : null;
    material.fill(0);
    if (key === null) {
      // The hop key has been seen with a forged or damaged message: never use it again.
      pool.release(hk);
      reject(`Forward on link ${pool.linkId} does not authenticate`, 'auth-failed');
      return;
    }
    let problem: string | undefined;
    let header: ReturnType<typeof decodeForwardHeader> | undefined;
    try {
      header = decodeForwardHeader(body.header);
    } catch (err) {
      problem = (err as Error).message;
    }
    if (header !== undefined) {
      const p = header.path;
      const pos = header.hop + 1;
      if (header.relayId !== m.relayId || header.hop !== m.hop || p.links[header.hop] !== m.link)
        problem = 'header does not match its message';
      else if (p.nodes[header.hop] !== from || p.nodes[pos] !== this.self)
        problem = `path ${p.nodes.join('-')} does not cross ${from}-${this.self} at hop ${header.hop}`;
      else if (header.sizeBits !== sizeBits) problem = `header says ${header.sizeBits} bits, ciphertext has ${sizeBits}`;
      else if (pos < p.links.length && this.pools.get(p.links[pos])?.peer !== p.nodes[pos + 1])
        problem = `${this.self} has no link ${p.links[pos]} to ${p.nodes[pos + 1]}`;
    }
    if (problem !== undefined || header === undefined) {
      key.fill(0);
      pool.release(hk);
      reject(problem ?? 'bad header');
      return;
    }
    const pos = header.hop + 1;
    const destination = pos === header.path.nodes.length - 1;
    const now = this.clock();
    const record: RelayRecord = {
      relayId: m.relayId,
      role: destination ? 'destination' : 'relay',
      position: pos,
      path: header.path,
      sizeBits,
      masterSae: header.masterSae,
      slaveSae: header.slaveSae,
      state: destination ? 'stored' : 'received',
      key,
      forward: null,
      delivered: false,
      finished: false,
      reason: null,
      createdAtMs: now,
      updatedAtMs: now,
    };
    this.store.put(record);
    pool.release(hk);
    if (destination) {
      this.sendUp(record, { kind: 'prepared' });
      return;
    }
    this.forwardStep(record);
  }

  /** At the allocator of the link to the next node: cut the hop key the sender asked for (idempotent). */
  private onCutRequest(from: NodeId, pool: HopKeyPool, m: RelayMessage, bits: number): void {
    const reply = (body: RelayBody): void => this.sendTo(from, { relayId: m.relayId, hop: m.hop, link: m.link, body });
    if (!pool.allocator) {
      reply({ kind: 'reject', reason: `${this.self} is not the allocator of link ${pool.linkId}` });
      return;
    }
    if (!Number.isSafeInteger(bits) || bits <= 0 || bits % 8 !== 0 || bits > hopKeyBits(MAX_RELAY_KEY_BITS)) {
      reply({ kind: 'reject', reason: `cut request for ${bits} bits` });
      return;
    }
    const cut = pool.cut(hopKeyId(m.relayId, m.hop), bits);
    if (cut === null) {
      reply({ kind: 'reject', reason: `not enough key on link ${pool.linkId} for ${bits} bits` });
      return;
    }
    reply({ kind: 'cut-grant', cut });
  }

  private onCutGrant(from: NodeId, m: RelayMessage, body: Extract<RelayBody, { kind: 'cut-grant' }>): void {
    const r = this.store.get(m.relayId);
    if (r === undefined || !BEFORE_FORWARD.has(r.state) || !this.fromDownstream(r, from, m)) return;
    const pool = this.linkTo(r.path, r.position);
    if (pool === undefined) return; // fromDownstream found the link: cannot happen
    const hk = hopKeyId(r.relayId, r.position);
    if (body.cut.hopKeyId !== hk || body.cut.bits !== hopKeyBits(r.sizeBits)) {
      this.fail(r, `cut grant for ${body.cut.hopKeyId} does not match`);
      return;
    }
    if (!pool.apply(body.cut)) {
      this.fail(r, `cut of hop key ${hk} contradicts the pool of link ${pool.linkId}`);
      return;
    }
    this.sealAndSend(r, pool, undefined);
  }

  private onPrepared(from: NodeId, m: RelayMessage): void {
    const r = this.store.get(m.relayId);
    if (r === undefined) {
      // Presumed abort: a record is stored before anything about it leaves, and
      // kept until the decision is known at the destination. None here means
      // this relay was aborted, or finished (then the destination ignores it).
      this.sendTo(from, {
        relayId: m.relayId,
        hop: m.hop,
        link: m.link,
        body: { kind: 'abort', reason: `${this.self} has no record of it` },
      });
      return;
    }
    if (!this.fromDownstream(r, from, m)) return;
    if (r.role === 'source') {
      if (r.state === 'forwarded') {
        this.store.put({ ...r, state: 'confirmed', updatedAtMs: this.clock() });
        this.event('committed', r.relayId, 'destination holds the key');
        this.sendDown(r, { kind: 'commit' });
        return;
      }
      if (r.state === 'confirmed') {
        this.sendDown(r, { kind: 'commit' });
        return;
      }
      if (r.state === 'aborted') {
        this.sendDown(r, { kind: 'abort', reason: r.reason ?? '' });
        return;
      }
      this.event('violation', r.relayId, `Prepared while ${r.state}`);
      return;
    }
    if (r.role === 'relay') {
      if (r.state === 'aborted') {
        this.sendDown(r, { kind: 'abort', reason: r.reason ?? '' });
        return;
      }
      if (r.state === 'confirmed') {
        this.sendDown(r, { kind: 'commit' });
        return;
      }
      this.sendUp(r, { kind: 'prepared' });
    }
  }

  private onCommit(from: NodeId, pool: HopKeyPool, m: RelayMessage): void {
    const r = this.store.get(m.relayId);
    if (r === undefined) {
      // Only a finished record is ever missing once the source committed.
      this.sendTo(from, { relayId: m.relayId, hop: m.hop, link: pool.linkId, body: { kind: 'done', committed: true } });
      return;
    }
    if (!this.fromUpstream(r, from, m)) return;
    if (r.state === 'aborted') {
      this.event('violation', r.relayId, 'Commit after Abort');
      return;
    }
    if (r.role === 'relay') {
      if (r.state !== 'confirmed') {
        r.key?.fill(0);
        this.store.put({ ...r, state: 'confirmed', key: null, forward: null, updatedAtMs: this.clock() });
        this.releaseHop(r, r.position - 1);
        this.releaseHop(r, r.position);
      }
      this.sendDown(r, { kind: 'commit' });
      return;
    }
    if (r.role === 'destination') {
      if (r.state === 'stored') {
        this.store.put({ ...r, state: 'confirmed', finished: true, updatedAtMs: this.clock() });
        this.event('committed', r.relayId, 'usable at the destination');
      }
      this.sendUp(r, { kind: 'done', committed: true });
    }
  }

  private onAbort(from: NodeId, pool: HopKeyPool, m: RelayMessage, reason: string): void {
    const r = this.store.get(m.relayId);
    if (r === undefined) {
      // Nothing of it reached this node, or it is finished: drop the hop key the upstream may have had cut here.
      pool.release(hopKeyId(m.relayId, m.hop));
      this.sendTo(from, { relayId: m.relayId, hop: m.hop, link: pool.linkId, body: { kind: 'done', committed: false } });
      return;
    }
    if (!this.fromUpstream(r, from, m)) return;
    if (r.state === 'confirmed') return; // stale: the source never aborts after it committed
    if (r.state !== 'aborted') {
      r.key?.fill(0);
      this.store.put({
        ...r,
        state: 'aborted',
        key: null,
        forward: null,
        reason,
        finished: r.role === 'destination',
        updatedAtMs: this.clock(),
      });
      this.releaseHop(r, r.position - 1);
      if (r.role === 'relay') this.releaseHop(r, r.position);
      this.event('aborted', r.relayId, reason);
    }
    if (r.role === 'relay') {
      this.sendDown(r, { kind: 'abort', reason });
      return;
    }
    if (r.role === 'destination') this.sendUp(r, { kind: 'done', committed: false });
  }

  private onDone(from: NodeId, m: RelayMessage, committed: boolean): void {
    const r = this.store.get(m.relayId);
    if (r === undefined || !this.fromDownstream(r, from, m)) return;
    if (r.state !== 'confirmed' && r.state !== 'aborted') {
      this.event('violation', r.relayId, `Done while ${r.state}`);
      return;
    }
    if (committed !== (r.state === 'confirmed')) {
      this.event('violation', r.relayId, `Done(${committed}) while ${r.state}`);
      return;
    }
    if (!r.finished) this.store.put({ ...r, finished: true, updatedAtMs: this.clock() });
    if (r.role === 'relay') this.sendUp(r, { kind: 'done', committed });
  }

  private onReject(from: NodeId, m: RelayMessage, reason: string): void {
    const r = this.store.get(m.relayId);
    if (r === undefined || !this.fromDownstream(r, from, m)) return;
    if (r.state === 'confirmed' || r.state === 'aborted') return;
    this.event('rejected', r.relayId, `${from}: ${reason}`);
    if (r.role === 'source') {
      this.abort(r, `${from}: ${reason}`);
      return;
    }
    if (r.role === 'relay') this.sendUp(r, { kind: 'reject', reason: `${from}: ${reason}` });
  }

  // ---- helpers -----------------------------------------------------------

  /** This node's end of hop `hop` of `path`, when it has that link to that neighbour. */
  private linkTo(path: Path, hop: number): HopKeyPool | undefined {
    const pool = this.pools.get(path.links[hop]);
    return pool !== undefined && pool.peer === path.nodes[hop + 1] ? pool : undefined;
  }

  private requireLink(path: Path, hop: number): HopKeyPool {
    const pool = this.linkTo(path, hop);
    if (pool === undefined)
      throw new QkdError(QkdErrorCode.RelayInvalidArgument, `${this.self} has no link ${path.links[hop]} to ${path.nodes[hop + 1]}`, {
        path,
      });
    return pool;
  }

  private releaseHop(r: RelayRecord, hop: number): void {
    if (hop < 0 || hop >= r.path.links.length) return;
    this.pools.get(r.path.links[hop])?.release(hopKeyId(r.relayId, hop));
  }

  private fromDownstream(r: RelayRecord, from: NodeId, m: RelayMessage): boolean {
    const ok = m.hop === r.position && r.path.nodes[r.position + 1] === from && r.path.links[r.position] === m.link;
    if (!ok) this.event('ignored', r.relayId, `${m.body.kind} from ${from} at hop ${m.hop}, not the next node`);
    return ok;
  }

  private fromUpstream(r: RelayRecord, from: NodeId, m: RelayMessage): boolean {
    const ok = m.hop === r.position - 1 && r.path.nodes[r.position - 1] === from && r.path.links[r.position - 1] === m.link;
    if (!ok) this.event('ignored', r.relayId, `${m.body.kind} from ${from} at hop ${m.hop}, not the previous node`);
    return ok;
  }

  private sendDown(r: RelayRecord, body: RelayBody): void {
    const hop = r.position;
    this.sendTo(r.path.nodes[hop + 1], { relayId: r.relayId, hop, link: r.path.links[hop], body });
  }

  private sendUp(r: RelayRecord, body: RelayBody): void {
    const hop = r.position - 1;
    this.sendTo(r.path.nodes[hop], { relayId: r.relayId, hop, link: r.path.links[hop], body });
  }

  private sendTo(to: NodeId, message: RelayMessage): void {
    this.lastSent.set(message.relayId, this.clock());
    this.sendPort(to, message);
  }

  private event(type: RelayEvent['type'], relayId: string, detail: string): void {
    this.onEvent({ type, relayId, detail });
  }
}
