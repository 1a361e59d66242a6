/**
 * Key-delivery load for the soak test (test/soak/soak.test.ts), with its
 * checks: SAE clients over ETSI GS QKD 014 with the demo PKI, each request in
 * a random direction: sae-a asks node A for keys with enc_keys and sae-b
 * asks node B for the same key_IDs with dec_keys, or sae-b is the master at
 * node B (whose KME has the allocator cut the key) and sae-a fetches at A,
 * through whatever faults the soak injects. Every key is checked:
 *
 * - `mismatch`: the slave's KME delivered other bytes than the master's;
 * - `duplicate-id`: a key_ID was handed out twice by enc_keys (either KME);
 * - `redelivered`: the slave's KME delivered a key_ID a second time (probed at random);
 * - `refused-at-slave`: the slave's KME answered a definitive 4xx for a key
 *   the master's delivered, although no earlier dec_keys of it went
 *   unanswered (a lost answer may have carried the key: that case is
 *   counted, not a violation);
 * - `not-delivered`: the slave's KME still had not delivered the key by the deadline.
 *
 * Connection errors and 5xx answers (a node down, no key yet, the peer not
 * confirming a reservation) are retried and counted, never a violation.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { call, type ClientIdentity, type KeyContainer } from './etsi-kme-pair.ts';

export type LoadViolationKind = 'mismatch' | 'duplicate-id' | 'redelivered' | 'refused-at-slave' | 'not-delivered';

export interface LoadViolation {
  readonly kind: LoadViolationKind;
  readonly keyId: string;
  readonly detail: string;
}

export interface LoadRandom {
  /** Uniform in [0, 1). */
  nextFloat(): number;
}

export interface SoakLoadOptions {
  readonly urlA: string;
  readonly urlB: string;
  readonly pkiDir: string;
  /** Concurrent SAE client loops. */
  readonly clients: number;
  readonly keySizeBits: number;
  readonly random: LoadRandom;
  /** How long B has to deliver a key A delivered (retrying through faults). */
  readonly decDeadlineMs: number;
  /** Fraction of delivered keys asked of B a second time (must be refused). */
  readonly redeliveryProbe: number;
  /**
   * Whether the slave node's wall clock stepped (a clock jump, or a restart undoing one) at or after time `t`:
   * it then rightly treats reservations it dated before the step as expired (src/keystore README,
   * "Reservation expiry"), so a refusal of such a key is counted, not a violation.
   */
  readonly slaveClockSteppedSince?: (t: number, slave: 'alice' | 'bob') => boolean;
}

export interface SoakLoadCounts {
  /** enc_keys answered 200 (requests). */
  encOk: number;
  /** enc_keys answered otherwise, by status ('net' for no answer). */
  encRefused: Record<string, number>;
  /** Keys delivered on both sides with equal bytes. */
  keysDelivered: number;
  /** Of those, keys whose master SAE was at node B (enc_keys at the receiver's KME). */
  keysDeliveredFromB: number;
  /** dec_keys attempts answered otherwise than 200 and retried, by status. */
  decRetried: Record<string, number>;
  /** Keys refused by B after an earlier dec_keys of them went unanswered (delivery unknown). */
  decAmbiguous: number;
  /** Keys refused by B after its clock stepped since A delivered them (expired by the step). */
  decExpiredByClockStep: number;
  redeliveryProbes: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class SoakLoad {
  readonly violations: LoadViolation[] = [];
  readonly counts: SoakLoadCounts = {
    encOk: 0,
    encRefused: {},
    keysDelivered: 0,
    keysDeliveredFromB: 0,
    decRetried: {},
    decAmbiguous: 0,
    decExpiredByClockStep: 0,
    redeliveryProbes: 0,
  };
  /** Every key delivered by A (base64, as the API gives it), for the log scan. */
  readonly deliveredKeys: string[] = [];
  private readonly seenIds = new Set<string>();
  private readonly saeA: ClientIdentity;
  private readonly saeB: ClientIdentity;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly agents: Agent[] = [];
  /** Time of the last key delivered on both sides. */
  lastDeliveryAt = 0;

  constructor(private readonly o: SoakLoadOptions) {
    const who = (name: string): ClientIdentity => ({
      ca: readFileSync(join(o.pkiDir, 'ca.pem')),
      cert: readFileSync(join(o.pkiDir, `${name}.pem`)),
      key: readFileSync(join(o.pkiDir, `${name}-key.pem`)),
    });
    this.saeA = who('sae-a');
    this.saeB = who('sae-b');
  }

  start(): void {
    this.running = true;
    for (let i = 0; i < this.o.clients; i++) {
      const agentA = new Agent({ keepAlive: true, maxSockets: 1 });
      const agentB = new Agent({ keepAlive: true, maxSockets: 1 });
      this.agents.push(agentA, agentB);
      this.loops.push(this.loop(agentA, agentB));
    }
  }

  private aborted = false;

  /**
   * Stop asking for new keys; resolves once every key already delivered by A was settled at B
   * (or, with `abort`, at once: keys in flight are left unchecked, for a run that already failed).
   */
  async stop(abort = false): Promise<void> {
    this.running = false;
    if (abort) this.aborted = true;
    await Promise.all(this.loops);
    this.loops = [];
    for (const a of this.agents.splice(0)) a.destroy();
  }

  private async loop(agentA: Agent, agentB: Agent): Promise<void> {
    const sideA: Side = { node: 'alice', url: this.o.urlA, sae: 'sae-a', identity: this.saeA, agent: agentA };
    const sideB: Side = { node: 'bob', url: this.o.urlB, sae: 'sae-b', identity: this.saeB, agent: agentB };
    while (this.running) {
      const [master, slave] = this.o.random.nextFloat() < 0.5 ? [sideA, sideB] : [sideB, sideA];
      const number = 1 + Math.floor(this.o.random.nextFloat() * 3);
      const path = `/api/v1/keys/${slave.sae}/enc_keys?number=${number}&size=${this.o.keySizeBits}`;
      const enc = await call<KeyContainer>(master.url, master.identity, 'GET', path, undefined, master.agent).catch(() => null);
      if (enc === null || enc.status !== 200) {
        const k = enc === null ? 'net' : String(enc.status);
        this.counts.encRefused[k] = (this.counts.encRefused[k] ?? 0) + 1;
        await sleep(200 + this.o.random.nextFloat() * 300);
        continue;
      }
      this.counts.encOk++;
      const encAt = Date.now();
      for (const { key_ID: id, key } of enc.body.keys) {
        this.deliveredKeys.push(key);
        if (this.seenIds.has(id)) {
          this.violations.push({ kind: 'duplicate-id', keyId: id, detail: `enc_keys at ${master.node} handed out this key_ID twice` });
          continue;
        }
        this.seenIds.add(id);
        await this.settleAtSlave(id, key, master, slave, encAt);
      }
      await sleep(20 + this.o.random.nextFloat() * 80);
    }
  }

  private async settleAtSlave(id: string, keyMaster: string, master: Side, slave: Side, encAt: number): Promise<void> {
    const path = `/api/v1/keys/${master.sae}/dec_keys?key_ID=${encodeURIComponent(id)}`;
    const deadline = Date.now() + this.o.decDeadlineMs;
    let unanswered = false;
    while (Date.now() < deadline) {
      if (this.aborted) return;
      const dec = await call<KeyContainer>(slave.url, slave.identity, 'GET', path, undefined, slave.agent).catch(() => null);
      if (dec !== null && dec.status === 200) {
        const keySlave = dec.body.keys?.[0]?.key;
        if (keySlave !== keyMaster) {
          this.violations.push({
            kind: 'mismatch',
            keyId: id,
            detail: `dec_keys at ${slave.node} gave other bytes than enc_keys at ${master.node}`,
          });
          return;
        }
        this.counts.keysDelivered++;
        if (master.node === 'bob') this.counts.keysDeliveredFromB++;
        this.lastDeliveryAt = Date.now();
        if (this.o.random.nextFloat() < this.o.redeliveryProbe) await this.probeRedelivery(id, path, slave);
        return;
      }
      if (dec !== null && dec.status >= 400 && dec.status < 500 && dec.status !== 429) {
        if (unanswered) this.counts.decAmbiguous++;
        else if (this.o.slaveClockSteppedSince?.(encAt - 1000, slave.node)) this.counts.decExpiredByClockStep++;
        else
          this.violations.push({
            kind: 'refused-at-slave',
            keyId: id,
            detail: `dec_keys at ${slave.node} answered ${dec.status}: ${JSON.stringify(dec.body)}`,
          });
        return;
      }
      // No answer: the slave's KME may have delivered (and deleted) the key on a reply that was lost.
      if (dec === null) unanswered = true;
      const k = dec === null ? 'net' : String(dec.status);
      this.counts.decRetried[k] = (this.counts.decRetried[k] ?? 0) + 1;
      await sleep(250);
    }
    this.violations.push({ kind: 'not-delivered', keyId: id, detail: `${slave.node} did not deliver within ${this.o.decDeadlineMs} ms` });
  }

  private async probeRedelivery(id: string, path: string, slave: Side): Promise<void> {
    this.counts.redeliveryProbes++;
    for (let attempt = 0; attempt < 40 && !this.aborted; attempt++) {
      const again = await call<KeyContainer>(slave.url, slave.identity, 'GET', path, undefined, slave.agent).catch(() => null);
      if (again === null || again.status >= 500) {
        await sleep(250);
        continue;
      }
      if (again.status === 200)
        this.violations.push({ kind: 'redelivered', keyId: id, detail: `dec_keys at ${slave.node} delivered the key_ID twice` });
      return;
    }
  }
}

/** One end of a key request: the node, its KME, its SAE and the SAE's connection. */
interface Side {
  readonly node: 'alice' | 'bob';
  readonly url: string;
  readonly sae: 'sae-a' | 'sae-b';
  readonly identity: ClientIdentity;
  readonly agent: Agent;
}
