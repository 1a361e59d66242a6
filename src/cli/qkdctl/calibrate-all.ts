/**
 * `qkdctl calibrate all`: the sequence a technician runs after cabling, in
 * the order each step needs the one before it:
 *
 *   1. delay         nothing sifts until tags fall in the right slot and gate: it comes first (it
 *                    correlates with the emitted intensity pattern, so it needs no polarization).
 *                    The receiver applies it at its start: it must restart here (--restart-receiver
 *                    CMD runs a command for it, else qkdctl waits until the receiver runs with it).
 *   2. detectors     dark counts with the source dark, dead time, afterpulsing and relative
 *                    efficiency per detector (needs the gate: per-state rates of live slots).
 *   3. polarization  the modulator table and bias of lowest QBER: needs frames that sift (the delay);
 *                    applied live.
 *   4. intensities   actual mean photon numbers from per-class detection rates and the measured
 *                    system transmittance: needs the calibrated gate and efficiencies, and a low
 *                    QBER so that the per-state rates are not skewed by misrouted photons. Skipped
 *                    without --transmittance. Both nodes use it from their next start.
 *
 * Steps 1, 2 and 4 run as `qkdctl calibrate <step> --json` (calibrate.ts), step 3 in process
 * (calibrate-polarization.ts); each step's progress line, and with --json one summary of every step.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isQkdError, QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { CalibrationStateJson } from '../../api/control/calibration-route.ts';
import { type OptionSpec, usageError } from '../args.ts';
import { runPolarizationCalibration, targetFromAddress } from './calibrate-polarization.ts';
import { type CommandIo, parseCommand } from './command.ts';
import { type ControlTarget, controlRequest } from './control-client.ts';

export const ALL_STEPS = ['delay', 'detectors', 'polarization', 'intensities'] as const;
export type CalibrationStep = (typeof ALL_STEPS)[number];

const SPEC = {
  receiver: { kind: 'string', help: "the receiver's control API: its socket path or http://127.0.0.1:PORT" },
  transmitter: { kind: 'string', help: "the transmitter's control socket (its patterns are served on the socket only)" },
  transmittance: {
    kind: 'number',
    help: 'system transmittance for the intensities step, measured (absent: that step is skipped)',
    min: 1e-9,
    max: 1,
  },
  'max-delay-us': { kind: 'number', help: 'longest source-to-detector delay searched, µs (default 1000)', min: 0.001, max: 100_000 },
  'restart-receiver': {
    kind: 'string',
    help: 'a shell command that restarts the receiver after the delay step (e.g. systemctl restart qkdd)',
  },
  'restart-wait-s': {
    kind: 'number',
    help: 'how long to wait for the receiver to run with the new delay, s (default 600)',
    min: 1,
    max: 86_400,
  },
  seconds: {
    kind: 'number',
    help: 'recording time of the detectors and intensities steps, s (default 10: several whole frames on a slow host)',
    min: 0.05,
    max: 600,
  },
  'dark-seconds': { kind: 'number', help: 'dark-count time of the detectors step, s (default 5)', min: 0.5, max: 3600 },
  'coarse-points': { kind: 'number', help: 'bias points of the polarization coarse scan (default 17)', min: 7, max: 101 },
} as const satisfies Record<string, OptionSpec>;

/** One step as the summary shows it: the step's own JSON result, or why it was skipped. */
export interface StepSummary {
  step: CalibrationStep;
  seconds: number;
  skipped?: string;
  result?: unknown;
}

export interface CalibrateAllOptions {
  receiver: string;
  transmitter: string;
  io: CommandIo;
  transmittance?: number;
  maxDelayUs?: number;
  darkSeconds?: number;
  /** Recording time of the detectors and intensities steps, s. Default 10. */
  seconds?: number;
  coarsePoints?: number;
  /** Restarts the receiver so that it runs with the recorded delay (the demo restarts its process). */
  restartReceiver?: () => Promise<void>;
  restartWaitMs?: number;
}

const RUNS_SOURCES = import.meta.url.endsWith('.ts');

/** `process.execPath` plus these arguments runs `qkdctl` (compiled, or the sources through tsx). */
function qkdctlArgs(): string[] {
  const entry = fileURLToPath(new URL(RUNS_SOURCES ? '../qkdctl.ts' : '../qkdctl.js', import.meta.url));
  if (!RUNS_SOURCES) return [entry];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, entry];
}

/** Runs `qkdctl calibrate <step> ... --json`; resolves with its JSON, or rejects with its one-line failure. */
function runStep(step: string, args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...qkdctlArgs(), 'calibrate', step, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        try {
          resolve(JSON.parse(out));
        } catch {
          reject(new QkdError(QkdErrorCode.CalibrationFailed, `calibrate ${step} printed no JSON result`, { step }));
        }
        return;
      }
      let message = err.trim().split('\n').pop() ?? `exit ${code}`;
      try {
        const e = JSON.parse(err) as { error?: { message?: string } };
        message = e.error?.message ?? message;
      } catch {
        // a text line
      }
      reject(new QkdError(QkdErrorCode.CalibrationFailed, `calibrate all: step ${step} failed: ${message}`, { step, exitCode: code }));
    });
  });
}

function runShell(command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new QkdError(QkdErrorCode.CalibrationFailed, `--restart-receiver: '${command}' exited with ${code}`, { command })),
    );
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the receiver answers with `gateDelayPs` in force (it restarted on its calibration file). */
async function waitForReceiverDelay(receiver: ControlTarget, gateDelayPs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const st = await controlRequest<CalibrationStateJson>(receiver, 'GET', '/calibration').catch(() => null);
    if (st?.applied.gateDelayPs === gateDelayPs) return;
    if (Date.now() > deadline)
      throw new QkdError(
        QkdErrorCode.CalibrationFailed,
        `the receiver does not run with the calibrated gate delay ${gateDelayPs} ps ${Math.round(timeoutMs / 1000)} s after the delay step: was it restarted?`,
        { gateDelayPs },
      );
    await sleep(500);
  }
}

/** Waits until the link finishes frames again (after a restart): the transmitter's log of frame outcomes grows. */
async function waitForFrames(transmitter: ControlTarget, timeoutMs: number): Promise<void> {
  const start = await controlRequest<{ frames: { frameId: number }[] }>(transmitter, 'GET', '/modulator');
  const seen = new Set(start.frames.map((f) => f.frameId));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const st = await controlRequest<{ frames: { frameId: number; testBits: number }[] }>(transmitter, 'GET', '/modulator');
    if (st.frames.some((f) => !seen.has(f.frameId) && f.testBits > 0)) return;
    if (Date.now() > deadline)
      throw new QkdError(QkdErrorCode.CalibrationFailed, 'no frame sifted after the receiver restarted: is the peer link up?', {});
    await sleep(500);
  }
}

/** Attempts of a step that fails with CalibrationFailed (too few frames in its recording, a link just started). */
const STEP_ATTEMPTS = 3;

/**
 * Runs a step, again after a CalibrationFailed (the data did not suffice: a
 * link that has just started or restarted, a loaded host emitting slowly),
 * saying so each time; any other failure ends the sequence at once.
 */
async function withRetries<T>(run: () => Promise<T>, progress: (line: string) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= STEP_ATTEMPTS || !isQkdError(err, QkdErrorCode.CalibrationFailed)) throw err;
      progress(`${(err as Error).message}; trying again (attempt ${attempt + 1} of ${STEP_ATTEMPTS})`);
      await sleep(3000);
    }
  }
}

export async function runCalibrateAll(o: CalibrateAllOptions): Promise<{ steps: StepSummary[]; seconds: number }> {
  const t0 = performance.now();
  const receiver = targetFromAddress(o.receiver, 'receiver');
  const transmitter = targetFromAddress(o.transmitter, 'transmitter');
  const base = ['--receiver', o.receiver, '--transmitter', o.transmitter];
  const maxDelay = o.maxDelayUs !== undefined ? ['--max-delay-us', String(o.maxDelayUs)] : [];
  const steps: StepSummary[] = [];
  const step = async (name: CalibrationStep, i: number, run: () => Promise<unknown>, note?: string): Promise<unknown> => {
    o.io.progress(`calibrate all: step ${i}/4 ${name}${note ? ` (${note})` : ''}…`);
    const s0 = performance.now();
    const result = await withRetries(run, o.io.progress);
    const seconds = (performance.now() - s0) / 1000;
    steps.push({ step: name, seconds, result });
    o.io.progress(`calibrate all: step ${i}/4 ${name} done in ${seconds.toFixed(1)} s`);
    return result;
  };

  const delayArgs = [...base, ...maxDelay, '--seconds', String(Math.min(3, o.seconds ?? 3))];
  const delay = (await step('delay', 1, () => runStep('delay', delayArgs))) as { values: { gateDelayPs: number } };
  o.io.progress('calibrate all: the receiver applies the delay at its start: restarting it…');
  if (o.restartReceiver) await o.restartReceiver();
  else o.io.progress('calibrate all: restart the receiver now (qkdd run on its host); waiting for it…');
  await waitForReceiverDelay(receiver, delay.values.gateDelayPs, o.restartWaitMs ?? 600_000);
  await waitForFrames(transmitter, 120_000);

  const dark = o.darkSeconds !== undefined ? ['--dark-seconds', String(o.darkSeconds)] : [];
  const recording = ['--seconds', String(o.seconds ?? 10)];
  await step('detectors', 2, () => runStep('detectors', [...base, ...maxDelay, ...recording, ...dark]));
  await step('polarization', 3, () =>
    runPolarizationCalibration({
      transmitter,
      io: o.io,
      ...(o.coarsePoints !== undefined ? { coarsePoints: o.coarsePoints } : {}),
    }),
  );
  if (o.transmittance === undefined) {
    steps.push({ step: 'intensities', seconds: 0, skipped: 'no --transmittance given (measure it: docs/real-bench.md)' });
    o.io.progress('calibrate all: step 4/4 intensities skipped: no --transmittance');
  } else {
    await step('intensities', 4, () =>
      runStep('intensities', [...base, ...maxDelay, ...recording, '--transmittance', String(o.transmittance)]),
    );
  }
  return { steps, seconds: (performance.now() - t0) / 1000 };
}

function human(r: { steps: StepSummary[]; seconds: number }): string {
  const lines = ['calibrate all:'];
  for (const s of r.steps) lines.push(`  ${s.step.padEnd(13)}${s.skipped ? `skipped: ${s.skipped}` : `done in ${s.seconds.toFixed(1)} s`}`);
  lines.push(`  took ${r.seconds.toFixed(1)} s; polarization is in force now; restart both nodes to use the recorded intensities`);
  return lines.join('\n');
}

/** `qkdctl calibrate all [options]` (dispatched from calibrate.ts). */
export async function runCalibrateAllCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, 'calibrate all', '--receiver ADDR --transmitter SOCKET [options]', SPEC);
  if (!parsed) return 0;
  const { values, io } = parsed;
  if (values.receiver === undefined) throw usageError("--receiver ADDR is required (the receiver's control socket or URL)");
  if (values.transmitter === undefined) throw usageError("--transmitter SOCKET is required (the transmitter's control socket)");
  const restart = values['restart-receiver'];
  const r = await runCalibrateAll({
    receiver: values.receiver,
    transmitter: values.transmitter,
    io,
    ...(values.transmittance !== undefined ? { transmittance: values.transmittance } : {}),
    ...(values['max-delay-us'] !== undefined ? { maxDelayUs: values['max-delay-us'] } : {}),
    ...(values['dark-seconds'] !== undefined ? { darkSeconds: values['dark-seconds'] } : {}),
    ...(values.seconds !== undefined ? { seconds: values.seconds } : {}),
    ...(values['coarse-points'] !== undefined ? { coarsePoints: values['coarse-points'] } : {}),
    ...(restart !== undefined ? { restartReceiver: () => runShell(restart) } : {}),
    ...(values['restart-wait-s'] !== undefined ? { restartWaitMs: values['restart-wait-s'] * 1000 } : {}),
  });
  io.result(human(r), r);
  return 0;
}
