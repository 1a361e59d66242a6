/**
 * The layer rules as a test: every import arrow between folders must be one
 * that `layer-rules.ts` allows, no two folders import each other (directly or
 * round a longer loop), and no file imports itself back through others.
 * The rule checker is also run on a made-up forbidden import, so a checker
 * that reports nothing cannot pass.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, importsOf, type ImportEdge } from './import-graph.ts';
import { CHECKED_ROOTS, LAYER_UNITS, unitOf } from './layer-rules.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Arrows that the rules forbid, one line each: `file:line imports target (unit → unit)`. */
function forbiddenArrows(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = unitOf(e.from);
    const to = unitOf(e.to);
    if (from === undefined) {
      out.push(`${e.from} is in no layer unit (add it to layer-rules.ts)`);
      continue;
    }
    if (to === undefined) {
      out.push(`${e.from}:${e.line} imports ${e.to}, which is in no layer unit`);
      continue;
    }
    if (from === to) continue;
    if (!from.mayImport.includes(to.path)) out.push(`${e.from}:${e.line} imports ${e.to} (${from.path} → ${to.path} is not allowed)`);
  }
  return out;
}

function unitGraph(edges: readonly ImportEdge[]): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = unitOf(e.from)?.path;
    const b = unitOf(e.to)?.path;
    if (a === undefined || b === undefined || a === b) continue;
    if (!g.has(a)) g.set(a, new Set());
    g.get(a)!.add(b);
  }
  return g;
}

function fileGraph(edges: readonly ImportEdge[]): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!g.has(e.from)) g.set(e.from, new Set());
    g.get(e.from)!.add(e.to);
  }
  return g;
}

describe('layer rules', () => {
  const edges = importGraph(ROOT, CHECKED_ROOTS);

  it('reads the imports of the whole tree', () => {
    // A walk that found nothing would make every rule below pass vacuously.
    expect(edges.length).toBeGreaterThan(300);
    for (const unit of ['drivers', 'sim', 'src/node', 'src/pipeline', 'src/cli']) {
      expect(
        edges.some((e) => unitOf(e.from)?.path === unit),
        unit,
      ).toBe(true);
    }
  });

  it('lists only units that exist in the rules', () => {
    const known = new Set(LAYER_UNITS.map((u) => u.path));
    for (const u of LAYER_UNITS) for (const m of u.mayImport) expect(known.has(m), `${u.path} may import unknown ${m}`).toBe(true);
  });

  it('has no import that the layer rules forbid', () => {
    expect(forbiddenArrows(edges)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const g = unitGraph(edges);
    expect(findCycles([...g.keys()], g).map((c) => c.join(' → '))).toEqual([]);
  });

  it('has no cycle between files', () => {
    const g = fileGraph(edges);
    expect(findCycles([...g.keys()], g).map((c) => c.join(' → '))).toEqual([]);
  });

  it('catches a forbidden import (the checker itself)', () => {
    const made = [
      ...importsOf(ROOT, 'src/pipeline/bits.ts', "import { KeyStore } from '../keystore/key-store.ts';\n"),
      ...importsOf(ROOT, 'drivers/index.ts', "export type { QkdNode } from '../src/node/qkd-node.ts';\n"),
      ...importsOf(ROOT, 'sim/index.ts', "const d = await import('../drivers/index.ts');\n"),
      ...importsOf(ROOT, 'src/node/qkd-node.ts', "import type { X } from '../api/etsi014/index.ts';\n"),
      ...importsOf(ROOT, 'firmware-protocol/index.ts', "import { QkdError } from '../errors/index.ts';\n"),
    ];
    expect(made).toHaveLength(5);
    expect(forbiddenArrows(made)).toHaveLength(5);
    expect(forbiddenArrows(importsOf(ROOT, 'src/node/qkd-node.ts', "import { x } from '../pipeline/bits.ts';\n"))).toEqual([]);
  });

  it('finds a cycle when two folders import each other', () => {
    const g = new Map([
      ['src/node', new Set(['src/api'])],
      ['src/api', new Set(['src/node'])],
    ]);
    expect(findCycles([...g.keys()], g)).toEqual([['src/node', 'src/api', 'src/node']]);
  });
});
