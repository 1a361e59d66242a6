/**
 * The control API's Unix socket: only this node's user may connect (mode
 * 0600 from the moment it exists), in a folder no one else can write (so no
 * one can swap the socket for their own), replacing a stale socket file left
 * by a process that died, and refusing to steal the socket of a live one.
 *
 * Every refusal is one QkdError naming `control.socket` and the path.
 */
import { accessSync, chmodSync, constants, lstatSync, statSync, unlinkSync } from 'node:fs';
import type { Server } from 'node:net';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

/** sun_path holds 108 bytes on Linux, one of them the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;

const FIELD = 'control.socket';

function listenFailed(path: string, message: string, errno?: string, cause?: unknown): QkdError {
  return new QkdError(QkdErrorCode.ControlListenFailed, `${FIELD} ${path}: ${message}`, { field: FIELD, path, errno }, { cause });
}

/** Whether something accepts connections on the socket at `path` (false: nothing listens, a stale file). */
function probe(path: string, timeoutMs = 2000): Promise<'live' | 'stale'> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path });
    const timer = setTimeout(() => {
      socket.destroy();
      // Something holds the socket but does not accept in time: treat it as live, never delete it.
      resolve('live');
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve('live');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve('stale');
      else reject(listenFailed(path, `cannot tell whether a process still serves it (${err.code ?? err.message})`, err.code, err));
    });
  });
}

/**
 * Checks that the socket can be served at `path`, before anything else is
 * started: path length, its folder (exists, writable by us, not group- or
 * world-writable), and what is there now (nothing, a stale socket, or a live
 * one — refused). Returns whether a stale socket is in the way.
 */
export async function checkControlSocketPath(path: string): Promise<{ stale: boolean }> {
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw listenFailed(
      path,
      `path is ${bytes} bytes; a Unix socket path holds at most ${MAX_SOCKET_PATH_BYTES}: set ${FIELD} to a shorter path`,
    );
  }
  const dir = dirname(path);
  let dirStat: ReturnType<typeof statSync>;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new QkdError(
      QkdErrorCode.FileMissing,
      `${FIELD} ${path}: folder ${dir} does not exist (create it, mode 0700, owned by the node's user)`,
      {
        field: FIELD,
        path: dir,
      },
    );
  }
  if (!dirStat.isDirectory()) {
    throw new QkdError(QkdErrorCode.FileUnusable, `${FIELD} ${path}: ${dir} is not a folder`, { field: FIELD, path: dir });
  }
  if ((dirStat.mode & 0o022) !== 0) {
    const mode = (dirStat.mode & 0o7777).toString(8).padStart(4, '0');
    throw new QkdError(
      QkdErrorCode.FileUnusable,
      `${FIELD} ${path}: folder ${dir} is group- or world-writable (mode ${mode}), so another user could replace the socket: chmod go-w ${dir}, or choose another folder`,
      { field: FIELD, path: dir, mode },
    );
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new QkdError(QkdErrorCode.FileUnusable, `${FIELD} ${path}: folder ${dir} is not writable by this user`, {
      field: FIELD,
      path: dir,
    });
  }
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(path);
  } catch {
    return { stale: false };
  }
  if (!existing.isSocket())
    throw listenFailed(path, 'exists and is not a socket; refusing to replace it (remove it, or choose another path)');
  if ((await probe(path)) === 'live') {
    throw listenFailed(path, 'a running process serves it already (another qkdd with this config?); stop it first, or choose another path');
  }
  return { stale: true };
}

/**
 * Listens on `path` with mode 0600 from the start (umask while binding, where
 * this thread may set it; chmod right after in every case). A stale socket
 * file is removed first; a live one is refused (checkControlSocketPath).
 */
export async function listenOnUnixSocket(server: Server, path: string): Promise<void> {
  const { stale } = await checkControlSocketPath(path);
  if (stale) unlinkSync(path);
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void =>
      reject(listenFailed(path, `cannot listen (${err.code ?? err.message})`, err.code, err));
    server.once('error', failed);
    // Node binds a pipe synchronously inside listen(), so the umask is back before any other code runs.
    let oldMask: number | undefined;
    try {
      oldMask = process.umask(0o177);
    } catch {
      // Worker threads may not change the umask; the chmod below still runs before the first request is read.
    }
    try {
      server.listen({ path, exclusive: true }, () => {
        server.off('error', failed);
        resolve();
      });
    } finally {
      if (oldMask !== undefined) process.umask(oldMask);
    }
  });
  chmodSync(path, 0o600);
}
