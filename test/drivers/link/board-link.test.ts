import { afterEach, describe, expect, it } from 'vitest';
import { qkd } from '../../../firmware-protocol/index.ts';
import { BoardLink } from '../../../drivers/link/index.ts';
import type { BoardLinkOptions } from '../../../drivers/link/index.ts';
import { QkdErrorCode, isDeviceError, isQkdError, isTimeout } from '../../../errors/index.ts';
import { createMemoryTransportPair } from '../../../drivers/transport/memory.ts';
import { FakeBoard } from '../../support/fake-board.ts';
import type { Script } from '../../support/fake-board.ts';

const links: BoardLink[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
});

/**
 * A generous default timeout so that a loaded CI machine never times out a
 * request a test expects to succeed; tests about timeouts pass a short one.
 * Nothing asserts how long anything took.
 */
async function setup(script: Script, options: BoardLinkOptions = {}) {
  const { host, device } = createMemoryTransportPair();
  const board = new FakeBoard(device, script);
  const link = new BoardLink(host, { timeoutMs: 2000, ...options });
  links.push(link);
  await link.open();
  return { host, device, board, link, baseline: link.stats };
}
const SHORT = { timeoutMs: 60 };

/** Let the memory transport deliver pending writes (it uses setImmediate). */
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await tick();
};

describe('BoardLink', () => {
  it('opens with a Hello exchange and exposes the board identity', async () => {
    const { link, board } = await setup(() => undefined);
    expect(link.state).toBe('open');
    expect(link.hello?.model).toBe('FAKE-TT');
    expect(link.hasFeature(qkd.Feature.FEATURE_HISTOGRAM)).toBe(true);
    expect(link.hasFeature(qkd.Feature.FEATURE_SYNC_INPUT)).toBe(false);
    // Console switch first (FRAMING.md §6), then a delimiter, then frames.
    const text = new TextDecoder().decode(Uint8Array.from(board.received.slice(0, 18)));
    expect(text).toBe('\r\nSYST:MODE BIN\r\n\0');
    const hello = board.seen('hello')[0];
    expect(hello.hello?.hostProtocolMajor).toBe(1);
    expect(hello.seq).not.toBe(0);
  });

  it('switches a board that is still in console mode to frames, without a retry', async () => {
    const { host, device } = createMemoryTransportPair();
    const board = new FakeBoard(device, () => undefined, true);
    const link = new BoardLink(host, { timeoutMs: 2000 });
    links.push(link);
    const discarded: string[] = [];
    link.on('discarded', (d) => discarded.push(d.reason));
    const hello = await link.open();
    expect(hello.model).toBe('FAKE-TT');
    expect(board.consoleLines).toEqual(['SYST:MODE BIN']);
    expect(board.seen('hello')).toHaveLength(1);
    expect(link.stats.retries).toBe(0);
    expect(discarded).toHaveLength(1); // the board's "OK\r\n", dropped at its 0x00
  });

  it('calls a method and returns its typed response body', async () => {
    const { link } = await setup((req, board) => board.ok(req, { nonce: req.ping?.nonce }));
    const res = await link.call('ping', { nonce: 1234 });
    expect(res).toBeInstanceOf(qkd.PingResponse);
    expect(res.nonce).toBe(1234);
  });

  it('matches concurrent responses by seq, even out of order', async () => {
    const held: qkd.Request[] = [];
    const { link, board } = await setup((req) => held.push(req));
    const a = link.call('ping', { nonce: 1 });
    const b = link.call('ping', { nonce: 2 });
    await ticks(3);
    expect(held).toHaveLength(2);
    for (const r of [...held].reverse()) board.ok(r, { nonce: r.ping?.nonce });
    expect((await a).nonce).toBe(1);
    expect((await b).nonce).toBe(2);
  });

  it('keeps at most maxInFlight requests on the wire and sends the rest in call order', async () => {
    const held: qkd.Request[] = [];
    const { link, board } = await setup((req) => held.push(req), { maxInFlight: 3 });
    const calls = Array.from({ length: 7 }, (_, i) => link.call('ping', { nonce: i }));
    const answered: number[] = [];
    for (let round = 0; answered.length < 7 && round < 50; round++) {
      await ticks(3);
      expect(held.length).toBeLessThanOrEqual(3);
      for (const r of held.splice(0)) {
        answered.push(r.ping?.nonce ?? -1);
        board.ok(r, { nonce: r.ping?.nonce });
      }
    }
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await Promise.all(calls)).map((r) => r.nonce)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('rejects a request too big for one frame with InvalidArgument, before sending anything', async () => {
    const { link, board } = await setup(() => undefined);
    const before = board.requests.length;
    const err = await link.call('uploadPattern', { packed: new Uint8Array(20000) }).catch((e: unknown) => e);
    expect(isQkdError(err, QkdErrorCode.InvalidArgument)).toBe(true);
    await ticks(2);
    expect(board.requests.length).toBe(before);
  });

  it('times out a non-idempotent request after one attempt, without retry', async () => {
    const { link, board } = await setup(() => undefined, SHORT);
    const err = await link.call('start', { startFrame: 10 }).catch((e: unknown) => e);
    expect(isTimeout(err)).toBe(true);
    expect(isQkdError(err) && err.details.attempts).toBe(1);
    expect(board.seen('start')).toHaveLength(1);
    expect(link.stats.retries).toBe(0);
  });

  it('retries an idempotent request with the same seq and succeeds when the board finally answers', async () => {
    let n = 0;
    const { link, board, baseline } = await setup(
      (req, b) => {
        if (++n === 3) b.ok(req, { runState: qkd.RunState.RUN_STATE_IDLE });
      },
      { timeoutMs: 150, maxAttempts: 3 },
    );
    const res = await link.call('getStatus', {});
    expect(res.runState).toBe(qkd.RunState.RUN_STATE_IDLE);
    const sent = board.seen('getStatus');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.seq)).size).toBe(1);
    expect(link.stats.retries - baseline.retries).toBe(2);
    expect(link.stats.timeouts - baseline.timeouts).toBe(2);
  });

  it('gives up on an idempotent request after maxAttempts', async () => {
    const { link, board } = await setup(() => undefined, { ...SHORT, maxAttempts: 2 });
    const err = await link.call('getCountRates', {}).catch((e: unknown) => e);
    expect(isTimeout(err)).toBe(true);
    expect(board.seen('getCountRates')).toHaveLength(2);
  });

  it('ignores and counts a late response, then carries on', async () => {
    const held: qkd.Request[] = [];
    const { link, board, baseline } = await setup((req, b) => {
      if (req.body === 'syncEpoch') held.push(req);
      else b.ok(req, { nonce: req.ping?.nonce });
    }, SHORT);
    await expect(link.call('syncEpoch', {})).rejects.toSatisfy(isTimeout);
    board.ok(held[0]);
    await ticks(2);
    expect(link.stats.lateResponses - baseline.lateResponses).toBe(1);
    expect((await link.call('ping', { nonce: 9 })).nonce).toBe(9);
  });

  it('ignores and counts a duplicate response and an unmatched one', async () => {
    const { link, board, baseline } = await setup((req, b) => {
      b.ok(req, { nonce: 5 });
      b.ok(req, { nonce: 6 }); // e.g. the board answered a retry too
      b.respond(req, { seq: req.seq + 1000, ping: { nonce: 7 } } as never);
    });
    expect((await link.call('ping', {})).nonce).toBe(5);
    await ticks(3);
    expect(link.stats.duplicateResponses - baseline.duplicateResponses).toBe(1);
    expect(link.stats.unmatchedResponses - baseline.unmatchedResponses).toBe(1);
    expect(board.seen('ping')).toHaveLength(1);
  });

  it('dispatches events interleaved with responses, in order, and counts event gaps', async () => {
    const { link, baseline } = await setup((req, b) => {
      b.event({ interlock: { interlock: qkd.InterlockState.INTERLOCK_STATE_OPEN } });
      b.ok(req, { nonce: 1 });
      b.event({ fault: { status: qkd.Status.STATUS_HARDWARE_FAULT, detail: 'TEC' } }, 5); // 1..4 lost
    });
    const all: string[] = [];
    const faults: string[] = [];
    link.on('event', (e) => all.push(`${e.eventSeq}:${e.body}`));
    link.onEvent('fault', (f) => faults.push(f.detail));
    await link.call('ping', {});
    await ticks(3);
    expect(all).toEqual(['0:interlock', '5:fault']);
    expect(faults).toEqual(['TEC']);
    expect(link.stats.lostEvents - baseline.lostEvents).toBe(4);
  });

  it('turns an error status into a DeviceError carrying the board status and detail', async () => {
    const { link } = await setup((req, b) => b.fail(req, qkd.Status.STATUS_INTERLOCK, 'interlock open'));
    const err = await link.call('start', {}).catch((e: unknown) => e);
    expect(isDeviceError(err)).toBe(true);
    expect(isQkdError(err) && err.details).toMatchObject({
      status: qkd.Status.STATUS_INTERLOCK,
      detail: 'interlock open',
      method: 'start',
    });
  });

  it('turns a response body for another method into a ProtocolError', async () => {
    const { link } = await setup((req, b) => b.respond(req, { ping: { nonce: 1 } }));
    const err = await link.call('getStatus', {}).catch((e: unknown) => e);
    expect(isQkdError(err, QkdErrorCode.ProtocolError)).toBe(true);
  });

  it('survives line noise from the board and reports it', async () => {
    const { link, board } = await setup((req, b) => {
      b.sendRaw(Uint8Array.of(0x13, 0x37, 0x99, 0x00));
      b.ok(req, { nonce: 3 });
    });
    const discarded: string[] = [];
    link.on('discarded', (d) => discarded.push(d.reason));
    expect((await link.call('ping', {})).nonce).toBe(3);
    expect(discarded).toEqual(['cobs']);
    expect(board.requests.length).toBeGreaterThan(1);
  });

  it('rejects every pending call with LinkClosed when the cable is pulled, and later calls too', async () => {
    const { link, host } = await setup(() => undefined, { timeoutMs: 30_000, maxInFlight: 2 });
    const closed: number[] = [];
    link.on('close', (e) => closed.push(e.code));
    // maxInFlight 2: the third call is still queued when the cable goes.
    const calls = [link.call('getStatus', {}), link.call('start', {}), link.call('ping', {})];
    await tick();
    host.unplug();
    for (const c of calls) {
      const err = await c.catch((e: unknown) => e);
      expect(isQkdError(err, QkdErrorCode.LinkClosed)).toBe(true);
      expect((err as Error).cause).toMatchObject({ code: QkdErrorCode.TransportUnplugged });
    }
    await expect(link.call('ping', {})).rejects.toSatisfy((e) => isQkdError(e, QkdErrorCode.LinkClosed));
    expect(closed).toEqual([QkdErrorCode.LinkClosed]);
    expect(link.state).toBe('closed');
  });

  it('rejects a call before open with NotConnected', async () => {
    const { host } = createMemoryTransportPair();
    const link = new BoardLink(host);
    await expect(link.call('ping', {})).rejects.toSatisfy((e) => isQkdError(e, QkdErrorCode.NotConnected));
  });
});

describe('BoardLink version negotiation', () => {
  async function openAgainst(hello: qkd.HelloResponse.$Properties, status = qkd.Status.STATUS_OK, options: BoardLinkOptions = {}) {
    const { host, device } = createMemoryTransportPair();
    const board = new FakeBoard(device);
    board.hello = hello;
    board.helloStatus = status;
    const link = new BoardLink(host, { timeoutMs: 2000, ...options });
    const err = await link.open().catch((e: unknown) => e);
    return { err, link };
  }

  it('refuses a board with another protocol major (VersionMismatch) and closes', async () => {
    const { err, link } = await openAgainst({ protocolMajor: 2, protocolMinor: 0, boardKind: qkd.BoardKind.BOARD_KIND_TIME_TAGGER });
    expect(isQkdError(err, QkdErrorCode.VersionMismatch)).toBe(true);
    expect(isQkdError(err) && err.details).toMatchObject({ boardMajor: 2, hostMajor: 1 });
    expect(link.state).toBe('closed');
  });

  it('maps a board that answers STATUS_VERSION_MISMATCH to VersionMismatch', async () => {
    const { err } = await openAgainst({ protocolMajor: 0 }, qkd.Status.STATUS_VERSION_MISMATCH);
    expect(isQkdError(err, QkdErrorCode.VersionMismatch)).toBe(true);
  });

  it('accepts a newer minor version', async () => {
    const { err, link } = await openAgainst({ protocolMajor: 1, protocolMinor: 7, boardKind: qkd.BoardKind.BOARD_KIND_TIME_TAGGER });
    expect(err).toBeInstanceOf(qkd.HelloResponse);
    expect(link.state).toBe('open');
    await link.close();
  });

  it('refuses a board of another kind when one is expected (WrongBoard)', async () => {
    const { err } = await openAgainst(
      { protocolMajor: 1, boardKind: qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE, model: 'PS-1' },
      qkd.Status.STATUS_OK,
      { expectedBoardKind: qkd.BoardKind.BOARD_KIND_TIME_TAGGER },
    );
    expect(isQkdError(err, QkdErrorCode.WrongBoard)).toBe(true);
  });
});
