/**
 * An in-process network of trusted nodes (src/network/node/trusted-node.ts)
 * for tests: every link is two real QkdNodes (transmitter at end `a`, the
 * link's allocator; receiver at end `b`) joined by their authenticated peer
 * channel on loopback, each with its own key store. Key generation is held
 * (benches that never emit; the gate held by `operator`) and each link's two
 * stores start with the same seeded blocks, so the relay runs over real peer
 * channels and real key stores at no CPU cost. `fill` adds more blocks to a
 * link (at both ends, same bytes).
 *
 * `writeTrustedNetworkFiles` writes the same kind of network to disk as node
 * configs for `qkdd node` / `startTrustedNode` (fixed ports, seeded stores),
 * for tests that run nodes in other processes (trusted-node-process.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchConfig } from '../../src/config/load-bench-config.ts';
import { demoConfigs } from '../../src/cli/demo-configs.ts';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import type { ReceiverBench, TransmitterBench } from '../../src/node/bench-port.ts';
import { type NodeBench, QkdNode } from '../../src/node/qkd-node.ts';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { freePort } from './link-harness.ts';
import { TrustedNode, type TrustedLink } from '../../src/network/node/trusted-node.ts';
import type { RelayTiming } from '../../src/network/relay/relay-engine.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';

export interface TrustedNetworkLink {
  readonly id: string;
  readonly a: string;
  readonly b: string;
}

export interface TrustedNetworkOptions {
  readonly dir: string;
  readonly nodes: readonly string[];
  readonly links: readonly TrustedNetworkLink[];
  readonly rng: Xoshiro128;
  /** Bytes of key each link's pools start with. Default 16 KiB. */
  readonly poolBytes?: number;
  readonly timing?: Partial<RelayTiming>;
  readonly tickMs?: number;
  readonly log?: Logger;
}

export interface TrustedNetwork {
  readonly nodes: Map<string, TrustedNode>;
  /** Add a block of `bytes` random bytes to both ends of a link. */
  fill(linkId: string, bytes: number): void;
  /** The QkdNode of `node`'s end of `linkId`. */
  end(node: string, linkId: string): QkdNode;
  stop(): Promise<void>;
}

const idleTx = (slots: number): TransmitterBench => ({
  slotsPerFrame: slots,
  emitFrame: () => new Promise(() => undefined),
  close: async () => undefined,
});
const idleRx = (slots: number): ReceiverBench => ({
  slotsPerFrame: slots,
  nextFrame: () => new Promise(() => undefined),
  close: async () => undefined,
});

export async function startTrustedNetwork(o: TrustedNetworkOptions): Promise<TrustedNetwork> {
  const log = o.log ?? createLogger({ name: 'net', level: 'silent' });
  const ends = new Map<string, QkdNode>(); // `${node}/${link}`
  const perNode = new Map<string, TrustedLink[]>(o.nodes.map((n) => [n, []]));
  const bytes = (n: number): Uint8Array => new Uint8Array(n).map(() => o.rng.nextU32() & 0xff);
  let blockNo = 0;
  const addBlocks = (linkId: string, n: number): void => {
    const block = bytes(n);
    const id = `${linkId}:seed-${blockNo++}`;
    for (const node of [ends.get(`${linkKey(o.links, linkId).a}/${linkId}`)!, ends.get(`${linkKey(o.links, linkId).b}/${linkId}`)!]) {
      node.store.addBlock(id, block);
    }
  };
  try {
    for (const l of o.links) {
      const dir = join(o.dir, l.id);
      const text = demoConfigs(
        dir,
        { photonSource: 'tcp://127.0.0.1:1', polarizationModulator: 'tcp://127.0.0.1:2', detector: 'tcp://127.0.0.1:3' },
        { peer: 0, etsiA: 1, etsiB: 2 },
        { gateDelayPs: 1, gateWidthPs: 400 },
      );
      const psk = bytes(1 << 20); // authentication key for every message while generation is held
      const tx = parseBenchConfig(text.alice, `${l.id}-a.yaml`);
      const rx = parseBenchConfig(text.bob, `${l.id}-b.yaml`);
      for (const [cfg, node] of [
        [tx, l.a],
        [rx, l.b],
      ] as const) {
        cfg.node.id = `${node}-${l.id}`;
        cfg.node.linkId = l.id;
        cfg.frame.workers = 0;
        delete cfg.etsi;
        mkdirSync(join(dir, cfg === tx ? 'alice' : 'bob'), { recursive: true, mode: 0o700 });
        writeFileSync(cfg.peer.preSharedKeyFile, psk, { mode: 0o600 });
        // The pools start with the same seeded blocks at both ends.
        KeyStore.open({ path: cfg.keystore.path, maxBits: cfg.keystore.maxBits }).close();
      }
      tx.peer.listen = '127.0.0.1:0';
      const a = await QkdNode.start({ config: tx, bench: { role: 'transmitter', bench: idleTx(tx.frame.slots) }, log });
      a.gate.hold('operator', 'test: key generation held');
      rx.peer.connect = `127.0.0.1:${a.peerListenPort}`;
      const b = await QkdNode.start({ config: rx, bench: { role: 'receiver', bench: idleRx(rx.frame.slots) }, log });
      b.gate.hold('operator', 'test: key generation held');
      ends.set(`${l.a}/${l.id}`, a);
      ends.set(`${l.b}/${l.id}`, b);
      perNode.get(l.a)!.push({ id: l.id, peer: l.b, node: a, allocator: true });
      perNode.get(l.b)!.push({ id: l.id, peer: l.a, node: b, allocator: false });
      addBlocks(l.id, o.poolBytes ?? 16 * 1024);
    }
  } catch (err) {
    for (const n of ends.values()) await n.stop().catch(() => undefined);
    throw err;
  }
  const nodes = new Map<string, TrustedNode>();
  for (const n of o.nodes) {
    mkdirSync(join(o.dir, n), { recursive: true, mode: 0o700 });
    nodes.set(
      n,
      TrustedNode.start({
        id: n,
        links: perNode.get(n)!,
        relayStorePath: join(o.dir, n, 'relay.sqlite'),
        log,
        timing: o.timing,
        tickMs: o.tickMs ?? 100,
        pools: { reserveBits: 0, transitShare: 1 },
      }),
    );
  }
  return {
    nodes,
    fill: addBlocks,
    end: (node, linkId) => {
      const e = ends.get(`${node}/${linkId}`);
      if (!e) throw new Error(`no end ${node} of link ${linkId}`);
      return e;
    },
    stop: async () => {
      for (const t of nodes.values()) await t.stop().catch(() => undefined);
    },
  };
}

function linkKey(links: readonly TrustedNetworkLink[], id: string): TrustedNetworkLink {
  const l = links.find((x) => x.id === id);
  if (!l) throw new Error(`no link ${id}`);
  return l;
}

/** Benches that never emit (key generation idles), for `startTrustedNode`'s `benchFor`. */
export function idleBenchFor(config: { node: { role: string }; frame: { slots: number } }): Promise<NodeBench> {
  return Promise.resolve(
    config.node.role === 'transmitter'
      ? { role: 'transmitter', bench: idleTx(config.frame.slots) }
      : { role: 'receiver', bench: idleRx(config.frame.slots) },
  );
}

export interface NetworkFilesOptions {
  readonly dir: string;
  readonly nodes: readonly string[];
  /** `a` is the link's transmitter (its allocator), listening on a fixed port; `b` connects. */
  readonly links: readonly TrustedNetworkLink[];
  readonly rng: Xoshiro128;
  /** Bytes of key each link's stores start with (the same seeded bytes at both ends). Default 16 KiB. */
  readonly poolBytes?: number;
  /** The node configs' relay section. */
  readonly relay?: { retryMs?: number; decisionTimeoutMs?: number; tickMs?: number };
  /** Bench config changes per link (e.g. postprocessing.blockBits for a link that generates). */
  readonly benchPatch?: (linkId: string, cfg: Record<string, unknown>) => void;
}

/**
 * A whole network on disk, as operators would write it: per link two bench configs (fixed loopback
 * port, shared pre-shared key, no ETSI section), per node a node config (`qkdd node`), and every link's
 * two key stores seeded with the same blocks. Returns each node's config file.
 */
export async function writeTrustedNetworkFiles(o: NetworkFilesOptions): Promise<Map<string, string>> {
  const bytes = (n: number): Uint8Array => new Uint8Array(n).map(() => o.rng.nextU32() & 0xff);
  const nodeLinks = new Map<string, { config: string; peer: string }[]>(o.nodes.map((n) => [n, []]));
  for (const l of o.links) {
    const port = await freePort();
    const text = demoConfigs(
      join(o.dir, l.id),
      { photonSource: 'tcp://127.0.0.1:1', polarizationModulator: 'tcp://127.0.0.1:2', detector: 'tcp://127.0.0.1:3' },
      { peer: port, etsiA: 1, etsiB: 2 },
      { gateDelayPs: 1, gateWidthPs: 400 },
    );
    const psk = bytes(1 << 20); // authentication key for every message while generation is held
    const block = bytes(o.poolBytes ?? 16 * 1024);
    for (const [side, yaml, node, peer] of [
      ['alice', text.alice, l.a, l.b],
      ['bob', text.bob, l.b, l.a],
    ] as const) {
      const cfg = parseYaml(yaml) as Record<string, unknown> & {
        node: { id: string; linkId: string };
        frame: { workers: number };
        keystore: { path: string; maxBits: number };
        control: { socket: string };
      };
      delete cfg.etsi;
      cfg.node.id = `${node}-${l.id}`;
      cfg.node.linkId = l.id;
      cfg.frame.workers = 0;
      o.benchPatch?.(l.id, cfg);
      const folder = join(o.dir, l.id, side);
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      writeFileSync(join(folder, 'psk.bin'), psk, { mode: 0o600 });
      const store = KeyStore.open({ path: cfg.keystore.path, maxBits: cfg.keystore.maxBits });
      store.addBlock(`${l.id}:seed`, block);
      store.close();
      const file = join(o.dir, `${l.id}-${node}.yaml`);
      writeFileSync(file, stringifyYaml(cfg));
      nodeLinks.get(node)!.push({ config: file, peer });
    }
  }
  const files = new Map<string, string>();
  for (const n of o.nodes) {
    const file = join(o.dir, `node-${n}.yaml`);
    writeFileSync(
      file,
      stringifyYaml({
        node: { id: n },
        state: `state-${n}`,
        links: nodeLinks.get(n),
        pools: { reserveBits: 0, transitShare: 1 },
        relay: { tickMs: 100, retryMs: 500, ...o.relay },
      }),
    );
    files.set(n, file);
  }
  return files;
}
