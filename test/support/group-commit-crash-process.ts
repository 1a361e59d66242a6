/**
 * Group-commit crash worker: run by test/keystore/group-commit-crash.test.ts
 * in a child process and killed with SIGKILL at an arbitrary moment, often
 * between two operations of one commit group (`KeyStore.grouped`).
 *
 * Usage: group-commit-crash-process.ts <db path> <seed>
 *
 * Each event-loop turn is one group of several reservations and deliveries,
 * with a short busy wait between them (so a kill lands inside a group). It
 * prints, each synchronously as soon as the operation is done in the open
 * group (NOT durable yet):
 *   res <group> <reservationId> <keyId,...>
 *   del <group> <keyId,...>
 * then `durable <group>` once `durable()` resolved (nothing of it may be
 * lost), and `added <blockId>` after each block it adds outside groups.
 * IDs and counts only, never key bytes.
 */
import { writeSync } from 'node:fs';
import { KeyStore } from '../../src/keystore/key-store.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';

const [dbPath, seedArg] = process.argv.slice(2);
if (dbPath === undefined || seedArg === undefined) {
  process.stderr.write('usage: group-commit-crash-process.ts <db path> <seed>\n');
  process.exit(2);
}
const SAES = { masterSae: 'sae-alice', slaveSae: 'sae-bob' };

function report(line: string): void {
  writeSync(1, `${line}\n`);
}

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

const store = KeyStore.open({ path: dbPath, maxBits: 1 << 30, maxKeySizeBits: 4096 });
let nextBlock = 0;
while (store.hasBlock(`gc:${nextBlock}`)) nextBlock++;
const rng = new Xoshiro128((Number(seedArg) ^ Math.imul(nextBlock + 1, 0x9e3779b9)) >>> 0);
// Keys reserved in groups already durable, not yet delivered.
const deliverable: string[] = [];
let group = 0;

function addBlocks(): void {
  for (let i = 0; i < 4; i++) {
    const id = `gc:${nextBlock++}`;
    const bitLength = 4000 + rng.nextBelow(12_000);
    const bytes = new Uint8Array((bitLength + 7) >>> 3);
    for (let j = 0; j < bytes.length; j++) bytes[j] = rng.nextU32() & 0xff;
    store.addBlock(id, bytes, { bitLength });
    report(`added ${id}`);
  }
}

function turn(): void {
  if (group % 8 === 0) addBlocks();
  const g = group++;
  const reservations: string[] = [];
  const ops = 2 + rng.nextBelow(5);
  for (let op = 0; op < ops; op++) {
    if (op > 0) spin(1 + rng.nextBelow(3));
    if (rng.nextBelow(2) === 0 && deliverable.length > 0) {
      const ids = deliverable.splice(0, 1 + rng.nextBelow(Math.min(3, deliverable.length)));
      for (const k of store.grouped(() => store.deliver(ids, { sae: 'sae-alice' }))) k.key.fill(0);
      report(`del ${g} ${ids.join(',')}`);
    } else {
      const count = 1 + rng.nextBelow(4);
      const size = 8 * (1 + rng.nextBelow(64));
      if ((store.stats(size).availableKeys ?? 0) < count) continue;
      const r = store.grouped(() => store.reserve(count, size, SAES));
      const ids = r.keys.map((k) => k.keyId);
      reservations.push(r.reservationId);
      pendingKeys.set(r.reservationId, ids);
      report(`res ${g} ${r.reservationId} ${ids.join(',')}`);
    }
  }
  const last = group >= 3000;
  store.durable().then(
    () => {
      report(`durable ${g}`);
      // Only now may the keys of these reservations be handed out (as the key service does).
      for (const rid of reservations) deliverable.push(...(pendingKeys.get(rid) ?? []));
      if (last) store.close();
    },
    (err: unknown) => {
      process.stderr.write(`group ${g} failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
  // The next group opens while this one's fsync may still run (as under load).
  if (!last) setImmediate(turn);
}

// Key IDs per reservation, for the deliveries of later groups.
const pendingKeys = new Map<string, string[]>();
turn();
