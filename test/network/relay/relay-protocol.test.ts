/**
 * The key relay protocol end to end, in process: a line of 3 and a ring of 4
 * nodes joined by in-memory QKD links (equal pool bytes at both ends), a
 * breadth-first PathChooser, messages delivered in a seeded random order
 * (some twice) through the protobuf codec. Checked: the key is equal at both
 * ends and never on the wire in the clear, each hop's ciphertext differs from
 * the key, each link's pool pays exactly the hop key of each relay that
 * crossed it (the same bits at both ends), each key is delivered exactly
 * once, and a tampered ciphertext, tag or header is rejected (the source
 * aborts, nobody can use the key).
 */
import { describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../../errors/index.ts';
import { hopKeyId } from '../../../src/network/relay/ids.ts';
import { decodeRelayMessage } from '../../../src/network/relay/messages.ts';
import type { Path } from '../../../src/network/routing/path.ts';
import { type LinkSpec, RelayNetwork, bfsPathChooser } from '../../support/relay-network.ts';
import { withSeed } from '../../support/seed.ts';

const LINE3 = {
  nodes: ['a', 'b', 'c'],
  links: [
    { id: 'ab', a: 'a', b: 'b' },
    { id: 'bc', a: 'b', b: 'c', allocator: 'c' },
  ] as LinkSpec[],
};
const RING4 = {
  nodes: ['a', 'b', 'c', 'd'],
  links: [
    { id: 'ab', a: 'a', b: 'b' },
    { id: 'bc', a: 'b', b: 'c', allocator: 'c' },
    { id: 'cd', a: 'c', b: 'd' },
    { id: 'da', a: 'd', b: 'a', allocator: 'a' },
  ] as LinkSpec[],
};

function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

interface Relayed {
  relayId: string;
  path: Path;
  src: string;
  dst: string;
}

describe('key relay protocol', () => {
  for (const [name, topo, pairs] of [
    [
      'line of 3',
      LINE3,
      [
        ['a', 'c'],
        ['c', 'a'],
      ],
    ],
    [
      'ring of 4',
      RING4,
      [
        ['a', 'c'],
        ['c', 'a'],
        ['b', 'd'],
        ['d', 'b'],
        ['a', 'b'],
      ],
    ],
  ] as const) {
    it(`${name}: equal keys at both ends, OTP on each hop, each pool pays once, delivered once`, async () => {
      await withSeed(`relay ${name}`, (rng, seed) => {
        console.log(`[relay ${name}] seed ${seed}`);
        const net = new RelayNetwork({ nodes: topo.nodes, links: topo.links, rng, duplicate: 0.1 });
        const chooser = bfsPathChooser(topo.nodes, topo.links);
        const sizes = [256, 128, 512];
        const relayed: Relayed[] = [];
        for (let round = 0; round < 3; round++) {
          for (const [src, dst] of pairs) {
            const sizeBits = sizes[(round + relayed.length) % sizes.length];
            const path = chooser.choosePath(src, dst, RelayNetwork.hopCost(sizeBits));
            expect(path).not.toBeNull();
            const relayId = net.engine(src).start({ path: path!, sizeBits, masterSae: `sae-${src}`, slaveSae: `sae-${dst}` });
            relayed.push({ relayId, path: path!, src, dst });
          }
          // interleave rounds: a few deliveries before the next round starts
          for (let i = 0; i < 5; i++) net.step();
        }
        net.run();
        expect(net.unfinished()).toBe(0);
        expect(net.events.filter((e) => e.type === 'violation' || e.type === 'auth-failed' || e.type === 'rejected')).toEqual([]);

        const spent = new Map<string, number>();
        for (const r of relayed) {
          const srcStatus = net.engine(r.src).status(r.relayId)!;
          const dstStatus = net.engine(r.dst).status(r.relayId)!;
          expect(srcStatus).toMatchObject({ role: 'source', state: 'confirmed', usable: true, finished: true });
          expect(dstStatus).toMatchObject({ role: 'destination', state: 'confirmed', usable: true, finished: true });
          const k1 = net.engine(r.src).take(r.relayId, `sae-${r.src}`);
          const k2 = net.engine(r.dst).take(r.relayId, `sae-${r.dst}`);
          expect(hex(k1)).toBe(hex(k2));
          expect(k1.length * 8).toBe(net.record(r.src, r.relayId)!.sizeBits);
          // exactly once
          for (const [node, sae] of [
            [r.src, `sae-${r.src}`],
            [r.dst, `sae-${r.dst}`],
          ]) {
            let code: QkdErrorCode | undefined;
            try {
              net.engine(node).take(r.relayId, sae);
            } catch (e) {
              if (isQkdError(e)) code = e.code;
            }
            expect(code).toBe(QkdErrorCode.RelayAlreadyDelivered);
          }
          // relays keep no key; every hop key's material is gone from both ends
          for (const n of r.path.nodes.slice(1, -1)) {
            expect(net.record(n, r.relayId)).toMatchObject({ role: 'relay', state: 'confirmed', key: null });
          }
          expect(net.heldHopKeys(r.relayId, r.path)).toEqual([]);
          // the key never travels in the clear; each hop's ciphertext differs from it and from the other hops'
          const forwards = net.wire
            .map((w) => decodeRelayMessage(w.bytes))
            .filter((m) => m.relayId === r.relayId && m.body.kind === 'forward');
          const cts = new Set<string>();
          for (const m of forwards) if (m.body.kind === 'forward') cts.add(`${m.hop}:${hex(m.body.ciphertext)}`);
          expect([...cts].map((c) => Number(c.split(':')[0])).sort()).toEqual(r.path.links.map((_, i) => i));
          for (const c of cts) expect(c.split(':')[1]).not.toBe(hex(k1));
          expect(new Set([...cts].map((c) => c.split(':')[1])).size).toBe(r.path.links.length);
          for (const w of net.wire) expect(containsBytes(w.bytes, k1)).toBe(false);
          for (const l of r.path.links) spent.set(l, (spent.get(l) ?? 0) + RelayNetwork.hopCost(k1.length * 8));
        }
        // each hop's pool paid exactly the hop keys of the relays that crossed it, the same bits at both ends
        for (const [id, link] of net.links) {
          for (const end of link.ends.values()) expect(end.spentBits, `${id} at ${end.self}`).toBe(spent.get(id) ?? 0);
        }
        net.close();
      });
    });
  }

  for (const target of ['ciphertext', 'tag', 'header'] as const) {
    it(`rejects a Forward whose ${target} was changed on the second hop; the source aborts and nobody can use the key`, async () => {
      await withSeed(`relay tamper ${target}`, (rng, seed) => {
        console.log(`[relay tamper ${target}] seed ${seed}`);
        const net = new RelayNetwork({ nodes: LINE3.nodes, links: LINE3.links, rng });
        let tampered = 0;
        net.intercept = (m) => {
          const msg = decodeRelayMessage(m.bytes);
          if (msg.body.kind !== 'forward' || msg.hop !== 1 || tampered > 0) return true;
          const field = msg.body[target];
          const at = rng.nextU32() % field.length;
          const bit = 1 << (rng.nextU32() % 8);
          // find the field's bytes inside the encoded message and flip one bit there
          const start = indexOf(m.bytes, field);
          expect(start).toBeGreaterThanOrEqual(0);
          m.bytes = m.bytes.slice();
          m.bytes[start + at] ^= bit;
          tampered++;
          return true;
        };
        const path = { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] };
        const relayId = net.engine('a').start({ path, sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c' });
        net.run();
        expect(tampered).toBe(1);
        expect(net.unfinished()).toBe(0);
        expect(net.events.some((e) => e.node === 'c' && e.relayId === relayId && e.type === 'auth-failed')).toBe(true);
        expect(net.engine('a').status(relayId)).toMatchObject({ state: 'aborted', usable: false });
        expect(net.record('c', relayId)).toBeUndefined();
        expect(net.record('b', relayId)).toMatchObject({ state: 'aborted', key: null });
        expect(net.heldHopKeys(relayId, path)).toEqual([]);
        for (const node of ['a', 'c']) {
          let code: QkdErrorCode | undefined;
          try {
            net.engine(node).take(relayId, `sae-${node}`);
          } catch (e) {
            if (isQkdError(e)) code = e.code;
          }
          expect(code).toBe(node === 'a' ? QkdErrorCode.RelayKeyNotUsable : QkdErrorCode.RelayUnknownKey);
        }
        // the links still relay afterwards
        const again = net.engine('a').start({ path, sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c' });
        net.run();
        expect(hex(net.engine('a').take(again, 'sae-a'))).toBe(hex(net.engine('c').take(again, 'sae-c')));
        expect(hopKeyId(again, 1)).not.toBe(hopKeyId(relayId, 1));
        net.close();
      });
    });
  }

  it('refuses requests that cannot be relayed from this node', async () => {
    await withSeed('relay requests', (rng) => {
      const net = new RelayNetwork({ nodes: LINE3.nodes, links: LINE3.links, rng });
      const bad = [
        { path: { nodes: ['b', 'c'], links: ['bc'] }, sizeBits: 256 },
        { path: { nodes: ['a', 'c'], links: ['ab'] }, sizeBits: 256 },
        { path: { nodes: ['a', 'b', 'a'], links: ['ab', 'ab'] }, sizeBits: 256 },
        { path: { nodes: ['a', 'b', 'c'], links: ['ab'] }, sizeBits: 256 },
        { path: { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] }, sizeBits: 100 },
      ];
      for (const r of bad) {
        let code: QkdErrorCode | undefined;
        try {
          net.engine('a').start({ ...r, masterSae: 'x', slaveSae: 'y' });
        } catch (e) {
          if (isQkdError(e)) code = e.code;
        }
        expect(code, JSON.stringify(r)).toBe(QkdErrorCode.RelayInvalidArgument);
      }
      expect(net.queue).toEqual([]);
      net.close();
    });
  });

  it('aborts when a hop has too little key, and the source SAE never gets the key', async () => {
    await withSeed('relay no key', (rng) => {
      const net = new RelayNetwork({ nodes: LINE3.nodes, links: LINE3.links, rng, poolBytes: 100 });
      const path = { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] };
      const ids = [0, 1, 2].map(() => net.engine('a').start({ path, sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c' }));
      net.run();
      expect(net.unfinished()).toBe(0);
      // 100 bytes hold one 512-bit hop key per link: the first relay gets through, the others abort
      const states = ids.map((id) => net.engine('a').status(id)!.state);
      expect(states.filter((s) => s === 'confirmed').length).toBe(1);
      for (const id of ids) {
        const dst = net.record('c', id);
        expect(dst?.state === 'confirmed').toBe(net.engine('a').status(id)!.state === 'confirmed');
      }
      net.close();
    });
  });
});

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('key relay: answers to messages that do not fit', () => {
  const path = { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] };

  it('a source with no record of a relay answers Prepared with Abort (presumed abort)', async () => {
    await withSeed('relay presumed abort', (rng) => {
      const net = new RelayNetwork({ nodes: LINE3.nodes, links: LINE3.links, rng });
      net.engine('a').receive('b', { relayId: 'ghost', hop: 0, link: 'ab', body: { kind: 'prepared' } });
      expect(net.queue.map((q) => ({ to: q.to, body: decodeRelayMessage(q.bytes).body.kind }))).toEqual([{ to: 'b', body: 'abort' }]);
      net.close();
    });
  });

  it('ignores a message on a link that does not join its sender to this node', async () => {
    await withSeed('relay wrong link', (rng) => {
      const net = new RelayNetwork({ nodes: LINE3.nodes, links: LINE3.links, rng });
      net.engine('a').receive('c', { relayId: 'x', hop: 0, link: 'ab', body: { kind: 'prepared' } });
      net.engine('a').receive('b', { relayId: 'x', hop: 0, link: 'bc', body: { kind: 'prepared' } });
      expect(net.queue).toEqual([]);
      expect(net.events.filter((e) => e.type === 'ignored').length).toBe(2);
      net.close();
    });
  });

  it('a destination never gives up a usable key on a stale Abort, and a resent Forward is not stored twice', async () => {
    await withSeed('relay stale abort', (rng) => {
      const net = new RelayNetwork({ nodes: LINE3.nodes, links: LINE3.links, rng });
      const relayId = net.engine('a').start({ path, sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c' });
      const forwards: Uint8Array[] = [];
      net.intercept = (m) => {
        if (m.to === 'c' && decodeRelayMessage(m.bytes).body.kind === 'forward') forwards.push(m.bytes.slice());
        return true;
      };
      net.run();
      expect(net.engine('c').status(relayId)).toMatchObject({ state: 'confirmed', usable: true });
      net.engine('c').receive('b', { relayId, hop: 1, link: 'bc', body: { kind: 'abort', reason: 'stale' } });
      expect(net.engine('c').status(relayId)).toMatchObject({ state: 'confirmed', usable: true });
      // the same Forward again: answered with Done, the record unchanged
      expect(forwards.length).toBeGreaterThan(0);
      const before = net.record('c', relayId);
      net.queue.length = 0;
      net.engine('c').receive('b', decodeRelayMessage(forwards[0]));
      expect(net.record('c', relayId)).toEqual(before);
      expect(net.queue.map((q) => decodeRelayMessage(q.bytes).body)).toEqual([{ kind: 'done', committed: true }]);
      net.close();
    });
  });

  it('a Forward replayed onto another link, under another relay ID, is rejected and nothing is stored', async () => {
    await withSeed('relay replayed forward', (rng) => {
      const net = new RelayNetwork({ nodes: RING4.nodes, links: RING4.links, rng });
      const relayId = net
        .engine('a')
        .start({ path: { nodes: ['a', 'b'], links: ['ab'] }, sizeBits: 128, masterSae: 'sae-a', slaveSae: 'sae-b' });
      net.run();
      expect(net.engine('b').status(relayId)).toMatchObject({ state: 'confirmed' });
      // the Forward a sent to b, replayed as if c sent it over bc for relay 'other': its cut names another hop key
      net.queue.length = 0;
      const fwd = net.wire.map((w) => decodeRelayMessage(w.bytes)).find((m) => m.body.kind === 'forward')!;
      net.engine('b').receive('c', { ...fwd, relayId: 'other', link: 'bc' });
      const answers = net.queue.map((q) => ({ to: q.to, body: decodeRelayMessage(q.bytes).body.kind }));
      expect(answers).toEqual([{ to: 'c', body: 'reject' }]);
      expect(net.record('b', 'other')).toBeUndefined();
      net.close();
    });
  });
});
