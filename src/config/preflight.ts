/**
 * Preflight of a bench config: every file and folder the config names is
 * checked before anything is opened or any board is touched, so a missing
 * pre-shared key or TLS file ends `qkdd run` at once with the config field,
 * its line and the path, instead of a stack trace after the boards were
 * configured.
 *
 *   keystore.path          its folder exists, is a folder, is writable; the
 *                          database file, if there, is a readable, writable file
 *   peer.preSharedKeyFile  exists, is a readable file; its position file
 *                          (`<file>.pos`) can be written
 *   etsi.tls.ca/cert/key   exist, are readable files
 *
 * Each problem is a QkdError(FileMissing) or QkdError(FileUnusable); several
 * problems are one error with one line per field (FileMissing when any file
 * is missing), each in `details.problems`.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { LoadedBenchConfig } from './load-bench-config.ts';

export interface FileProblem {
  readonly code: QkdErrorCode.FileMissing | QkdErrorCode.FileUnusable;
  /** Dotted config field that names the file, e.g. `peer.preSharedKeyFile`. */
  readonly field: string;
  readonly path: string;
  /** One line: `file:line:column field: what is wrong`. */
  readonly message: string;
}

type Access = 'read' | 'read-write' | 'write';

const MODES: Record<Access, number> = {
  read: constants.R_OK,
  'read-write': constants.R_OK | constants.W_OK,
  // A folder we create files in needs write and search permission.
  write: constants.W_OK | constants.X_OK,
};

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw err;
  }
}

function allows(path: string, access: Access): boolean {
  try {
    accessSync(path, MODES[access]);
    return true;
  } catch {
    return false;
  }
}

/** All problems with the files and folders `loaded` names; empty when all is well. */
export function findFileProblems(loaded: LoadedBenchConfig): FileProblem[] {
  const cfg = loaded.config;
  const problems: FileProblem[] = [];
  const add = (code: FileProblem['code'], field: string, path: string, what: string): void => {
    problems.push({ code, field, path, message: `${loaded.locate(field)} ${field}: ${what}` });
  };

  /** A file that must exist and allow `access`; `label` says what it is for the message. */
  const checkFile = (field: string, path: string, label: string, access: Access): boolean => {
    const st = statOrNull(path);
    if (st === null) add(QkdErrorCode.FileMissing, field, path, `${label} ${path} does not exist`);
    else if (!st.isFile()) add(QkdErrorCode.FileUnusable, field, path, `${label} ${path} is not a file`);
    else if (!allows(path, access))
      add(QkdErrorCode.FileUnusable, field, path, `${label} ${path} is not ${access === 'read' ? 'readable' : 'readable and writable'}`);
    else return true;
    return false;
  };

  /** A folder that must exist and be writable (files are created in it). */
  const checkFolder = (field: string, path: string, label: string): boolean => {
    const st = statOrNull(path);
    if (st === null) add(QkdErrorCode.FileMissing, field, path, `${label} ${path} does not exist`);
    else if (!st.isDirectory()) add(QkdErrorCode.FileUnusable, field, path, `${label} ${path} is not a folder`);
    else if (!allows(path, 'write')) add(QkdErrorCode.FileUnusable, field, path, `${label} ${path} is not writable`);
    else return true;
    return false;
  };

  // Key store: a SQLite database file; its folder also holds the journal.
  const store = cfg.keystore.path;
  if (checkFolder('keystore.path', dirname(store), 'key store folder')) {
    const st = statOrNull(store);
    if (st !== null) checkFile('keystore.path', store, 'key store database', 'read-write');
  }

  // Pre-shared key: read; its position file next to it is rewritten as key is used.
  const psk = cfg.peer.preSharedKeyFile;
  if (checkFile('peer.preSharedKeyFile', psk, 'pre-shared key file', 'read')) {
    const pos = `${psk}.pos`;
    if (statOrNull(pos) !== null) checkFile('peer.preSharedKeyFile', pos, 'pre-shared key position file', 'read-write');
    else if (!allows(dirname(psk), 'write')) {
      add(
        QkdErrorCode.FileUnusable,
        'peer.preSharedKeyFile',
        dirname(psk),
        `folder ${dirname(psk)} of the pre-shared key file is not writable (its position file ${pos} is kept there)`,
      );
    }
  }

  if (cfg.etsi) {
    const tls = cfg.etsi.tls;
    checkFile('etsi.tls.ca', tls.ca, 'TLS CA certificate', 'read');
    checkFile('etsi.tls.cert', tls.cert, 'TLS certificate', 'read');
    checkFile('etsi.tls.key', tls.key, 'TLS private key', 'read');
  }
  return problems;
}

/** The one error for a list of file problems (see the header). */
export function fileProblemsError(problems: readonly FileProblem[]): QkdError {
  if (problems.length === 1) {
    const [p] = problems;
    return new QkdError(p!.code, p!.message, { field: p!.field, path: p!.path });
  }
  const code = problems.some((p) => p.code === QkdErrorCode.FileMissing) ? QkdErrorCode.FileMissing : QkdErrorCode.FileUnusable;
  return new QkdError(code, problems.map((p) => p.message).join('\n'), {
    problems: problems.map(({ code: c, field, path }) => ({ code: c, field, path })),
  });
}

/** Throws one QkdError(FileMissing / FileUnusable) when any file or folder the config names is not usable. */
export function preflightBenchConfig(loaded: LoadedBenchConfig): void {
  const problems = findFileProblems(loaded);
  if (problems.length > 0) throw fileProblemsError(problems);
}
