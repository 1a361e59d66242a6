/**
 * The delayed relay of the peer-delay bench (test/support/delayed-relay.ts):
 * every byte arrives, in order, in both directions, and none before its delay.
 * (The bench's figure is only as good as this: a relay that dropped,
 * reordered or hurried bytes would measure something else.)
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startDelayedRelay, type DelayedRelay } from '../support/delayed-relay.ts';
import { withSeed } from '../support/seed.ts';
import { randomBytes } from '../support/peer-channels.ts';
import { waitUntil } from '../support/wait.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Collects what a socket receives, and when its first byte came. */
function collect(s: Socket): { bytes: () => Buffer; firstAt: () => number } {
  const parts: Buffer[] = [];
  let firstAt = Number.NaN;
  s.on('data', (c: Buffer) => {
    if (parts.length === 0) firstAt = performance.now();
    parts.push(c);
  });
  return { bytes: () => Buffer.concat(parts), firstAt: () => firstAt };
}

describe('delayed relay', () => {
  it('forwards every byte in order both ways, none earlier than the delay', async () => {
    await withSeed('delayed relay', async (rng) => {
      const delayMs = 20;
      const server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const port = (server.address() as { port: number }).port;
      const accepted = once(server, 'connection');
      const relay: DelayedRelay = await startDelayedRelay(port, delayMs);
      cleanups.push(async () => void server.close());
      cleanups.push(() => relay.close());
      const a = connect(relay.port, '127.0.0.1');
      await once(a, 'connect');
      const [b] = (await accepted) as [Socket];
      cleanups.push(async () => {
        a.destroy();
        b.destroy();
      });
      const atB = collect(b);
      const atA = collect(a);
      // Chunks of varied sizes (1 byte to 64 KiB), interleaved in both directions.
      const ab: Uint8Array[] = [];
      const ba: Uint8Array[] = [];
      const sentAt = performance.now();
      for (let i = 0; i < 60; i++) {
        const x = randomBytes(rng, 1 + (rng.nextU32() % 65536));
        const y = randomBytes(rng, 1 + (rng.nextU32() % 4096));
        ab.push(x);
        ba.push(y);
        a.write(x);
        b.write(y);
      }
      const wantAB = Buffer.concat(ab);
      const wantBA = Buffer.concat(ba);
      await waitUntil(
        () => atB.bytes().length >= wantAB.length && atA.bytes().length >= wantBA.length,
        'all bytes relayed both ways',
        30_000,
      );
      expect(atB.bytes().equals(wantAB)).toBe(true);
      expect(atA.bytes().equals(wantBA)).toBe(true);
      // A lower bound only (the timer may fire up to 0.5 ms early by design; a loaded machine only makes it later).
      expect(atB.firstAt() - sentAt).toBeGreaterThanOrEqual(delayMs - 1);
      expect(atA.firstAt() - sentAt).toBeGreaterThanOrEqual(delayMs - 1);
      // A's end reaches B after the queued bytes.
      a.end();
      await once(b, 'end');
      expect(atB.bytes().length).toBe(wantAB.length);
      const stats = await relay.close();
      expect(stats.bytes).toBe(wantAB.length + wantBA.length);
    });
  });
});
