/**
 * The board benches send the config's detector and source settings through
 * the real drivers (loopback TCP to the simulated boards) at start, and the
 * boards hold them again after a reconnect: the time tagger's threshold,
 * edge, excess bias, dead time and input delays, the source's laser set
 * points — read back from the simulated boards, not from the host.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { qkd } from '../../../firmware-protocol/index.ts';
import type { SimulatedBench } from '../../../sim/index.ts';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { createLogger } from '../../../src/log.ts';
import type { SettingsResent } from '../../../src/node/boards/board-settings-sender.ts';
import { BoardReceiverBench } from '../../../src/node/boards/receiver-boards.ts';
import { BoardTransmitterBench } from '../../../src/node/boards/transmitter-boards.ts';
import { tcpSimBench } from '../../support/tcp-sim-bench.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function servedSim(): Promise<{ sim: SimulatedBench; alice: string; bob: string }> {
  const { sim, alice, bob } = await tcpSimBench({ seed: 21, gateDelayPs: 48_967_009 }, cleanups);
  return { sim, alice, bob };
}

const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });

function nextResend(bench: { onSettingsResent(l: (r: SettingsResent) => void): void }, board: string): Promise<SettingsResent> {
  return new Promise((resolve) =>
    bench.onSettingsResent((r) => {
      if (r.board === board) resolve(r);
    }),
  );
}

describe('board settings at start and after a reconnect', () => {
  it('the time tagger holds the configured channel settings and input delays at start and after an unplug', async () => {
    const { sim, bob } = await servedSim();
    const cfg = parseBenchConfig(
      bob.replace(
        'gateWidthPs: 400',
        [
          'gateWidthPs: 400',
          '  thresholdMv: { h: -110, v: -120, d: -130, a: -140 }',
          '  edge: falling',
          '  excessBiasMv: 2500',
          '  deadTimeNs: 50',
          '  inputDelayPs: { h: 5, v: -7, d: 11, a: 0 }',
        ].join('\n'),
      ),
      'bob.yaml',
    );
    const rx = await BoardReceiverBench.open(cfg, log);
    cleanups.push(() => rx.close());
    const expected = (): void => {
      const s = sim.inspect.detectorSettings();
      expect(s.channels.map((c) => [c.enabled, c.thresholdMv, c.edge, c.excessBiasMv, c.deadTimeNs])).toEqual(
        [-110, -120, -130, -140].map((mv) => [true, mv, qkd.Edge.EDGE_FALLING, 2500, 50]),
      );
      expect(s.inputDelaysPs).toEqual([5, -7, 11, 0]);
    };
    expected();
    // The dead times the board applied reach the safety monitor's readings.
    expect((await rx.readHealth()).detectors?.map((d) => d.deadTimeNs)).toEqual([50, 50, 50, 50]);

    const resent = nextResend(rx, 'detector');
    sim.control.unplug('detector');
    expect(sim.inspect.detectorSettings().channels.every((c) => !c.enabled)).toBe(true); // power lost: all forgotten
    sim.control.replug('detector');
    const r = await resent;
    expect(r.sent).toContain('setInputDelays');
    expected();
  }, 120_000);

  it('the photon source holds the configured laser set points at start and after an unplug', async () => {
    const { sim, alice } = await servedSim();
    const cfg = parseBenchConfig(
      alice.replace(
        'keyBasisProbability: 0.7',
        'keyBasisProbability: 0.7\n  laserTemperatureSetpointDegc: 31.5\n  laserCurrentSetpointMa: 62',
      ),
      'alice.yaml',
    );
    expect(cfg.source.laserCurrentSetpointMa).toBe(62);
    const tx = await BoardTransmitterBench.open(cfg, log);
    cleanups.push(() => tx.close());
    expect(sim.inspect.sourceSetpoints()).toEqual({ laserTemperatureSetpointDegc: 31.5, laserCurrentSetpointMa: 62, configured: true });

    const resent = nextResend(tx, 'photon-source');
    sim.control.unplug('photon-source');
    expect(sim.inspect.sourceSetpoints()).toMatchObject({ laserCurrentSetpointMa: 40, configured: false });
    sim.control.replug('photon-source');
    const r = await resent;
    expect([...r.sent, ...r.skipped]).toEqual(['configureSource']);
    expect(sim.inspect.sourceSetpoints()).toEqual({ laserTemperatureSetpointDegc: 31.5, laserCurrentSetpointMa: 62, configured: true });
    // The source's telemetry reaches the safety monitor's readings.
    const health = await tx.readHealth();
    expect(health.source).toMatchObject({ interlockOpen: false, emitting: false });
    expect(health.boardTemperatures.map((b) => b.board)).toEqual(['photon-source', 'polarization-modulator']);
  }, 120_000);
});
