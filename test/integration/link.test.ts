/**
 * The full two-node link end to end: the simulated bench served on real
 * pseudo-terminals (socat) and opened by the real serialport binding, two
 * `qkdd run` processes with their durable stores and the authenticated peer
 * channel between them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoLink, socatAvailable } from '../../src/cli/demo-link.ts';
import { compareStores, freePort, tempState } from '../support/link-harness.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startLink(opts: { attack?: boolean; seed?: number }): Promise<{ link: DemoLink; dir: string }> {
  if (!socatAvailable())
    throw new Error('socat is required for the pseudo-terminal link tests (apt-get install -y socat; .ci/run installs it)');
  const state = tempState();
  cleanups.push(() => state.remove());
  const link = await DemoLink.start({
    stateDir: state.dir,
    distanceKm: 10,
    attack: opts.attack ?? false,
    seed: opts.seed ?? 5,
    compiled: true,
    boards: 'pty',
    ports: { peer: await freePort(), etsiA: await freePort(), etsiB: await freePort() },
  });
  cleanups.push(() => link.stop());
  return { link, dir: state.dir };
}

const blocksStored = (link: DemoLink): number => Number(link.latest.bob?.stats.blocksStored ?? 0);

describe('two-node link over pseudo-terminals', () => {
  it('stores identical key blocks on both nodes, and no log line carries key material', async () => {
    const { link, dir } = await startLink({});
    expect(link.transport).toBe('pty');
    const ok = await link.waitFor(() => blocksStored(link) >= 3, 240_000);
    expect(ok, `blocks stored by bob: ${blocksStored(link)}`).toBe(true);
    const status = link.latest;
    expect(status.alice?.alarms.total).toBe(0);
    expect(Number(status.bob?.stats.lastQberKey)).toBeLessThan(0.03);
    const codes = await link.stop();
    expect(codes).toEqual({ alice: 0, bob: 0 });
    const cmp = compareStores(link.storePath('alice'), link.storePath('bob'), 32);
    expect(cmp.bobBlocks.length).toBeGreaterThanOrEqual(3);
    // No block on one side only: whatever Bob holds, Alice holds active or pending (pending = awaiting
    // Bob's echo, outside her pools), and every block active at Alice is at Bob.
    expect(cmp.bobOnly).toEqual([]);
    expect(cmp.aliceActiveBefore.filter((id) => !cmp.bobBlocks.includes(id))).toEqual([]);
    expect(cmp.aliceBlocks).toEqual(cmp.bobBlocks);
    expect(cmp.keysA.length).toBe(32);
    expect(cmp.keysA).toEqual(cmp.keysB);
    expect(new Set(cmp.keysA).size).toBe(32);
    // Grep every log line of the run for any 8-byte window of the delivered keys, in hex and base64.
    const logs = ['alice.log', 'bob.log'].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(logs.split('\n').length).toBeGreaterThan(10);
    for (const hex of cmp.keysA) {
      for (let i = 0; i + 16 <= hex.length; i += 16) {
        const window = hex.slice(i, i + 16);
        expect(logs.includes(window)).toBe(false);
        expect(logs.includes(Buffer.from(window, 'hex').toString('base64').slice(0, 10))).toBe(false);
      }
    }
  }, 300_000);

  it('makes no key under a full intercept-resend attack and raises the QBER alarm', async () => {
    const { link } = await startLink({ attack: true, seed: 6 });
    const alarmed = await link.waitFor((s) => Number(s.bob?.alarms.byCode['qber-over-threshold'] ?? 0) >= 2, 240_000);
    expect(alarmed).toBe(true);
    expect(Number(link.latest.bob?.stats.lastQberTest)).toBeGreaterThan(0.2);
    // Frames still sift; every block they make is dropped on its QBER before Cascade.
    expect(Number(link.latest.alice?.stats.blocksOk ?? 0)).toBe(0);
    expect(Number(link.latest.alice?.stats.secretBits ?? 0)).toBe(0);
    await link.stop();
    const cmp = compareStores(link.storePath('alice'), link.storePath('bob'), 0);
    expect(cmp.aliceBlocks).toEqual([]);
    expect(cmp.bobBlocks).toEqual([]);
    expect(cmp.alicePending).toEqual([]);
  }, 300_000);
});
