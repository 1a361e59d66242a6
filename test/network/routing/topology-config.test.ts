/**
 * The network section of a config: a good one builds the topology, the
 * routing policy and the pool limits (defaults filled in); a bad one is one
 * TopologyInvalid naming every wrong field.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readNetworkConfig } from '../../../src/network/routing/topology-config.ts';
import { DEFAULT_ROUTING_POLICY } from '../../../src/network/routing/key-aware-router.ts';
import { isQkdError, type QkdError } from '../../../errors/index.ts';
import { QkdErrorCode } from '../../../errors/codes.ts';

describe('readNetworkConfig', () => {
  it('builds the topology, the policy and the pools from YAML, with defaults', () => {
    const s = readNetworkConfig(
      parse(`
nodes: [a, b, c, d]
links:
  - { id: ab, a: a, b: b, lengthKm: 30 }
  - { id: bc, a: b, b: c }
  - { id: cd, a: c, b: d }
  - { id: da, a: d, b: a }
routing: { weighting: hop-count }
pools: { reserveBits: 65536, transitShare: 0.8 }
`),
    );
    expect(s.topology.nodes).toEqual(['a', 'b', 'c', 'd']);
    expect(s.topology.link('ab')).toMatchObject({ a: 'a', b: 'b', lengthKm: 30, up: false, availableBits: 0 });
    expect(s.topology.adjacent('a').map((x) => x.neighbour)).toEqual(['b', 'd']);
    expect(s.routing).toEqual({ ...DEFAULT_ROUTING_POLICY, weighting: 'hop-count' });
    expect(s.pools).toEqual({ reserveBits: 65536, transitShare: 0.8, capacityBits: Number.POSITIVE_INFINITY });
  });

  it('a bad section is one TopologyInvalid naming each wrong field', () => {
    let err: QkdError | undefined;
    try {
      readNetworkConfig(
        {
          nodes: ['a', 'b', 'a'],
          links: [
            { id: 'ab', a: 'a', b: 'x' },
            { id: 'ab', a: 'b', b: 'b' },
          ],
          pools: { transitShare: 1.5 },
          routing: { wieghting: 'hop-count' },
        },
        'network',
      );
    } catch (e) {
      if (isQkdError(e)) err = e;
    }
    expect(err?.code).toBe(QkdErrorCode.TopologyInvalid);
    const paths = (err!.details.problems as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['network.pools.transitShare', 'network.routing']));
    expect(err!.message).toContain('pools.transitShare');
    expect(err!.message).toContain('wieghting');
  });

  it('checks the cross references once the fields are well formed', () => {
    try {
      readNetworkConfig({
        nodes: ['a', 'b', 'a'],
        links: [
          { id: 'ab', a: 'a', b: 'x' },
          { id: 'ab', a: 'b', b: 'b' },
        ],
      });
      expect.fail('no error');
    } catch (e) {
      expect(isQkdError(e, QkdErrorCode.TopologyInvalid)).toBe(true);
      const m = (e as Error).message;
      expect(m).toContain("network.nodes.2: node 'a' is listed twice");
      expect(m).toContain("network.links.0.b: node 'x' is not in nodes");
      expect(m).toContain("network.links.1.id: link 'ab' is listed twice");
      expect(m).toContain("network.links.1.b: link 'ab' joins node 'b' to itself");
    }
  });
});
