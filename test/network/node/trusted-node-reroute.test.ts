/**
 * Rerouting after a Reject (docs/key-relay.md, "Failure handling"): in a ring
 * a–b–c–d, a's first path to c is a–b–c (ab and bc hold more key); link bc is
 * drained (at both ends, as an ETSI draw would) in the same turn as the request,
 * so a still routes over b, b rejects (not enough key on bc), and a relays the
 * key again over a–d–c under a new key_ID. Both ends hold the same key; the
 * pools paid exactly what crossed them: nothing on bc, one hop key on each
 * link of the committed path, and one on ab, which the rejected attempt's key
 * crossed before b refused it (a one-time pad used once is spent).
 * `rejectedLinks` (which hop to leave out) is checked on the engine's reasons.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { hopKeyBits } from '../../../src/network/relay/hop-cipher.ts';
import { rejectedLinks } from '../../../src/network/node/reroute.ts';
import { withSeed } from '../../support/seed.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { startTrustedNetwork, type TrustedNetwork } from '../../support/trusted-network.ts';
import { waitUntil } from '../../support/wait.ts';

const newDir = tempDirsPerTest('qkdd-reroute-');
let net: TrustedNetwork | null = null;
afterEach(async () => {
  await net?.stop();
  net = null;
});

describe('rejectedLinks', () => {
  const path = { nodes: ['a', 'b', 'c', 'd'], links: ['ab', 'bc', 'cd'] };
  it('leaves out the hop the refusing node names, found by the chain of nodes the Reject came through', () => {
    expect(rejectedLinks(path, 'b: not enough key on link bc for 512 bits')).toEqual(['bc']);
    expect(rejectedLinks(path, 'b: no hop key 1234 on link ab')).toEqual(['ab']);
    expect(rejectedLinks(path, 'b: c: not enough key on link cd for 512 bits')).toEqual(['cd']);
    expect(rejectedLinks(path, 'b: c: d: Forward on link cd does not authenticate')).toEqual(['cd']);
    // The source's own first hop.
    expect(rejectedLinks(path, 'not enough key on link ab for 512 bits')).toEqual(['ab']);
  });
  it('leaves out both hops of the refusing node when its reason names neither (and never a link that merely shares a prefix)', () => {
    expect(rejectedLinks(path, 'b: c: header says 256 bits, ciphertext has 512')).toEqual(['bc', 'cd']);
    expect(rejectedLinks({ nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] }, 'b: not enough key on link bcd for 512 bits')).toEqual([
      'ab',
      'bc',
    ]);
  });
});

describe('TrustedNode rerouting', () => {
  it(
    'a hop rejects: the key goes over the other path, identical at both ends, each pool charged only for what crossed it',
    () =>
      withSeed('trusted-reroute', async (rng) => {
        net = await startTrustedNetwork({
          dir: newDir(),
          nodes: ['a', 'b', 'c', 'd'],
          links: [
            { id: 'ab', a: 'a', b: 'b' },
            { id: 'bc', a: 'b', b: 'c' },
            { id: 'cd', a: 'c', b: 'd' },
            { id: 'da', a: 'd', b: 'a' },
          ],
          rng,
        });
        const n = net;
        // More key on ab and bc: a–b–c weighs less than a–d–c (key-aware routing).
        n.fill('ab', 64 * 1024);
        n.fill('bc', 64 * 1024);
        const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => n.nodes.get(id)!);
        await waitUntil(
          () => a.choosePath('c', 256)?.nodes.join('-') === 'a-b-c' && a.choosePath('c', 256, new Set(['bc']))?.nodes.join('-') === 'a-d-c',
          'a to route to c over b, and over d without bc',
          30_000,
        );
        const ends = [
          ['a', 'ab'],
          ['b', 'ab'],
          ['b', 'bc'],
          ['c', 'bc'],
          ['c', 'cd'],
          ['d', 'cd'],
          ['d', 'da'],
          ['a', 'da'],
        ] as const;
        const bits = (node: string, link: string): number => n.end(node, link).store.stats().appBits;
        // Drain bc at both ends (same cut), leaving less than one hop key; in the same turn, ask for a key:
        // a's view of bc is still the old one, so its first path is a–b–c.
        const bStore = n.end('b', 'bc').store;
        const drain = bStore.reserve(Math.floor(bStore.stats().appBits / 256) - 1, 256, { masterSae: 'drain', slaveSae: 'drain' });
        n.end('c', 'bc').store.applyReservation(drain, { allowSkip: true });
        const before = new Map(ends.map(([node, link]) => [`${node}/${link}`, bits(node, link)]));
        expect(before.get('b/bc')).toBeLessThan(hopKeyBits(256));
        expect(before.get('c/bc')).toBe(before.get('b/bc'));
        const firstId = randomUUID();
        const relaying = a.relayKey({ to: 'c', sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c', relayId: firstId });
        const id = await relaying;

        // The first attempt was rejected at b and aborted; the key that committed went through d.
        expect(id).not.toBe(firstId);
        expect(a.relayStatus(firstId)?.state).toBe('aborted');
        expect(b.relayStatus(firstId)?.role).toBe('relay');
        expect(d.relayStatus(id)?.role).toBe('relay');
        expect(b.relayStatus(id)).toBeUndefined();
        expect(a.status().relays.rejected).toBeGreaterThanOrEqual(1);
        await waitUntil(() => c.relayStatus(id)?.usable === true, `key ${id} usable at c`, 30_000);
        expect(c.relayStatus(firstId)?.usable ?? false).toBe(false);
        const ka = a.take(id, 'sae-a');
        const kc = c.take(id, 'sae-c');
        expect(ka.length).toBe(32);
        expect(Buffer.from(ka).equals(Buffer.from(kc))).toBe(true);

        // What each end paid: one hop key on da, cd (the committed path) and ab (crossed by the rejected attempt), none on bc.
        const hop = hopKeyBits(256);
        const paid: Record<string, number> = { ab: hop, bc: 0, cd: hop, da: hop };
        const settled = (): boolean => ends.every(([node, link]) => before.get(`${node}/${link}`)! - bits(node, link) === paid[link]);
        await waitUntil(settled, 'every end to have paid for exactly the hop keys that crossed its link', 30_000);
        for (const [node, link] of ends) expect(before.get(`${node}/${link}`)! - bits(node, link), `${node}/${link}`).toBe(paid[link]);

        // Stopping answers every caller still waiting for a decision (an enc_keys request): no waiter or
        // timer outlives the node (a stop that hung on one would time this test out).
        const waiting = a.decided(randomUUID(), 600_000);
        await n.stop();
        net = null;
        expect(await waiting).toBeUndefined();
      }),
    30_000,
  );
});
