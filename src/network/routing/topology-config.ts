/**
 * A network as a config states it: its nodes, its links (ends and fibre
 * length), the router's policy and the links' pool limits, checked with zod so
 * that a wrong field is one `QkdError(TopologyInvalid)` naming the field and,
 * in `details.problems`, every problem as data. The multi-link node will read
 * this section from its bench config; `qkdd netsim` and tests build the same
 * objects in code.
 *
 *   nodes: [a, b, c]
 *   links:
 *     - { id: ab, a: a, b: b, lengthKm: 30 }
 *     - { id: bc, a: b, b: c }
 *   routing: { scarcityBits: 1048576, refillHorizonS: 0, weighting: key-aware }
 *   pools: { reserveBits: 65536, transitShare: 0.8, capacityBits: 1.0e9 }
 */
import { z } from 'zod';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { DEFAULT_ROUTING_POLICY, type RoutingPolicy } from './key-aware-router.ts';
import { DEFAULT_LINK_POOL_POLICY, type LinkPoolPolicy } from './link-key-ledger.ts';
import { Topology, type TopologySpec } from './topology.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'an ID: letters, digits and . _ : - (not first)');

export const networkConfigSchema = z
  .strictObject({
    /** The trusted nodes, by ID. */
    nodes: z.array(id).min(2),
    /** The QKD links: ID, the two nodes it joins, fibre length (km, informational). */
    links: z.array(z.strictObject({ id, a: id, b: id, lengthKm: z.number().positive().optional() })).min(1),
    /** The router's weights (key-aware-router.ts); defaults as DEFAULT_ROUTING_POLICY. */
    routing: z
      .strictObject({
        /** K₀, bits: spare key at which a hop weighs two plentiful hops. */
        scarcityBits: z.number().positive().optional(),
        /** τ, s: seconds of a link's key rate counted as spare key. */
        refillHorizonS: z.number().min(0).optional(),
        weighting: z.enum(['key-aware', 'hop-count']).optional(),
      })
      .optional(),
    /** Every link's pool limits (link-key-ledger.ts); defaults as DEFAULT_LINK_POOL_POLICY. */
    pools: z
      .strictObject({
        /** Bits relayed traffic never takes: kept for the link's own SAEs. */
        reserveBits: z.number().int().min(0).optional(),
        /** Largest share (0..1) of a link's key that relayed traffic may take. */
        transitShare: z.number().min(0).max(1).optional(),
        /** Pool capacity, bits. */
        capacityBits: z.number().positive().optional(),
      })
      .optional(),
  })
  .superRefine((cfg, ctx) => {
    const nodes = new Set<string>();
    cfg.nodes.forEach((n, i) => {
      if (nodes.has(n)) ctx.addIssue({ code: 'custom', path: ['nodes', i], message: `node '${n}' is listed twice` });
      nodes.add(n);
    });
    const links = new Set<string>();
    cfg.links.forEach((l, i) => {
      if (links.has(l.id)) ctx.addIssue({ code: 'custom', path: ['links', i, 'id'], message: `link '${l.id}' is listed twice` });
      links.add(l.id);
      for (const end of ['a', 'b'] as const) {
        if (!nodes.has(l[end])) ctx.addIssue({ code: 'custom', path: ['links', i, end], message: `node '${l[end]}' is not in nodes` });
      }
      if (l.a === l.b) ctx.addIssue({ code: 'custom', path: ['links', i, 'b'], message: `link '${l.id}' joins node '${l.a}' to itself` });
    });
  });

export type NetworkConfig = z.infer<typeof networkConfigSchema>;

export interface NetworkSettings {
  topology: Topology;
  spec: TopologySpec;
  routing: RoutingPolicy;
  pools: LinkPoolPolicy;
}

/** Check a network section (`source` names where it came from, for the message) and build its settings. */
export function readNetworkConfig(raw: unknown, source = 'network'): NetworkSettings {
  const parsed = networkConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ path: [source, ...i.path.map(String)].join('.'), message: i.message }));
    throw new QkdError(QkdErrorCode.TopologyInvalid, problems.map((p) => `${p.path}: ${p.message}`).join('\n'), { problems });
  }
  const cfg = parsed.data;
  const spec: TopologySpec = {
    nodes: cfg.nodes,
    links: cfg.links.map((l) => (l.lengthKm === undefined ? { id: l.id, a: l.a, b: l.b } : { ...l })),
  };
  return {
    topology: Topology.fromSpec(spec),
    spec,
    routing: { ...DEFAULT_ROUTING_POLICY, ...definedOnly(cfg.routing ?? {}) },
    pools: { ...DEFAULT_LINK_POOL_POLICY, ...definedOnly(cfg.pools ?? {}) },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
