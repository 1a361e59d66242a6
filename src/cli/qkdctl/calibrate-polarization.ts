/**
 * `qkdctl calibrate polarization`: the modulator's drive table and bias that
 * minimise the QBER in both bases, found from no knowledge of V_π, the
 * modulator's offset or the fibre's rotation (src/calibration/polarization.ts).
 *
 * It drives the transmitter through its control API alone: each measurement
 * sets the modulator live (POST /api/v1/modulator answers the change's
 * generation) and sums the test-basis errors of the frames emitted under that
 * generation (GET /api/v1/modulator?generation=G: the node's log of recent
 * frame outcomes, aborted frames too). The link must be making frames: the
 * delay calibrated (frames sift), generation running. The result is applied
 * live (tracking back on around it when the config enables tracking) and
 * recorded in the transmitter's calibration file for its next start.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { CalibrationStateJson } from '../../api/control/calibration-route.ts';
import {
  type BasisErrors,
  calibratePolarization,
  type ModulatorSettings,
  type PolarizationCalibrationResult,
  type PolarizationMeasurement,
  type PolarizationProbe,
} from '../../calibration/polarization.ts';
import type { ModulatorStateJson } from '../../node/modulator-control.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { type CommandIo, parseCommand } from './command.ts';
import { type ControlTarget, controlRequest, controlTarget } from './control-client.ts';

export const POLARIZATION_SPEC = {
  transmitter: {
    kind: 'string',
    help: "the transmitter's control API: its socket path or http://127.0.0.1:PORT (the far node: through an SSH tunnel)",
  },
  'min-test-bits': {
    kind: 'number',
    help: 'sifted test-basis bits summed per measurement (default 20000: ±0.1 % at 2 % QBER)',
    min: 100,
    max: 1e9,
  },
  'measure-timeout-s': { kind: 'number', help: 'longest wait for the frames of one measurement, s (default 120)', min: 1, max: 3600 },
  'span-guess-v': { kind: 'number', help: 'drive span of the coarse scan (a guess of V_π), V (default 4)', min: 0.1, max: 10 },
  'coarse-points': { kind: 'number', help: 'bias points of the coarse scan (default 17, over −8..8 V)', min: 7, max: 101 },
  'no-write': { kind: 'boolean', help: 'print the result only; do not record it in the calibration file' },
  'no-apply': { kind: 'boolean', help: 'leave the modulator as the calibration left it; do not apply the result live' },
} as const satisfies Record<string, OptionSpec>;

/** A control target from one address: a socket path or an http:// URL. */
export function targetFromAddress(address: string, what: string): ControlTarget {
  if (address === '') throw usageError(`--${what}: give a control socket path or http://127.0.0.1:PORT`);
  return /^https?:\/\//.test(address)
    ? controlTarget({ url: address, socket: undefined, config: undefined })
    : controlTarget({ socket: address, url: undefined, config: undefined });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The probe over the transmitter's control API: set, then sum the outcomes of the frames of that
 * generation until `minTestBits` test bits (at least one frame).
 */
export class ControlApiPolarizationProbe implements PolarizationProbe {
  frames = 0;
  constructor(
    private readonly target: ControlTarget,
    private readonly o: { minTestBits: number; timeoutMs: number },
  ) {}

  async measure(settings: ModulatorSettings): Promise<PolarizationMeasurement> {
    const { generation } = await controlRequest<{ generation: number }>(this.target, 'POST', '/modulator', {
      stateVoltagesV: settings.stateVoltagesV,
      biasV: settings.biasV,
      tracking: false,
    });
    const deadline = Date.now() + this.o.timeoutMs;
    let seen = 0;
    for (;;) {
      const st = await controlRequest<ModulatorStateJson>(this.target, 'GET', `/modulator?generation=${generation}`);
      if (st.failed?.generation === generation)
        throw new QkdError(QkdErrorCode.CalibrationFailed, `the transmitter could not set the modulator: ${st.failed.message}`, {
          settings,
        });
      const x: BasisErrors = { errors: 0, bits: 0 };
      const z: BasisErrors = { errors: 0, bits: 0 };
      for (const f of st.frames) {
        x.errors += f.testErrors;
        x.bits += f.testBits;
        if (f.qberKey !== null && f.keyBits > 0) {
          z.errors += Math.round(f.qberKey * f.keyBits);
          z.bits += f.keyBits;
        }
      }
      seen = st.frames.length;
      if (x.bits >= this.o.minTestBits || (seen >= 8 && x.bits > 0)) {
        this.frames += seen;
        return z.bits > 0 ? { x, z } : { x };
      }
      if (Date.now() > deadline) {
        const why =
          seen === 0
            ? 'no frame finished under the new setting: is key generation running (qkdctl start) and the peer connected?'
            : `${seen} frames finished with ${x.bits} sifted test bits: do frames sift (is the delay calibrated)?`;
        throw new QkdError(QkdErrorCode.CalibrationFailed, `polarization: ${why}`, { settings, generation, frames: seen });
      }
      await sleep(250);
    }
  }
}

export interface PolarizationRun {
  what: 'polarization';
  values: { stateVoltagesV: [number, number, number, number]; biasV: number; halfWaveVoltageV: number };
  figures: Record<string, unknown> & { seconds: number; qberX: number; qberZ: number | null };
  applied: boolean;
  recorded: { file: string; nodeId: string } | null;
}

/** The calibration over a transmitter's control API: measure, apply live, record. */
export async function runPolarizationCalibration(o: {
  transmitter: ControlTarget;
  io: CommandIo;
  minTestBits?: number;
  timeoutMs?: number;
  spanGuessV?: number;
  coarsePoints?: number;
  write?: boolean;
  apply?: boolean;
}): Promise<PolarizationRun> {
  const t0 = performance.now();
  const alice = await controlRequest<CalibrationStateJson>(o.transmitter, 'GET', '/calibration');
  if (alice.role !== 'transmitter')
    throw usageError(`--transmitter: node ${alice.nodeId} is a ${alice.role}; give the transmitter's control API`);
  const before = await controlRequest<ModulatorStateJson>(o.transmitter, 'GET', '/modulator');
  const probe = new ControlApiPolarizationProbe(o.transmitter, { minTestBits: o.minTestBits ?? 20_000, timeoutMs: o.timeoutMs ?? 120_000 });
  o.io.progress('polarization: scanning the modulator bias (tracking held while the calibration drives the modulator)…');
  let r: PolarizationCalibrationResult;
  try {
    r = await calibratePolarization(probe, {
      ...(o.spanGuessV !== undefined ? { spanGuessV: o.spanGuessV } : {}),
      ...(o.coarsePoints !== undefined ? { coarsePoints: o.coarsePoints } : {}),
      onProgress: (line) => o.io.progress(line),
    });
  } catch (err) {
    // Leave the link as it was found (tracking too), then report.
    await controlRequest(o.transmitter, 'POST', '/modulator', { ...before.settings, tracking: before.tracking !== null }).catch(
      () => undefined,
    );
    throw err;
  }
  const values = { stateVoltagesV: r.settings.stateVoltagesV, biasV: r.settings.biasV, halfWaveVoltageV: r.halfWaveVoltageV };
  const apply = o.apply !== false;
  if (apply) {
    await controlRequest(o.transmitter, 'POST', '/modulator', { ...r.settings, tracking: true });
    o.io.progress('polarization: result applied live (tracking resumes around it when the config enables it)');
  }
  const figures = {
    qberX: r.qberX,
    qberZ: r.qberZ,
    fringeAmplitude: r.fringeAmplitude,
    measurements: r.measurements,
    frames: probe.frames,
    coarse: r.coarse,
    fine: r.fine,
    before: before.settings,
    seconds: (performance.now() - t0) / 1000,
  };
  let recorded: { file: string; nodeId: string } | null = null;
  if (o.write !== false) {
    recorded = await controlRequest<{ file: string; nodeId: string }>(o.transmitter, 'POST', '/calibration/polarization', {
      method: 'bias scans of the test-basis QBER through the control API: coarse (V_π and phase from the sinusoid), fine at V_π, check',
      values,
      figures,
    });
    o.io.progress(`polarization: recorded in ${recorded.nodeId}'s ${recorded.file} (used from its next start)`);
  }
  return { what: 'polarization', values, figures, applied: apply, recorded };
}

export function humanPolarization(r: PolarizationRun): string {
  const pct = (q: number | null): string => (q === null || !Number.isFinite(q) ? '-' : `${(100 * q).toFixed(2)} %`);
  return [
    'calibrate polarization:',
    `  stateVoltagesV: ${r.values.stateVoltagesV.map((v) => v.toFixed(3)).join(', ')} (H, V, D, A)`,
    `  biasV: ${r.values.biasV.toFixed(3)}`,
    `  V_π: ${r.values.halfWaveVoltageV.toFixed(3)} V`,
    `  QBER at the result: X ${pct(r.figures.qberX)}, Z ${pct(r.figures.qberZ)}`,
    `  took ${r.figures.seconds.toFixed(1)} s (${String(r.figures.measurements)} measurements)`,
    `  ${r.applied ? 'applied live' : 'not applied (--no-apply)'}; ${r.recorded ? `recorded in ${r.recorded.file}` : 'not recorded (--no-write)'}`,
  ].join('\n');
}

/** `qkdctl calibrate polarization [options]` (dispatched from calibrate.ts). */
export async function runCalibratePolarizationCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, 'calibrate polarization', '--transmitter ADDR [options]', POLARIZATION_SPEC);
  if (!parsed) return 0;
  const { values, io } = parsed;
  if (values.transmitter === undefined) throw usageError("--transmitter ADDR is required (the transmitter's control socket or URL)");
  const result = await runPolarizationCalibration({
    transmitter: targetFromAddress(values.transmitter, 'transmitter'),
    io,
    ...(values['min-test-bits'] !== undefined ? { minTestBits: values['min-test-bits'] } : {}),
    ...(values['measure-timeout-s'] !== undefined ? { timeoutMs: values['measure-timeout-s'] * 1000 } : {}),
    ...(values['span-guess-v'] !== undefined ? { spanGuessV: values['span-guess-v'] } : {}),
    ...(values['coarse-points'] !== undefined ? { coarsePoints: values['coarse-points'] } : {}),
    write: values['no-write'] !== true,
    apply: values['no-apply'] !== true,
  });
  io.result(humanPolarization(result), result);
  return 0;
}
