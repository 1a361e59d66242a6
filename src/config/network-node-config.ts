/**
 * The config of a trusted node of the QKD network (`qkdd node --config FILE`,
 * issue 13): the node's ID, its state folder (relay records), its links — each
 * one today's bench config of a single link, by file reference, plus the node
 * at the other end — and the relay's and routing's settings. YAML or JSON.
 *
 *   node: { id: b }
 *   state: state/b                 # relay.sqlite goes here (a folder, 0700)
 *   links:
 *     - { config: links/ab-b.yaml, peer: a }   # bench config: its node.linkId is the link's ID,
 *     - { config: links/bc-b.yaml, peer: c }   #   its role says who cuts (the transmitter)
 *   routing: { scarcityBits: 1048576, weighting: key-aware }   # optional (key-aware-router.ts)
 *   pools: { reserveBits: 65536, transitShare: 0.8 }           # optional (link-key-ledger.ts)
 *   relay: { retryMs: 2000, decisionTimeoutMs: 30000, tickMs: 500, reroutes: 2 }  # optional
 *   etsi:                                                      # optional: relayed keys over ETSI 014
 *     listen: 127.0.0.1:8444
 *     localSaeIds: [sae-b]
 *     saes: { sae-a: a, sae-b: b, sae-c: c }
 *     tls: { ca: pki/ca.pem, cert: pki/kme-b.pem, key: pki/kme-b-key.pem }
 *
 * The topology is not listed: every node floods its links' states (up, QBER
 * alarm, key available) to its neighbours and routes over what it heard.
 * Relative paths are resolved against this file's folder. Errors name the
 * file and field (`ConfigInvalid`), or the link's bench config file.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { BenchConfig } from './bench-config.ts';
import { type LoadedBenchConfig, readBenchConfig } from './load-bench-config.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'an ID: letters, digits and . _ : - (not first)');

export const networkNodeConfigSchema = z.strictObject({
  /** This trusted node. */
  node: z.strictObject({ id }),
  /** Folder of the node's own state (relay.sqlite); created 0700 if missing. */
  state: z.string().min(1),
  /** The node's QKD links: each a bench config file and the node at the other end. */
  links: z
    .array(
      z.strictObject({
        /** A bench config (as for `qkdd run`): boards, peer, key store, thresholds of this end of the link. */
        config: z.string().min(1),
        /** The trusted node at the other end. */
        peer: id,
      }),
    )
    .min(1),
  /** Routing weights (src/network/routing/key-aware-router.ts). */
  routing: z
    .strictObject({
      scarcityBits: z.number().positive().optional(),
      refillHorizonS: z.number().min(0).optional(),
      weighting: z.enum(['key-aware', 'hop-count']).optional(),
    })
    .optional(),
  /** What relayed traffic may take of each link's pool: never below `reserveBits`, at most `transitShare` of it. */
  pools: z
    .strictObject({
      reserveBits: z.number().int().min(0).optional(),
      transitShare: z.number().min(0).max(1).optional(),
    })
    .optional(),
  /**
   * ETSI GS QKD 014 for keys with SAEs at other nodes, delivered by the relay (src/cli/relay-etsi014.ts):
   * where it listens (host:port), the SAEs attached here, every SAE of the network with its node, and the
   * server's TLS files (relative to this file; the CA is the one that issued the SAEs' certificates).
   */
  etsi: z
    .strictObject({
      listen: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port'),
      localSaeIds: z.array(z.string().min(1)).min(1),
      saes: z.record(z.string().min(1), id),
      tls: z.strictObject({ ca: z.string().min(1), cert: z.string().min(1), key: z.string().min(1) }),
      keySizeBits: z.number().int().positive().multipleOf(8).optional(),
      maxKeysPerRequest: z.number().int().positive().optional(),
    })
    .optional(),
  /**
   * Relay timing: resend after `retryMs`, the source aborts after `decisionTimeoutMs`, timers every `tickMs`;
   * `reroutes`: other paths the source tries after a hop rejected a relay (default 2; 0: report it at once).
   */
  relay: z
    .strictObject({
      retryMs: z.number().int().positive().optional(),
      decisionTimeoutMs: z.number().int().positive().optional(),
      tickMs: z.number().int().positive().optional(),
      reroutes: z.number().int().min(0).max(8).optional(),
    })
    .optional(),
});

export type NetworkNodeConfig = z.infer<typeof networkNodeConfigSchema>;

export interface LoadedNetworkNodeConfig {
  readonly file: string;
  readonly config: NetworkNodeConfig;
  /** The state folder, absolute. */
  readonly stateDir: string;
  /** Each link's bench config (read and checked), in config order. */
  readonly links: readonly {
    readonly file: string;
    readonly peer: string;
    readonly bench: BenchConfig;
    readonly loaded: LoadedBenchConfig;
  }[];
}

/** Read and check a trusted node's config and every link's bench config. */
export function readNetworkNodeConfig(file: string): LoadedNetworkNodeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new QkdError(
      code === 'ENOENT' ? QkdErrorCode.FileMissing : QkdErrorCode.FileUnusable,
      `node config ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      { file },
    );
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new QkdError(QkdErrorCode.ConfigInvalid, `${file}: not YAML or JSON: ${(err as Error).message}`, { file });
  }
  return networkNodeConfigFrom(raw, file);
}

/** Check an already parsed node config (`file` names it in messages and anchors relative paths). */
export function networkNodeConfigFrom(raw: unknown, file: string): LoadedNetworkNodeConfig {
  const parsed = networkNodeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new QkdError(QkdErrorCode.ConfigInvalid, problems.map((p) => `${file}: ${p.path}: ${p.message}`).join('\n'), {
      file,
      problems,
    });
  }
  const config = parsed.data;
  const base = dirname(resolve(file));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const links = config.links.map((l, i) => {
    const linkFile = abs(l.config);
    const loaded = readBenchConfig(linkFile);
    const bench = loaded.config;
    if (l.peer === config.node.id)
      throw new QkdError(QkdErrorCode.ConfigInvalid, `${file}: links.${i}.peer: the link joins node ${l.peer} to itself`, {
        file,
        field: `links.${i}.peer`,
      });
    return { file: linkFile, peer: l.peer, bench, loaded };
  });
  const seen = new Map<string, number>();
  links.forEach((l, i) => {
    const before = seen.get(l.bench.node.linkId);
    if (before !== undefined)
      throw new QkdError(
        QkdErrorCode.ConfigInvalid,
        `${file}: links.${i}.config: link ${l.bench.node.linkId} (node.linkId of ${l.file}) is also links.${before}`,
        { file, field: `links.${i}.config` },
      );
    seen.set(l.bench.node.linkId, i);
  });
  const etsi = config.etsi
    ? { ...config.etsi, tls: { ca: abs(config.etsi.tls.ca), cert: abs(config.etsi.tls.cert), key: abs(config.etsi.tls.key) } }
    : undefined;
  return { file, config: etsi ? { ...config, etsi } : config, stateDir: abs(config.state), links };
}
