/**
 * `qkdd node --config FILE`: one trusted node of the QKD network (issue 13) —
 * several QKD links in one process under one key manager that relays keys
 * for SAEs at non-adjacent nodes (src/network/node/trusted-node.ts). The node
 * config (src/config/network-node-config.ts) names each link's bench config;
 * each link is assembled as `qkdd run` assembles its one link (config checks
 * and preflight before any board is touched, boards, `QkdNode`), then the
 * trusted node runs over them. A status object is printed on stdout as one
 * JSON line every --status-interval-ms.
 *
 * `startTrustedNode` is the assembly without the process around it, for the
 * topology demo and tests (which may pass their own benches).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { calibratedConfig } from '../calibration/calibration-file.ts';
import { preflightBeforeRun, readNetworkNodeConfig, type LoadedNetworkNodeConfig } from '../config/index.ts';
import type { BenchConfig } from '../config/bench-config.ts';
import { pino } from 'pino';
import { createLogger, type Logger } from '../log.ts';
import { TrustedNode, type TrustedLink } from '../network/node/trusted-node.ts';
import { createBoardBench } from '../node/boards/create-board-bench.ts';
import { QkdNode, type NodeBench } from '../node/qkd-node.ts';
import { loadEtsi014Tls } from '../api/etsi014/config.ts';
import { formatOptions } from './args.ts';
import { daemonOptions, parseDaemonOptions, statusUntilSignal } from './daemon-options.ts';
import { startRelayEtsiServer, type RelayEtsiServer } from './relay-etsi014.ts';
import { startNodeKeyDelivery, type NodeKeyDelivery } from './key-delivery.ts';
import { checkControlSocketPath, controlSettingsFromConfig, startControlServer, type ControlServer } from '../api/control/index.ts';
import { controlRoutesFor } from './control-routes.ts';

const SPEC = daemonOptions('config of this trusted node (YAML or JSON): its ID, state folder and links', {});

export const NODE_HELP = `usage: qkdd node --config FILE [options]

Runs one trusted node of a QKD network: each of its links (a bench config
each, as for qkdd run) generates key with the node at its other end, and the
node's key manager relays keys hop by hop (one-time pad with each hop's QKD
key, two-phase commit; docs/key-relay.md) for SAEs at non-adjacent nodes,
routing by the link states its neighbours flood (links down or under a QBER
alarm are avoided). A link whose bench config has an etsi section serves its
own ETSI GS QKD 014 at that section's listen address (keys of that link for
the SAEs at its two ends, as qkdd run does); the node's config's etsi section
serves relayed keys. A link whose bench config has a control section serves
that link's control API there (qkdctl status/start/stop/alarms, /metrics,
the dashboard; docs/control-api.md), as qkdd run does. Logs (JSON) go to
stderr; a status line goes to stdout, naming every link's ETSI and control
addresses.

${formatOptions(SPEC)}`;

export interface StartTrustedNodeOptions {
  readonly log: Logger;
  /** The bench of a link (default: its boards, from the bench config). */
  readonly benchFor?: (config: BenchConfig, log: Logger) => Promise<NodeBench>;
  /** Check each link's files before touching boards (default true). */
  readonly preflight?: boolean;
  /**
   * When given, each link whose bench config has an `etsi` section serves its own ETSI GS QKD 014
   * (as `qkdd run` does: keys of that link for the SAEs at its two ends, no relay), started right
   * after the link's node and added here by link ID; the caller closes them before stopping the node.
   */
  readonly linkEtsi?: Map<string, NodeKeyDelivery>;
  /**
   * When given, each link whose bench config has a `control` section serves its control API there
   * (as `qkdd run` does), started right after the link's node and added here by link ID; the caller
   * closes them before stopping the node. The socket paths are checked before any board is touched.
   */
  readonly linkControl?: Map<string, ControlServer>;
}

/** Assemble a trusted node from its loaded config: every link's QkdNode, then the key manager over them. */
export async function startTrustedNode(loaded: LoadedNetworkNodeConfig, o: StartTrustedNodeOptions): Promise<TrustedNode> {
  const configs = loaded.links.map((l) => ({ ...l, bench: calibratedConfig(l.bench) }));
  if (o.preflight !== false) {
    for (const l of configs) await preflightBeforeRun({ file: l.file, locate: (p) => l.loaded.locate(p), config: l.bench });
  }
  // Each control socket's folder, and no live node on it, before any board is touched.
  if (o.linkControl)
    for (const l of configs) if (l.bench.control) await checkControlSocketPath(controlSettingsFromConfig(l.bench).socketPath);
  mkdirSync(loaded.stateDir, { recursive: true, mode: 0o700 });
  const benchFor = o.benchFor ?? ((config: BenchConfig, log: Logger) => createBoardBench(config, log));
  const links: TrustedLink[] = [];
  // A failed start stops what it started: the links' ETSI servers, then their nodes.
  const undo = async (): Promise<void> => {
    for (const c of o.linkControl?.values() ?? []) await c.close().catch(() => undefined);
    o.linkControl?.clear();
    for (const d of o.linkEtsi?.values() ?? []) await d.close().catch(() => undefined);
    o.linkEtsi?.clear();
    for (const l of links) await l.node.stop().catch(() => undefined);
  };
  try {
    for (const l of configs) {
      const log = o.log.child({ link: l.bench.node.linkId });
      const bench = await benchFor(l.bench, log);
      const node = await QkdNode.start({ config: l.bench, bench, log });
      links.push({ id: l.bench.node.linkId, peer: l.peer, node, allocator: l.bench.node.role === 'transmitter' });
      const delivery = o.linkEtsi ? await startNodeKeyDelivery(l.bench, node, log) : null;
      if (delivery) o.linkEtsi?.set(l.bench.node.linkId, delivery);
      if (o.linkControl && l.bench.control) {
        const settings = controlSettingsFromConfig(l.bench);
        const control = await startControlServer({
          node,
          socketPath: settings.socketPath,
          http: settings.http,
          log,
          rawRoutes: controlRoutesFor({ node, config: l.bench, log }),
        });
        o.linkControl.set(l.bench.node.linkId, control);
      }
    }
  } catch (err) {
    await undo();
    throw err;
  }
  const c = loaded.config;
  try {
    return TrustedNode.start({
      id: c.node.id,
      links,
      relayStorePath: join(loaded.stateDir, 'relay.sqlite'),
      log: o.log,
      ...(c.routing ? { routing: c.routing } : {}),
      ...(c.pools ? { pools: c.pools } : {}),
      timing: {
        ...(c.relay?.retryMs ? { retryMs: c.relay.retryMs } : {}),
        ...(c.relay?.decisionTimeoutMs ? { decisionTimeoutMs: c.relay.decisionTimeoutMs } : {}),
      },
      ...(c.relay?.tickMs ? { tickMs: c.relay.tickMs } : {}),
      ...(c.relay?.reroutes !== undefined ? { reroutes: c.relay.reroutes } : {}),
    });
  } catch (err) {
    await undo();
    throw err;
  }
}

/** The node's relay ETSI 014 server when its config has an `etsi` section; null otherwise. */
export async function startTrustedNodeEtsi(
  loaded: LoadedNetworkNodeConfig,
  node: TrustedNode,
  log: Logger,
): Promise<RelayEtsiServer | null> {
  const e = loaded.config.etsi;
  if (!e) return null;
  return startRelayEtsiServer({
    node,
    listen: e.listen,
    tls: await loadEtsi014Tls(e.tls),
    localSaeIds: e.localSaeIds,
    remoteSaes: e.saes,
    limits: {
      ...(e.keySizeBits ? { keySizeBits: e.keySizeBits } : {}),
      ...(e.maxKeysPerRequest ? { maxKeysPerRequest: e.maxKeysPerRequest } : {}),
    },
    log,
  });
}

export async function runTrustedNodeCommand(argv: string[]): Promise<number> {
  const parsed = parseDaemonOptions(argv, SPEC, NODE_HELP);
  if (parsed === null) return 0;
  const { values } = parsed;
  const loaded = readNetworkNodeConfig(parsed.config);
  // Logs on stderr, as the help says: stdout carries only the status lines (the topology demo parses them).
  const log = createLogger({ name: loaded.config.node.id, level: values['log-level'], destination: pino.destination(2) });
  const linkEtsi = new Map<string, NodeKeyDelivery>();
  const linkControl = new Map<string, ControlServer>();
  const node = await startTrustedNode(loaded, { log, linkEtsi, linkControl });
  const closeLinkServices = async (): Promise<void> => {
    for (const c of linkControl.values()) await c.close();
    for (const d of linkEtsi.values()) await d.close();
  };
  const etsi = await startTrustedNodeEtsi(loaded, node, log).catch(async (err: unknown) => {
    await closeLinkServices();
    await node.stop();
    throw err;
  });
  const interval = values['status-interval-ms'] ?? 1000;
  const linkUrls = Object.fromEntries([...linkEtsi].map(([id, d]) => [id, d.url]));
  const controlUrls = Object.fromEntries([...linkControl].map(([id, c]) => [id, { socket: c.socketPath, url: c.url }]));
  const statusLine = (): void =>
    void process.stdout.write(
      `${JSON.stringify({ node: node.status(), etsi: etsi?.url ?? null, linkEtsi: linkUrls, linkControl: controlUrls })}\n`,
    );
  await statusUntilSignal(interval, statusLine);
  log.info('stopping');
  // A second signal, or a stop that hangs (a board that does not answer), ends the process anyway:
  // every record is durable when written, so nothing is lost by not waiting.
  const forced = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    setTimeout(resolve, 15_000).unref();
  });
  await Promise.race([
    (async () => {
      await etsi?.close();
      await closeLinkServices();
      await node.stop();
    })(),
    forced.then(() => log.warn('stop did not finish: exiting')),
  ]);
  return 0;
}
