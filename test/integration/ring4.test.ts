/**
 * Issue 13's ring of 4 trusted nodes a–b–c–d–a (links ab, bc, cd, da; the
 * first node of each is its transmitter and allocator), assembled from node
 * configs on disk as `qkdd node` assembles them (startTrustedNode). a, c and
 * d run in this process; b, the relay node of the path a–b–c, runs in its
 * own process so that it can be killed with SIGKILL. Links start with seeded
 * pools and idle benches, except link da, whose two ends run real key
 * generation over the synthetic channel (test/support/synthetic-benches.ts)
 * once an eavesdropper intercepts and resends every pulse on it.
 *
 *   1. SAEs at opposite nodes (a and c) get identical keys through the relay.
 *   2. da under intercept-resend: the link alarms (QBER), its pools gain no
 *      key, and end-to-end keys keep flowing over the other path (a–b–c).
 *   3. kill -9 of b in the middle of a relay: the relayed key is usable at
 *      both ends or at neither (never at one only), and relaying through b
 *      resumes once it is restarted.
 *
 * Cost here: ~15–25 s (one link's synthetic key generation, a child process
 * started twice); no wall-clock assertion.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startTrustedNode } from '../../src/cli/trusted-node.ts';
import { readNetworkNodeConfig } from '../../src/config/network-node-config.ts';
import { createLogger } from '../../src/log.ts';
import type { TrustedNode } from '../../src/network/node/trusted-node.ts';
import type { NodeBench } from '../../src/node/qkd-node.ts';
import { SYNTHETIC_CHANNEL, syntheticBenches } from '../support/synthetic-benches.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { withSeed } from '../support/seed.ts';
import { idleBenchFor, writeTrustedNetworkFiles } from '../support/trusted-network.ts';
import { newRelayId } from '../../src/network/relay/ids.ts';
import { waitUntil } from '../support/wait.ts';

const CHILD = fileURLToPath(new URL('../support/trusted-node-process.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const newDir = tempDirsPerTest('qkdd-ring4-');
/** Frames of the attacked link: 2^20 slots (~5·10^4 key-basis detections), blocks of 10^5 (the schema's least): cheap to alarm. */
const ATTACKED_SLOTS = 1 << 20;
const nodes: TrustedNode[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const n of nodes.splice(0)) await n.stop().catch(() => undefined);
});

function startChild(configFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configFile], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.includes('"ready":true')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`trusted node process exited (${code}) before it was ready: ${err.slice(-2000)}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('ring of 4 trusted nodes', () => {
  it(
    'relays end to end, routes around an attacked link, survives kill -9 of the relay node',
    () =>
      withSeed('ring4', async (rng) => {
        const dir = newDir();
        const files = await writeTrustedNetworkFiles({
          dir,
          nodes: ['a', 'b', 'c', 'd'],
          links: [
            { id: 'ab', a: 'a', b: 'b' },
            { id: 'bc', a: 'b', b: 'c' },
            { id: 'cd', a: 'c', b: 'd' },
            { id: 'da', a: 'd', b: 'a' },
          ],
          rng,
          relay: { decisionTimeoutMs: 15_000 },
          // The attacked link: small frames and blocks, so its first block (and its QBER check) comes soon.
          benchPatch: (id, cfg) => {
            if (id !== 'da') return;
            (cfg.frame as { slots: number }).slots = ATTACKED_SLOTS;
            (cfg.postprocessing as { blockBits: number }).blockBits = 100_000;
          },
        });
        // Link da's two ends share one synthetic channel: Eve intercepts and resends every pulse.
        const attacked = syntheticBenches(rng, { ...SYNTHETIC_CHANNEL, slots: ATTACKED_SLOTS, interceptFraction: 1 });
        const benchFor = (config: Parameters<typeof idleBenchFor>[0] & { node: { linkId: string } }): Promise<NodeBench> =>
          config.node.linkId !== 'da'
            ? idleBenchFor(config)
            : Promise.resolve(
                config.node.role === 'transmitter' ? { role: 'transmitter', bench: attacked.tx } : { role: 'receiver', bench: attacked.rx },
              );
        const log = createLogger({ name: 'ring4', level: 'silent' });
        const start = async (n: string): Promise<TrustedNode> => {
          const t = await startTrustedNode(readNetworkNodeConfig(files.get(n)!), { log, benchFor });
          nodes.push(t);
          return t;
        };
        // d listens for da, a for ab, c for cd; b (the child) listens for bc.
        const d = await start('d');
        const a = await start('a');
        const da = [a.link('da')!.node, d.link('da')!.node];
        for (const n of da) n.gate.hold('operator', 'until the attack');
        let b = await startChild(files.get('b')!);
        const c = await start('c');
        await waitUntil(() => a.status().topology.links.filter((l) => l.up).length === 4, 'all four links up at a', 30_000);

        // 1. Identical keys at opposite nodes, through the relay.
        const relayPair = async (): Promise<void> => {
          const id = await a.relayKey({ to: 'c', sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c' });
          await waitUntil(() => c.relayStatus(id)?.usable === true, `key ${id} usable at c`, 30_000);
          const ka = a.take(id, 'sae-a');
          const kc = c.take(id, 'sae-c');
          expect(Buffer.from(ka).equals(Buffer.from(kc))).toBe(true);
        };
        for (let i = 0; i < 3; i++) await relayPair();

        // 2. Intercept-resend on da: it alarms, makes no key, and a routes to c over b.
        const daBits = da.map((n) => n.store.stats().appBits);
        for (const n of da) n.gate.release('operator');
        await waitUntil(
          () => a.status().topology.links.some((l) => l.id === 'da' && l.alarmed),
          'link da to alarm (QBER) in a’s topology',
          60_000,
          100,
        );
        expect(da.some((n) => n.alarms.isActive('qber-over-threshold'))).toBe(true);
        expect(a.choosePath('c', 256)?.nodes).toEqual(['a', 'b', 'c']);
        for (let i = 0; i < 3; i++) await relayPair();
        for (const n of da) n.gate.hold('operator', 'attack over');
        expect(da.map((n) => n.store.stats().appBits)).toEqual(daBits);

        // 3. kill -9 of b in the middle of a relay a → b → c.
        const relayId = newRelayId();
        const inDoubt = a.relayKey({ to: 'c', sizeBits: 256, masterSae: 'sae-a', slaveSae: 'sae-c', relayId }).catch(() => null);
        // Killed once the destination holds the key (Prepared on its way back through b), or at the latest
        // when the source has decided: either way b dies with the relay's records mid-protocol.
        await waitUntil(
          () => c.relayStatus(relayId) !== undefined || a.relayStatus(relayId)?.state === 'confirmed',
          'the relay to reach c',
          30_000,
          1,
        );
        await killHard(b);
        await inDoubt;
        b = await startChild(files.get('b')!);
        // Once decided everywhere: usable at both ends, or at neither — never at one only.
        await waitUntil(
          () => {
            const s = a.relayStatus(relayId);
            return s !== undefined && (s.state === 'aborted' || (s.state === 'confirmed' && s.finished));
          },
          'the relay in doubt to be decided and applied',
          60_000,
        );
        const atA = a.relayStatus(relayId)!;
        const atC = c.relayStatus(relayId);
        expect(atA.usable).toBe(atC?.usable === true);
        if (atA.usable) expect(Buffer.from(a.take(relayId, 'sae-a')).equals(Buffer.from(c.take(relayId, 'sae-c')))).toBe(true);
        // Relaying resumes through the restarted b (da is still alarmed: b is the only way).
        await waitUntil(() => a.choosePath('c', 256) !== null, 'a path a→c again', 30_000);
        for (let i = 0; i < 3; i++) await relayPair();
        await killHard(b);
      }),
    120_000,
  );
});
