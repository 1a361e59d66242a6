/**
 * `qkdctl calibrate delay` end to end on an unknown bench: a demo link
 * (simulator + two `qkdd run`) whose fibre length, group index and detector
 * delays were drawn and hidden; its receiver starts with the gate the cable
 * plan suggests (nominal 10 km, no detector latency, no input delays), so it
 * makes no key. qkdctl records both nodes through their control APIs, finds
 * the delay and skew, and the receiver records them in its calibration file.
 * Checked against the simulator's side channel (sim.truth()): each detector's
 * delay within 20 ps. Then the receiver restarts on its calibration file and
 * the link makes key (its gate is right; the modulator voltages are the known
 * bench's, so the QBER is whatever the drawn V_π gives — not checked here).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readCalibrationFile } from '../../src/calibration/calibration-file.ts';
import { startDemoLink } from '../support/demo-link.ts';
import { runCli } from '../support/run-cli.ts';
import { truthLine } from '../support/calibration-bench.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('qkdctl calibrate delay on an unknown bench', () => {
  it('finds each detector delay within 20 ps of the hidden truth and records it in the receiver calibration file', async () => {
    const seed = 7;
    const demo = await startDemoLink({ seed, boards: 'tcp', controlHttp: ['bob'], statePrefix: 'qkdd-cal-delay-', unknownBench: { seed } });
    cleanups.push(() => demo.cleanup());
    const { link } = demo;
    // Both nodes up (their control sockets answer) and the transmitter emitting.
    const up = await link.waitFor((s) => s.alice !== undefined && s.bob !== undefined && s.alice.generation.running, 120_000);
    expect(up, 'the demo nodes did not come up').toBe(true);

    const t0 = performance.now();
    const r = await runCli(
      'qkdctl',
      [
        'calibrate',
        'delay',
        '--receiver',
        link.controlUrl('bob')!,
        '--transmitter',
        link.controlSocket('alice'),
        '--seconds',
        '1',
        '--max-delay-us',
        '200',
        '--json',
      ],
      { timeoutMs: 120_000 },
    );
    const took = (performance.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      values: { gateDelayPs: number; inputDelayPs: Record<string, number> };
      figures: { meanDelayPs: number; channels: { label: string; rawDelayPs: number; errorPs: number }[] };
      recorded: { file: string };
    };
    const truth = link.sim.truth().now;
    const truthDelays = truth.detectorDelaysPs.map((d) => truth.fibreDelayPs + d);
    const lines = out.figures.channels.map((c, i) =>
      truthLine(seed, `delay ${c.label.toUpperCase()} (qkdctl calibrate delay)`, truthDelays[i], c.rawDelayPs, 'ps'),
    );
    lines.push(
      `seed ${seed} | qkdctl calibrate delay took ${took.toFixed(1)} s (a recording of 1 s or more, until a frame with all its tags)`,
    );
    console.log(lines.join('\n'));
    for (const [i, c] of out.figures.channels.entries()) expect(Math.abs(c.rawDelayPs - truthDelays[i])).toBeLessThan(20);

    // The receiver recorded it in its own calibration file.
    const file = readCalibrationFile(out.recorded.file);
    expect(file?.current.delay?.values.gateDelayPs).toBe(out.values.gateDelayPs);
    expect(file?.current.delay?.values.inputDelayPs).toEqual(out.values.inputDelayPs);

    // Restarted on its calibration file, the receiver's gate catches the photons: detections in the gate.
    await link.stopNode('bob');
    link.startNode('bob');
    const detecting = await link.waitFor((s) => Number(s.bob?.stats.framesOk ?? 0) + Number(s.bob?.stats.framesAborted ?? 0) > 0, 120_000);
    expect(detecting, 'the receiver processed no frame after restarting on its calibration').toBe(true);
  }, 300_000);
});
