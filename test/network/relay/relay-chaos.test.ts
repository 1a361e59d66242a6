/**
 * Many relays at once on the ring of 4, in both directions, with messages
 * delivered in a seeded random order (FIFO per direction of a hop, some
 * twice) and nodes crashing at random effects and coming back after a random
 * time — sometimes after the source's decision timeout. Checked after every
 * delivery for every relay: never usable at one end only; at the end every
 * record finished, each relay either confirmed at both ends with the same key
 * or aborted with nothing usable at the destination, no relay keeps a key,
 * every hop key released, and each link's allocator paid at most one hop key
 * per relay that crossed it. Seeded; the seed is printed.
 */
import { describe, expect, it } from 'vitest';
import type { NodeId, Path } from '../../../src/network/routing/path.ts';
import { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { bfsPathChooser, type LinkSpec, RELAY_TIMING, RelayNetwork } from '../../support/relay-network.ts';
import { withSeed } from '../../support/seed.ts';

const NODES = ['a', 'b', 'c', 'd'];
const LINKS: LinkSpec[] = [
  { id: 'ab', a: 'a', b: 'b' },
  { id: 'bc', a: 'b', b: 'c', allocator: 'c' },
  { id: 'cd', a: 'c', b: 'd' },
  { id: 'da', a: 'd', b: 'a', allocator: 'a' },
];

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

interface Started {
  relayId: string;
  path: Path;
  src: NodeId;
  dst: NodeId;
  sizeBits: number;
}

function round(seed: number): { confirmed: number; aborted: number; crashes: number } {
  const rng = new Xoshiro128(seed);
  const net = new RelayNetwork({ nodes: NODES, links: LINKS, rng, duplicate: 0.05 });
  const chooser = bfsPathChooser(NODES, LINKS);
  const started: Started[] = [];
  const downSince = new Map<NodeId, number>();
  const downFor = new Map<NodeId, number>();
  const where = `seed ${seed}`;
  try {
    const check = (r: Started): void => {
      const s = net.record(r.src, r.relayId);
      const d = net.record(r.dst, r.relayId);
      if (s?.state === 'confirmed') expect(d?.state, `${where} ${r.relayId}: source committed`).toMatch(/^(stored|confirmed)$/);
      if (d?.state === 'confirmed') expect(s?.state, `${where} ${r.relayId}: destination usable`).toBe('confirmed');
      if (s?.key && d?.key) expect(hex(d.key), where).toBe(hex(s.key));
    };
    const byId = new Map<string, Started>();
    // a delivery changes only the records of its own relay; ticks and restarts may change any
    const checkLast = (): void => {
      const r = net.lastRelayId === undefined ? undefined : byId.get(net.lastRelayId);
      if (r !== undefined) check(r);
    };
    const checkAll = (): void => {
      for (const r of started) check(r);
    };
    const armCrashes = (): void => {
      for (const n of NODES) if (net.isUp(n) && rng.nextU32() % 3 === 0) net.crashBefore(n, net.effects(n) + 1 + (rng.nextU32() % 40));
    };
    const restartDue = (): void => {
      for (const n of NODES) {
        if (net.isUp(n)) {
          downSince.delete(n);
          continue;
        }
        if (!downSince.has(n)) {
          downSince.set(n, net.nowMs);
          // mostly short outages, sometimes longer than the decision timeout
          downFor.set(n, rng.nextU32() % 4 === 0 ? RELAY_TIMING.decisionTimeoutMs + 3_000 : (rng.nextU32() % 5) * RELAY_TIMING.retryMs);
        }
        if (net.nowMs - downSince.get(n)! >= downFor.get(n)!) {
          net.restart(n);
          downSince.delete(n);
        }
      }
    };
    armCrashes();
    for (let i = 0; i < 24; i++) {
      const src = NODES[rng.nextU32() % 4];
      let dst = NODES[rng.nextU32() % 4];
      if (dst === src) dst = NODES[(NODES.indexOf(src) + 2) % 4];
      const sizeBits = [128, 256, 512][rng.nextU32() % 3];
      const path = chooser.choosePath(src, dst, sizeBits)!;
      const relayId = `r${i}-${seed}`;
      if (net.isUp(src)) {
        net.guard(src, () => {
          net.engine(src).start({ path, sizeBits, masterSae: `sae-${src}`, slaveSae: `sae-${dst}`, relayId });
        });
        started.push({ relayId, path, src, dst, sizeBits });
        byId.set(relayId, started[started.length - 1]);
      }
      for (let k = 0, n = rng.nextU32() % 8; k < n && net.step(); k++) checkLast();
      if (i === 12) armCrashes();
      net.tick(RELAY_TIMING.retryMs / 2);
      restartDue();
      checkAll();
    }
    // let it settle: crashes disarmed, everyone back eventually
    for (let t = 0; t < 400; t++) {
      while (net.step()) checkLast();
      checkAll();
      if (t === 0) for (const n of NODES) net.disarm(n);
      restartDue();
      if (NODES.every((n) => net.isUp(n)) && net.unfinished() === 0 && net.queue.length === 0) break;
      net.tick();
    }
    expect(
      NODES.every((n) => net.isUp(n)),
      `${where}: all up`,
    ).toBe(true);
    expect(net.unfinished(), `${where}: every record finished`).toBe(0);
    expect(net.events.filter((e) => e.type === 'violation')).toEqual([]);

    let confirmed = 0;
    let aborted = 0;
    const crossed = new Map<string, number>();
    for (const r of started) {
      const s = net.record(r.src, r.relayId);
      const d = net.record(r.dst, r.relayId);
      if (s?.state === 'confirmed') {
        confirmed++;
        expect(d?.state, where).toBe('confirmed');
        expect(hex(net.engine(r.src).take(r.relayId, `sae-${r.src}`)), where).toBe(hex(net.engine(r.dst).take(r.relayId, `sae-${r.dst}`)));
      } else {
        aborted++;
        expect(s === undefined || s.state === 'aborted', where).toBe(true);
        expect(d === undefined || d.state === 'aborted', `${where}: nothing usable at the destination`).toBe(true);
      }
      for (const n of r.path.nodes.slice(1, -1)) expect(net.record(n, r.relayId)?.key ?? null, where).toBeNull();
      expect(net.heldHopKeys(r.relayId, r.path), where).toEqual([]);
      for (const l of r.path.links) crossed.set(l, (crossed.get(l) ?? 0) + RelayNetwork.hopCost(r.sizeBits));
    }
    for (const [id, link] of net.links) {
      for (const end of link.ends.values()) expect(end.spentBits, `${where}: ${id}@${end.self}`).toBeLessThanOrEqual(crossed.get(id) ?? 0);
    }
    let crashes = 0;
    for (const n of NODES) crashes += net.crashes(n);
    return { confirmed, aborted, crashes };
  } finally {
    net.close();
  }
}

describe('key relay under concurrent relays, crashes and duplicates', () => {
  it('keeps every safety property on the ring of 4 over several seeded rounds', async () => {
    await withSeed('relay chaos', (rng, seed) => {
      console.log(`[relay chaos] seed ${seed}`);
      const total = { confirmed: 0, aborted: 0, crashes: 0 };
      for (let i = 0; i < 8; i++) {
        const r = round(rng.nextU32());
        total.confirmed += r.confirmed;
        total.aborted += r.aborted;
        total.crashes += r.crashes;
      }
      console.log(`[relay chaos] ${JSON.stringify(total)}`);
      // the rounds really crashed nodes, and keys still got through
      expect(total.crashes).toBeGreaterThan(5);
      expect(total.confirmed).toBeGreaterThan(total.aborted / 4);
    });
  }, 60_000);
});
