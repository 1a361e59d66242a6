/**
 * Crash safety by killing the process: a child process works on a store and
 * reports each committed change; we SIGKILL it at a seeded point (the kill
 * lands while the child is somewhere in its next operations, often inside a
 * transaction), several times over the same database, and check after each
 * kill that nothing reported was lost and nothing was half-written.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { isKeyStoreError, QkdErrorCode } from '../../errors/index.ts';
import type { KeyStore } from '../../src/keystore/key-store.ts';
import { withSeed } from '../support/seed.ts';
import { openStore, tempDir, type TempDir } from '../support/key-store.ts';

const WORKER = fileURLToPath(new URL('../support/key-store-crash-process.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface RunLog {
  readonly lines: string[];
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
}

/** Run the worker and SIGKILL it once it has reported `killAfter` committed operations. */
function runAndKill(dbPath: string, seed: number, killAfter: number): Promise<RunLog> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, String(seed)], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker did not report ${killAfter} operations in time; stderr: ${stderr}`));
    }, 90_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      partial += chunk;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (!killed && lines.length >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A complete line can still be in `partial` only if the kill came after
      // its newline was written; lines without a newline are not counted.
      if (signal === null && code !== 0) reject(new Error(`worker exited with ${code}: ${stderr}`));
      else resolve({ lines, signal, code });
    });
  });
}

let tmp: TempDir;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.remove();
});

describe('key store under SIGKILL', () => {
  // Five child processes with tsx start-up on a shared 2-core machine: allow minutes, not the default minute.
  it('loses nothing committed and half-writes nothing across repeated kills', { timeout: 400_000 }, async () => {
    await withSeed('keystore-crash', async (rng, seed) => {
      const dbPath = tmp.file('crash.db');
      const blocks = new Set<string>();
      const reserved = new Map<string, string[]>(); // reservationId → key IDs
      const delivered = new Set<string>();
      let authReported = 0;
      const rounds = 5;
      let kills = 0;

      for (let round = 0; round < rounds; round++) {
        const killAfter = 10 + rng.nextBelow(80);
        const log = await runAndKill(dbPath, (seed + round) >>> 0, killAfter);
        if (log.signal === 'SIGKILL') kills++;
        for (const line of log.lines) {
          const [kind, a, b] = line.split(' ');
          if (kind === 'added') blocks.add(a);
          else if (kind === 'reserved') reserved.set(a, b.split(','));
          else if (kind === 'delivered') for (const id of a.split(',')) delivered.add(id);
          else if (kind === 'auth') authReported = Math.max(authReported, Number(a) + Number(b));
          else throw new Error(`unexpected worker line: ${line}`);
        }

        const store: KeyStore = openStore(dbPath, { maxBits: 1 << 30, maxKeySizeBits: 4096 });
        try {
          const audit = store.audit();
          expect(audit.problems).toEqual([]);
          expect(audit.ok).toBe(true);
          for (const id of blocks) expect(store.hasBlock(id), `block ${id}`).toBe(true);
          // Each reported reservation is wholly present (all keys, one reservation).
          for (const [rid, ids] of reserved) {
            for (const id of ids) expect(store.keyInfo(id)?.reservationId, `key ${id} of ${rid}`).toBe(rid);
          }
          // Every key reported delivered stays delivered: not available again.
          for (const id of delivered) {
            expect(store.keyInfo(id)?.state, `key ${id}`).toBe('delivered');
            let code: QkdErrorCode | 'no-error' | 'other-error' = 'no-error';
            try {
              store.deliver([id], { sae: 'sae-alice' });
            } catch (err) {
              code = isKeyStoreError(err) ? err.code : 'other-error';
            }
            expect(code).toBe(QkdErrorCode.AlreadyDelivered);
          }
          expect(store.stats().authConsumedBits).toBeGreaterThanOrEqual(authReported);
        } finally {
          store.close();
        }
        // And no delivered key has material left in the file's tables.
        const raw = new Database(dbPath, { readonly: true });
        try {
          expect(raw.prepare(`SELECT COUNT(*) AS n FROM keys WHERE state != 'reserved' AND material IS NOT NULL`).get()).toEqual({ n: 0 });
          expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        } finally {
          raw.close();
        }
      }
      // The test is about kills: every round must really have ended by SIGKILL, not by finishing.
      expect(kills).toBe(rounds);
      expect(blocks.size).toBeGreaterThan(rounds);
      expect(delivered.size).toBeGreaterThan(0);
    });
  });
});
