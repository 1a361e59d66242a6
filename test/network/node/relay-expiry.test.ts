/**
 * Relayed keys nobody fetches expire with the reservation rule
 * (RelayEngine.expireUndelivered): the source's copy after ttl, the
 * destination's after ttl + grace, a record from the future at once; an
 * expired key is never handed out (RelayKeyNotUsable, state expired), a
 * fetched one is untouched, and the record is pruned later like any finished one.
 */
import { describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../../errors/index.ts';
import { MemoryHopLink } from '../../../src/network/relay/hop-keys.ts';
import { decodeRelayMessage, encodeRelayMessage } from '../../../src/network/relay/messages.ts';
import { MemoryRelayRecordStore } from '../../../src/network/relay/records.ts';
import { RelayEngine } from '../../../src/network/relay/relay-engine.ts';
import { withSeed } from '../../support/seed.ts';

const RULE = { ttlMs: 60_000, slaveGraceMs: 10_000 };

function line(rng: { nextU32(): number }): {
  a: RelayEngine;
  c: RelayEngine;
  clock: { now: number };
  run: () => void;
  stores: MemoryRelayRecordStore[];
} {
  const bytes = (n: number): Uint8Array => new Uint8Array(n).map(() => rng.nextU32() & 0xff);
  const ab = new MemoryHopLink('ab', 'a', 'b', bytes(8192));
  const bc = new MemoryHopLink('bc', 'b', 'c', bytes(8192));
  const clock = { now: 1_000_000 };
  const queue: { from: string; to: string; bytes: Uint8Array }[] = [];
  const stores = [new MemoryRelayRecordStore(), new MemoryRelayRecordStore(), new MemoryRelayRecordStore()];
  const engines = new Map<string, RelayEngine>();
  const make = (self: string, links: ReturnType<MemoryHopLink['end']>[], store: MemoryRelayRecordStore): RelayEngine =>
    new RelayEngine({
      self,
      store,
      links,
      send: (to, m) => queue.push({ from: self, to, bytes: encodeRelayMessage(m) }),
      randomBytes: bytes,
      clock: () => clock.now,
    });
  engines.set('a', make('a', [ab.end('a')], stores[0]));
  engines.set('b', make('b', [ab.end('b'), bc.end('b')], stores[1]));
  engines.set('c', make('c', [bc.end('c')], stores[2]));
  const run = (): void => {
    while (queue.length > 0) {
      const m = queue.shift()!;
      engines.get(m.to)!.receive(m.from, decodeRelayMessage(m.bytes));
    }
  };
  return { a: engines.get('a')!, c: engines.get('c')!, clock, run, stores };
}

const request = { path: { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] }, sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c' };

describe('relayed keys nobody fetches', () => {
  it('expire at the source after ttl and at the destination after ttl + grace; never handed out after', () =>
    withSeed('relay-expiry', (rng) => {
      const { a, c, clock, run } = line(rng);
      const kept = a.start(request);
      const idle = a.start(request);
      run();
      expect(a.status(idle)?.usable).toBe(true);
      expect(c.status(idle)?.usable).toBe(true);
      // Both SAEs fetch `kept`; nobody fetches `idle`.
      expect(Buffer.from(a.take(kept, 'sae-a')).equals(Buffer.from(c.take(kept, 'sae-c')))).toBe(true);
      clock.now += RULE.ttlMs + 1;
      expect(a.expireUndelivered(RULE)).toBe(1);
      expect(c.expireUndelivered(RULE)).toBe(0); // the destination's copy outlives the source's
      expect(a.status(idle)?.usable).toBe(false);
      let err: unknown = null;
      try {
        a.take(idle, 'sae-a');
      } catch (e) {
        err = e;
      }
      expect(isQkdError(err) && err.code === QkdErrorCode.RelayKeyNotUsable && err.details.state === 'expired').toBe(true);
      clock.now += RULE.slaveGraceMs;
      expect(c.expireUndelivered(RULE)).toBe(1);
      expect(c.status(idle)?.usable).toBe(false);
      expect(() => c.take(idle, 'sae-c')).toThrow(/expired/);
      // Fetched keys are untouched; nothing expires twice.
      expect(a.status(kept)?.delivered).toBe(true);
      expect(a.expireUndelivered(RULE) + c.expireUndelivered(RULE)).toBe(0);
    }));

  it('a record from the future (the clock went back) expires at once', () =>
    withSeed('relay-expiry-clock', (rng) => {
      const { a, clock, run } = line(rng);
      const id = a.start(request);
      run();
      clock.now -= RULE.ttlMs + 1;
      expect(a.expireUndelivered(RULE)).toBe(1);
      expect(a.status(id)?.usable).toBe(false);
    }));
});
