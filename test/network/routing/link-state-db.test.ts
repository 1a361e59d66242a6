/**
 * The link-state database: sequence numbers and ages, the two-way check, and
 * flooding over a network of databases (in process, messages delivered in a
 * seeded random order) converging to the same topology at every node.
 */
import { describe, expect, it } from 'vitest';
import { LinkStateDatabase, type LinkAnnouncement, type LinkStateAdvertisement } from '../../../src/network/routing/link-state-db.ts';
import type { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { withSeed } from '../../support/seed.ts';

function ann(link: string, neighbour: string, state: Partial<LinkAnnouncement> = {}): LinkAnnouncement {
  return { link, neighbour, up: true, alarmed: false, availableBits: 1000, transitBits: 800, rateBps: 100, ...state };
}

describe('LinkStateDatabase', () => {
  it('installs newer announcements, drops older and duplicate ones, and answers an older one with its copy', () => {
    const db = new LinkStateDatabase('a');
    const b = new LinkStateDatabase('b');
    const first = b.originate([ann('ab', 'a')], 0);
    const second = b.originate([ann('ab', 'a', { up: false })], 1);
    expect(db.receive(second, 1)).toBe('installed');
    expect(db.receive(second, 2)).toBe('duplicate');
    expect(db.receive(first, 2)).toBe('older');
    expect(db.newerCopyFor('b', 5)).toMatchObject({ origin: 'b', seq: 2, ageS: 4 });
  });

  it('routes only over links both ends announce naming each other, with the more cautious state', () => {
    const db = new LinkStateDatabase('a');
    db.originate([ann('ab', 'b', { availableBits: 900 }), ann('ac', 'c')], 0);
    const b = new LinkStateDatabase('b');
    db.receive(b.originate([ann('ab', 'a', { availableBits: 700, transitBits: 500, alarmed: true })], 0), 0);
    const t = db.topology();
    expect(t.nodes).toEqual(['a', 'b', 'c']);
    expect(t.link('ac')).toBeUndefined(); // c has not announced it
    expect(t.link('ab')).toMatchObject({ up: true, alarmed: true, availableBits: 700, transitBits: 500 });
  });

  it('ages copies out, keeps its own, and spreads a purge', () => {
    const db = new LinkStateDatabase('a', { maxAgeS: 100 });
    db.originate([ann('ab', 'b')], 0);
    const b = new LinkStateDatabase('b', { maxAgeS: 100 });
    const lsa = b.originate([ann('ab', 'a')], 0);
    db.receive({ ...lsa, ageS: 30 }, 0);
    expect(db.expire(69)).toEqual([]);
    expect(db.expire(70)).toEqual(['b']);
    expect(db.seqOf('a')).toBe(1);
    db.receive(lsa, 80);
    expect(db.receive({ ...lsa, ageS: 100 }, 81)).toBe('installed'); // a purge of the same number wins
    expect(db.seqOf('b')).toBe(0);
  });

  it('after a restart, hearing its own older run jumps past that number', () => {
    const db = new LinkStateDatabase('a');
    expect(db.receive({ origin: 'a', seq: 41, ageS: 3, links: [] }, 0)).toBe('self-newer');
    expect(db.originate([], 0).seq).toBe(42);
  });

  it('flooding converges: every node ends with the same topology, after changes too', async () => {
    await withSeed('lsdb-flood', (rng: Xoshiro128, seed) => {
      console.log(`lsdb flood seed ${seed}`);
      // A ring of 8 with two chords.
      const names = Array.from({ length: 8 }, (_, i) => `n${i}`);
      const edges: [number, number][] = names.map((_, i) => [i, (i + 1) % 8]);
      edges.push([0, 4], [2, 6]);
      const linksOf = (i: number, down: Set<string>) =>
        edges
          .filter(([x, y]) => x === i || y === i)
          .map(([x, y]) => {
            const id = `l${Math.min(x, y)}-${Math.max(x, y)}`;
            return ann(id, names[x === i ? y : x], { up: !down.has(id), availableBits: 1000 + x + y });
          });
      const dbs = names.map((n) => new LinkStateDatabase(n));
      const neighbours = (i: number) => edges.filter(([x, y]) => x === i || y === i).map(([x, y]) => (x === i ? y : x));
      // In-flight messages, delivered in a seeded random order.
      const inFlight: { to: number; from: number; lsa: LinkStateAdvertisement }[] = [];
      const flood = (from: number, lsa: LinkStateAdvertisement, except = -1) => {
        for (const n of neighbours(from)) if (n !== except) inFlight.push({ to: n, from, lsa });
      };
      const drain = () => {
        let delivered = 0;
        while (inFlight.length > 0) {
          const [m] = inFlight.splice(rng.nextBelow(inFlight.length), 1);
          delivered++;
          const outcome = dbs[m.to].receive(m.lsa, 0);
          if (outcome === 'installed') flood(m.to, m.lsa, m.from);
          else if (outcome === 'older') {
            const newer = dbs[m.to].newerCopyFor(m.lsa.origin, 0);
            if (newer) inFlight.push({ to: m.from, from: m.to, lsa: newer });
          }
          expect(delivered).toBeLessThan(10_000);
        }
      };
      const down = new Set<string>();
      for (const [i, db] of dbs.entries()) flood(i, db.originate(linksOf(i, down), 0));
      drain();
      const spec = JSON.stringify(dbs[0].topology().links);
      expect(dbs[0].topology().links).toHaveLength(edges.length);
      for (const db of dbs) expect(JSON.stringify(db.topology().links)).toBe(spec);
      // l0-4 goes down: both its ends re-announce; twice, interleaved with a stale copy in flight.
      down.add('l0-4');
      const stale = dbs[0].newerCopyFor('n0', 0)!;
      flood(0, dbs[0].originate(linksOf(0, down), 0));
      inFlight.push({ to: 1, from: 0, lsa: stale });
      flood(4, dbs[4].originate(linksOf(4, down), 0));
      drain();
      for (const db of dbs) {
        const t = db.topology();
        expect(t.link('l0-4')?.up).toBe(false);
        expect(JSON.stringify(t.links)).toBe(JSON.stringify(dbs[0].topology().links));
      }
    });
  });
});
