/**
 * Serve one board on a pseudo-terminal, a real tty for `serialport`.
 *
 * Why `socat PTY,raw,echo=0 STDIO` per board: socat creates the pty and
 * relays it to its own stdin/stdout, which are pipes to this process, so
 * the board firmware stays in-process with no extra port or socket file.
 * It is robust in the ways that matter: socat keeps the pty open when the
 * host closes and reopens the tty (the path stays valid), and when this
 * process dies, however abruptly, socat reads EOF on stdin and exits, so
 * no orphan keeps a stale /dev/pts entry. `close()` ends socat's stdin,
 * then signals it, and resolves once it has exited and the pty is gone.
 */
import { spawn } from 'node:child_process';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { ByteEndpoint } from './endpoint.ts';

export interface ServedPty {
  /** The slave side, e.g. /dev/pts/5 (or the `link` path when given). */
  readonly path: string;
  /** The /dev/pts path socat reported. */
  readonly ptyPath: string;
  readonly pid: number;
  close(): Promise<void>;
}

export interface ServeOnPtyOptions {
  /** Also create this symlink to the pty (socat `link=`), a stable name for bench configs. */
  link?: string;
  /** socat binary; default `socat` on PATH. */
  socat?: string;
  startTimeoutMs?: number;
  /** What is served, for error messages (e.g. `photon-source`); default: the link path, else "a board". */
  name?: string;
}

export function serveOnPty(endpoint: ByteEndpoint, options: ServeOnPtyOptions = {}): Promise<ServedPty> {
  // ignoreeof: a host that closes the pty, or dies (kill -9), must not end socat — the
  // board stays on the same path for the host's restart, as a real serial port would.
  const ptyAddress = ['PTY', 'raw', 'echo=0', 'ignoreeof', ...(options.link ? [`link=${options.link}`] : [])].join(',');
  const child = spawn(options.socat ?? 'socat', ['-d', '-d', ptyAddress, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.on('error', () => undefined); // EPIPE after socat died; 'exit' reports it
  const offData = endpoint.onData((bytes) => {
    if (child.stdin.writable) child.stdin.write(bytes);
  });
  child.stdout.on('data', (chunk: Buffer) => endpoint.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      offData();
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin.end();
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(kill);
      }
    })();
    return closing;
  };
  // Failures are the machine's (socat missing, no ptys left), never a bug: QkdErrors naming what was served.
  const what = options.name ?? options.link ?? 'a board';
  const failed = (why: string, cause?: unknown): QkdError =>
    new QkdError(
      QkdErrorCode.ExternalToolFailed,
      `cannot serve ${what} on a pty: ${why}`,
      { tool: 'socat', link: options.link },
      { cause },
    );
  return new Promise<ServedPty>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      void close();
      reject(failed(`socat did not open a pty within ${options.startTimeoutMs ?? 10_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 10_000);
    const onStderr = (chunk: Buffer): void => {
      stderr += chunk.toString('utf8');
      const m = /PTY is (\/dev\/\S+)/.exec(stderr);
      if (m && /starting data transfer loop/.test(stderr)) {
        clearTimeout(timer);
        child.stderr.off('data', onStderr);
        child.stderr.resume(); // keep draining so socat never blocks on a full pipe
        resolve({ path: options.link ?? m[1], ptyPath: m[1], pid: child.pid ?? -1, close });
      }
    };
    child.stderr.on('data', onStderr);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(failed(`cannot start socat (apt-get install socat): ${err.message}`, err));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(failed(`socat exited (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}
