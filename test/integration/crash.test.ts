/**
 * Crash safety of the two-node link: `kill -9` of either node while keys are
 * being made, then a restart on the same state. Once the link has resumed,
 * both stores hold the same blocks in the same order (no block on one side
 * only), and keys cut from them are the same bits on both nodes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeName } from '../../src/cli/demo-link.ts';
import { compareStores } from '../support/link-harness.ts';
import { startDemoLink } from '../support/demo-link.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('kill -9 of either node during key generation', () => {
  it('leaves both stores in agreement once the link has resumed', async () => {
    const demo = await startDemoLink({ seed: 9, controlHttp: [] });
    cleanups.push(() => demo.cleanup());
    const { link } = demo;
    const bobBlocks = (): number => Number(link.latest.bob?.stats.blocksStored ?? 0);
    const aliceBlocks = (): number => Number(link.latest.alice?.stats.blocksStored ?? 0);
    for (const victim of ['bob', 'alice'] as NodeName[]) {
      // Let key generation run, then crash the node in the middle of it.
      expect(await link.waitFor(() => bobBlocks() >= 1 && aliceBlocks() >= 1, 240_000)).toBe(true);
      await link.killNode(victim);
      link.startNode(victim);
      // Resumed: the restarted node has stored or activated new blocks after its restart.
      const resumed = await link.waitFor(
        (s) => Number(s[victim]?.stats.blocksStored ?? 0) >= 1 && Number(s.bob?.stats.blocksStored ?? 0) >= 1,
        240_000,
      );
      expect(resumed, `${victim} resumed`).toBe(true);
    }
    const codes = await demo.stop();
    expect(codes).toEqual({ alice: 0, bob: 0 });
    const cmp = compareStores(link.storePath('alice'), link.storePath('bob'), 16);
    expect(cmp.bobBlocks.length).toBeGreaterThanOrEqual(2);
    // No block on one side only: whatever Bob holds, Alice holds active or pending (pending = awaiting
    // Bob's echo, outside her pools), and every block active at Alice is at Bob.
    expect(cmp.bobOnly).toEqual([]);
    expect(cmp.aliceActiveBefore.filter((id) => !cmp.bobBlocks.includes(id))).toEqual([]);
    expect(cmp.aliceBlocks).toEqual(cmp.bobBlocks);
    expect(cmp.keysA).toEqual(cmp.keysB);
    expect(cmp.keysA.length).toBe(16);
  }, 600_000);
});
