/** The board requests a bench config maps to: units converted once (V → mV, Hz → ps), the gate clipped to a slot, missing sections named. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../errors/index.ts';
import { receiverBoardSettings, transmitterBoardSettings } from '../../src/config/board-settings.ts';
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
