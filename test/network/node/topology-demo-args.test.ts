/**
 * `qkdd demo --topology` option checks (src/cli/topology-demo.ts): a missing
 * or unknown topology and an attack link the topology does not have are
 * usage errors before anything is written or started; the topologies are
 * the line of 3 and ring of 4.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTopologyDemoCommand, TOPOLOGIES } from '../../../src/cli/topology-demo.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-topo-args-');

async function failure(argv: string[]): Promise<Error> {
  return runTopologyDemoCommand(argv).then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as Error,
  );
}

describe('qkdd demo --topology options', () => {
  it('refuses a missing topology, an unknown one, and an attack link not in it', async () => {
    const state = join(newDir(), 'state');
    expect((await failure(['--state', state])).message).toMatch(/--topology line3\|ring4 is required/);
    expect((await failure(['--topology', 'star5', '--state', state])).message).toMatch(/topology/);
    expect((await failure(['--topology', 'line3', '--attack-link', 'cd', '--state', state])).message).toMatch(
      /--attack-link cd: the line3 topology has links ab, bc/,
    );
    expect(existsSync(state)).toBe(false);
  });

  it('has the issue’s topologies: a–b–c and a–b–c–d–a, SAEs at opposite nodes', () => {
    expect(TOPOLOGIES.line3.links.map(([x, y]) => `${x}${y}`)).toEqual(['ab', 'bc']);
    expect(TOPOLOGIES.ring4.links.map(([x, y]) => `${x}${y}`)).toEqual(['ab', 'bc', 'cd', 'da']);
    expect(TOPOLOGIES.ring4.pair).toEqual(['a', 'c']);
  });
});
