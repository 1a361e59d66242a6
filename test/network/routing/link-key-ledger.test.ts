/**
 * The per-link key ledger: all-or-nothing path reservations, commit and
 * release, the reserve floor and the transit share, the capacity, and the
 * books balancing under a random sequence of operations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LinkKeyLedger } from '../../../src/network/routing/link-key-ledger.ts';
import { isQkdError } from '../../../errors/index.ts';
import { QkdErrorCode } from '../../../errors/codes.ts';

describe('LinkKeyLedger', () => {
  it('reserves a path on every hop or on none, and commit spends / release returns the bits', () => {
    const l = new LinkKeyLedger();
    l.addLink('x', { initialBits: 1000 });
    l.addLink('y', { initialBits: 300 });
    expect(l.reserve(['x', 'y'], 400)).toBeNull();
    expect(l.availableBits('x')).toBe(1000); // nothing held on x either
    const r = l.reserve(['x', 'y'], 256)!;
    expect(r.kind).toBe('transit');
    expect(l.availableBits('x')).toBe(744);
    expect(l.availableBits('y')).toBe(44);
    l.commit(r);
    expect(l.account('x')).toMatchObject({ poolBits: 744, consumedTransitBits: 256, reservedTransitBits: 0 });
    const own = l.reserve(['y'], 44)!;
    expect(own.kind).toBe('own');
    l.release(own);
    expect(l.availableBits('y')).toBe(44);
    expect(l.account('y').consumedOwnBits).toBe(0);
    expect(() => l.commit(own)).toThrow(expect.objectContaining({ code: QkdErrorCode.UnknownReservation }));
  });

  it('keeps the reserve for the link’s own demand and caps relayed traffic at its share', () => {
    const l = new LinkKeyLedger({ reserveBits: 200, transitShare: 0.5, capacityBits: 10_000 });
    l.addLink('x', { initialBits: 1000 });
    expect(l.transitBits('x')).toBe(500); // share: 0.5 × 1000
    const a = l.reserve(['x'], 400, 'transit')!;
    expect(l.transitBits('x')).toBe(100);
    expect(l.reserve(['x'], 101, 'transit')).toBeNull();
    l.commit(a);
    l.credit('x', 4000); // pool 4600, share 0.5 × 5000 − 400 = 2100
    expect(l.transitBits('x')).toBe(2100);
    l.commit(l.reserve(['x'], 2100, 'transit')!);
    expect(l.transitBits('x')).toBe(0);
    // The link's own demand may still take the rest of the pool, reserve included.
    expect(l.availableBits('x')).toBe(2500);
    l.commit(l.reserve(['x'], 2500)!);
    expect(l.account('x').poolBits).toBe(0);
    // Reserve floor: with the share unbounded, transit stops at reserveBits.
    const m = new LinkKeyLedger({ reserveBits: 200, transitShare: 1, capacityBits: Infinity });
    m.addLink('z', { initialBits: 1000 });
    expect(m.transitBits('z')).toBe(800);
  });

  it('discards key beyond the capacity and counts it', () => {
    const l = new LinkKeyLedger({ reserveBits: 0, transitShare: 1, capacityBits: 1000 });
    l.addLink('x', { initialBits: 900 });
    expect(l.credit('x', 300)).toBe(100);
    expect(l.account('x')).toMatchObject({ poolBits: 1000, generatedBits: 300, discardedBits: 200 });
  });

  it('refuses bad bits, an unknown link and a link added twice', () => {
    const l = new LinkKeyLedger();
    l.addLink('x', { initialBits: 10 });
    expect(() => l.reserve(['x'], 0)).toThrow(expect.objectContaining({ code: QkdErrorCode.KeyStoreInvalidArgument }));
    expect(() => l.reserve(['x'], 1.5)).toThrow(expect.objectContaining({ code: QkdErrorCode.KeyStoreInvalidArgument }));
    expect(() => l.reserve(['x', 'x'], 1)).toThrow(expect.objectContaining({ code: QkdErrorCode.KeyStoreInvalidArgument }));
    expect(() => l.credit('nope', 1)).toThrow(expect.objectContaining({ code: QkdErrorCode.TopologyInvalid }));
    try {
      l.addLink('x');
      expect.fail('no error');
    } catch (e) {
      expect(isQkdError(e, QkdErrorCode.TopologyInvalid)).toBe(true);
    }
  });

  it('balances its books and never exceeds the share or the reserve under random operations', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('credit' as const), link: fc.nat(2), bits: fc.integer({ min: 0, max: 2000 }) }),
      fc.record({
        t: fc.constant('reserve' as const),
        links: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 3 }),
        bits: fc.integer({ min: 1, max: 900 }),
      }),
      fc.record({ t: fc.constant('settle' as const), which: fc.nat(10), commit: fc.boolean() }),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.integer({ min: 0, max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ops, reserveBits, share) => {
          const l = new LinkKeyLedger({ reserveBits, transitShare: share, capacityBits: 5000 });
          const ids = ['p', 'q', 'r'];
          for (const id of ids) l.addLink(id, { initialBits: 1000 });
          for (const o of ops) {
            if (o.t === 'credit') l.credit(ids[o.link], o.bits);
            else if (o.t === 'reserve') {
              const links = o.links.map((i) => ids[i]);
              const before = links.map((id) => (links.length === 1 ? l.availableBits(id) : l.transitBits(id)));
              const r = l.reserve(links, o.bits);
              expect(r !== null).toBe(before.every((b) => b >= o.bits));
            } else {
              const open = l.openReservations;
              if (open.length === 0) continue;
              const r = open[o.which % open.length];
              if (o.commit) l.commit(r);
              else l.release(r);
            }
            for (const id of ids) {
              const a = l.account(id);
              expect(a.poolBits).toBe(a.initialBits + a.generatedBits - a.discardedBits - a.consumedOwnBits - a.consumedTransitBits);
              expect(a.poolBits).toBeLessThanOrEqual(5000);
              expect(a.reservedOwnBits + a.reservedTransitBits).toBeLessThanOrEqual(a.poolBits);
              expect(a.consumedTransitBits + a.reservedTransitBits).toBeLessThanOrEqual(share * (a.initialBits + a.generatedBits) + 1e-6);
            }
          }
        },
      ),
      { seed: 4242, numRuns: 300 },
    );
  });
});
