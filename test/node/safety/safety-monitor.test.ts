/**
 * The safety monitor against a scripted bench (no boards): each condition
 * holds the generation gate under its own `safety:<condition>` reason and
 * raises its alarm once per trip, and releases the gate once it clears;
 * hysteresis keeps a value flapping at its limit from flooding the alarms;
 * interlock events act at once; conditions and an operator's stop are
 * independent.
 */
import { describe, expect, it } from 'vitest';
import type { SafetyLimits } from '../../../src/config/board-settings.ts';
import { createLogger } from '../../../src/log.ts';
import { AlarmBoard } from '../../../src/node/alarms.ts';
import type { BenchHealth, ReportsBenchHealth } from '../../../src/node/bench-port.ts';
import { GenerationGate } from '../../../src/node/generation-gate.ts';
import { type SafetyCondition, SafetyMonitor } from '../../../src/node/safety/safety-monitor.ts';

const LIMITS: SafetyLimits = {
  pollIntervalMs: 100,
  maxBoardTemperatureDegc: 60,
  maxLaserTemperatureDegc: 45,
  maxDetectorTemperatureDegc: -10,
  temperatureHysteresisDegc: 2,
  minLaserCurrentMa: 1,
  countRates: (['h', 'v', 'd', 'a'] as const).map((label, channel) => ({ label, channel, minCps: 1000, maxCps: 2e6 })),
  saturationDeadFraction: 0.8,
  rateHysteresis: 0.1,
};

/** A quiet bench: every reading well inside its limits. */
function healthy(): BenchHealth {
  return {
    boardTemperatures: [
      { board: 'photon-source', degc: 31 },
      { board: 'detector', degc: 29 },
    ],
    source: { interlockOpen: false, emitting: true, laserCurrentMa: 40, laserTemperatureDegc: 25 },
    detectors: [0, 1, 2, 3].map((channel) => ({ channel, countsPerSecond: 100_000, temperatureDegc: -50, deadTimeNs: 1000 })),
  };
}

function withDetector(
  h: BenchHealth,
  channel: number,
  change: { countsPerSecond?: number; temperatureDegc?: number; deadTimeNs?: number },
): BenchHealth {
  return { ...h, detectors: h.detectors!.map((d) => (d.channel === channel ? { ...d, ...change } : d)) };
}

function setup(limits: SafetyLimits = LIMITS) {
  let interlock: ((open: boolean) => void) | null = null;
  let reading = healthy();
  const bench: ReportsBenchHealth = {
    onInterlock: (l) => {
      interlock = l;
    },
    readHealth: async () => reading,
  };
  const log = createLogger({ name: 't', level: 'silent' });
  const gate = new GenerationGate();
  const alarms = new AlarmBoard(log);
  const monitor = new SafetyMonitor({ bench, gate, alarms, log, limits });
  return {
    monitor,
    gate,
    alarms,
    reasons: () => gate.current().map((h) => h.reason),
    count: (code: string) => alarms.snapshot().byCode[code] ?? 0,
    setReading: (h: BenchHealth) => {
      reading = h;
    },
    interlock: (open: boolean) => interlock!(open),
  };
}

const CASES: { condition: SafetyCondition; alarm: string; trip: () => BenchHealth; detail: RegExp }[] = [
  {
    condition: 'interlock',
    alarm: 'interlock-open',
    trip: () => ({ ...healthy(), source: { ...healthy().source!, interlockOpen: true, emitting: false, laserCurrentMa: 0 } }),
    detail: /interlock open/,
  },
  {
    condition: 'laser-off',
    alarm: 'laser-off',
    trip: () => ({ ...healthy(), source: { ...healthy().source!, laserCurrentMa: 0 } }),
    detail: /laser current is 0\.0 mA/,
  },
  {
    condition: 'over-temperature',
    alarm: 'over-temperature',
    trip: () => ({ ...healthy(), boardTemperatures: [{ board: 'photon-source', degc: 71 }] }),
    detail: /board photon-source at 71\.0 °C \(max 60 °C\)/,
  },
  {
    condition: 'over-temperature',
    alarm: 'over-temperature',
    trip: () => ({ ...healthy(), source: { ...healthy().source!, laserTemperatureDegc: 50 } }),
    detail: /laser diode at 50\.0 °C/,
  },
  {
    condition: 'over-temperature',
    alarm: 'over-temperature',
    trip: () => withDetector(healthy(), 2, { temperatureDegc: 5 }),
    detail: /detector D \(channel 2\) at 5\.0 °C/,
  },
  {
    condition: 'detector-saturated',
    alarm: 'detector-saturated',
    trip: () => withDetector(healthy(), 1, { countsPerSecond: 950_000 }),
    detail: /detector V \(channel 1\) saturated: 950000 counts\/s with 1000 ns dead time/,
  },
  {
    condition: 'count-rate-out-of-range',
    alarm: 'count-rate-out-of-range',
    trip: () => withDetector(healthy(), 3, { countsPerSecond: 10 }),
    detail: /detector A \(channel 3\) counts 10\/s, outside 1000\.\.2000000/,
  },
];

describe('safety monitor', () => {
  for (const c of CASES) {
    it(`${c.condition} (${c.detail.source.slice(0, 30)}…): holds safety:${c.condition}, raises ${c.alarm} once per trip, releases when cleared`, () => {
      const t = setup();
      t.monitor.evaluate(healthy());
      expect(t.gate.isOpen).toBe(true);
      t.monitor.evaluate(c.trip());
      expect(t.reasons()).toEqual([`safety:${c.condition}`]);
      expect(t.gate.current()[0].detail).toMatch(c.detail);
      expect(t.count(c.alarm)).toBe(1);
      expect(t.alarms.snapshot().total).toBe(1); // no other condition tripped alongside
      t.monitor.evaluate(c.trip()); // still tripped: no second alarm
      expect(t.count(c.alarm)).toBe(1);
      expect(t.monitor.active().map((a) => a.condition)).toEqual([c.condition]);
      t.monitor.evaluate(healthy());
      expect(t.gate.isOpen).toBe(true);
      expect(t.monitor.active()).toEqual([]);
      t.monitor.evaluate(c.trip()); // a new trip: a new alarm
      expect(t.count(c.alarm)).toBe(1 + 1);
      expect(t.gate.isOpen).toBe(false);
    });
  }

  it('hysteresis: a temperature flapping around its maximum trips once and clears only below max − hysteresis', () => {
    const t = setup();
    const at = (degc: number): BenchHealth => ({ ...healthy(), boardTemperatures: [{ board: 'detector', degc }] });
    for (const degc of [59.9, 60.1, 59.9, 60.2, 59.0, 60.3, 58.5, 60.1]) t.monitor.evaluate(at(degc));
    expect(t.count('over-temperature')).toBe(1);
    expect(t.gate.isOpen).toBe(false);
    t.monitor.evaluate(at(58.0)); // max 60 − 2 °C
    expect(t.gate.isOpen).toBe(true);
    for (const degc of [59.0, 59.9, 58.5]) t.monitor.evaluate(at(degc));
    expect(t.gate.isOpen).toBe(true);
    expect(t.count('over-temperature')).toBe(1);
  });

  it('hysteresis: a count rate flapping at its maximum trips once and clears below max·(1 − hysteresis)', () => {
    const t = setup();
    // SNSPD-class dead time: 2 Mcps is far from saturation.
    for (const cps of [1_990_000, 2_010_000, 1_999_000, 2_050_000, 1_900_000, 2_001_000]) {
      t.monitor.evaluate(withDetector(healthy(), 0, { countsPerSecond: cps, deadTimeNs: 20 }));
    }
    expect(t.count('count-rate-out-of-range')).toBe(1);
    expect(t.count('detector-saturated')).toBe(0);
    expect(t.gate.isOpen).toBe(false);
    t.monitor.evaluate(withDetector(healthy(), 0, { countsPerSecond: 1_800_000, deadTimeNs: 20 }));
    expect(t.gate.isOpen).toBe(true);
  });

  it('a saturated detector raises detector-saturated, not also count-rate-out-of-range', () => {
    const t = setup();
    t.monitor.evaluate(withDetector(healthy(), 0, { countsPerSecond: 999_000 })); // dead 99.9 % of the time, inside the range
    t.monitor.evaluate(withDetector(healthy(), 0, { countsPerSecond: 5_000_000 })); // and now above the 2e6 max too
    expect(t.count('detector-saturated')).toBe(1);
    expect(t.count('count-rate-out-of-range')).toBe(0);
  });

  it('interlock events act at once, without waiting for a poll; a board that is away keeps its readings', async () => {
    const t = setup({ ...LIMITS, pollIntervalMs: 60_000 });
    t.monitor.start();
    t.interlock(true);
    expect(t.reasons()).toEqual(['safety:interlock']);
    expect(t.count('interlock-open')).toBe(1);
    t.monitor.evaluate({ boardTemperatures: [] }); // the source did not answer this time
    expect(t.reasons()).toEqual(['safety:interlock']);
    t.interlock(false);
    expect(t.gate.isOpen).toBe(true);
    t.interlock(true);
    expect(t.count('interlock-open')).toBe(2);
    await t.monitor.stop();
  });

  it('the poll reads the bench: a condition found by polling holds the gate until a later poll clears it', async () => {
    const t = setup();
    t.setReading(withDetector(healthy(), 2, { temperatureDegc: 0 }));
    t.monitor.start();
    await expect.poll(() => t.reasons(), { timeout: 10_000 }).toEqual(['safety:over-temperature']);
    t.setReading(healthy());
    await expect.poll(() => t.gate.isOpen, { timeout: 10_000 }).toBe(true);
    await t.monitor.stop();
  });

  it('conditions and an operator stop are independent: each is released only by itself', () => {
    const t = setup();
    t.gate.hold('operator', 'qkdctl stop');
    t.monitor.evaluate(CASES[0].trip());
    t.monitor.evaluate({ ...CASES[0].trip(), boardTemperatures: [{ board: 'photon-source', degc: 80 }] });
    expect(t.reasons()).toEqual(['operator', 'safety:interlock', 'safety:over-temperature']);
    t.monitor.evaluate(healthy());
    expect(t.reasons()).toEqual(['operator']);
    t.gate.release('operator');
    expect(t.gate.isOpen).toBe(true);
  });
});
