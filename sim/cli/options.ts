/**
 * `qkd-sim` command-line options: parsing and validation, kept apart from
 * the process wiring so that the messages can be tested directly.
 */
import { parseArgs } from 'node:util';
import type { BenchPhysicsOptionsInput } from '../physics/index.ts';

/** `firstPort` 0: each board on a free port the OS picks (printed on its line). */
export type ServeMode = { kind: 'serial' } | { kind: 'tcp'; firstPort: number };

/**
 * Detector presets of `--detectors`: `ingaas` is the physics default (free-running InGaAs SPAD, 10 %,
 * 1 µs dead time); `snspd` is a superconducting nanowire detector (60 %, 20 ns dead time), which keeps a
 * 100 MHz source at 10 km out of dead-time saturation (the bench `qkdd demo` simulates).
 */
export const DETECTOR_PRESETS = {
  ingaas: {},
  snspd: { efficiency: [0.6, 0.6, 0.6, 0.6], darkCountRateHz: 100, deadTimeNs: 20, afterpulseProbability: 0.002, jitterRmsPs: 40 },
} as const satisfies Record<string, BenchPhysicsOptionsInput['detectors']>;

export interface CliOptions {
  mode: ServeMode;
  seed: number;
  distanceKm: number;
  attack: { kind: 'intercept-resend'; fraction: number } | null;
  /** Physics beyond seed, distance and attack; absent when no such option was given (the physics defaults). */
  physics?: BenchPhysicsOptionsInput;
  /** `--json`: stdout is JSON lines (it always is; accepted so scripts can say so). */
  json?: true;
  /** `--replay FILE.ptu`: serve only a detector board that plays this recording (speed: `--replay-speed`). */
  replay?: { file: string; speed: number };
  /** `--unknown-bench SEED`: hidden truths drawn from SEED (sim/physics/unknown-bench.ts). */
  unknownBench?: { seed: number; polarizationTimeConstantS?: number; delayDriftPsPerS?: number };
  /** `--truth-file PATH`: the hidden truth as JSON, rewritten every second (tests' side channel). */
  truthFile?: string;
  /** `--no-onboard-choices`: pattern boards without FEATURE_ONBOARD_CHOICES (upload only, as protocol 1.0 firmware). */
  noOnboardChoices?: true;
}

export type ParsedCli = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

export const DEFAULT_SEED = 1;
export const DEFAULT_DISTANCE_KM = 10;

export const HELP = `qkd-sim — simulated QKD bench: photon source, polarization modulator and
detector/time tagger boards on one seeded optical bench, each served as a
serial line (pseudo-terminal) or a TCP port, speaking the firmware-protocol.

Usage:
  qkd-sim --serial [options]
  qkd-sim --tcp PORT [options]

Serving (choose one):
  --serial                 each board on its own pseudo-terminal (needs socat);
                           prints {"board","path","serial"} per board
  --tcp PORT               boards on 127.0.0.1 ports PORT, PORT+1, PORT+2
                           (photon-source, polarization-modulator, detector);
                           --tcp 0: each on a free port the system picks;
                           prints {"board","url","serial"} per board
  --json                   stdout is one JSON line per board (the default;
                           accepted for scripts that ask for it)

Bench:
  --seed N                 seed of the bench physics and serial numbers,
                           integer 0..4294967295 (default ${DEFAULT_SEED})
  --distance-km X          fibre length between the nodes in km, 0..500
                           (default ${DEFAULT_DISTANCE_KM}; loss 0.2 dB/km)
  --attack intercept-resend
                           an eavesdropper measures and resends pulses
  --attack-fraction F      fraction of pulses intercepted, 0..1 (default 1;
                           only with --attack)
  --detectors ingaas|snspd detector physics: free-running InGaAs SPAD (default;
                           10 %, 1 µs dead time) or SNSPD (60 %, 20 ns)
  --pulse-rate-hz R        pulse rate the bench starts with, Hz (the nodes'
                           source.rateHz; default 1e9)
  --frame-slots N          slots per frame the bench starts with (the nodes'
                           frame.slots; default 1048576)
  --basis-split-z P        probability that the receiver's beam splitter sends
                           a photon to the Z analyser, 0..1 (default 0.5)
  --no-drift               a perfectly stable bench: no modulator, fibre or
                           laser drift (no calibration needed while it runs)
  --no-onboard-choices     pattern boards without an on-board random source:
                           the host uploads every frame's pattern (default:
                           they draw their choices and read back the detected
                           slots', firmware-protocol/FRAMING.md §11)
  --unknown-bench SEED     a bench to calibrate: fibre delay, detector delays
                           and skew, V_π and offset, polarization rotation and
                           its drift, actual mean photon numbers (±20 %),
                           detector efficiency, dark counts, dead time and
                           afterpulsing drawn from SEED and hidden from the
                           boards (qkdctl calibrate finds them)
  --polarization-tau-s T   with --unknown-bench: the polarization drifts by
                           ~1 rad rms in T seconds (default 1800)
  --delay-drift-ps-per-s R with --unknown-bench: the fibre's delay drifts by R
                           ps/s (default drawn: thermal, ±0.02 ps/s at 10 km)
  --truth-file PATH        write the hidden truth as JSON to PATH, rewritten
                           every second (for tests; no board reports it)

Replay:
  --replay FILE.ptu        serve only a detector board (time tagger) that plays
                           a recording (qkdctl record) through the protocol:
                           each tag stream plays it from its first tag, at the
                           recorded pace, with the recorded timestamps
  --replay-speed X         playback speed, 0.001..1000 (default 1)
  --debug                  print the stack trace of every failure, not only
                           of bugs
  --version                print the version and exit
  -h, --help               this text

Boards start in console mode: send "*IDN?" for the identity line and
"SYST:MODE BIN" to switch to binary framing. SIGINT or SIGTERM stops the
simulator and removes the pseudo-terminals. A bad option or a port in use
prints one line with its code and exits 2.
`;

export function parseCli(argv: readonly string[]): ParsedCli {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        serial: { type: 'boolean' },
        tcp: { type: 'string' },
        seed: { type: 'string' },
        'distance-km': { type: 'string' },
        attack: { type: 'string' },
        'attack-fraction': { type: 'string' },
        detectors: { type: 'string' },
        'pulse-rate-hz': { type: 'string' },
        'frame-slots': { type: 'string' },
        'basis-split-z': { type: 'string' },
        'no-drift': { type: 'boolean' },
        'no-onboard-choices': { type: 'boolean' },
        'unknown-bench': { type: 'string' },
        'polarization-tau-s': { type: 'string' },
        'delay-drift-ps-per-s': { type: 'string' },
        'truth-file': { type: 'string' },
        replay: { type: 'string' },
        'replay-speed': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        debug: { type: 'boolean' },
      },
    }));
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const error = (message: string): ParsedCli => ({ kind: 'error', message });

  let mode: ServeMode;
  if (values.serial && values.tcp !== undefined) return error('choose one of --serial and --tcp PORT, not both');
  if (values.serial) mode = { kind: 'serial' };
  else if (values.tcp !== undefined) {
    const port = strictNumber(values.tcp as string);
    if (!Number.isInteger(port) || port < 0 || port > 65533)
      return error(`--tcp: port must be an integer 1..65533 (three consecutive ports) or 0 (free ports), got "${values.tcp}"`);
    mode = { kind: 'tcp', firstPort: port };
  } else return error('choose how to serve the boards: --serial or --tcp PORT (see --help)');

  const seed = values.seed === undefined ? DEFAULT_SEED : strictNumber(values.seed as string);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) return error(`--seed: an integer 0..4294967295, got "${values.seed}"`);

  const distanceKm = values['distance-km'] === undefined ? DEFAULT_DISTANCE_KM : strictNumber(values['distance-km'] as string);
  if (!(distanceKm >= 0 && distanceKm <= 500)) return error(`--distance-km: a number of km in 0..500, got "${values['distance-km']}"`);

  let attack: CliOptions['attack'] = null;
  if (values.attack !== undefined) {
    if (values.attack !== 'intercept-resend') return error(`--attack: the only attack is "intercept-resend", got "${values.attack}"`);
    const fraction = values['attack-fraction'] === undefined ? 1 : strictNumber(values['attack-fraction'] as string);
    if (!(fraction >= 0 && fraction <= 1)) return error(`--attack-fraction: a number in 0..1, got "${values['attack-fraction']}"`);
    attack = { kind: 'intercept-resend', fraction };
  } else if (values['attack-fraction'] !== undefined) {
    return error('--attack-fraction needs --attack intercept-resend');
  }
  const physics: BenchPhysicsOptionsInput = {};
  if (values.detectors !== undefined) {
    const preset = values.detectors as string;
    if (preset !== 'ingaas' && preset !== 'snspd') return error(`--detectors: ingaas or snspd, got "${preset}"`);
    if (preset === 'snspd') physics.detectors = { ...DETECTOR_PRESETS.snspd };
  }
  if (values['pulse-rate-hz'] !== undefined) {
    const rate = strictNumber(values['pulse-rate-hz'] as string);
    if (!(rate >= 1e3 && rate <= 1e11)) return error(`--pulse-rate-hz: a rate in Hz in 1e3..1e11, got "${values['pulse-rate-hz']}"`);
    physics.source = { pulseRateHz: rate };
  }
  if (values['frame-slots'] !== undefined) {
    const slots = strictNumber(values['frame-slots'] as string);
    if (!Number.isInteger(slots) || slots < 1024 || slots > 67_108_864)
      return error(`--frame-slots: an integer 1024..67108864, got "${values['frame-slots']}"`);
    physics.frameSlotCount = slots;
  }
  if (values['basis-split-z'] !== undefined) {
    const p = strictNumber(values['basis-split-z'] as string);
    if (!(p >= 0 && p <= 1)) return error(`--basis-split-z: a probability in 0..1, got "${values['basis-split-z']}"`);
    physics.detectors = { ...physics.detectors, basisSplitRatioZ: p };
  }
  if (values['no-drift']) physics.drift = false;
  let unknownBench: CliOptions['unknownBench'];
  if (values['unknown-bench'] !== undefined) {
    const s = strictNumber(values['unknown-bench'] as string);
    if (!Number.isInteger(s) || s < 0 || s > 0xffffffff)
      return error(`--unknown-bench: a seed 0..4294967295, got "${values['unknown-bench']}"`);
    unknownBench = { seed: s };
    if (values['polarization-tau-s'] !== undefined) {
      const tau = strictNumber(values['polarization-tau-s'] as string);
      if (!(tau >= 1 && tau <= 1e7)) return error(`--polarization-tau-s: seconds in 1..1e7, got "${values['polarization-tau-s']}"`);
      unknownBench.polarizationTimeConstantS = tau;
    }
    if (values['delay-drift-ps-per-s'] !== undefined) {
      const rate = strictNumber(values['delay-drift-ps-per-s'] as string);
      if (!(Math.abs(rate) <= 1e6)) return error(`--delay-drift-ps-per-s: ps/s within ±1e6, got "${values['delay-drift-ps-per-s']}"`);
      unknownBench.delayDriftPsPerS = rate;
    }
  } else if (values['polarization-tau-s'] !== undefined) return error('--polarization-tau-s needs --unknown-bench SEED');
  else if (values['delay-drift-ps-per-s'] !== undefined) return error('--delay-drift-ps-per-s needs --unknown-bench SEED');
  if (values['truth-file'] === '') return error('--truth-file: give the file to write');
  let replay: CliOptions['replay'];
  if (values.replay !== undefined) {
    if ((values.replay as string) === '') return error('--replay: give the PTU file to play');
    const speed = values['replay-speed'] === undefined ? 1 : strictNumber(values['replay-speed'] as string);
    if (!(speed >= 0.001 && speed <= 1000)) return error(`--replay-speed: a factor in 0.001..1000, got "${values['replay-speed']}"`);
    replay = { file: values.replay as string, speed };
  } else if (values['replay-speed'] !== undefined) return error('--replay-speed needs --replay FILE.ptu');
  return {
    kind: 'run',
    options: {
      mode,
      seed,
      distanceKm,
      attack,
      ...(Object.keys(physics).length > 0 ? { physics } : {}),
      ...(values.json ? { json: true as const } : {}),
      ...(replay ? { replay } : {}),
      ...(unknownBench ? { unknownBench } : {}),
      ...(values['truth-file'] !== undefined ? { truthFile: values['truth-file'] as string } : {}),
      ...(values['no-onboard-choices'] ? { noOnboardChoices: true as const } : {}),
    },
  };
}

/** Number() accepts "", " " and "0x10"; a CLI should not. */
function strictNumber(text: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : NaN;
}
