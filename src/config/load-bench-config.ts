/**
 * Reads a bench config file (YAML; JSON is YAML too), validates it and, on
 * failure, names every bad field with its line and column in the file, so a
 * technician can fix the file without reading the schema: one
 * QkdError(ConfigInvalid) whose message has one `file:line:column field:
 * problem` line per bad field, and `details.problems` the same as data.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import { benchConfigSchema, type BenchConfig } from './bench-config.ts';

/** One bad field: its dotted path ('' for the file as a whole) and where it sits (1-based), when known. */
export interface ConfigProblem {
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

/** A validated config and where each of its fields was written. */
export interface LoadedBenchConfig {
  readonly config: BenchConfig;
  /** The config file as given. */
  readonly file: string;
  /** `file:line:column` of a dotted field path (or of its nearest written parent); `file` when unknown. */
  locate(path: string): string;
}

/** `bench.yaml:12:17 boards.detector: …`: the one shape of a config problem in messages. */
export function formatConfigProblem(file: string, p: ConfigProblem): string {
  const where = p.line === null ? file : `${file}:${p.line}:${p.column ?? 1}`;
  return `${where} ${p.path || '(top level)'}: ${p.message}`;
}

/** The error of a config with bad fields: one line per field. */
export function configInvalid(file: string, problems: readonly ConfigProblem[]): QkdError {
  return new QkdError(QkdErrorCode.ConfigInvalid, problems.map((p) => formatConfigProblem(file, p)).join('\n'), { file, problems });
}

interface ParsedText {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

function parseText(text: string, file: string): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw configInvalid(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { path: '', line: pos?.line ?? null, column: pos?.col ?? null, message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  return { doc, lineCounter };
}

/** Line and column of a path, walking up to the nearest node that exists (a missing field points at its parent). */
function position(parsed: ParsedText, path: readonly string[]): { line: number; col: number } | null {
  let node: unknown = null;
  for (let depth = path.length; depth >= 0 && !node; depth--) {
    node = parsed.doc.getIn(path.slice(0, depth), true);
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? parsed.lineCounter.linePos(range[0]) : null;
}

function validate(parsed: ParsedText, file: string): BenchConfig {
  const result = benchConfigSchema.safeParse(parsed.doc.toJS());
  if (result.success) return result.data;
  throw configInvalid(
    file,
    result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const pos = position(parsed, path);
      return { path: path.join('.'), line: pos?.line ?? null, column: pos?.col ?? null, message: issue.message };
    }),
  );
}

/** Validate config text; `file` only names it in errors. Paths inside stay as written. */
export function parseBenchConfig(text: string, file: string): BenchConfig {
  return validate(parseText(text, file), file);
}

/** Read and validate; relative file paths inside the config are resolved against the config's folder. */
export function readBenchConfig(file: string): LoadedBenchConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw code === 'ENOENT'
      ? new QkdError(QkdErrorCode.FileMissing, `bench config ${file} does not exist`, { field: '--config', path: file }, { cause: err })
      : new QkdError(
          QkdErrorCode.FileUnusable,
          `bench config ${file} cannot be read (${code ?? (err as Error).message})`,
          { field: '--config', path: file },
          { cause: err },
        );
  }
  const parsed = parseText(text, file);
  const cfg = validate(parsed, file);
  const base = dirname(resolve(file));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  cfg.peer.preSharedKeyFile = abs(cfg.peer.preSharedKeyFile);
  cfg.keystore.path = abs(cfg.keystore.path);
  if (cfg.control?.socket) cfg.control.socket = abs(cfg.control.socket);
  if (cfg.etsi) {
    cfg.etsi.tls = { ca: abs(cfg.etsi.tls.ca), cert: abs(cfg.etsi.tls.cert), key: abs(cfg.etsi.tls.key) };
  }
  return {
    config: cfg,
    file,
    locate: (path) => {
      const pos = position(parsed, path === '' ? [] : path.split('.'));
      return pos ? `${file}:${pos.line}:${pos.col}` : file;
    },
  };
}

/** Read and validate (see readBenchConfig). */
export function loadBenchConfig(file: string): BenchConfig {
  return readBenchConfig(file).config;
}
