/**
 * Reads a bench config file (YAML; JSON is YAML too), validates it and, on
 * failure, names every bad field with its line and column in the file, so a
 * technician can fix the file without reading the schema.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { benchConfigSchema, type BenchConfig } from './bench-config.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: readonly { path: string; line: number | null; column: number | null; message: string }[],
  ) {
    super(
      `invalid bench config ${file}:\n` +
        problems
          .map((p) => `  ${file}${p.line === null ? '' : `:${p.line}:${p.column}`}  ${p.path || '(top level)'}: ${p.message}`)
          .join('\n'),
    );
  }
}

export function parseBenchConfig(text: string, file: string): BenchConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { path: '', line: pos?.line ?? null, column: pos?.col ?? null, message: e.message.split('\n')[0] };
      }),
    );
  }
  const parsed = benchConfigSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    file,
    parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      // Walk up to the nearest node that exists (a missing field points at its parent).
      let node: unknown = null;
      for (let depth = path.length; depth >= 0 && !node; depth--) {
        node = doc.getIn(path.slice(0, depth), true);
      }
      const range = (node as { range?: [number, number, number] } | null)?.range;
      const pos = range ? lineCounter.linePos(range[0]) : null;
      return { path: path.join('.'), line: pos?.line ?? null, column: pos?.col ?? null, message: issue.message };
    }),
  );
}

/** Load and validate; relative file paths inside the config are resolved against the config's folder. */
export function loadBenchConfig(file: string): BenchConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', line: null, column: null, message: (err as Error).message }]);
  }
  const cfg = parseBenchConfig(text, file);
  const base = dirname(resolve(file));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  cfg.peer.preSharedKeyFile = abs(cfg.peer.preSharedKeyFile);
  cfg.keystore.path = abs(cfg.keystore.path);
  if (cfg.etsi) {
    cfg.etsi.tls = { ca: abs(cfg.etsi.tls.ca), cert: abs(cfg.etsi.tls.cert), key: abs(cfg.etsi.tls.key) };
  }
  return cfg;
}
