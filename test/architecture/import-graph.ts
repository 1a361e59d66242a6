/**
 * Reads the relative imports of every TypeScript source under some folders
 * (static imports, `export … from`, dynamic `import()`, type-only imports
 * too: a type import still ties the layers together) with the TypeScript
 * compiler's own pre-processor, so no regular expression has to understand
 * the syntax.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, repository-relative with `/`. */
  readonly from: string;
  /** Imported file, repository-relative with `/`. */
  readonly to: string;
  /** 1-based line of the import. */
  readonly line: number;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

export function listSources(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(toPosix(relative(root, full)));
    }
  };
  for (const f of folders) walk(join(root, f));
  return out.sort();
}

/** The relative imports of one file's text. */
export function importsOf(root: string, relFile: string, text: string): ImportEdge[] {
  const info = ts.preProcessFile(text, true, true);
  const edges: ImportEdge[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const target = toPosix(relative(root, resolve(root, dirname(relFile), ref.fileName)));
    const line = ts.getLineAndCharacterOfPosition(ts.createSourceFile(relFile, text, ts.ScriptTarget.Latest), ref.pos).line + 1;
    edges.push({ from: relFile, to: target, line });
  }
  return edges;
}

export function importGraph(root: string, folders: readonly string[]): ImportEdge[] {
  return listSources(root, folders).flatMap((f) => importsOf(root, f, readFileSync(join(root, f), 'utf8')));
}

/** Every elementary cycle's first occurrence, found by depth-first search (Tarjan would do; the graph is small). */
export function findCycles(nodes: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      const s = state.get(m);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (s === undefined) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of nodes) if (!state.has(n)) visit(n);
  return cycles;
}
