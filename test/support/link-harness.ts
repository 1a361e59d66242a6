/**
 * Helpers for the end-to-end tests of the two-node link (DemoLink from
 * src/cli/demo-link.ts): free ports, a temporary state folder, and reading
 * both key stores after a run.
 */
import { tempDir } from './temp-dir.ts';
import { createServer } from 'node:net';
import { KeyStore } from '../../src/keystore/key-store.ts';

/**
 * A free loopback TCP port for a server a test starts later. Drawn at random
 * below the kernel's ephemeral range (32768 and up on Linux), so that no
 * server bound to port 0 meanwhile — a simulated board, another node — can
 * be handed the same port between this check and its use.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free loopback port in 20000..31999 after 200 tries');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export function tempState(): { dir: string; remove(): void } {
  return tempDir('qkdd-link-');
}

export interface StoreComparison {
  /** Before settling: Alice's active blocks, and Bob's blocks she holds neither active nor pending (must be none). */
  aliceActiveBefore: string[];
  bobOnly: string[];
  aliceBlocks: string[];
  bobBlocks: string[];
  alicePending: string[];
  /** Hex of keys reserved at Alice and delivered on both sides (equal when the stores agree). */
  keysA: string[];
  keysB: string[];
}

/**
 * Open both stores after the nodes stopped; settle Alice's pending blocks the
 * way her next session would (activate what Bob holds, drop the rest), then
 * cut `keyCount` keys at Alice, apply the reservation at Bob and deliver on
 * both sides.
 */
export function compareStores(
  alicePath: string,
  bobPath: string,
  keyCount: number,
  /**
   * allowSkip: Bob skips pool bits ahead of the reservation, as the live slave KME does
   * (ReservationApplier) after Alice discarded reservations he never acknowledged (faults on the link).
   */
  options: { allowSkip?: boolean } = {},
): StoreComparison {
  const a = KeyStore.open({ path: alicePath, maxBits: 2 ** 31 });
  const b = KeyStore.open({ path: bobPath, maxBits: 2 ** 31 });
  try {
    const alicePending = a.pendingBlockIds();
    const aliceActiveBefore = a.recentBlockIds(100_000);
    const known = new Set([...aliceActiveBefore, ...alicePending]);
    const bobOnly = b.recentBlockIds(100_000).filter((id) => !known.has(id));
    for (const id of alicePending) {
      if (b.hasBlock(id)) a.activatePendingBlock(id);
      else a.dropPendingBlock(id);
    }
    const aliceBlocks = a.recentBlockIds(100_000);
    const bobBlocks = b.recentBlockIds(100_000);
    let keysA: string[] = [];
    let keysB: string[] = [];
    if (keyCount > 0 && (a.stats(256).availableKeys ?? 0) >= keyCount) {
      const desc = a.reserve(keyCount, 256, { masterSae: 'sae-a', slaveSae: 'sae-b' });
      b.applyReservation(desc, { allowSkip: options.allowSkip ?? false });
      const ids = desc.keys.map((k) => k.keyId);
      keysA = a.deliver(ids, { sae: 'sae-a' }).map((k) => Buffer.from(k.key).toString('hex'));
      keysB = b.deliver(ids, { sae: 'sae-b' }).map((k) => Buffer.from(k.key).toString('hex'));
    }
    return { aliceActiveBefore, bobOnly, aliceBlocks, bobBlocks, alicePending, keysA, keysB };
  } finally {
    a.close();
    b.close();
  }
}
