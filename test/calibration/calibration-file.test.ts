/**
 * The calibration file: runs recorded with history (current values on top),
 * written atomically (no temporary file left), refused with its field when
 * invalid, and applied over a bench config (delay → gate and input delays,
 * polarization → modulator voltages, intensities → the estimation's
 * intensities while the source keeps its set points).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../errors/index.ts';
import { applyCalibration, calibratedConfig, readCalibrationFile, recordCalibration } from '../../src/calibration/calibration-file.ts';
import { frameSettingsFromConfig, parseBenchConfig } from '../../src/config/index.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-calfile-');

const BOB = `
node: { id: kme-b, role: receiver, linkId: l }
boards: { detector: tcp://127.0.0.1:7003 }
peer: { connect: 127.0.0.1:7700, preSharedKeyFile: psk.bin }
keystore: { path: keys.sqlite }
source:
  rateHz: 1.0e8
  intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 }
  intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 }
detector: { gateDelayPs: 1000, gateWidthPs: 400 }
`;

describe('calibration file', () => {
  it('keeps the current values on top and every run in history, written atomically', () => {
    const dir = newDir();
    const path = `${dir}/cal.yaml`;
    expect(readCalibrationFile(path)).toBeNull();
    recordCalibration(path, 'delay', {
      method: 'test',
      values: { gateDelayPs: 5000, inputDelayPs: { h: 1, v: 2, d: 3, a: 4 } },
      figures: { tags: 10 },
    });
    recordCalibration(path, 'delay', { method: 'test 2', values: { gateDelayPs: 6000, inputDelayPs: { h: 0, v: 0, d: 0, a: 0 } } });
    recordCalibration(path, 'intensities', { method: 'test', values: { signal: 0.55, decoy: 0.21, vacuum: 0.0003 } });
    const f = readCalibrationFile(path);
    expect(f?.current.delay?.values.gateDelayPs).toBe(6000);
    expect(f?.current.delay?.method).toBe('test 2');
    expect(f?.history.map((h) => h.section)).toEqual(['delay', 'delay', 'intensities']);
    expect(f?.history[0].figures).toEqual({ tags: 10 });
    expect(readdirSync(dir)).toEqual(['cal.yaml']);
    const text = readFileSync(path, 'utf8');
    expect(text.indexOf('current:')).toBeLessThan(text.indexOf('history:'));
  });

  it('names the file and field of an invalid file', () => {
    const path = `${newDir()}/cal.yaml`;
    writeFileSync(
      path,
      'version: 1\ncurrent:\n  delay: { at: x, method: m, values: { gateDelayPs: -5, inputDelayPs: { h: 0, v: 0, d: 0, a: 0 } } }\n',
    );
    let err: unknown;
    try {
      readCalibrationFile(path);
    } catch (e) {
      err = e;
    }
    expect(isQkdError(err, QkdErrorCode.CalibrationFileInvalid)).toBe(true);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toContain('current.delay.values.gateDelayPs');
  });

  it('overrides the gate, the input delays and the estimation intensities, not the source set points', () => {
    const dir = newDir();
    const path = `${dir}/cal.yaml`;
    const cfg = parseBenchConfig(`${BOB}calibration: { file: ${path} }\n`, 'bob.yaml');
    expect(calibratedConfig(cfg)).toBe(cfg); // no file yet: nothing calibrated
    recordCalibration(path, 'delay', { method: 't', values: { gateDelayPs: 48_000_123, inputDelayPs: { h: -10, v: 20, d: 0, a: 5 } } });
    recordCalibration(path, 'intensities', { method: 't', values: { signal: 0.5, decoy: 0.22, vacuum: 0.0001 } });
    const c = calibratedConfig(cfg);
    expect(c.detector?.gateDelayPs).toBe(48_000_123);
    expect(c.detector?.inputDelayPs).toEqual({ h: -10, v: 20, d: 0, a: 5 });
    expect(c.source.intensities).toEqual({ signal: 0.6, decoy: 0.2, vacuum: 0.0002 });
    expect(frameSettingsFromConfig(c).intensities).toEqual([0.5, 0.22, 0.0001]);
    expect(frameSettingsFromConfig(cfg).intensities).toEqual([0.6, 0.2, 0.0002]);
    // A receiver has no modulator: the polarization section is ignored there.
    recordCalibration(path, 'polarization', { method: 't', values: { stateVoltagesV: [0, 4, 2, -2], biasV: 0.3 } });
    expect(applyCalibration(cfg, readCalibrationFile(path)).modulator).toBeUndefined();
  });
});
