/** The board requests a bench config maps to: units converted once (V → mV, Hz → ps), the gate clipped to a slot, missing sections named. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../errors/index.ts';
import { qkd } from '../../firmware-protocol/index.ts';
import { receiverBoardSettings, safetyLimits, transmitterBoardSettings } from '../../src/config/board-settings.ts';
import { parseBenchConfig } from '../../src/config/load-bench-config.ts';

const alice = readFileSync(new URL('../../examples/real-bench-alice.yaml', import.meta.url), 'utf8');
const bob = readFileSync(new URL('../../examples/sim-bob.yaml', import.meta.url), 'utf8');

describe('board settings from the bench config', () => {
  it('transmitter: rate, frame, mean photon numbers, drive voltages and bias in the firmware units', () => {
    const cfg = parseBenchConfig(alice.replace('biasV: 0', 'biasV: -1.2346'), 'alice.yaml');
    const s = transmitterBoardSettings(cfg);
    expect(s.photonSourceUrl).toBe(cfg.boards.photonSource);
    expect(s.source).toMatchObject({
      pulseRateHz: 1e9,
      frameSlots: cfg.frame.slots,
      signalMeanPhotonNumber: cfg.source.intensities.signal,
    });
    expect(s.modulator.drive).toEqual({ hMv: 700, vMv: 4700, dMv: 2700, aMv: 6700 });
    expect(s.modulatorBias).toEqual({ biasMv: -1235 });
    expect(s.slotsPerFrame).toBe(cfg.frame.slots);
  });

  it('receiver: one request per channel in H, V, D, A order, slot period from the rate, gate never wider than a slot', () => {
    const cfg = parseBenchConfig(bob.replace('gateWidthPs: 400', 'gateWidthPs: 25000'), 'bob.yaml');
    const s = receiverBoardSettings(cfg);
    const ch = cfg.detector!.channels;
    expect(s.channelRequests).toEqual([ch.h, ch.v, ch.d, ch.a].map((channel) => ({ channel, enabled: true })));
    expect(s.slotPeriodPs).toBe(10_000); // 100 MHz
    expect(s.gateWidthPs).toBe(10_000);
    expect(s.gateDelayPs).toBe(48967009);
  });

  it('receiver: threshold, edge, excess bias and dead time per detector, input delays by tagger channel', () => {
    const text = bob
      .replace('h: 0', 'h: 2')
      .replace('d: 2', 'd: 0')
      .replace(
        'gateWidthPs: 400',
        [
          'gateWidthPs: 400',
          '  thresholdMv: { h: -120, v: -130, d: -140, a: -150 }',
          '  edge: falling',
          '  excessBiasMv: 3500',
          '  deadTimeNs: { h: 50, v: 60, d: 70, a: 80 }',
          '  inputDelayPs: { h: 10, v: -20, d: 30, a: 0 }',
        ].join('\n'),
      );
    const s = receiverBoardSettings(parseBenchConfig(text, 'bob.yaml'));
    expect(s.channelRequests).toEqual([
      { channel: 2, enabled: true, thresholdMv: -120, edge: qkd.Edge.EDGE_FALLING, excessBiasMv: 3500, deadTimeNs: 50 },
      { channel: 1, enabled: true, thresholdMv: -130, edge: qkd.Edge.EDGE_FALLING, excessBiasMv: 3500, deadTimeNs: 60 },
      { channel: 0, enabled: true, thresholdMv: -140, edge: qkd.Edge.EDGE_FALLING, excessBiasMv: 3500, deadTimeNs: 70 },
      { channel: 3, enabled: true, thresholdMv: -150, edge: qkd.Edge.EDGE_FALLING, excessBiasMv: 3500, deadTimeNs: 80 },
    ]);
    // Element i is tagger channel i: d sits on channel 0, h on channel 2.
    expect(s.inputDelays).toEqual({ inputDelayPs: [30, -20, 10, 0] });
    expect(receiverBoardSettings(parseBenchConfig(bob, 'bob.yaml')).inputDelays).toBeNull();
  });

  it('a detector setting out of the protocol range is a config error naming the field', () => {
    expect(() => parseBenchConfig(bob.replace('gateWidthPs: 400', 'gateWidthPs: 400\n  deadTimeNs: 5'), 'bob.yaml')).toThrow(
      /detector\.deadTimeNs/,
    );
  });

  it("transmitter: laser set points when configured, 0 (keep the board's own) when not", () => {
    const without = alice.replace(/^ {2}laser\w+SetpointD?[a-zA-Z]*: .*\n/gm, '');
    expect(without).not.toMatch(/laser\w*Setpoint/);
    const plain = transmitterBoardSettings(parseBenchConfig(without, 'alice.yaml'));
    expect(plain.source).toMatchObject({ laserTemperatureSetpointDegc: 0, laserCurrentSetpointMa: 0 });
    const cfg = parseBenchConfig(
      without.replace(
        'keyBasisProbability: 0.9',
        'keyBasisProbability: 0.9\n  laserTemperatureSetpointDegc: 27.5\n  laserCurrentSetpointMa: 55',
      ),
      'alice.yaml',
    );
    expect(transmitterBoardSettings(cfg).source).toMatchObject({ laserTemperatureSetpointDegc: 27.5, laserCurrentSetpointMa: 55 });
  });

  it('safety limits: defaults when the section is absent, count-rate ranges per detector channel on a receiver', () => {
    const defaults = safetyLimits(parseBenchConfig(bob, 'bob.yaml'));
    expect(defaults).toMatchObject({ pollIntervalMs: 1000, maxBoardTemperatureDegc: 60, saturationDeadFraction: 0.8, rateHysteresis: 0.1 });
    expect(defaults.countRates.map((c) => [c.label, c.channel, c.minCps, c.maxCps])).toEqual([
      ['h', 0, 0, Number.POSITIVE_INFINITY],
      ['v', 1, 0, Number.POSITIVE_INFINITY],
      ['d', 2, 0, Number.POSITIVE_INFINITY],
      ['a', 3, 0, Number.POSITIVE_INFINITY],
    ]);
    const cfg = parseBenchConfig(
      `${bob}\nsafety:\n  maxLaserTemperatureDegc: 40\n  countRateCps: { min: 100, max: { h: 1.0e6, v: 2.0e6, d: 3.0e6, a: 4.0e6 } }\n`,
      'bob.yaml',
    );
    const limits = safetyLimits(cfg);
    expect(limits.maxLaserTemperatureDegc).toBe(40);
    expect(limits.pollIntervalMs).toBe(1000);
    expect(limits.countRates.map((c) => [c.minCps, c.maxCps])).toEqual([
      [100, 1e6],
      [100, 2e6],
      [100, 3e6],
      [100, 4e6],
    ]);
    expect(safetyLimits(parseBenchConfig(alice, 'alice.yaml')).countRates).toEqual([]);
  });

  it('names every section a role lacks', () => {
    const cfg = parseBenchConfig(bob, 'bob.yaml');
    let caught: unknown;
    try {
      transmitterBoardSettings(cfg);
    } catch (err) {
      caught = err;
    }
    expect(isQkdError(caught, QkdErrorCode.BenchMismatch)).toBe(true);
    expect((caught as Error).message).toContain('boards.photonSource');
    expect((caught as Error).message).toContain('modulator');
  });
});
