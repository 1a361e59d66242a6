/**
 * The simulator's fault injection, seen through the real protocol as a host
 * sees it: a dark laser (no current, no monitor power while running), an
 * overheating board, laser diode or detector (telemetry), a blinded detector
 * and a count rate forced out of range (GetCountRates and tagger telemetry),
 * and the read-back of what a host configured (channel settings, input
 * delays, laser set points).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { qkd } from '../../../firmware-protocol/index.ts';
import { createSimulatedBench, type SimulatedBench } from '../../../sim/index.ts';
import {
  SLOTS_PER_FRAME,
  configureModulator,
  configureSource,
  connectLink,
  enableAllChannels,
  uploadAndArm,
} from '../../support/sim-board-link.ts';

let sim: SimulatedBench | null = null;
afterEach(() => {
  sim?.close();
  sim = null;
});

describe('fault injection', () => {
  it('laser off: a running source reports no laser current and no monitor power until the laser is back', async () => {
    sim = createSimulatedBench({ seed: 3 });
    const src = (await connectLink(sim.boards.photonSource, 'src')).link;
    const mod = (await connectLink(sim.boards.polarizationModulator, 'mod')).link;
    await configureSource(src);
    await configureModulator(mod);
    await uploadAndArm(src, new Uint8Array(SLOTS_PER_FRAME).fill(2));
    await uploadAndArm(mod, new Uint8Array(SLOTS_PER_FRAME).fill(0));
    const { startFrame } = await src.call('start', {});
    await mod.call('start', { startFrame });
    const on = await src.call('getTelemetry', {});
    expect(on.common?.runState).toBe(qkd.RunState.RUN_STATE_RUNNING);
    expect(on.source?.laserCurrentMa).toBeGreaterThan(1);
    expect(on.source?.monitorPowerUw).toBeGreaterThan(0);
    sim.control.setLaser(false);
    const off = await src.call('getTelemetry', {});
    expect(off.common?.runState).toBe(qkd.RunState.RUN_STATE_RUNNING);
    expect(off.source?.laserCurrentMa).toBe(0);
    expect(off.source?.monitorPowerUw).toBe(0);
    sim.control.setLaser(true);
    expect((await src.call('getTelemetry', {})).source?.laserCurrentMa).toBeGreaterThan(1);
  });

  it('temperatures: board PCB, laser diode and detectors read the injected values, then their own again', async () => {
    sim = createSimulatedBench({ seed: 3 });
    const src = (await connectLink(sim.boards.photonSource, 'src')).link;
    const det = (await connectLink(sim.boards.detector, 'det')).link;
    await enableAllChannels(det);
    sim.control.setTemperature('photon-source', 75);
    sim.control.setTemperature('laser', 52.5);
    sim.control.setTemperature('detectors', 12);
    const hot = await src.call('getTelemetry', {});
    expect(hot.common?.boardTemperatureDegc).toBe(75);
    expect(hot.source?.laserTemperatureDegc).toBe(52.5);
    expect((await det.call('getTelemetry', {})).tagger?.detectorTemperatureDegc).toEqual([12, 12, 12, 12]);
    sim.control.setTemperature('photon-source', null);
    sim.control.setTemperature('laser', null);
    sim.control.setTemperature('detectors', null);
    const cool = await src.call('getTelemetry', {});
    expect(cool.common?.boardTemperatureDegc).toBeLessThan(40);
    expect(cool.source?.laserTemperatureDegc).toBeCloseTo(25, 0);
    expect((await det.call('getTelemetry', {})).tagger?.detectorTemperatureDegc).toEqual([-50, -50, -50, -50]);
  });

  it('a blinded detector counts at 1 / dead time; a forced count rate is reported as is; both in GetCountRates and telemetry', async () => {
    sim = createSimulatedBench({ seed: 3 });
    const det = (await connectLink(sim.boards.detector, 'det')).link;
    await det.call('configureChannel', { channel: 0, enabled: true, deadTimeNs: 2000 });
    await enableAllChannels(det);
    await det.call('configureChannel', { channel: 2, enabled: true, deadTimeNs: 2000 });
    sim.control.saturateDetector(2, true);
    sim.control.setCountRate(1, 7_000_000);
    const rates = await det.call('getCountRates', {});
    expect(rates.countsPerSecond[2]).toBe(500_000);
    expect(rates.countsPerSecond[1]).toBe(7_000_000);
    expect(rates.countsPerSecond[0]).toBeLessThan(10_000);
    expect((await det.call('getTelemetry', {})).tagger?.countsPerSecond?.slice(1, 3)).toEqual([7_000_000, 500_000]);
    sim.control.saturateDetector(2, false);
    sim.control.setCountRate(1, null);
    const after = await det.call('getCountRates', {});
    expect(after.countsPerSecond[1]).toBeLessThan(10_000);
    expect(after.countsPerSecond[2]).toBeLessThan(10_000);
  });

  it('read-back: the channel settings and input delays a host sent, the laser set points; power-up values after an unplug', async () => {
    sim = createSimulatedBench({ seed: 3 });
    const det = (await connectLink(sim.boards.detector, 'det')).link;
    const src = (await connectLink(sim.boards.photonSource, 'src')).link;
    await det.call('configureChannel', {
      channel: 1,
      enabled: true,
      thresholdMv: -150,
      edge: qkd.Edge.EDGE_FALLING,
      excessBiasMv: 3200,
      deadTimeNs: 5000,
    });
    await det.call('setInputDelays', { inputDelayPs: [0, 1234, -55] });
    await src.call('configureSource', {
      pulseRateHz: 1e9,
      frameSlots: SLOTS_PER_FRAME,
      signalMeanPhotonNumber: 0.5,
      decoyMeanPhotonNumber: 0.1,
      laserTemperatureSetpointDegc: 30,
      laserCurrentSetpointMa: 60,
    });
    const s = sim.inspect.detectorSettings();
    expect(s.channels[1]).toMatchObject({
      enabled: true,
      thresholdMv: -150,
      edge: qkd.Edge.EDGE_FALLING,
      excessBiasMv: 3200,
      deadTimeNs: 5000,
    });
    expect(s.inputDelaysPs).toEqual([0, 1234, -55, 0]);
    expect(sim.inspect.sourceSetpoints()).toEqual({ laserTemperatureSetpointDegc: 30, laserCurrentSetpointMa: 60, configured: true });
    sim.control.unplug('detector');
    sim.control.unplug('photon-source');
    expect(sim.inspect.detectorSettings().channels[1].enabled).toBe(false);
    expect(sim.inspect.sourceSetpoints()).toMatchObject({ laserTemperatureSetpointDegc: 25, configured: false });
  });
});
