/**
 * The unknown bench (sim/physics/unknown-bench.ts, qkd-sim --unknown-bench):
 * the same seed draws the same hidden bench, another seed another; every
 * quantity within its stated range around the base; the in-process side
 * channel (sim.truth()) reports the draw while no board does; the known
 * bench stays as configured; and the command-line options parse (and refuse
 * what they should).
 */
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../sim/cli/options.ts';
import { createSimulatedBench, drawUnknownBench } from '../../sim/index.ts';
import { resolveOptions } from '../../sim/physics/index.ts';

describe('the unknown bench', () => {
  it('draws the same bench from the same seed, another from another, each quantity in its range', () => {
    const base = { fibre: { lengthKm: 10 } };
    const a = drawUnknownBench(5, base);
    expect(drawUnknownBench(5, base)).toEqual(a);
    expect(drawUnknownBench(6, base).draw).not.toEqual(a.draw);
    const b = resolveOptions(base);
    for (let seed = 0; seed < 50; seed++) {
      const { draw, physics } = drawUnknownBench(seed, base);
      expect(draw.fibreLengthKm / 10).toBeGreaterThanOrEqual(0.97);
      expect(draw.fibreLengthKm / 10).toBeLessThanOrEqual(1.03);
      const common = draw.detectorDelaysPs.reduce((x, y) => x + y) / 4;
      for (const d of draw.detectorDelaysPs) expect(Math.abs(d - common)).toBeLessThanOrEqual(800);
      for (const f of draw.meanPhotonNumberScale) expect(Math.abs(f - 1)).toBeLessThanOrEqual(0.2);
      for (const [i, e] of draw.efficiency.entries()) expect(Math.abs(e / b.detectors.efficiency[i] - 1)).toBeLessThanOrEqual(0.15 + 1e-12);
      for (const r of draw.darkCountRatesHz) expect(r / b.detectors.darkCountRateHz).toBeGreaterThanOrEqual(0.5 - 1e-12);
      expect(Math.abs(draw.halfWaveVoltageV / b.modulator.halfWaveVoltageV - 1)).toBeLessThanOrEqual(0.2 + 1e-4);
      // Valid physics options.
      expect(() => resolveOptions(physics)).not.toThrow();
    }
  });

  it('is reported by the side channel only; the known bench is as configured', () => {
    const unknown = createSimulatedBench({ seed: 3, distanceKm: 20, unknownBench: { seed: 3 } });
    const known = createSimulatedBench({ seed: 3, distanceKm: 20 });
    try {
      const t = unknown.truth();
      expect(t.draw?.seed).toBe(3);
      expect(t.now.detectorDelaysPs).toEqual(t.draw?.detectorDelaysPs);
      expect(t.now.halfWaveVoltageV).toBe(t.draw?.halfWaveVoltageV);
      expect(Math.abs(t.now.fibreDelayPs - (t.draw!.fibreLengthKm * t.draw!.groupIndex * 1e15) / 299792458)).toBeLessThan(1e-3);
      const k = known.truth();
      expect(k.draw).toBeNull();
      expect(k.now.detectorDelaysPs).toEqual([0, 0, 0, 0]);
      expect(k.now.meanPhotonNumberScale).toEqual([1, 1, 1]);
      expect(Math.abs(k.now.fibreDelayPs - (20 * 1.468 * 1e15) / 299792458)).toBeLessThan(1e-3);
    } finally {
      unknown.close();
      known.close();
    }
  });

  it('parses --unknown-bench, --polarization-tau-s and --truth-file', () => {
    expect(parseCli(['--tcp', '0', '--unknown-bench', '7', '--polarization-tau-s', '600', '--truth-file', '/tmp/t.json'])).toMatchObject({
      kind: 'run',
      options: { unknownBench: { seed: 7, polarizationTimeConstantS: 600 }, truthFile: '/tmp/t.json' },
    });
    expect(parseCli(['--tcp', '0', '--unknown-bench', 'x'])).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('--unknown-bench'),
    });
    expect(parseCli(['--tcp', '0', '--polarization-tau-s', '60'])).toMatchObject({
      kind: 'error',
      message: '--polarization-tau-s needs --unknown-bench SEED',
    });
  });
});
