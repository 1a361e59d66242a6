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
 *   secrets                peer.preSharedKeyFile, its position file, etsi.tls.key
 *                          and the key store's files (database, -wal, -shm)
 *                          are not readable (or writable) by group or others
 *   peer.preSharedKeyMinBytes  the pre-shared key holds at least that many bytes
 *
 * Each problem is a QkdError(FileMissing) or QkdError(FileUnusable); several
 * problems are one error with one line per field (FileMissing when any file
 * is missing), each in `details.problems`.
 *
 * `preflightBeforeRun` (what `qkdd run` calls) adds the listen ports (peer,
 * ETSI) being free. `checkBench` (what `qkdctl check` prints) runs the same
 * checks and then those that touch the outside world: each board answers
 * with the expected kind, the peer is reachable (a warning only when it is
 * merely not up yet). It reports every finding instead of throwing.
 */
import { accessSync, constants, readFileSync, statSync, type Stats } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { type DiscoveredBoard, probeBoard, type ProbeResult } from '../../drivers/discovery/probe-board.ts';
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
  let storeOk = false;
  if (checkFolder('keystore.path', dirname(store), 'key store folder')) {
    const st = statOrNull(store);
    storeOk = st !== null && checkFile('keystore.path', store, 'key store database', 'read-write');
  }

  // Pre-shared key: read; its position file next to it is rewritten as key is used.
  const psk = cfg.peer.preSharedKeyFile;
  const pskOk = checkFile('peer.preSharedKeyFile', psk, 'pre-shared key file', 'read');
  if (pskOk) {
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

  /** A secret must be this user's alone: no permission bit for group or others. */
  const checkSecret = (field: string, path: string, label: string): void => {
    const mode = statOrNull(path)?.mode ?? 0;
    if ((mode & 0o077) === 0) return;
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    const who = mode & 0o007 ? 'others' : 'its group';
    add(
      QkdErrorCode.FileUnusable,
      field,
      path,
      `${label} ${path} is accessible to ${who} (mode ${octal}); a secret must be 0600: chmod 600 ${path} (and its folder 0700)`,
    );
  };

  if (storeOk) {
    // SQLite's write-ahead log and shared-memory index hold pages of key material too: one line for the three.
    const open = [store, `${store}-wal`, `${store}-shm`].filter((file) => (statOrNull(file)?.mode ?? 0) & 0o077);
    if (open.length === 1) checkSecret('keystore.path', open[0]!, 'key store file');
    else if (open.length > 1) {
      const modes = open.map((file) => `${file} ${describeMode(statOrNull(file)?.mode ?? 0)}`).join(', ');
      add(
        QkdErrorCode.FileUnusable,
        'keystore.path',
        store,
        `key store files are accessible to group or others (${modes}); secrets must be 0600: chmod 600 ${open.join(' ')}`,
      );
    }
  }

  if (pskOk) {
    checkSecret('peer.preSharedKeyFile', psk, 'pre-shared key file');
    // The position file says how much of the key is used up: not the key, but nobody else's business or to rewrite.
    const pos = `${psk}.pos`;
    if (statOrNull(pos)?.isFile()) checkSecret('peer.preSharedKeyFile', pos, 'pre-shared key position file');
    const bytes = preSharedKeyBytes(psk);
    const min = cfg.peer.preSharedKeyMinBytes ?? 32;
    if (bytes !== null && bytes < min) {
      add(
        QkdErrorCode.FileUnusable,
        'peer.preSharedKeyFile',
        psk,
        `pre-shared key file ${psk} holds ${bytes} bytes of key, less than peer.preSharedKeyMinBytes = ${min}; ` +
          `make a longer one with qkdctl keys psk --bytes N and copy it to both nodes`,
      );
    }
  }

  if (cfg.etsi) {
    const tls = cfg.etsi.tls;
    checkFile('etsi.tls.ca', tls.ca, 'TLS CA certificate', 'read');
    checkFile('etsi.tls.cert', tls.cert, 'TLS certificate', 'read');
    if (checkFile('etsi.tls.key', tls.key, 'TLS private key', 'read')) checkSecret('etsi.tls.key', tls.key, 'TLS private key');
    if (cfg.etsi.crlFile !== undefined) checkFile('etsi.crlFile', cfg.etsi.crlFile, 'certificate revocation list', 'read');
  }
  return problems;
}

/** `mode 644` of a stat mode. */
function describeMode(mode: number): string {
  return `mode ${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/** Bytes of key in a pre-shared key file (hex files: two digits a byte, as PreSharedKeyFileSource reads them); null if unreadable. */
export function preSharedKeyBytes(path: string): number | null {
  try {
    if (!path.endsWith('.hex')) return statSync(path).size;
    const digits = readFileSync(path, 'latin1').replace(/\s+/g, '');
    return Math.floor(digits.length / 2);
  } catch {
    return null;
  }
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

/** One result line of `checkBench`: what was checked, about which field, file or board, and how it went. */
export interface PreflightFinding {
  /** `problem` fails the check; `warning` does not (e.g. the peer is not up yet). */
  readonly level: 'ok' | 'warning' | 'problem';
  readonly check: 'config' | 'file' | 'port' | 'board' | 'peer';
  /** The config field (`boards.detector`), or the file for file problems. */
  readonly subject: string;
  /** One line, starting with `file:line:column field:` where the field was written. */
  readonly message: string;
  /** What to do about it, when there is something to do. */
  readonly hint?: string;
}

/** Listen addresses the config names, with their fields: each must be bindable before the node starts. */
function listenAddresses(loaded: LoadedBenchConfig): { field: string; hostPort: string }[] {
  const cfg = loaded.config;
  const out: { field: string; hostPort: string }[] = [];
  if (cfg.peer.listen) out.push({ field: 'peer.listen', hostPort: cfg.peer.listen });
  if (cfg.etsi) out.push({ field: 'etsi.listen', hostPort: cfg.etsi.listen });
  // The control API's loopback HTTP listener, when configured.
  if (cfg.control?.http) out.push({ field: 'control.http', hostPort: cfg.control.http });
  return out;
}

function splitHostPort(hostPort: string): { host: string; port: number } {
  const i = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(hostPort.slice(i + 1)) };
}

/** null when `host:port` can be listened on now; else why not (errno code). */
function tryListen(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** Problems with the listen addresses (in use, not on this machine); port 0 (any free port) is not checked. */
export async function findPortProblems(loaded: LoadedBenchConfig): Promise<PreflightFinding[]> {
  const out: PreflightFinding[] = [];
  for (const { field, hostPort } of listenAddresses(loaded)) {
    const { host, port } = splitHostPort(hostPort);
    if (port === 0) continue;
    const why = await tryListen(host, port);
    const where = `${loaded.locate(field)} ${field}:`;
    if (why === null) out.push({ level: 'ok', check: 'port', subject: field, message: `${where} ${hostPort} is free` });
    else if (why === 'EADDRINUSE')
      out.push({
        level: 'problem',
        check: 'port',
        subject: field,
        message: `${where} port ${port} on ${host} is in use`,
        hint: `another process listens there (ss -ltnp 'sport = :${port}' shows which); stop it or choose another port`,
      });
    else if (why === 'EADDRNOTAVAIL' || why === 'ENOTFOUND' || why === 'EAI_AGAIN')
      out.push({
        level: 'problem',
        check: 'port',
        subject: field,
        message: `${where} ${host} is not an address of this machine (${why})`,
        hint: 'use an address of one of its interfaces (ip -br addr), 127.0.0.1, or 0.0.0.0 for all',
      });
    else if (why === 'EACCES')
      out.push({
        level: 'problem',
        check: 'port',
        subject: field,
        message: `${where} port ${port} needs privileges to listen on (EACCES)`,
        hint: 'choose a port above 1023',
      });
    else out.push({ level: 'problem', check: 'port', subject: field, message: `${where} cannot listen on ${hostPort} (${why})` });
  }
  return out;
}

/**
 * What `qkdd run` checks before it touches any board: the files (findFileProblems) and the listen
 * ports. Throws one QkdError with a line per problem (FileMissing / FileUnusable / ListenAddressUnavailable).
 */
export async function preflightBeforeRun(loaded: LoadedBenchConfig): Promise<void> {
  const files = findFileProblems(loaded);
  if (files.length > 0) throw fileProblemsError(files);
  const ports = (await findPortProblems(loaded)).filter((f) => f.level === 'problem');
  if (ports.length > 0) {
    throw new QkdError(
      QkdErrorCode.ListenAddressUnavailable,
      ports.map((p) => (p.hint ? `${p.message}: ${p.hint}` : p.message)).join('\n'),
      {
        problems: ports.map((p) => ({ field: p.subject })),
      },
    );
  }
}

/** The board kind each config field must find at its address (names as discovery reports them). */
const BOARD_FIELDS = [
  { field: 'photonSource', kind: 'photon-source' },
  { field: 'polarizationModulator', kind: 'polarization-modulator' },
  { field: 'detector', kind: 'detector' },
] as const;

function describeBoard(b: DiscoveredBoard): string {
  return `a ${b.kindName} (${b.vendor} ${b.model}, serial ${b.serial}, firmware ${b.firmware})`;
}

export interface CheckBenchOptions {
  /** Probe each board (default true). */
  readonly boards?: boolean;
  /** Try a TCP connect to peer.connect (default true). */
  readonly peer?: boolean;
  /** Per board answer and for the peer connect, ms. Default 1000 / 3000. */
  readonly boardTimeoutMs?: number;
  readonly peerTimeoutMs?: number;
  /** Probe function (tests); default drivers' probeBoard. */
  readonly probe?: (url: string, timeoutMs: number) => Promise<ProbeResult>;
}

/** Probe each configured board once: it must answer, with the kind its field expects. */
export async function checkBoards(loaded: LoadedBenchConfig, options: CheckBenchOptions = {}): Promise<PreflightFinding[]> {
  const probe = options.probe ?? ((url: string, timeoutMs: number) => probeBoard(url, { timeoutMs }));
  const timeoutMs = options.boardTimeoutMs ?? 1000;
  const boards = loaded.config.boards as Partial<Record<(typeof BOARD_FIELDS)[number]['field'], string>>;
  const out: PreflightFinding[] = [];
  for (const { field, kind } of BOARD_FIELDS) {
    const url = boards[field];
    if (url === undefined) continue;
    const subject = `boards.${field}`;
    const where = `${loaded.locate(subject)} ${subject}:`;
    const r = await probe(url, timeoutMs);
    if (r.ok && r.board.kindName === kind) {
      out.push({ level: 'ok', check: 'board', subject, message: `${where} ${describeBoard(r.board)} answers at ${url}` });
    } else if (r.ok) {
      out.push({
        level: 'problem',
        check: 'board',
        subject,
        message: `${where} wrong board at ${url}: found ${describeBoard(r.board)}, expected a ${kind}`,
        hint: `put the address of the ${kind} here (qkdctl boards lists which board answers where)`,
      });
    } else if (r.permissionDenied) {
      out.push({ level: 'problem', check: 'board', subject, message: `${where} ${r.reason}` });
    } else {
      out.push({
        level: 'problem',
        check: 'board',
        subject,
        message: `${where} no board answers at ${url}: ${r.reason}`,
        hint: 'check cable and power, and the address (qkdctl boards)',
      });
    }
  }
  return out;
}

/** True when something answers on this node's control socket (the node runs). */
function controlSocketAnswers(path: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * A TCP connect to peer.connect: refused or silent is a warning (the peer is not up yet), a bad host a problem.
 * Not while this node runs (its control socket answers): the transmitter takes a new connection as the
 * successor of its current session, so a probe would cut the running link.
 */
export async function checkPeer(loaded: LoadedBenchConfig, options: CheckBenchOptions = {}): Promise<PreflightFinding[]> {
  const target = loaded.config.peer.connect;
  if (!target) return [];
  const field = 'peer.connect';
  const where = `${loaded.locate(field)} ${field}:`;
  const socket = loaded.config.control?.socket ?? join(dirname(loaded.config.keystore.path), 'control.sock');
  if (await controlSocketAnswers(socket)) {
    return [
      {
        level: 'warning',
        check: 'peer',
        subject: field,
        message: `${where} not probed: this node is running (its control socket ${socket} answers), and a probe would replace its peer session`,
        hint: 'qkdctl status shows whether the peer is connected',
      },
    ];
  }
  const { host, port } = splitHostPort(target);
  const timeoutMs = options.peerTimeoutMs ?? 3000;
  const why = await new Promise<string | null>((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('ETIMEDOUT');
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code ?? err.message);
    });
  });
  if (why === null) return [{ level: 'ok', check: 'peer', subject: field, message: `${where} the peer node listens at ${target}` }];
  if (why === 'ECONNREFUSED')
    return [
      {
        level: 'warning',
        check: 'peer',
        subject: field,
        message: `${where} nothing listens at ${target} yet (connection refused): the peer node is not up yet`,
        hint: 'not a failure: start the peer node (it listens); this node keeps trying to connect',
      },
    ];
  if (why === 'ETIMEDOUT')
    return [
      {
        level: 'warning',
        check: 'peer',
        subject: field,
        message: `${where} no answer from ${target} within ${timeoutMs} ms: the peer node is not up yet, or a firewall drops the connection`,
        hint: 'start the peer node; if it runs, open the port in its firewall',
      },
    ];
  return [
    {
      level: 'problem',
      check: 'peer',
      subject: field,
      message: `${where} cannot reach ${target} (${why})`,
      hint:
        why === 'ENOTFOUND' || why === 'EAI_AGAIN' ? `the host name ${host} does not resolve` : 'check the address and the network route',
    },
  ];
}

/**
 * Everything `qkdctl check` reports, in order: files, listen ports, boards, peer. Never throws for what
 * it finds; each finding is one line. Boards are probed only when no file problem was found (as `qkdd run`
 * never touches a board before its files are right).
 */
export async function checkBench(loaded: LoadedBenchConfig, options: CheckBenchOptions = {}): Promise<PreflightFinding[]> {
  const out: PreflightFinding[] = [{ level: 'ok', check: 'config', subject: loaded.file, message: `${loaded.file}: config is valid` }];
  const files = findFileProblems(loaded);
  for (const p of files) out.push({ level: 'problem', check: 'file', subject: p.field, message: p.message });
  if (files.length === 0)
    out.push({ level: 'ok', check: 'file', subject: loaded.file, message: 'every file and folder the config names is usable' });
  out.push(...(await findPortProblems(loaded)));
  if (options.boards !== false) {
    if (files.length === 0) out.push(...(await checkBoards(loaded, options)));
    else
      out.push({
        level: 'warning',
        check: 'board',
        subject: 'boards',
        message: 'boards not probed: fix the files above first (qkdd run does not touch a board before they are right)',
      });
  }
  if (options.peer !== false) out.push(...(await checkPeer(loaded, options)));
  return out;
}
