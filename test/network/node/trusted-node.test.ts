/**
 * Trusted nodes over real links (src/network/node/trusted-node.ts): three
 * nodes in a line a–b–c, each link two real QkdNodes with their
 * authenticated peer channel and key stores (test/support/trusted-network.ts;
 * key generation held, pools seeded). Link states flood so that a routes to
 * c through b; a relayed key is the same at a and c, handed out once at each,
 * paid on both hops at both ends; a link that alarms (QBER) leaves the
 * topology and relays to c are refused with RelayNoPath.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../../errors/index.ts';
import { hopKeyBits } from '../../../src/network/relay/hop-cipher.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { withSeed } from '../../support/seed.ts';
import { startTrustedNetwork, type TrustedNetwork } from '../../support/trusted-network.ts';
import { waitUntil } from '../../support/wait.ts';

const newDir = tempDirsPerTest('qkdd-trusted-');
let net: TrustedNetwork | null = null;
afterEach(async () => {
  await net?.stop();
  net = null;
});

describe('TrustedNode', () => {
  it(
    'relays a key a → b → c over real peer channels and key stores (c cuts link cb: cut requests)',
    () =>
      withSeed('trusted-line3', async (rng) => {
        net = await startTrustedNetwork({
          dir: newDir(),
          nodes: ['a', 'b', 'c'],
          links: [
            { id: 'ab', a: 'a', b: 'b' },
            { id: 'cb', a: 'c', b: 'b' },
          ],
          rng,
        });
        const [a, b, c] = ['a', 'b', 'c'].map((n) => net!.nodes.get(n)!);
        await waitUntil(() => a.choosePath('c', 256) !== null, 'a to see a path to c', 30_000);
        expect(a.choosePath('c', 256)?.nodes).toEqual(['a', 'b', 'c']);
        const before = net.end('a', 'ab').store.stats().appBits;
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await a.relayKey({ to: 'c', sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c' }));
        for (const id of ids) {
          await waitUntil(() => c.relayStatus(id)?.usable === true, `key ${id} usable at c`, 30_000);
          const ka = a.take(id, 'sae-a');
          const kc = c.take(id, 'sae-c');
          expect(ka.length).toBe(32);
          expect(Buffer.from(ka).equals(Buffer.from(kc))).toBe(true);
          expect(() => c.take(id, 'sae-c')).toThrow();
          expect(b.relayStatus(id)?.role).toBe('relay');
        }
        // Both ends of both hops paid hopKeyBits(256) per key, nothing more.
        const paid = 5 * hopKeyBits(256);
        await waitUntil(
          () => net!.end('b', 'ab').store.stats().appBits === before - paid && net!.end('b', 'cb').store.stats().appBits === before - paid,
          'every end to have paid for the hop keys',
          30_000,
        );
        expect(net.end('a', 'ab').store.stats().appBits).toBe(before - paid);
        expect(net.end('c', 'cb').store.stats().appBits).toBe(before - paid);
        expect(a.status().relays.committed).toBeGreaterThanOrEqual(5);
      }),
    60_000,
  );

  it(
    'an alarmed link leaves the topology: no path, RelayNoPath',
    () =>
      withSeed('trusted-alarm', async (rng) => {
        net = await startTrustedNetwork({
          dir: newDir(),
          nodes: ['a', 'b', 'c'],
          links: [
            { id: 'ab', a: 'a', b: 'b' },
            { id: 'bc', a: 'b', b: 'c' },
          ],
          rng,
        });
        const a = net.nodes.get('a')!;
        await waitUntil(() => a.choosePath('c', 256) !== null, 'a to see a path to c', 30_000);
        net.end('c', 'bc').alarms.raise('qber-over-threshold', 'warning', 'test: QBER over threshold');
        await waitUntil(() => a.choosePath('c', 256) === null, 'the alarmed link to leave a’s topology', 30_000);
        const err = await a.relayKey({ to: 'c', sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c' }).catch((e: unknown) => e);
        expect(isQkdError(err) && err.code === QkdErrorCode.RelayNoPath).toBe(true);
        expect(a.status().topology.links.find((l) => l.id === 'bc')?.alarmed).toBe(true);
      }),
    60_000,
  );
});
