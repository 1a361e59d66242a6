/**
 * `qkdd netsim`, in process: --json prints one JSON document with the figures
 * (and no time series unless --full), --plot writes the SVG, the text report
 * names its figures, and bad options are usage errors naming them.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runNetsimCommand } from '../../../src/cli/netsim.ts';
import { isQkdError } from '../../../errors/index.ts';
import { QkdErrorCode } from '../../../errors/codes.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-netsim-');

function captureStdout(): { text: () => string } {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  return { text: () => lines.join('\n') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('qkdd netsim', () => {
  it('--json prints one document with the figures, --plot writes the SVG', async () => {
    const out = captureStdout();
    const plot = `${newDir()}/net.svg`;
    const code = await runNetsimCommand(['--nodes', '12', '--duration', '30', '--seed', '3', '--load', '0.1', '--json', '--plot', plot]);
    expect(code).toBe(0);
    const doc = JSON.parse(out.text());
    expect(doc.seed).toBe(3);
    expect(doc.topology.nodes).toHaveLength(12);
    expect(doc.totals.requests).toBeGreaterThan(0);
    expect(typeof doc.deliveredKeysPerS).toBe('number');
    expect(typeof doc.blockedRatio).toBe('number');
    expect(doc.timeline).toBeUndefined();
    expect(doc.plot).toBe(plot);
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  });

  it('prints a text report naming its figures', async () => {
    const out = captureStdout();
    await runNetsimCommand(['--nodes', '10', '--duration', '20', '--no-attack', '--mtbf-s', '0']);
    const text = out.text();
    expect(text).toMatch(/^network\s+10 nodes/m);
    expect(text).toMatch(/^delivered\s+[\d,.]+ keys\/s/m);
    expect(text).toMatch(/^blocked\s+[\d.]+ %/m);
    expect(text).toContain('no attack');
  });

  it('a bad option or an unknown attacked link is a usage error naming it', async () => {
    captureStdout();
    for (const [argv, needle] of [
      [['--routing', 'random'], '--routing'],
      [['--nodes', '1'], '--nodes'],
      [['--nodes', '8', '--duration', '5', '--attack-link', 'x-y'], "'x-y'"],
    ] as const) {
      try {
        await runNetsimCommand([...argv]);
        expect.fail(`no error for ${argv.join(' ')}`);
      } catch (e) {
        expect(isQkdError(e, QkdErrorCode.Usage)).toBe(true);
        expect((e as Error).message).toContain(needle);
      }
    }
  });
});
