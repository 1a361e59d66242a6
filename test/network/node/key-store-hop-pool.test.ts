/**
 * The key-store-backed relay hop pool (src/network/node/key-store-hop-pool.ts)
 * over two real key stores holding the same blocks: the allocator's cut and
 * the other end's apply name the same bits, cuts are idempotent, material is
 * read without delivering, release spends it, ETSI reservations and hop keys
 * share one pool in cut order, and a whole relay over two such links gives
 * the same key at both ends.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../../src/keystore/key-store.ts';
import { KeyStoreHopPool } from '../../../src/network/node/key-store-hop-pool.ts';
import { hopKeyId } from '../../../src/network/relay/ids.ts';
import { decodeRelayMessage, encodeRelayMessage, type RelayMessage } from '../../../src/network/relay/messages.ts';
import { MemoryRelayRecordStore } from '../../../src/network/relay/records.ts';
import { RelayEngine } from '../../../src/network/relay/relay-engine.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';
import { withSeed } from '../../support/seed.ts';

const newDir = tempDirsPerTest('qkdd-hop-pool-');

function storePair(dir: string, name: string, blocks: Uint8Array[]): [KeyStore, KeyStore] {
  const a = KeyStore.open({ path: join(dir, `${name}-a.sqlite`), maxBits: 1 << 24 });
  const b = KeyStore.open({ path: join(dir, `${name}-b.sqlite`), maxBits: 1 << 24 });
  blocks.forEach((block, i) => {
    a.addBlock(`${name}:${i}`, block);
    b.addBlock(`${name}:${i}`, block);
  });
  return [a, b];
}

function pools(linkId: string, a: KeyStore, b: KeyStore, an = 'a', bn = 'b'): [KeyStoreHopPool, KeyStoreHopPool] {
  return [
    new KeyStoreHopPool({ linkId, peer: bn, allocator: true, store: () => a }),
    new KeyStoreHopPool({ linkId, peer: an, allocator: false, store: () => b }),
  ];
}

describe('KeyStoreHopPool', () => {
  it('cuts at the allocator, applies at the other end: same bytes; idempotent; release spends', () =>
    withSeed('hop-pool', (rng) => {
      const block = new Uint8Array(512).map(() => rng.nextU32() & 0xff);
      const [sa, sb] = storePair(newDir(), 'l1', [block]);
      const [pa, pb] = pools('l1', sa, sb);
      const id = hopKeyId('6f1c2a4e-0000-4000-8000-000000000001', 0);
      const cut = pa.cut(id, 512);
      expect(cut).not.toBeNull();
      expect(pa.cut(id, 512)).toEqual(cut); // the same cut again, nothing more taken
      expect(pb.apply(cut!)).toBe(true);
      expect(pb.apply(cut!)).toBe(true); // idempotent
      const ma = pa.material(id);
      const mb = pb.material(id);
      expect(ma).toBeDefined();
      expect(Buffer.from(ma!).equals(Buffer.from(mb!))).toBe(true);
      expect(Buffer.from(ma!).equals(Buffer.from(block.subarray(0, 64)))).toBe(true);
      // Reading is not delivering: still there.
      expect(pa.material(id)).toBeDefined();
      pa.release(id);
      pb.release(id);
      pb.release(id);
      expect(pa.material(id)).toBeUndefined();
      expect(pb.material(id)).toBeUndefined();
      // A cut asked again after release names no bits: the other end refuses it.
      const again = pa.cut(id, 512);
      expect(again?.segments).toEqual([]);
      expect(pb.apply(again!)).toBe(false);
      expect(pa.availableBits()).toBe(512 * 8 - 512);
      sa.close();
      sb.close();
    }));

  it('returns null when the pool is short; a contradicting cut is refused', () => {
    const [sa, sb] = storePair(newDir(), 'l2', [new Uint8Array(32).fill(3)]);
    const [pa, pb] = pools('l2', sa, sb);
    expect(pa.cut(hopKeyId('6f1c2a4e-0000-4000-8000-000000000002', 0), 512)).toBeNull();
    const id = hopKeyId('6f1c2a4e-0000-4000-8000-000000000002', 1);
    const cut = pa.cut(id, 128)!;
    expect(pb.apply({ ...cut, segments: [{ ...cut.segments[0], blockId: 'nope' }] })).toBe(false);
    expect(pb.apply({ ...cut, bits: 64 })).toBe(false);
    expect(pb.apply(cut)).toBe(true);
    // Behind the front: bits already consumed at this end.
    const id2 = hopKeyId('6f1c2a4e-0000-4000-8000-000000000002', 2);
    expect(pb.apply({ hopKeyId: id2, bits: 64, segments: [{ blockId: 'l2:0', bitOffset: 0, bitLength: 64 }] })).toBe(false);
    sa.close();
    sb.close();
  });

  it('shares the pool with ETSI reservations in cut order (the other end skips what it never saw)', () => {
    const [sa, sb] = storePair(newDir(), 'l3', [new Uint8Array(256).fill(9), new Uint8Array(256).fill(5)]);
    const [pa, pb] = pools('l3', sa, sb);
    const etsi = sa.reserve(2, 256, { masterSae: 'sae-a', slaveSae: 'sae-b' });
    const lost = sa.reserve(1, 256, { masterSae: 'sae-a', slaveSae: 'sae-b' }); // never reaches b
    const id = hopKeyId('6f1c2a4e-0000-4000-8000-000000000003', 0);
    const cut = pa.cut(id, 1024)!;
    expect(sb.applyReservation(etsi, { allowSkip: true })).toBe('applied');
    expect(pb.apply(cut)).toBe(true);
    expect(lost.keys.length).toBe(1);
    expect(Buffer.from(pa.material(id)!).equals(Buffer.from(pb.material(id)!))).toBe(true);
    expect(sa.stats().appBits).toBe(sb.stats().appBits);
    sa.close();
    sb.close();
  });

  it('a relay over two key-store links gives the same key at both ends, exactly once', () =>
    withSeed('hop-pool', (rng) => {
      const dir = newDir();
      const bytes = (n: number): Uint8Array => new Uint8Array(n).map(() => rng.nextU32() & 0xff);
      const [ab1, ab2] = storePair(dir, 'ab', [bytes(4096)]);
      const [bc1, bc2] = storePair(dir, 'bc', [bytes(4096)]);
      // Link ab: a cuts. Link bc: c cuts (b must ask for the cut).
      const [aAb, bAb] = pools('ab', ab1, ab2, 'a', 'b');
      const cBc = new KeyStoreHopPool({ linkId: 'bc', peer: 'b', allocator: true, store: () => bc2 });
      const bBc = new KeyStoreHopPool({ linkId: 'bc', peer: 'c', allocator: false, store: () => bc1 });
      const queue: { from: string; to: string; bytes: Uint8Array }[] = [];
      const engines = new Map<string, RelayEngine>();
      const make = (self: string, links: KeyStoreHopPool[]): RelayEngine =>
        new RelayEngine({
          self,
          store: new MemoryRelayRecordStore(),
          links,
          send: (to, m: RelayMessage) => queue.push({ from: self, to, bytes: encodeRelayMessage(m) }),
          randomBytes: bytes,
        });
      engines.set('a', make('a', [aAb]));
      engines.set('b', make('b', [bAb, bBc]));
      engines.set('c', make('c', [cBc]));
      const relayId = engines.get('a')!.start({
        path: { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] },
        sizeBits: 256,
        masterSae: 'sae-a',
        slaveSae: 'sae-c',
      });
      for (let steps = 0; queue.length > 0 && steps < 100; steps++) {
        const m = queue.shift()!;
        engines.get(m.to)!.receive(m.from, decodeRelayMessage(m.bytes));
      }
      expect(engines.get('a')!.status(relayId)?.usable).toBe(true);
      expect(engines.get('c')!.status(relayId)?.usable).toBe(true);
      const ka = engines.get('a')!.take(relayId, 'sae-a');
      const kc = engines.get('c')!.take(relayId, 'sae-c');
      expect(Buffer.from(ka).equals(Buffer.from(kc))).toBe(true);
      expect(() => engines.get('c')!.take(relayId, 'sae-c')).toThrow();
      // Each hop paid n + 256 bits at both ends, and nothing is left held.
      expect(ab1.stats().appBits).toBe(4096 * 8 - 512);
      expect(ab2.stats().appBits).toBe(4096 * 8 - 512);
      expect(bc1.stats().appBits).toBe(4096 * 8 - 512);
      expect(bc2.stats().appBits).toBe(4096 * 8 - 512);
      for (const s of [ab1, ab2, bc1, bc2]) s.close();
    }));
});
