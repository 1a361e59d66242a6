/**
 * The PTU codec: a round trip through our writer and reader (overflow wraps
 * of every size, header tags of the bench), a file built here byte by byte
 * from PicoQuant's documented layout (not by our writer) read correctly, and
 * truncated or corrupt files refused with the byte offset named.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../errors/index.ts';
import { PtuFileWriter, PtuReader, SYNC_CHANNEL, T2_WRAP } from '../../formats/ptu/index.ts';
import { withSeed } from '../support/seed.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-ptu-');

/** Seeded tags: mostly small steps, some gaps of many wraps, one of more wraps than one overflow record holds. */
function makeTags(seed: number, n: number): { channels: Uint8Array; timestampsPs: Float64Array } {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const channels = new Uint8Array(n);
  const timestampsPs = new Float64Array(n);
  let t = 123_456_789_012; // a bench clock well past zero
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (i === Math.floor(n / 2))
      t += T2_WRAP * T2_WRAP * 3 + 17; // three full overflow records' worth
    else if (r < 0.05) t += Math.floor(rnd() * 50 * T2_WRAP);
    else if (r < 0.1)
      t += 0; // equal timestamps on two channels
    else t += Math.floor(rnd() * 20_000);
    timestampsPs[i] = t;
    channels[i] = Math.floor(rnd() * 4);
  }
  return { channels, timestampsPs };
}

describe('PTU round trip', () => {
  it('reads back exactly the tags written, in batches, with the bench header', async () => {
    await withSeed('ptu round trip', (_rng, seed) => {
      const { channels, timestampsPs } = makeTags(seed, 50_000);
      const path = join(newDir(), 'run.ptu');
      const w = PtuFileWriter.create(path, {
        bench: {
          nodeId: 'kme-b',
          pulseRateHz: 1e8,
          channels: { h: 0, v: 1, d: 2, a: 3 },
          gateDelayPs: 48_740,
          gateWidthPs: 400,
          slotsPerFrame: 1 << 22,
          distanceKm: 10,
          createdAt: new Date('2026-01-02T03:04:05Z'),
        },
      });
      // Appended in uneven pieces, as a stream of batches arrives.
      for (let i = 0; i < channels.length; ) {
        const n = Math.min(channels.length - i, 1 + ((i * 7919) % 3000));
        w.append(channels.subarray(i, i + n), timestampsPs.subarray(i, i + n));
        i += n;
      }
      const summary = w.close(2500);
      expect(summary.tags).toBe(50_000);
      expect(summary.records).toBeGreaterThan(50_000); // overflow records too

      const r = PtuReader.open(path);
      try {
        expect(r.numberOfRecords).toBe(summary.records);
        expect(r.header.number('QKD_TagCount')).toBe(50_000);
        expect(r.header.number('MeasDesc_AcquisitionTime')).toBe(2500);
        expect(r.globalResolutionS).toBe(1e-12);
        expect(r.bench).toMatchObject({
          nodeId: 'kme-b',
          pulseRateHz: 1e8,
          channels: { h: 0, v: 1, d: 2, a: 3 },
          gateDelayPs: 48_740,
          gateWidthPs: 400,
          slotsPerFrame: 1 << 22,
          distanceKm: 10,
        });
        expect(r.bench.createdAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
        let batches = 0;
        for (const b of r.batches(4096)) {
          expect(b.count).toBeLessThanOrEqual(4096);
          batches++;
        }
        expect(batches).toBeGreaterThan(10);
        const back = r.readAll();
        expect(back.channels).toEqual(channels);
        expect(back.timestampsPs).toEqual(timestampsPs);
      } finally {
        r.close();
      }
    });
  });

  it('refuses tags it cannot encode (time going back, channel over 63)', () => {
    const w = PtuFileWriter.create(join(newDir(), 'bad.ptu'), { bench: {} });
    w.append(new Uint8Array([0]), new Float64Array([1000]));
    expect(() => w.append(new Uint8Array([0]), new Float64Array([999]))).toThrow(/not an integer at or after the previous tag/);
    expect(() => w.append(new Uint8Array([64]), new Float64Array([2000]))).toThrow(/channel 64/);
    w.abandon();
  });
});

// ---- a file built from the documented layout, without our writer ------------------

const TY = {
  Empty8: 0xffff0008,
  Bool8: 0x00000008,
  Int8: 0x10000008,
  BitSet64: 0x11000008,
  Color8: 0x12000008,
  Float8: 0x20000008,
  TDateTime: 0x21000008,
  Float8Array: 0x2001ffff,
  AnsiString: 0x4001ffff,
  WideString: 0x4002ffff,
  BinaryBlob: 0xffffffff,
};

class HandBuilt {
  private readonly bytes: number[] = [];
  /** Offset of each tag entry, by identifier. */
  readonly at = new Map<string, number>();

  ascii(text: string, size: number): this {
    for (let i = 0; i < size; i++) this.bytes.push(i < text.length ? text.charCodeAt(i) : 0);
    return this;
  }

  u32(v: number): this {
    for (let i = 0; i < 4; i++) this.bytes.push((v >>> (8 * i)) & 0xff);
    return this;
  }

  i64(v: bigint): this {
    const u = BigInt.asUintN(64, v);
    for (let i = 0n; i < 8n; i++) this.bytes.push(Number((u >> (8n * i)) & 0xffn));
    return this;
  }

  f64(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer); // little-endian host (x86, arm)
    this.bytes.push(...b);
    return this;
  }

  raw(b: ArrayLike<number>): this {
    this.bytes.push(...Array.from(b));
    return this;
  }

  /** A tag entry: 32-byte identifier, int32 index, uint32 type; the caller adds the 8 value bytes. */
  tag(ident: string, type: number, index = -1): this {
    this.at.set(ident, this.bytes.length);
    return this.ascii(ident, 32)
      .u32(index >>> 0)
      .u32(type);
  }

  get length(): number {
    return this.bytes.length;
  }

  build(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** HydraHarp V2 T2 record: special bit, 6-bit channel, 25-bit time tag. */
const rec = (special: number, channel: number, time: number): number => ((special << 31) | (channel << 25) | time) >>> 0;

function handBuiltFile(): { bytes: Uint8Array; expected: { channels: number[]; timestampsPs: number[] }; recordsAt: number } {
  const records = [
    rec(0, 2, 100), // ch 2 at 100
    rec(1, 63, 3), // three overflows
    rec(0, 0, 5), // ch 0 at 3·2^25 + 5
    rec(1, 0, 7), // sync at 3·2^25 + 7
    rec(1, 1, 9), // marker 1: skipped
    rec(1, 63, 0), // an old-style overflow: one wrap
    rec(0, 1, T2_WRAP - 1), // ch 1 at 4·2^25 + 2^25 − 1
    rec(0, 3, 0), // ch 3 at 4·2^25
  ];
  const wide = 'Bob ü';
  const wideBytes = new Uint8Array(16);
  for (let i = 0; i < wide.length; i++) wideBytes[i * 2] = wide.charCodeAt(i);
  const b = new HandBuilt()
    .ascii('PQTTTR', 8)
    .ascii('1.0.00', 8)
    .tag('File_GUID', TY.AnsiString)
    .i64(8n)
    .ascii('{abc}', 8)
    .tag('File_CreatingTime', TY.TDateTime)
    .f64(25569 + 1.5) // 1970-01-02 12:00 UTC
    .tag('Measurement_Mode', TY.Int8)
    .i64(2n)
    .tag('Fast_Load_End', TY.Empty8)
    .i64(0n)
    .tag('HW_Flag', TY.Bool8)
    .i64(1n)
    .tag('HW_Features', TY.BitSet64)
    .i64(0xdeadbeefn)
    .tag('Disp_Color', TY.Color8, 0)
    .i64(0xff00n)
    .tag('HW_Name', TY.WideString)
    .i64(16n)
    .raw(wideBytes)
    .tag('Calib', TY.Float8Array)
    .i64(16n)
    .f64(1.25)
    .f64(-2)
    .tag('Blob', TY.BinaryBlob)
    .i64(3n)
    .raw([1, 2, 3])
    .tag('TTResultFormat_TTTRRecType', TY.Int8)
    .i64(0x01010204n)
    .tag('TTResultFormat_BitsPerRecord', TY.Int8)
    .i64(32n)
    .tag('MeasDesc_GlobalResolution', TY.Float8)
    .f64(1e-12)
    .tag('TTResult_NumberOfRecords', TY.Int8)
    .i64(BigInt(records.length))
    .tag('Header_End', TY.Empty8)
    .i64(0n);
  const recordsAt = b.length;
  for (const r of records) b.u32(r);
  const w = T2_WRAP;
  return {
    bytes: b.build(),
    recordsAt,
    expected: {
      channels: [2, 0, SYNC_CHANNEL, 1, 3],
      timestampsPs: [100, 3 * w + 5, 3 * w + 7, 4 * w + w - 1, 4 * w],
    },
  };
}

function expectInvalid(fn: () => unknown, offset: number, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isQkdError(caught, QkdErrorCode.RecordingFileInvalid), String(caught)).toBe(true);
  const e = caught as Error & { details: { offset: number } };
  expect(e.message).toContain(`byte ${offset}:`);
  expect(e.details.offset).toBe(offset);
  expect(e.message).toMatch(pattern);
}

describe('a PTU file built byte by byte from the documented layout', () => {
  it('is read correctly: every tag type, overflows (counted and old-style), sync, markers', () => {
    const { bytes, expected } = handBuiltFile();
    const r = PtuReader.fromBytes(bytes, 'hand.ptu');
    expect(r.header.version).toBe('1.0.00');
    expect(r.header.string('File_GUID')).toBe('{abc}');
    expect(r.header.date('File_CreatingTime')?.toISOString()).toBe('1970-01-02T12:00:00.000Z');
    expect(r.header.get('Fast_Load_End')).toEqual({ type: 'Empty8' });
    expect(r.header.get('HW_Flag')).toEqual({ type: 'Bool8', value: true });
    expect(r.header.get('HW_Features')).toEqual({ type: 'BitSet64', value: 0xdeadbeefn });
    expect(r.header.get('Disp_Color', 0)).toEqual({ type: 'Color8', value: 0xff00n });
    expect(r.header.string('HW_Name')).toBe('Bob ü');
    expect(Array.from((r.header.get('Calib') as { value: Float64Array }).value)).toEqual([1.25, -2]);
    expect(Array.from((r.header.get('Blob') as { value: Uint8Array }).value)).toEqual([1, 2, 3]);
    const all = r.readAll();
    expect(Array.from(all.channels)).toEqual(expected.channels);
    expect(Array.from(all.timestampsPs)).toEqual(expected.timestampsPs);
    expect(r.stats).toEqual({ overflows: 4, markers: 1, syncs: 1 });
  });

  it('reads PicoHarp T2 records (4-bit channel, 28-bit time, 4 ps units)', () => {
    const b = new HandBuilt()
      .ascii('PQTTTR', 8)
      .ascii('1.0.00', 8)
      .tag('TTResultFormat_TTTRRecType', TY.Int8)
      .i64(0x00010203n)
      .tag('MeasDesc_GlobalResolution', TY.Float8)
      .f64(4e-12)
      .tag('TTResult_NumberOfRecords', TY.Int8)
      .i64(3n)
      .tag('Header_End', TY.Empty8)
      .i64(0n)
      .u32(((1 << 28) | 10) >>> 0) // ch 1, t 10
      .u32(((0xf << 28) | 0) >>> 0) // overflow
      .u32(((3 << 28) | 2) >>> 0); // ch 3, t 210698240 + 2
    const all = PtuReader.fromBytes(b.build()).readAll();
    expect(Array.from(all.channels)).toEqual([1, 3]);
    expect(Array.from(all.timestampsPs)).toEqual([40, (210_698_240 + 2) * 4]);
  });
});

describe('truncated or corrupt files', () => {
  const { bytes, recordsAt } = handBuiltFile();

  it('name the byte offset of what was expected and is missing', () => {
    expectInvalid(() => PtuReader.fromBytes(bytes.subarray(0, 5), 'cut.ptu'), 0, /truncated: expected the magic/);
    expectInvalid(() => PtuReader.fromBytes(bytes.subarray(0, 40), 'cut.ptu'), 16, /truncated: expected a 48-byte tag entry/);
    // Inside the 8 bytes of File_GUID's string (after its 48-byte entry at 16).
    expectInvalid(() => PtuReader.fromBytes(bytes.subarray(0, 16 + 48 + 3), 'cut.ptu'), 64, /the 8 bytes of tag 'File_GUID'/);
    // Records cut: the header is whole, record 5 is only half there.
    expectInvalid(
      () => PtuReader.fromBytes(bytes.subarray(0, recordsAt + 5 * 4 + 2), 'cut.ptu'),
      recordsAt + 20,
      /truncated: expected record 5 of the 8/,
    );
  });

  it('name the byte offset of what is wrong', () => {
    const badMagic = bytes.slice();
    badMagic[1] = 0x58;
    expectInvalid(() => PtuReader.fromBytes(badMagic, 'x.ptu'), 0, /expected the magic 'PQTTTR'.*found 'PXTTTR/);

    const badType = bytes.slice();
    new DataView(badType.buffer).setUint32(16 + 48 + 8 + 36, 0x12345678, true); // File_CreatingTime's type
    expectInvalid(() => PtuReader.fromBytes(badType, 'x.ptu'), 16 + 48 + 8 + 36, /tag 'File_CreatingTime': unknown tag type 0x12345678/);

    const badRecord = bytes.slice();
    new DataView(badRecord.buffer).setUint32(recordsAt + 4 * 4, rec(1, 40, 1), true);
    expectInvalid(() => PtuReader.fromBytes(badRecord, 'x.ptu').readAll(), recordsAt + 16, /record 4: .*special record of no known kind/);

    const extra = new Uint8Array(bytes.length + 4);
    extra.set(bytes);
    expectInvalid(() => PtuReader.fromBytes(extra, 'x.ptu'), bytes.length, /4 bytes follow the 8 records/);
  });

  it('refuse T3 recordings and a missing file with a clear QkdError', () => {
    const t3 = bytes.slice();
    // TTResultFormat_TTTRRecType's value: find it by its identifier.
    const text = new TextDecoder('latin1').decode(t3);
    const at = text.indexOf('TTResultFormat_TTTRRecType');
    new DataView(t3.buffer).setBigInt64(at + 40, 0x01010304n, true);
    expect(() => PtuReader.fromBytes(t3, 't3.ptu')).toThrow(/HydraHarp2T3 is not a T2 record type .*record in T2 mode/);
    const path = join(newDir(), 'gone.ptu');
    expect(() => PtuReader.open(path)).toThrow(expect.objectContaining({ code: QkdErrorCode.FileMissing }));
    writeFileSync(path, bytes);
    expect(readFileSync(path).length).toBe(bytes.length);
    const r = PtuReader.open(path);
    expect(r.readAll().channels.length).toBe(5);
    r.close();
  });
});
