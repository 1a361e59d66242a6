/**
 * The transmitter's live modulator control (src/node/modulator-control.ts):
 * each change gets a generation, frames are tagged with the generation in
 * force when emitted, and the outcome log answers per generation — so a
 * calibration never counts a frame emitted before its change.
 */
import { describe, expect, it } from 'vitest';
import { ModulatorControl } from '../../src/node/modulator-control.ts';

const outcome = (testErrors: number, testBits: number) => ({
  ok: false,
  reason: 'qber-over-threshold',
  testErrors,
  testBits,
  qberKey: null,
  keyBits: 0,
});

describe('ModulatorControl', () => {
  it('tags frames with the generation in force when emitted, and applies changes in order', async () => {
    const m = new ModulatorControl({ stateVoltagesV: [0, 4, 2, -2], biasV: 0 });
    m.emitted(10);
    const g1 = m.request({ biasV: 1 });
    const g2 = m.request({ stateVoltagesV: [0, 3, 1.5, -1.5], biasV: 2 });
    expect([g1, g2]).toEqual([1, 2]);
    // Frame 11 is emitted before the changes apply: it still belongs to generation 0.
    m.emitted(11);
    const applied: { bias: number; tableChanged: boolean }[] = [];
    await m.applyPending(async (c, tableChanged) => void applied.push({ bias: c.biasV, tableChanged }));
    expect(applied).toEqual([
      { bias: 1, tableChanged: false },
      { bias: 2, tableChanged: true },
    ]);
    expect(m.generation).toBe(2);
    expect(m.settings).toEqual({ stateVoltagesV: [0, 3, 1.5, -1.5], biasV: 2 });
    m.emitted(12);
    m.finished(11, outcome(5, 100));
    m.finished(12, outcome(1, 100));
    m.finished(10, outcome(50, 100));
    expect(m.outcomes(2).map((r) => r.frameId)).toEqual([12]);
    expect(
      m
        .outcomes(0)
        .map((r) => r.frameId)
        .sort(),
    ).toEqual([10, 11]);
    // A frame never emitted under control is not logged.
    m.finished(99, outcome(1, 1));
    expect(m.outcomes().length).toBe(3);
  });

  it('a change that fails to apply never comes into force and is reported', async () => {
    const m = new ModulatorControl({ stateVoltagesV: [0, 4, 2, -2], biasV: 0 });
    const g = m.request({ biasV: 1 });
    await m.applyPending(async () => {
      throw new Error('board busy');
    });
    expect(m.generation).toBe(0);
    expect(m.failed).toEqual({ generation: g, message: 'board busy' });
    expect(m.settings.biasV).toBe(0);
  });
});
