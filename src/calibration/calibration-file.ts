/**
 * The calibration file of one node: what `qkdctl calibrate` measured, kept
 * beside the bench config that names it (`calibration: { file: PATH }`).
 *
 *   version: 1
 *   current:                  # the values in force, one entry per section
 *     delay:        { at, method, values: { gateDelayPs, gateWidthPs?, inputDelayPs: {h, v, d, a} }, figures }
 *     detectors:    { at, method, values: { darkCountRateHz, relativeEfficiency, deadTimeNs, afterpulseProbability }, figures }
 *     intensities:  { at, method, values: { signal, decoy, vacuum }, figures }
 *     polarization: { at, method, values: { stateVoltagesV: [H, V, D, A], biasV, ... }, figures }   (H5)
 *   history:                  # every run appended, oldest first, so a technician can compare runs
 *     - { section, at, method, values, figures }
 *
 * `at` is an ISO time, `method` says how it was measured, `figures` are the
 * run's quality numbers (peak width, tags used, statistical errors). The file
 * is YAML (JSON is YAML too) and is written atomically: a temporary file in
 * the same folder, fsync, rename, fsync of the folder — a crash leaves the
 * old file or the new one, never half of one.
 *
 * A node applies the current values when it starts (`applyCalibration`):
 * they override the config's gate delay and input delays, the modulator's
 * voltages, and the intensities the estimation uses (source.actualIntensities;
 * the source keeps its set points).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { BenchConfig } from '../config/index.ts';

const perDetector = <T extends z.ZodType>(v: T) => z.strictObject({ h: v, v: v, d: v, a: v });

/** `delay`: the gate that centres on the photons, and the input delays that remove each channel's skew. */
export const delayValuesSchema = z.strictObject({
  /** Emission edge → gate opening, ps (bench config detector.gateDelayPs). */
  gateDelayPs: z.number().int().min(0),
  /** The gate width the delay was centred for, ps (bench config detector.gateWidthPs; absent: the config's stays). */
  gateWidthPs: z.number().positive().optional(),
  /** Input delay per detector, ps (bench config detector.inputDelayPs). */
  inputDelayPs: perDetector(z.number().int().min(-1_000_000).max(1_000_000)),
});

/** `detectors`: what each detector is (informational: no config field takes it). */
export const detectorValuesSchema = z.strictObject({
  darkCountRateHz: perDetector(z.number().min(0)),
  /** Efficiency relative to the mean of the four (1 = average). */
  relativeEfficiency: perDetector(z.number().min(0)),
  deadTimeNs: perDetector(z.number().min(0)),
  afterpulseProbability: perDetector(z.number().min(0).max(1)),
});

/** `intensities`: the actual mean photon number of each class (bench config source.actualIntensities). */
export const intensityValuesSchema = z.strictObject({
  signal: z.number().positive(),
  decoy: z.number().positive(),
  vacuum: z.number().min(0),
});

/** `polarization`: the modulator's voltages (bench config modulator.*); further fields are kept as they are. */
export const polarizationValuesSchema = z.looseObject({
  stateVoltagesV: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  biasV: z.number(),
});

export const SECTION_VALUES = {
  delay: delayValuesSchema,
  detectors: detectorValuesSchema,
  intensities: intensityValuesSchema,
  polarization: polarizationValuesSchema,
} as const;

export type CalibrationSection = keyof typeof SECTION_VALUES;
export const CALIBRATION_SECTIONS = Object.keys(SECTION_VALUES) as CalibrationSection[];
export type SectionValues<S extends CalibrationSection> = z.infer<(typeof SECTION_VALUES)[S]>;

const figuresSchema = z.record(z.string(), z.unknown());

const entry = <T extends z.ZodType>(values: T) =>
  z.strictObject({
    /** When the run ended (ISO 8601). */
    at: z.string().min(1),
    /** How it was measured (one line). */
    method: z.string().min(1),
    values,
    /** Quality figures of the run (peak width, tags used, statistical errors). */
    figures: figuresSchema.default({}),
  });

export const calibrationFileSchema = z.strictObject({
  version: z.literal(1),
  current: z
    .strictObject({
      delay: entry(delayValuesSchema).optional(),
      detectors: entry(detectorValuesSchema).optional(),
      intensities: entry(intensityValuesSchema).optional(),
      polarization: entry(polarizationValuesSchema).optional(),
    })
    .default({}),
  history: z
    .array(
      z.discriminatedUnion('section', [
        entry(delayValuesSchema).extend({ section: z.literal('delay') }),
        entry(detectorValuesSchema).extend({ section: z.literal('detectors') }),
        entry(intensityValuesSchema).extend({ section: z.literal('intensities') }),
        entry(polarizationValuesSchema).extend({ section: z.literal('polarization') }),
      ]),
    )
    .default([]),
});

export type CalibrationFile = z.infer<typeof calibrationFileSchema>;

/** One run's result, as a routine returns it and `recordCalibration` stores it. */
export interface CalibrationResult<S extends CalibrationSection> {
  readonly method: string;
  readonly values: SectionValues<S>;
  readonly figures?: Record<string, unknown>;
  /** Default: now. */
  readonly at?: Date;
}

export function emptyCalibrationFile(): CalibrationFile {
  return { version: 1, current: {}, history: [] };
}

function invalid(path: string, message: string, cause?: unknown): QkdError {
  return new QkdError(QkdErrorCode.CalibrationFileInvalid, `${path}: ${message}`, { file: path }, cause ? { cause } : undefined);
}

/** Parses a calibration file's text; `path` names it in errors. */
export function parseCalibrationFile(text: string, path = 'calibration file'): CalibrationFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw invalid(path, `not YAML or JSON (${(err as Error).message.split('\n')[0]})`, err);
  }
  const r = calibrationFileSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top)';
    throw invalid(path, `${where}: ${issue.message}`);
  }
  return r.data;
}

/** The calibration file at `path`, or null when it does not exist yet (nothing calibrated). */
export function readCalibrationFile(path: string): CalibrationFile | null {
  if (!existsSync(path)) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new QkdError(
      QkdErrorCode.FileUnusable,
      `${path}: cannot read the calibration file (${(err as NodeJS.ErrnoException).code ?? err})`,
      { file: path },
      { cause: err },
    );
  }
  return parseCalibrationFile(text, path);
}

/** Writes `file` to `path` atomically (temporary file, fsync, rename, fsync of the folder). */
export function writeCalibrationFile(path: string, file: CalibrationFile): void {
  const checked = calibrationFileSchema.parse(file);
  const header = '# Calibration of this node, written by qkdctl calibrate: current values on top, every run in history.\n';
  const text = header + stringify(checked, { lineWidth: 0 });
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // not created, or renamed already
    }
    throw new QkdError(
      QkdErrorCode.FileUnusable,
      `${path}: cannot write the calibration file (${(err as NodeJS.ErrnoException).code ?? err})`,
      { file: path },
      { cause: err },
    );
  }
}

/**
 * Records one run: its values become the section's current ones and the run
 * is appended to the history. Creates the file when missing. Returns the file
 * as written.
 */
export function recordCalibration<S extends CalibrationSection>(path: string, section: S, result: CalibrationResult<S>): CalibrationFile {
  const values = SECTION_VALUES[section].parse(result.values) as SectionValues<S>;
  const file = readCalibrationFile(path) ?? emptyCalibrationFile();
  const e = { at: (result.at ?? new Date()).toISOString(), method: result.method, values, figures: result.figures ?? {} };
  (file.current as Record<string, unknown>)[section] = e;
  (file.history as unknown[]).push({ section, ...e });
  writeCalibrationFile(path, file);
  return file;
}

/** The current values of `section`, or undefined when it was never calibrated. */
export function currentValues<S extends CalibrationSection>(file: CalibrationFile | null, section: S): SectionValues<S> | undefined {
  return (file?.current[section] as { values: SectionValues<S> } | undefined)?.values;
}

/**
 * The config with the calibration's current values in force: delay →
 * detector.gateDelayPs and inputDelayPs (receiver), polarization →
 * modulator.stateVoltagesV and biasV (transmitter), intensities →
 * source.actualIntensities (both: the two nodes must estimate alike).
 * Sections the node's role does not use are ignored.
 */
export function applyCalibration(config: BenchConfig, file: CalibrationFile | null): BenchConfig {
  if (!file) return config;
  let out: BenchConfig = config;
  const delay = currentValues(file, 'delay');
  if (delay && out.detector) {
    out = {
      ...out,
      detector: {
        ...out.detector,
        gateDelayPs: delay.gateDelayPs,
        ...(delay.gateWidthPs !== undefined ? { gateWidthPs: delay.gateWidthPs } : {}),
        inputDelayPs: { ...delay.inputDelayPs },
      },
    };
  }
  const pol = currentValues(file, 'polarization');
  if (pol && out.modulator) {
    out = { ...out, modulator: { ...out.modulator, stateVoltagesV: [...pol.stateVoltagesV], biasV: pol.biasV } };
  }
  const mu = currentValues(file, 'intensities');
  if (mu) out = { ...out, source: { ...out.source, actualIntensities: { ...mu } } };
  return out;
}

/** The config with its calibration file (if it names one and the file exists) applied. */
export function calibratedConfig(config: BenchConfig): BenchConfig {
  const path = config.calibration?.file;
  return path ? applyCalibration(config, readCalibrationFile(path)) : config;
}
