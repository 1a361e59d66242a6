/**
 * A QBER or verification alarm is not forever: once enough blocks in a row
 * have been stored after it (each passed its own estimation and
 * verification), the link is clean again and the alarm clears — a trusted
 * node then routes over the link again. Another alarm in between starts the
 * count afresh; the raise counts keep the history.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import { CLEAR_LINK_ALARMS_AFTER_BLOCKS, FrameLoop } from '../../src/node/frame-loop.ts';
import { emptyStatistics } from '../../src/node/frame/frame-outcome.ts';
import type { FrameExecutor } from '../../src/node/frame/frame-executor.ts';
import { blockWork } from '../../src/node/frame/work-id.ts';
import { NodeStats } from '../../src/node/node-stats.ts';

function loop(): { loop: FrameLoop; alarms: AlarmBoard } {
  const log = createLogger({ name: 'test', level: 'silent' });
  const alarms = new AlarmBoard(log);
  const executor = { close: () => undefined } as unknown as FrameExecutor;
  const l = new FrameLoop(
    { side: 'receiver', executor, stats: new NodeStats(), inFlight: 1, frameTimeoutMs: 60_000, log, alarms },
    { produce: async () => undefined, onMessage: () => undefined },
  );
  return { loop: l, alarms };
}

function dropBlock(l: FrameLoop, blockId: number, reason: 'qber-over-threshold' | 'verification-failed'): void {
  l.open(blockWork(blockId));
  l.finish(blockWork(blockId), { ok: false, blockId, reason, detail: `test: ${reason}`, stats: emptyStatistics() });
}

describe('link alarms (QBER, verification)', () => {
  it(`clear after ${CLEAR_LINK_ALARMS_AFTER_BLOCKS} blocks stored in a row, not before; an alarm in between restarts the count`, () => {
    const { loop: l, alarms } = loop();
    dropBlock(l, 1, 'qber-over-threshold');
    dropBlock(l, 2, 'verification-failed');
    expect(alarms.isActive('qber-over-threshold')).toBe(true);
    expect(alarms.isActive('verification-failed')).toBe(true);
    for (let i = 1; i < CLEAR_LINK_ALARMS_AFTER_BLOCKS; i++) l.keyStored();
    expect(alarms.isActive('qber-over-threshold')).toBe(true);
    // Another alarm before the count is reached: it starts again.
    dropBlock(l, 3, 'qber-over-threshold');
    for (let i = 1; i < CLEAR_LINK_ALARMS_AFTER_BLOCKS; i++) l.keyStored();
    expect(alarms.isActive('qber-over-threshold')).toBe(true);
    l.keyStored();
    expect(alarms.isActive('qber-over-threshold')).toBe(false);
    expect(alarms.isActive('verification-failed')).toBe(false);
    // The history stays.
    expect(alarms.snapshot().byCode['qber-over-threshold']).toBe(2);
    expect(alarms.snapshot().byCode['verification-failed']).toBe(1);
  });
});
