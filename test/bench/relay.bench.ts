/**
 * End-to-end keys per second over 2 hops in a ring of 4 trusted nodes (issue
 * 13): the nodes, links and relay of the ring demo — real QkdNodes joined by
 * their authenticated peer channels, each link's two key stores, each node's
 * SQLite relay store (durable records, one fsync per write) — with the
 * links' pools filled in advance (test/support/trusted-network.ts), so the
 * figure is the key manager's own capacity, not the simulated links' key
 * rate (the topology demo prints that: `qkdd demo --topology ring4`).
 * 256-bit keys a → c (2 hops), 16 relays in flight, every key taken at both
 * ends and compared. `reference`: the same over 1 hop (a → b) in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import type { TrustedNode } from '../../src/network/node/trusted-node.ts';
import { startTrustedNetwork } from '../support/trusted-network.ts';
import type { BenchResult, BenchSuite } from './harness.ts';

const IN_FLIGHT = 16;

async function keysPerSecond(
  from: TrustedNode,
  to: TrustedNode,
  toId: string,
  seconds: number,
): Promise<{ rate: number; keys: number; mismatched: number }> {
  const t0 = performance.now();
  let keys = 0;
  let mismatched = 0;
  const worker = async (): Promise<void> => {
    while ((performance.now() - t0) / 1000 < seconds) {
      const id = await from.relayKey({ to: toId, sizeBits: 256, masterSae: `sae-${from.id}`, slaveSae: `sae-${toId}` });
      await to.decided(id, 30_000);
      const a = from.take(id, `sae-${from.id}`);
      const b = to.take(id, `sae-${toId}`);
      if (Buffer.from(a).equals(Buffer.from(b))) keys++;
      else mismatched++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { rate: keys / ((performance.now() - t0) / 1000), keys, mismatched };
}

const suite: BenchSuite = async (ctx) => {
  const seconds = ctx.quick ? 5 : 20;
  const dir = mkdtempSync(join(tmpdir(), 'qkdd-bench-relay-'));
  ctx.progress(`relay: ring of 4 trusted nodes, ${seconds} s over 2 hops, then 1 hop`);
  const net = await startTrustedNetwork({
    dir,
    nodes: ['a', 'b', 'c', 'd'],
    links: [
      { id: 'ab', a: 'a', b: 'b' },
      { id: 'bc', a: 'b', b: 'c' },
      { id: 'cd', a: 'c', b: 'd' },
      { id: 'da', a: 'd', b: 'a' },
    ],
    rng: new Xoshiro128(1),
    poolBytes: 8 << 10,
  });
  // Pools as QKD fills them: many blocks of a post-processing block's size (~64 kbit), not one huge one.
  for (const link of ['ab', 'bc', 'cd', 'da']) for (let i = 0; i < 96; i++) net.fill(link, 8 << 10);
  try {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => net.nodes.get(n)!);
    const deadline = Date.now() + 30_000;
    while (a.choosePath('c', 256) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const twoHops = await keysPerSecond(a, c, 'c', seconds);
    const oneHop = await keysPerSecond(a, b, 'b', seconds);
    const row: BenchResult = {
      bench: 'relay',
      unit: 'keys/s',
      value: twoHops.rate,
      reference: oneHop.rate,
      referenceName: '1 hop (a → b), same run',
      keyBits: 256,
      hops: 2,
      inFlight: IN_FLIGHT,
      keys: twoHops.keys,
      mismatched: twoHops.mismatched + oneHop.mismatched,
      bitsPerS: twoHops.rate * 256,
      seconds,
    };
    return [row];
  } finally {
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
