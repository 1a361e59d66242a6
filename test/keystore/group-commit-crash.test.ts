/**
 * Group commit under SIGKILL (src/keystore/README.md "Group commit"): a
 * child process makes several reservations and deliveries per event-loop
 * turn in one commit group (`KeyStore.grouped`), with busy waits between
 * them, and reports each operation as it is done in the open group and `durable` once
 * `durable()` resolved. We kill it at a seeded point (usually inside a group,
 * often with an earlier group's fsync still running) and check after each
 * kill, on the reopened store:
 * - every group reported durable is wholly there (reservations with all
 *   their keys, deliveries delivered);
 * - every other group is all or nothing: all its reservations and
 *   deliveries, or none of them (one transaction, never half a group);
 * - nothing is half-written (audit, integrity check, no material left on a
 *   delivered key).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { withSeed } from '../support/seed.ts';
import { openStore, tempDir, type TempDir } from '../support/key-store.ts';

const WORKER = fileURLToPath(new URL('../support/group-commit-crash-process.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Group {
  readonly reservations: string[];
  readonly delivered: string[];
  durable: boolean;
}

/** Run the worker and SIGKILL it once it has reported `killAfter` operations (the kill then lands inside or between groups). */
function runAndKill(dbPath: string, seed: number, killAfter: number): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, String(seed)], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    let plans = 0;
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
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith('res ') || line.startsWith('del ')) plans++;
      }
      if (!killed && plans >= killAfter) {
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
      if (signal === null && code !== 0) reject(new Error(`worker exited with ${code}: ${stderr}`));
      else resolve({ lines, signal });
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

describe('group commit under SIGKILL', () => {
  it('keeps every durable group, and every other group wholly or not at all', { timeout: 300_000 }, async () => {
    await withSeed('keystore-group-commit-crash', async (rng, seed) => {
      const dbPath = tmp.file('group.db');
      const keysOf = new Map<string, string[]>();
      const rounds = 4;
      let kills = 0;
      let durableGroups = 0;
      let lostGroups = 0;
      for (let round = 0; round < rounds; round++) {
        const killAfter = 40 + rng.nextBelow(120);
        const log = await runAndKill(dbPath, (seed + round) >>> 0, killAfter);
        if (log.signal === 'SIGKILL') kills++;
        // Group numbers restart with each worker run: this run's groups only.
        const groups = new Map<number, Group>();
        for (const line of log.lines) {
          const [kind, a, b, c] = line.split(' ');
          const group = (n: number): Group => {
            let g = groups.get(n);
            if (g === undefined) {
              g = { reservations: [], delivered: [], durable: false };
              groups.set(n, g);
            }
            return g;
          };
          if (kind === 'res') {
            keysOf.set(b, c.split(','));
            group(Number(a)).reservations.push(b);
          } else if (kind === 'del') group(Number(a)).delivered.push(...b.split(','));
          else if (kind === 'durable') {
            const g = groups.get(Number(a));
            if (g === undefined) throw new Error(`durable before any operation: ${line}`);
            g.durable = true;
          } else if (kind !== 'added') throw new Error(`unexpected worker line: ${line}`);
        }

        const store = openStore(dbPath, { maxBits: 1 << 30, maxKeySizeBits: 4096 });
        try {
          const audit = store.audit();
          expect(audit.problems).toEqual([]);
          for (const [n, g] of groups) {
            // What of this group is on disk: each reservation (all its keys under it), each delivery.
            const present = [
              ...g.reservations.map((rid) => {
                const ids = keysOf.get(rid) ?? [];
                const found = ids.filter((id) => store.keyInfo(id)?.reservationId === rid).length;
                expect([0, ids.length], `reservation ${rid} of group ${n}: ${found} of ${ids.length} keys`).toContain(found);
                return found === ids.length && ids.length > 0;
              }),
              ...g.delivered.map((id) => store.keyInfo(id)?.state === 'delivered'),
            ];
            if (present.length === 0) continue;
            if (g.durable) expect(present.every(Boolean), `durable group ${n} lost something`).toBe(true);
            else {
              const all = present.every(Boolean);
              const none = present.every((p) => !p);
              expect(all || none, `group ${n} is half there: ${JSON.stringify(present)}`).toBe(true);
              if (none) lostGroups++;
            }
            if (g.durable) durableGroups++;
          }
        } finally {
          store.close();
        }
        const raw = new Database(dbPath, { readonly: true });
        try {
          expect(raw.prepare(`SELECT COUNT(*) AS n FROM keys WHERE state != 'reserved' AND material IS NOT NULL`).get()).toEqual({ n: 0 });
          expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        } finally {
          raw.close();
        }
      }
      expect(kills).toBe(rounds);
      expect(durableGroups).toBeGreaterThan(rounds);
      // Informational: how often the kill caught a group before its commit.
      console.log(`group-commit crash: ${durableGroups} durable groups kept, ${lostGroups} uncommitted groups wholly absent`);
    });
  });
});
