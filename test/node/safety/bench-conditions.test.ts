/**
 * Each injected fault of the simulator reaches the safety monitor through the
 * real protocol and drivers (loopback TCP) and the board benches' health
 * readings, holds the gate under its condition and releases it once cleared:
 * laser off and an overheating laser at the transmitter; a saturated
 * detector, a count rate out of range and warm detectors at the receiver.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedBench } from '../../../sim/index.ts';
import { safetyLimits } from '../../../src/config/board-settings.ts';
import { parseBenchConfig } from '../../../src/config/load-bench-config.ts';
import { createLogger } from '../../../src/log.ts';
import { AlarmBoard } from '../../../src/node/alarms.ts';
import type { ReportsBenchHealth } from '../../../src/node/bench-port.ts';
import { BoardReceiverBench } from '../../../src/node/boards/receiver-boards.ts';
import { BoardTransmitterBench } from '../../../src/node/boards/transmitter-boards.ts';
import { GenerationGate } from '../../../src/node/generation-gate.ts';
import { makePatternGenerator } from '../../../src/node/random-pattern.ts';
import { SafetyMonitor } from '../../../src/node/safety/safety-monitor.ts';
import { tcpSimBench } from '../../support/tcp-sim-bench.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const log = createLogger({ name: 't', level: process.env.QKDD_TEST_LOG ?? 'silent' });

async function setup(): Promise<{ sim: SimulatedBench; alice: string; bob: string }> {
  const { sim, ...text } = await tcpSimBench({ seed: 33, gateDelayPs: 48_967_009 }, cleanups);
  const safety = '\nsafety:\n  pollIntervalMs: 100\n  countRateCps: { max: 5.0e6 }\n';
  return { sim, alice: text.alice + safety, bob: text.bob + safety };
}

function watch(bench: ReportsBenchHealth, config: string, name: string) {
  const gate = new GenerationGate();
  const alarms = new AlarmBoard(log);
  const monitor = new SafetyMonitor({ bench, gate, alarms, log, limits: safetyLimits(parseBenchConfig(config, name)) });
  monitor.start();
  cleanups.push(() => monitor.stop());
  return {
    reasons: () => gate.current().map((h) => h.reason),
    alarm: (code: string) => alarms.snapshot().byCode[code] ?? 0,
  };
}

const poll = { timeout: 60_000, interval: 50 };

describe('injected faults reach the safety monitor through the boards', () => {
  it('transmitter: laser off while emitting, an overheating laser diode', async () => {
    const { sim, alice } = await setup();
    const tx = await BoardTransmitterBench.open(parseBenchConfig(alice, 'alice.yaml'), log);
    cleanups.push(() => tx.close());
    const w = watch(tx, alice, 'alice.yaml');
    const gen = makePatternGenerator({ keyBasis: 0.7, intensities: [0.5, 0.3, 0.2] });
    await tx.emitFrame(gen(tx.slotsPerFrame)); // the source runs from here on
    await expect.poll(() => w.reasons(), poll).toEqual([]);

    sim.control.setLaser(false);
    await expect.poll(() => w.reasons(), poll).toEqual(['safety:laser-off']);
    sim.control.setLaser(true);
    await expect.poll(() => w.reasons(), poll).toEqual([]);
    expect(w.alarm('laser-off')).toBe(1);

    sim.control.setTemperature('laser', 55);
    await expect.poll(() => w.reasons(), poll).toEqual(['safety:over-temperature']);
    sim.control.setTemperature('laser', null);
    await expect.poll(() => w.reasons(), poll).toEqual([]);
    expect(w.alarm('over-temperature')).toBe(1);
  }, 120_000);

  it('receiver: a blinded detector, a count rate over its maximum, warm detectors', async () => {
    const { sim, bob } = await setup();
    const rx = await BoardReceiverBench.open(parseBenchConfig(bob, 'bob.yaml'), log);
    cleanups.push(() => rx.close());
    const w = watch(rx, bob, 'bob.yaml');
    await expect.poll(async () => (await rx.readHealth()).detectors?.length, poll).toBe(4);
    expect(w.reasons()).toEqual([]);

    sim.control.saturateDetector(1, true);
    await expect.poll(() => w.reasons(), poll).toEqual(['safety:detector-saturated']);
    sim.control.saturateDetector(1, false);
    await expect.poll(() => w.reasons(), poll).toEqual([]);

    sim.control.setCountRate(3, 7e6);
    await expect.poll(() => w.reasons(), poll).toEqual(['safety:count-rate-out-of-range']);
    sim.control.setCountRate(3, null);
    await expect.poll(() => w.reasons(), poll).toEqual([]);

    sim.control.setTemperature('detectors', 20);
    await expect.poll(() => w.reasons(), poll).toEqual(['safety:over-temperature']);
    sim.control.setTemperature('detectors', null);
    await expect.poll(() => w.reasons(), poll).toEqual([]);

    expect([w.alarm('detector-saturated'), w.alarm('count-rate-out-of-range'), w.alarm('over-temperature')]).toEqual([1, 1, 1]);
  }, 120_000);
});
