/**
 * Serving a board on TCP in-process (what `qkd-sim --tcp` and `qkdd demo`
 * use), through the real TCP transport and BoardLink: the link opens from
 * console mode, unplugging the board drops the connection, and after a
 * replug a new connection finds the board freshly booted. And serving on a
 * pty without socat is an expected failure naming the board, not a bug.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BoardLink } from '../../../drivers/link/index.ts';
import { openTransport } from '../../../drivers/transport/index.ts';
import { qkd } from '../../../firmware-protocol/index.ts';
import { createSimulatedBench, serveOnPty, serveOnTcp, type ServedTcp, type SimulatedBench } from '../../../sim/index.ts';
import { QkdErrorCode, isQkdError } from '../../../errors/index.ts';
import { until } from '../../support/sim-board-link.ts';

let sim: SimulatedBench | null = null;
let served: ServedTcp | null = null;
afterEach(async () => {
  await served?.close();
  sim?.close();
  served = null;
  sim = null;
});

describe('serveOnTcp', () => {
  it('serves a board to BoardLink over TCP; unplug drops the line, replug boots the board again', async () => {
    sim = createSimulatedBench({ seed: 9 });
    served = await serveOnTcp(sim.boards.detector, 0); // port 0: any free port
    expect(served.url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const link = new BoardLink(await openTransport(served.url), { timeoutMs: 2000 });
    expect((await link.open()).boardKind).toBe(qkd.BoardKind.BOARD_KIND_TIME_TAGGER);
    await link.call('configureChannel', { channel: 1, enabled: true });
    expect((await link.call('ping', { nonce: 99 })).nonce).toBe(99);
    let closed = false;
    link.on('close', () => (closed = true));
    sim.control.unplug('detector');
    await until(() => closed, 'the link to close');
    sim.control.replug('detector');
    const again = new BoardLink(await openTransport(served.url), { timeoutMs: 2000 });
    await again.open(); // from console mode again: BoardLink switches it
    expect((await again.call('getStatus', {})).runState).toBe(qkd.RunState.RUN_STATE_IDLE); // configuration lost
    await again.close();
  });
});

describe('serveOnPty', () => {
  it('without socat, rejects with ExternalToolFailed naming the board', async () => {
    sim = createSimulatedBench({ seed: 9 });
    const err: unknown = await serveOnPty(sim.boards.detector, { socat: '/nonexistent/socat', name: 'detector' }).catch((e: unknown) => e);
    expect(isQkdError(err, QkdErrorCode.ExternalToolFailed), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/^cannot serve detector on a pty: cannot start socat/);
  });
});
