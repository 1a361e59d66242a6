import { afterEach, describe, expect, it } from 'vitest';
import { encodeTagRecords, decodeTagRecords, type qkd } from '../../../firmware-protocol/index.ts';
import { BoardLink, TagStream } from '../../../drivers/link/index.ts';
import { QkdErrorCode } from '../../../errors/index.ts';
import type { QkdError } from '../../../errors/index.ts';
import { createMemoryTransportPair } from '../../../drivers/transport/memory.ts';
import { FakeBoard } from '../../support/fake-board.ts';

const links: BoardLink[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
});

/** A fake tagger with `total` batches to send; it obeys credit unless told not to. */
function taggerScript(total: number, obeyCredit: boolean) {
  const state = { limit: 0, next: 0, grants: [] as number[], maxAhead: 0, stopped: false };
  const pump = (b: FakeBoard): void => {
    while (state.next < total && (!obeyCredit || ((state.limit - state.next) | 0) > 0)) {
      const seq = state.next++;
      const tags = encodeTagRecords([seq % 4, (seq + 1) % 4], [seq * 10, seq * 10 + 5], 2);
      b.event({
        tagBatch: { streamId: 7, batchSeq: seq, baseTimePs: seq * 1_000_000, tagCount: 2, tags, last: state.stopped && seq === total - 1 },
      });
    }
  };
  const script = (req: qkd.Request, b: FakeBoard): void => {
    if (req.startTagStream) {
      state.limit = req.startTagStream.initialCreditLimitSeq ?? 0;
      b.ok(req, { streamId: 7, startFrame: 3 });
      pump(b); // batches may follow the response in the same chunk
    } else if (req.grantCredit) {
      state.grants.push(req.grantCredit.creditLimitSeq ?? 0);
      if (((req.grantCredit.creditLimitSeq ?? 0) - state.limit) | 0) state.limit = req.grantCredit.creditLimitSeq ?? 0;
      b.ok(req, { nextBatchSeq: state.next });
      pump(b);
    } else if (req.stopTagStream) {
      state.stopped = true;
      total = state.next + 1; // one final (empty) batch marked last
      b.ok(req);
      pump(b);
    }
  };
  return { state, script };
}

async function open(script: (req: qkd.Request, b: FakeBoard) => void) {
  const { host, device } = createMemoryTransportPair();
  const board = new FakeBoard(device, script);
  const link = new BoardLink(host, { timeoutMs: 2000 });
  links.push(link);
  await link.open();
  return { link, board };
}

const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('TagStream flow control', () => {
  it('receives every batch in order while the board never runs ahead of the credit', { timeout: 5000 }, async () => {
    const t = taggerScript(40, true);
    const { link } = await open(t.script);
    const stream = await TagStream.start(link, { channelMask: 0b1111 }, { windowBatches: 4 });
    expect(stream.streamId).toBe(7);
    const seqs: number[] = [];
    const errors: QkdError[] = [];
    const ch = new Uint8Array(2);
    const ps = new Float64Array(2);
    let maxOutstanding = 0;
    stream.on('error', (e) => errors.push(e));
    stream.on('batch', (b) => {
      seqs.push(b.batchSeq);
      expect(decodeTagRecords(b.tags, ch, ps)).toBe(2);
      expect(ps[1] - ps[0]).toBe(5);
      maxOutstanding = Math.max(maxOutstanding, stream.outstanding);
    });
    // A consumer that releases one batch per round: slower than the board could send.
    for (let round = 0; seqs.length < 40 && round < 500; round++) {
      await ticks(2);
      if (stream.outstanding > 0) stream.release();
    }
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(maxOutstanding).toBeLessThanOrEqual(4);
    expect(errors).toEqual([]);
    expect(stream.stats).toMatchObject({ batches: 40, lostBatches: 0, overCreditBatches: 0 });
    // Credit went back in steps of half the window, each limit larger than the last.
    expect(t.state.grants.length).toBeGreaterThan(10);
    for (let i = 1; i < t.state.grants.length; i++) expect(t.state.grants[i]).toBeGreaterThan(t.state.grants[i - 1]);

    // The final batch (marked last) needs credit like any other: keep consuming.
    let ended = false;
    stream.on('end', () => (ended = true));
    await stream.stop();
    for (let round = 0; !ended && round < 100; round++) {
      await ticks(2);
      if (stream.outstanding > 0) stream.release();
    }
    expect(ended).toBe(true);
    expect(seqs.at(-1)).toBe(40);
    stream.detach();
  });

  it('reports a board that sends beyond its credit as Backpressure', async () => {
    const t = taggerScript(6, false);
    const { link } = await open(t.script);
    const stream = await TagStream.start(link, { channelMask: 1 }, { windowBatches: 4 });
    const errors: QkdError[] = [];
    stream.on('error', (e) => errors.push(e));
    await ticks(4);
    expect(stream.stats.batches).toBe(6);
    expect(stream.stats.overCreditBatches).toBe(2);
    expect(errors.map((e) => e.code)).toEqual([QkdErrorCode.Backpressure, QkdErrorCode.Backpressure]);
  });

  it('counts batches lost on the line from batch_seq gaps', async () => {
    const { link } = await open((req, b) => {
      if (!req.startTagStream) return;
      b.ok(req, { streamId: 9 });
      b.event({ tagBatch: { streamId: 9, batchSeq: 0 } });
      b.event({ tagBatch: { streamId: 9, batchSeq: 2, droppedTags: 17 } }); // batch 1 lost
      b.event({ tagBatch: { streamId: 8, batchSeq: 3 } }); // another stream: ignored
    });
    const stream = await TagStream.start(link, { channelMask: 1 });
    await ticks(3);
    expect(stream.stats).toMatchObject({ batches: 2, lostBatches: 1, droppedTags: 17 });
  });
});
