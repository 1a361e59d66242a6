/**
 * No non-cryptographic generator reaches key, pattern, seed or identifier
 * paths: a static scan of the daemon's sources (src/, drivers/, errors/,
 * firmware-protocol/; the simulator in sim/ stands where hardware stands and
 * is not scanned) for uses of a seeded or non-cryptographic generator —
 * xoshiro128** (`Xoshiro128`), the simulator's `PhysicsRng`, `Math.random`,
 * an import of a `prng` module, or a seeded-generator package. Each use is
 * allowed only in the files listed below, each with the reason it is not
 * security-relevant. A new use elsewhere fails this test: take randomness
 * from `crypto.getRandomValues` / `randomFillSync` / `randomUUID` (e.g.
 * src/node/boards/crypto-words.ts, src/node/random-pattern.ts), or add the
 * file here with an argument a reviewer can check.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/run-cli.ts';

const SCANNED = ['src', 'drivers', 'errors', 'firmware-protocol'];

/** Files that may use a non-cryptographic generator, and why that is harmless there. */
const ALLOWED: Record<string, string> = {
  'src/pipeline/prng.ts': 'defines Xoshiro128 for tests, benchmarks and public shared seeds',
  'src/pipeline/cascade/plan.ts': 'Cascade permutations expanded from a seed both nodes exchange in clear (public by design)',
  'src/node/frame/frame-executor.ts':
    "the 'seeded' randomness kind, tests and benchmarks only (qkdd run passes no seed: frame-worker.ts uses crypto); the seeds it makes are sent in clear anyway",
  'src/node/frame/in-thread-executor.ts':
    "the Cascade seed of an executor with 'seeded' randomness (tests and benchmarks); the seed is sent in clear anyway",
  'src/network/simulation/network-generator.ts': 'the network simulation: a seeded model topology, no key is made',
  'src/network/simulation/network-simulation.ts': 'the network simulation: seeded demand and failures, no key is made',
  'src/node/peer-link.ts': 'Math.random jitter of the reconnect back-off delay (timing only)',
  'drivers/connection/board-session.ts': 'Math.random jitter of the board reconnect back-off delay (timing only)',
  'src/cli/qkdctl/analyze.ts':
    'qkdctl analyze: offline statistics of a recording (double clicks squashed reproducibly from its --seed for sifted counts and QBER); no key is made',
};

/** Patterns of a non-cryptographic or seeded generator, matched on code with comments removed. */
const PATTERNS: readonly { name: string; re: RegExp }[] = [
  { name: 'Xoshiro128', re: /\bXoshiro128\b/ },
  { name: 'PhysicsRng', re: /\bPhysicsRng\b/ },
  { name: 'Math.random', re: /\bMath\s*\.\s*random\b|\bMath\s*\[\s*['"]random['"]\s*\]/ },
  { name: 'prng import', re: /from\s+['"][^'"]*\bprng(\.ts|\.js)?['"]|import\(\s*['"][^'"]*\bprng(\.ts|\.js)?['"]/ },
  { name: 'seeded-generator package', re: /['"](seedrandom|random-seed|seed-random|pure-rand|mersenne-twister|random-js)['"]/ },
];

/** Source text without comments (block and line comments; strings are kept, so a URL's `//` may cut a line: harmless here). */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Repository-relative paths (with `/`) of the .ts/.js sources under `folders`. */
function listSources(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  for (const f of folders) walk(join(root, f));
  return out.sort();
}

function findUses(): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  for (const file of listSources(REPO_ROOT, SCANNED)) {
    const code = stripComments(readFileSync(join(REPO_ROOT, file), 'utf8'));
    const found = PATTERNS.filter((p) => p.re.test(code)).map((p) => p.name);
    if (found.length > 0) uses.set(file, found);
  }
  return uses;
}

describe('CSPRNG everywhere that reaches key, pattern, seed or identifiers', () => {
  const uses = findUses();

  it('no non-cryptographic generator outside the allowed files', () => {
    const offenders = [...uses].filter(([file]) => !(file in ALLOWED)).map(([file, what]) => `${file}: ${what.join(', ')}`);
    expect(offenders, 'use crypto.getRandomValues (see this test file header)').toEqual([]);
  });

  it('the allow-list is not stale: each allowed file still uses one (remove it otherwise)', () => {
    for (const file of Object.keys(ALLOWED)) expect(uses.has(file), file).toBe(true);
  });

  it('the receiver board path, the pattern generator, key IDs and the key store are on the list of crypto users, not the allowed', () => {
    for (const file of [
      'src/node/boards/receiver-boards.ts',
      'src/node/boards/tag-frame-assembler.ts',
      'src/node/boards/crypto-words.ts',
      'src/node/random-pattern.ts',
      'src/keystore/key-store.ts',
      'src/node/frame/receiver-frame.ts',
    ]) {
      expect(ALLOWED[file], file).toBeUndefined();
      expect(uses.has(file), file).toBe(false);
    }
  });

  it('the scan sees a use it must refuse (self-check of the patterns)', () => {
    const samples = [
      "import { Xoshiro128 } from '../../pipeline/prng.ts';",
      'const r = Math.random();',
      "const r = Math['random']();",
      "import * as g from '../pipeline/prng.ts';",
      "import seedrandom from 'seedrandom';",
    ];
    for (const s of samples)
      expect(
        PATTERNS.some((p) => p.re.test(stripComments(s))),
        s,
      ).toBe(true);
    expect(PATTERNS.some((p) => p.re.test(stripComments('// xoshiro128** was used here before; Math.random too')))).toBe(false);
  });
});
