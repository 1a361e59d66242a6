/**
 * A connected pair of pseudo-terminals from socat, for driving the real
 * `serialport` binding end to end without hardware: what is written to one
 * path comes out of the other.
 *
 *   const pair = await openPtyPair();   // { a: '/dev/pts/3', b: '/dev/pts/4', close() }
 *
 * socat announces the two slave paths on stderr at `-d -d` ("N PTY is
 * /dev/pts/3"). `close()` kills socat (SIGTERM, then SIGKILL if it lingers)
 * and resolves once it has exited, so the ptys are really gone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface PtyPair {
  readonly a: string;
  readonly b: string;
  /** socat's process id (for tests that want to see it die). */
  readonly pid: number;
  /** Resolves once socat has exited. */
  readonly exited: Promise<void>;
  /** Kills socat and waits for it; idempotent. */
  close(): Promise<void>;
}

let socatPath: string | null | undefined;

/** The socat binary, or null when it is not installed (tests then skip with a message). */
export function findSocat(): string | null {
  if (socatPath !== undefined) return socatPath;
  const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  socatPath = probe.error === undefined && probe.status === 0 ? 'socat' : null;
  return socatPath;
}

export const SOCAT_MISSING_MESSAGE = 'socat is not installed (apt-get install socat); pseudo-terminal tests skipped';

/** Starts socat and waits (up to `startTimeoutMs`) for both pty paths. */
export function openPtyPair(startTimeoutMs = 10_000): Promise<PtyPair> {
  const socat = findSocat();
  if (socat === null) return Promise.reject(new Error(SOCAT_MISSING_MESSAGE));
  const child: ChildProcess = spawn(socat, ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const lingering = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(lingering);
    }
  };

  return new Promise<PtyPair>((resolve, reject) => {
    const paths: string[] = [];
    let stderr = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`socat did not report two ptys within ${startTimeoutMs} ms; stderr:\n${stderr}`));
    }, startTimeoutMs);
    const onData = (chunk: Buffer): void => {
      stderr += chunk.toString('utf8');
      const found = [...stderr.matchAll(/PTY is (\/dev\/\S+)/g)].map((m) => m[1]!);
      paths.splice(0, paths.length, ...found);
      // The transfer loop line comes after both ptys exist and are open on socat's side.
      if (paths.length >= 2 && /starting data transfer loop/.test(stderr)) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        // Keep draining stderr so socat never blocks on a full pipe.
        child.stderr?.resume();
        resolve({ a: paths[0]!, b: paths[1]!, pid: child.pid ?? -1, exited, close });
      }
    };
    child.stderr?.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`socat exited early (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
  });
}
