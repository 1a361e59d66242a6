/**
 * `npm run bench [-- --json] [-- --quick] [-- --only NAME[,NAME]]`
 *
 * Runs every `test/bench/*.bench.ts` suite in this one process and prints each
 * hot stage's throughput beside its plain reference implementation: a table by
 * default, one JSON object per line with `--json`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult, BenchSuite } from './harness.ts';

const HELP = `usage: npm run bench [-- [--json] [--quick] [--only NAME[,NAME...]]]

Measures each hot stage of qkdd beside a plain reference implementation
run in the same process.

  --json          one JSON object per line on stdout instead of a table
  --quick         smaller inputs and fewer repetitions (a smoke run)
  --only NAMES    run only the suites whose file name starts with one of NAMES
  --help          this text`;

function parseArgs(argv: string[]): { json: boolean; quick: boolean; only: string[] | null } {
  let json = false;
  let quick = false;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--quick') quick = true;
    else if (a === '--only') {
      const v = argv[++i];
      if (!v) throw new Error('--only needs a comma-separated list of suite names');
      only = v.split(',');
    } else if (a === '--help' || a === '-h') {
      console.log(HELP);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n\n${HELP}`);
  }
  return { json, quick, only };
}

function formatTable(rows: BenchResult[]): string {
  const header = ['bench', 'value', 'unit', 'reference', 'speed-up', 'target', 'details'];
  const lines = rows.map((r) => {
    const { bench, unit, value, reference, referenceName, target, ...extra } = r;
    const details = Object.entries(extra)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : String(v)}`)
      .join(' ');
    return [
      bench,
      fmt(value),
      unit,
      `${fmt(reference)} (${referenceName})`,
      reference > 0 ? `${(value / reference).toFixed(1)}x` : '-',
      // A suite whose target is more than a threshold on `value` says itself whether it was met.
      target === undefined ? '-' : `${fmt(target)} ${(typeof extra.met === 'boolean' ? extra.met : value >= target) ? 'met' : 'NOT met'}`,
      details,
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...all.map((l) => l[c].length)));
  return all
    .map((l) =>
      l
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(3);
  return Number(v.toPrecision(4)).toString();
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = dirname(fileURLToPath(import.meta.url));
  // Compiled (npm run bench: dist/test/bench/*.bench.js) or the sources through tsx (npm run bench:sources).
  const suffix = import.meta.url.endsWith('.ts') ? '.bench.ts' : '.bench.js';
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .filter((f) => !opts.only || opts.only.some((o) => f.startsWith(o)))
    .sort();
  const results: BenchResult[] = [];
  const progress = (m: string): void => void process.stderr.write(`bench: ${m}\n`);
  progress(`measuring the ${suffix === '.bench.js' ? 'compiled daemon (dist/)' : 'TypeScript sources through tsx'}`);
  for (const f of files) {
    progress(`running ${f}`);
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: BenchSuite };
    const rows = await mod.default({ quick: opts.quick, progress });
    for (const r of rows) {
      results.push(r);
      if (opts.json) console.log(JSON.stringify(r));
    }
  }
  if (!opts.json) console.log(formatTable(results));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
