/**
 * The relay's durable pieces on their own: the SQLite record store (file
 * modes, a record read back after reopening, unfinished / deliverable /
 * prune), the message codec (round trip, refusal of garbage) and the hop
 * cipher (a one-time tag that rejects any single changed bit).
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../../errors/index.ts';
import { hopKeyBits, openHop, sealHop } from '../../../src/network/relay/hop-cipher.ts';
import { hopKeyId } from '../../../src/network/relay/ids.ts';
import {
  decodeForwardHeader,
  decodeRelayMessage,
  encodeForwardHeader,
  encodeRelayMessage,
  type RelayMessage,
} from '../../../src/network/relay/messages.ts';
import type { RelayRecord } from '../../../src/network/relay/records.ts';
import { SqliteRelayRecordStore } from '../../../src/network/relay/sqlite-store.ts';
import { withSeed } from '../../support/seed.ts';
import { tempDirsPerTest } from '../../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-relay-store-');

function record(over: Partial<RelayRecord> = {}): RelayRecord {
  return {
    relayId: '0b0f5a36-9f0e-4c43-9d2e-0a8e2f0c5b11',
    role: 'destination',
    position: 2,
    path: { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] },
    sizeBits: 256,
    masterSae: 'sae-a',
    slaveSae: 'sae-c',
    state: 'stored',
    key: new Uint8Array(32).fill(7),
    forward: null,
    delivered: false,
    finished: false,
    reason: null,
    createdAtMs: 1000,
    updatedAtMs: 1000,
    ...over,
  };
}

describe('SQLite relay record store', () => {
  it('is created 0600, keeps a record across reopening, and lists unfinished and deliverable records', () => {
    const path = `${newDir()}/relay.db`;
    let store = SqliteRelayRecordStore.open(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const r = record();
    store.put(r);
    store.put(record({ relayId: 'other', role: 'source', position: 0, state: 'confirmed', finished: true, createdAtMs: 2000 }));
    store.close();
    store = SqliteRelayRecordStore.open(path);
    expect(store.get(r.relayId)).toEqual(r);
    expect(store.unfinished().map((x) => x.relayId)).toEqual([r.relayId]);
    expect(store.deliverable().map((x) => x.relayId)).toEqual(['other']);
    // replace: the key is deleted, the record finished
    store.put({ ...r, state: 'confirmed', finished: true, delivered: true, key: null, updatedAtMs: 5000 });
    expect(store.get(r.relayId)).toMatchObject({ state: 'confirmed', key: null, delivered: true });
    expect(store.unfinished()).toEqual([]);
    // prune: finished records without key, last changed before the cut-off
    expect(store.prune(4000)).toBe(0); // 'other' still holds its key
    expect(store.prune(6000)).toBe(1);
    expect(store.get(r.relayId)).toBeUndefined();
    expect(store.get('other')).toBeDefined();
    store.close();
  });

  it('names the file when its folder is missing', () => {
    let err: unknown;
    try {
      SqliteRelayRecordStore.open(`${newDir()}/missing/relay.db`);
    } catch (e) {
      err = e;
    }
    expect(isQkdError(err, QkdErrorCode.FileMissing)).toBe(true);
    expect((err as Error).message).toContain('missing');
  });
});

describe('relay messages', () => {
  it('round-trip every body through protobuf and refuse garbage', () => {
    const cut = { hopKeyId: hopKeyId('r1', 0), bits: 512, segments: [{ blockId: 'ab/pool', bitOffset: 1024, bitLength: 512 }] };
    const bodies: RelayMessage['body'][] = [
      { kind: 'forward', header: new Uint8Array([1, 2, 3]), cut, ciphertext: new Uint8Array(32).fill(9), tag: new Uint8Array(16).fill(4) },
      { kind: 'forward', header: new Uint8Array([1]), ciphertext: new Uint8Array(8), tag: new Uint8Array(16) },
      { kind: 'cut-request', bits: 512 },
      { kind: 'cut-grant', cut },
      { kind: 'prepared' },
      { kind: 'commit' },
      { kind: 'abort', reason: 'timeout' },
      { kind: 'done', committed: true },
      { kind: 'done', committed: false },
      { kind: 'reject', reason: 'bad tag' },
    ];
    for (const body of bodies) {
      const m: RelayMessage = { relayId: 'r1', hop: 1, link: 'bc', body };
      expect(decodeRelayMessage(encodeRelayMessage(m))).toEqual(m);
    }
    for (const garbage of [
      new Uint8Array([0xff, 0xff, 0xff]),
      new Uint8Array(0),
      encodeRelayMessage({ relayId: '', hop: 0, link: 'x', body: { kind: 'commit' } }),
    ]) {
      let err: unknown;
      try {
        decodeRelayMessage(garbage);
      } catch (e) {
        err = e;
      }
      expect(isQkdError(err, QkdErrorCode.RelayMessageInvalid)).toBe(true);
    }
    const header = {
      relayId: 'r1',
      path: { nodes: ['a', 'b', 'c'], links: ['ab', 'bc'] },
      hop: 1,
      sizeBits: 256,
      masterSae: 'm',
      slaveSae: 's',
    };
    expect(decodeForwardHeader(encodeForwardHeader(header))).toEqual(header);
    expect(() => decodeForwardHeader(encodeForwardHeader({ ...header, hop: 2 }))).toThrow(/hop 2/);
    expect(() => decodeForwardHeader(encodeForwardHeader({ ...header, path: { nodes: ['a', 'b', 'a'], links: ['ab', 'ab'] } }))).toThrow(
      /twice/,
    );
  });

  it('hop cipher: the key comes back only with the right hop key, and any changed bit of header, ciphertext or tag is refused', async () => {
    await withSeed('relay hop cipher', (rng) => {
      const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => rng.nextU32() & 255);
      const key = bytes(32);
      const hopKey = bytes(hopKeyBits(256) / 8);
      const header = bytes(40);
      const { ciphertext, tag } = sealHop(key, hopKey, header);
      expect(Buffer.from(ciphertext).equals(Buffer.from(key))).toBe(false);
      expect(openHop(ciphertext, tag, hopKey, header, 256)).toEqual(key);
      const other = hopKey.slice();
      other[40] ^= 1; // a bit of the tag's hash key
      expect(openHop(ciphertext, tag, other, header, 256)).toBeNull();
      for (const [name, buf] of [
        ['header', header],
        ['ciphertext', ciphertext],
        ['tag', tag],
      ] as const) {
        for (let trial = 0; trial < 16; trial++) {
          const changed = buf.slice();
          changed[rng.nextU32() % changed.length] ^= 1 << (rng.nextU32() % 8);
          const args = { header, ciphertext, tag, [name]: changed };
          expect(openHop(args.ciphertext, args.tag, hopKey, args.header, 256), `${name} changed`).toBeNull();
        }
      }
    });
  });
});
