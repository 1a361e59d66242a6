/**
 * Crash safety of the key relay: for each node on the path, a crash just
 * before EVERY effect it performs during a relay (each record written, each
 * hop key cut, applied or released, each message sent, the SAE's take), then
 * a restart from its durable SQLite relay store (`recover()`), either soon
 * (before the source's decision timeout) or late (after it, the other nodes
 * ticking meanwhile). Checked after every delivery, tick and take: the key is
 * never usable at one end only (the source commits only while the
 * destination holds the key durably; the destination's key is usable only
 * after the source committed); at the end: both ends confirmed with the same
 * key, or the source aborted and the destination has nothing usable; no relay
 * keeps the key; every hop key's material is gone; each link's pool paid at
 * most once per relay (exactly once for a relay that completed); and a new
 * relay over the same path then completes (relaying resumes).
 *
 * The line keeps its records in SQLite files (closed and reopened at each
 * restart); the ring in the in-memory store (reopened over the records each
 * `put` left), which halves the file's time on a loaded machine.
 *
 * Paths: the line of 3, a→c (a cuts on ab and sends the cut with the key;
 * c cuts on bc, so b asks c first), and in the ring of 4, d→a→b (a cuts on
 * da, so d asks a; a cuts on ab). Seeded; the seed is printed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { NodeId, Path } from '../../../src/network/routing/path.ts';
import { Xoshiro128 } from '../../../src/pipeline/prng.ts';
import { type LinkSpec, RELAY_TIMING, RelayNetwork } from '../../support/relay-network.ts';
import { withSeed } from '../../support/seed.ts';

const SIZE_BITS = 256;

interface Topology {
  readonly name: string;
  readonly nodes: readonly NodeId[];
  readonly links: readonly LinkSpec[];
  readonly path: Path;
  /** Where records live: the SQLite store (reopened from its file at restart) or the in-memory one (reopened over the same records). */
  readonly store: 'sqlite' | 'memory';
}

const TOPOLOGIES: Topology[] = [
  {
    name: 'line of 3, a→c',
    nodes: ['a', 'b', 'c'],
    links: [
      { id: 'ab', a: 'a', b: 'b' },
      { id: 'bc', a: 'b', b: 'c', allocator: 'c' },
    ],
    path: { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] },
    store: 'sqlite',
  },
  {
    name: 'ring of 4, d→b via a',
    nodes: ['a', 'b', 'c', 'd'],
    links: [
      { id: 'ab', a: 'a', b: 'b' },
      { id: 'bc', a: 'b', b: 'c', allocator: 'c' },
      { id: 'cd', a: 'c', b: 'd' },
      { id: 'da', a: 'd', b: 'a', allocator: 'a' },
    ],
    path: { nodes: ['d', 'a', 'b'], links: ['da', 'ab'] },
    store: 'memory',
  },
];

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function uuidFrom(rng: Xoshiro128): string {
  const h = Array.from({ length: 4 }, () => rng.nextU32().toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Outcome {
  /** Keys an SAE received, by node. */
  taken: Map<NodeId, string>;
}

/**
 * A relay over `topo.path` with an optional crash, then a second relay without;
 * returns each node's effect count after the first relay (for the crash-free run).
 */
function scenario(
  topo: Topology,
  seed: number,
  dir: string,
  crash: { node: NodeId; effect: number; late: boolean } | undefined,
): { effects: Map<NodeId, number>; crashed: boolean; outcome: 'confirmed' | 'aborted' } {
  const rng = new Xoshiro128(seed);
  const net = new RelayNetwork({
    nodes: topo.nodes,
    links: topo.links,
    rng,
    storeDir: topo.store === 'sqlite' ? dir : undefined,
    poolBytes: 4096,
  });
  const src = topo.path.nodes[0];
  const dst = topo.path.nodes[topo.path.nodes.length - 1];
  const where =
    crash === undefined ? 'no crash' : `crash of ${crash.node} before effect ${crash.effect} (${crash.late ? 'late' : 'soon'} restart)`;
  try {
    const outcomes = new Map<string, Outcome>();
    const check = (relayId: string): void => {
      const s = net.record(src, relayId);
      const d = net.record(dst, relayId);
      if (s?.state === 'confirmed') expect(d?.state, `${where}: source committed, destination holds`).toMatch(/^(stored|confirmed)$/);
      if (d?.state === 'confirmed') expect(s?.state, `${where}: destination usable, source committed`).toBe('confirmed');
      if (s?.key && d?.key) expect(hex(d.key), `${where}: same key`).toBe(hex(s.key));
    };
    const takeMaybe = (relayId: string, force: boolean): void => {
      const o = outcomes.get(relayId)!;
      for (const node of [src, dst]) {
        if (o.taken.has(node) || !net.isUp(node)) continue;
        if (!force && rng.nextU32() % 4 !== 0) continue;
        if (!net.engine(node).status(relayId)?.usable) continue;
        net.guard(node, () => {
          o.taken.set(node, hex(net.engine(node).take(relayId, `sae-${node}`)));
        });
        check(relayId);
        if (force && !net.isUp(node)) {
          // the crash hit this take: restart and let the SAE ask again
          net.restart(node);
          if (net.engine(node).status(relayId)?.usable) o.taken.set(node, hex(net.engine(node).take(relayId, `sae-${node}`)));
          check(relayId);
        }
      }
    };
    const relay = (relayId: string, withCrash: boolean): void => {
      outcomes.set(relayId, { taken: new Map() });
      if (withCrash && crash !== undefined) net.crashBefore(crash.node, crash.effect);
      net.guard(src, () => {
        net.engine(src).start({ path: topo.path, sizeBits: SIZE_BITS, masterSae: `sae-${src}`, slaveSae: `sae-${dst}`, relayId });
      });
      const after = (): void => {
        check(relayId);
        takeMaybe(relayId, false);
      };
      if (withCrash && crash !== undefined) {
        // until the crash happens (or the relay is over without reaching the effect)
        net.run({ after, until: () => net.crashes(crash.node) > 0, maxTicks: 40 });
        if (net.crashes(crash.node) > 0) {
          // a few more deliveries while it is down (those to it are lost)
          for (let i = 0, n = rng.nextU32() % 6; i < n && net.step(); i++) after();
          if (crash.late) {
            for (let t = 0; t <= RELAY_TIMING.decisionTimeoutMs / RELAY_TIMING.retryMs; t++) {
              net.tick();
              while (net.step()) after();
            }
          }
          net.restart(crash.node);
          expect(net.isUp(crash.node), `${where}: restarted`).toBe(true);
        }
      }
      net.run({ after, maxTicks: 60 });
      expect(net.unfinished(), `${where}: every record finished`).toBe(0);
      takeMaybe(relayId, true);
      check(relayId);

      const s = net.record(src, relayId);
      const d = net.record(dst, relayId);
      const o = outcomes.get(relayId)!;
      if (s === undefined) {
        // the source crashed before its first record: nothing left the source
        expect(d, where).toBeUndefined();
      } else if (s.state === 'confirmed') {
        expect(d?.state, where).toBe('confirmed');
        expect(s.delivered && d!.delivered, `${where}: both SAEs took it`).toBe(true);
        // an SAE may lose a key it took when the crash hit between the record and the answer (at most once),
        // but whatever both SAEs received is the same key
        if (o.taken.size === 2) expect(o.taken.get(src), where).toBe(o.taken.get(dst));
      } else {
        expect(s.state, where).toBe('aborted');
        expect(d === undefined || d.state === 'aborted', `${where}: destination not usable`).toBe(true);
        expect(o.taken.size, where).toBe(0);
        let code: QkdErrorCode | undefined;
        try {
          net.engine(dst).take(relayId, `sae-${dst}`);
        } catch (e) {
          if (isQkdError(e)) code = e.code;
        }
        expect([QkdErrorCode.RelayUnknownKey, QkdErrorCode.RelayKeyNotUsable]).toContain(code);
      }
      for (const n of topo.path.nodes.slice(1, -1))
        expect(net.record(n, relayId)?.key ?? null, `${where}: relay ${n} keeps no key`).toBeNull();
      expect(net.heldHopKeys(relayId, topo.path), `${where}: hop keys released`).toEqual([]);
    };

    const first = uuidFrom(rng);
    relay(first, true);
    const effectsOfFirst = new Map(topo.nodes.map((n) => [n, net.effects(n)]));
    if (crash !== undefined) net.disarm(crash.node);
    const firstDone = net.record(src, first)?.state === 'confirmed';
    const cost = RelayNetwork.hopCost(SIZE_BITS);
    for (const l of topo.path.links) {
      for (const end of net.links.get(l)!.ends.values()) {
        if (firstDone) expect(end.spentBits, `${where}: ${l}@${end.self} paid once`).toBe(cost);
        else expect(end.spentBits, `${where}: ${l}@${end.self} paid at most once`).toBeLessThanOrEqual(cost);
      }
    }
    // relaying resumes
    const second = uuidFrom(rng);
    relay(second, false);
    expect(net.record(src, second)?.state, `${where}: the next relay completes`).toBe('confirmed');
    expect(outcomes.get(second)!.taken.get(src)).toBe(outcomes.get(second)!.taken.get(dst));
    for (const l of topo.path.links) {
      const ends = [...net.links.get(l)!.ends.values()];
      const alloc = ends.find((e) => e.allocator)!;
      expect(alloc.spentBits, `${where}: ${l} allocator paid once per relay`).toBe(firstDone ? 2 * cost : alloc.spentBits);
      expect(alloc.spentBits).toBeLessThanOrEqual(2 * cost);
    }
    return {
      effects: effectsOfFirst,
      crashed: crash !== undefined && net.crashes(crash.node) > 0,
      outcome: firstDone ? 'confirmed' : 'aborted',
    };
  } finally {
    net.close();
  }
}

describe('key relay crash safety', () => {
  for (const topo of TOPOLOGIES) {
    it(`${topo.name}: a crash before any effect of any node on the path, restarted soon or late`, async () => {
      await withSeed(`relay crash ${topo.name}`, (rng, seed) => {
        console.log(`[relay crash ${topo.name}] seed ${seed}`);
        // The stores live on tmpfs when there is one: the crash simulated here is a process
        // crash (a restart finds what each put committed), not a power cut, and an fsync per
        // record on a loaded disk made this file take a minute instead of seconds.
        const base = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'qkdd-relay-crash-'));
        try {
          let runs = 0;
          const runSeed = rng.nextU32();
          const counts = scenario(topo, runSeed, mkdir(base, runs++), undefined).effects;
          let scenarios = 0;
          let crashed = 0;
          const outcomes = { confirmed: 0, aborted: 0 };
          for (const node of topo.path.nodes) {
            const total = counts.get(node)!;
            expect(total, `${node} did something`).toBeGreaterThan(3);
            for (let effect = 1; effect <= total + 1; effect++) {
              for (const late of [false, true]) {
                const s = rng.nextU32();
                const r = scenario(topo, s, mkdir(base, runs++), { node, effect, late });
                scenarios++;
                if (r.crashed) crashed++;
                outcomes[r.outcome]++;
              }
            }
          }
          console.log(`[relay crash ${topo.name}] ${scenarios} scenarios, ${crashed} with a crash; outcomes ${JSON.stringify(outcomes)}`);
          // the enumeration really crashed nodes, and both decisions were reached
          expect(crashed).toBeGreaterThan(scenarios * 0.7);
          expect(outcomes.confirmed).toBeGreaterThan(0);
          expect(outcomes.aborted).toBeGreaterThan(0);
        } finally {
          rmSync(base, { recursive: true, force: true });
        }
      });
    }, 120_000);
  }
});

function mkdir(base: string, n: number): string {
  const dir = `${base}/${n}`;
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}
