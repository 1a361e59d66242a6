/**
 * The in-process simulated bench: one SharedBench (physics + pacing) and the
 * firmware of its three boards, each a ByteEndpoint to connect to a memory
 * transport, a TCP port or a pseudo-terminal; plus the control hooks a test
 * or a demo uses to act on the hardware (interlock, cables, calibration, Eve).
 */
import {
  drawUnknownBench,
  type BenchPhysicsOptionsInput,
  type BenchTruth,
  type UnknownBenchDraw,
  type UnknownBenchOptions,
} from '../physics/index.ts';
import { BoardFirmware } from './firmware.ts';
import { simIdentity, type BoardName } from './identity.ts';
import { PhotonSourceBoard } from './photon-source.ts';
import { PolarizationModulatorBoard } from './polarization-modulator.ts';
import { SharedBench } from './shared-bench.ts';
import { TimeTaggerBoard, type TaggerChannelSettings } from './time-tagger.ts';

export interface AttackOptions {
  kind: 'intercept-resend';
  /** Fraction of pulses Eve intercepts, 0..1. Default 1. */
  fraction?: number;
}

export interface SimulatedBenchOptions {
  /** Seed of the whole bench (physics and serial numbers). Default 1. */
  seed?: number;
  /** Fibre length between Alice and Bob in km. Default 10. */
  distanceKm?: number;
  attack?: AttackOptions | null;
  /**
   * Further physics parameters (sim/physics/options.ts). The tagger clock
   * defaults to 0 ppm offset here: the boards share the bench clock.
   */
  physics?: BenchPhysicsOptionsInput;
  /**
   * An unknown bench (sim/physics/unknown-bench.ts): hidden truths drawn from
   * `seed` (default: the bench seed) around the physics above and the
   * distance; null or absent: the known bench, exactly as configured.
   */
  unknownBench?: (UnknownBenchOptions & { seed?: number }) | null;
  /**
   * The pattern boards announce FEATURE_ONBOARD_CHOICES (an on-board random
   * source whose symbols the host reads back for the detected slots,
   * firmware-protocol/FRAMING.md §11). Default true; false: upload-only
   * boards, as protocol 1.0 firmware.
   */
  onboardChoices?: boolean;
  /** Slots of drawn symbols each pattern board keeps for ReadChoices (default 2^30). */
  choiceMemorySlots?: number;
}

/** The simulator's side channel (tests, never the daemon): what is hidden in the bench. */
export interface SimTruth {
  /** The unknown bench's draw, or null on a known bench. */
  readonly draw: UnknownBenchDraw | null;
  /** The physics' hidden state now (drifting quantities included). */
  readonly now: BenchTruth;
}

export interface SimControl {
  /** Open the photon source's interlock loop: emission stops, InterlockEvent sent. */
  openInterlock(): void;
  closeInterlock(): void;
  /** Pull a board's cable: its link drops, the board loses power and state. */
  unplug(board: BoardName): void;
  /** Plug it back: the board boots in console mode. */
  replug(board: BoardName): void;
  /** Load the modulator with what a perfect calibration would find now (demos without calibration). */
  applyPerfectCalibration(): void;
  /** Change the fraction of pulses Eve intercepts (0 = no attack). */
  setInterceptFraction(fraction: number): void;
  /**
   * Fault injection: the laser goes dark while the source keeps playing its
   * pattern (false) or emits again (true). The source's telemetry shows no
   * laser current and no monitor power; frames carry no light.
   */
  setLaser(on: boolean): void;
  /**
   * Fault injection: what a temperature sensor reads, in °C (null: the
   * model's own again). `laser`: the photon source's laser diode;
   * `detectors`: every detector of the time tagger; a board name: its PCB.
   */
  setTemperature(sensor: BoardName | 'laser' | 'detectors', degc: number | null): void;
  /** Fault injection: blind a detector channel (it counts at 1 / dead time) or let it recover. */
  saturateDetector(channel: number, on: boolean): void;
  /** Fault injection: the count rate a detector channel reports, in counts/s (null: the measured one). */
  setCountRate(channel: number, cps: number | null): void;
}

/** What the simulated boards hold now, read without the protocol (tests check what a host sent). */
export interface SimInspect {
  /** The time tagger's channel configuration and input delays. */
  detectorSettings(): { channels: TaggerChannelSettings[]; inputDelaysPs: number[] };
  /** The photon source's laser set points. */
  sourceSetpoints(): { laserTemperatureSetpointDegc: number; laserCurrentSetpointMa: number; configured: boolean };
}

export interface SimulatedBench {
  readonly seed: number;
  readonly boards: {
    readonly photonSource: BoardFirmware;
    readonly polarizationModulator: BoardFirmware;
    readonly detector: BoardFirmware;
  };
  /** The boards by CLI name. */
  board(name: BoardName): BoardFirmware;
  readonly bench: SharedBench;
  readonly control: SimControl;
  readonly inspect: SimInspect;
  /** The hidden truth (side channel for tests and `qkd-sim --truth-file`; no board reports it). */
  truth(): SimTruth;
  /** Stop timers and the bench; boards go away. Idempotent. */
  close(): void;
}

export function createSimulatedBench(options: SimulatedBenchOptions = {}): SimulatedBench {
  const seed = (options.seed ?? 1) >>> 0;
  const attack = options.attack ?? null;
  const fraction = attack ? (attack.fraction ?? 1) : 0;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`attack fraction must be in [0, 1], got ${fraction}`);
  let p = options.physics ?? {};
  let draw: UnknownBenchDraw | null = null;
  if (options.unknownBench) {
    const { seed: drawSeed, ...unknownOptions } = options.unknownBench;
    const base = { ...p, fibre: { ...p.fibre, ...(options.distanceKm !== undefined ? { lengthKm: options.distanceKm } : {}) } };
    ({ physics: p, draw } = drawUnknownBench((drawSeed ?? seed) >>> 0, base, unknownOptions));
  }
  const bench = new SharedBench({
    ...p,
    seed,
    // Tags of a whole run are not kept with their ground truth: memory grows with the run.
    groundTruth: p.groundTruth ?? false,
    fibre: { ...p.fibre, ...(options.distanceKm !== undefined && !draw ? { lengthKm: options.distanceKm } : {}) },
    tagger: { clockOffsetPpm: 0, ...p.tagger },
    eve: { ...p.eve, ...(attack ? { interceptFraction: fraction } : {}) },
  });
  const boardOptions = {
    onboardChoices: options.onboardChoices ?? true,
    ...(options.choiceMemorySlots !== undefined ? { choiceMemorySlots: options.choiceMemorySlots } : {}),
  };
  const source = new PhotonSourceBoard(simIdentity('photon-source', seed), bench, boardOptions);
  const modulator = new PolarizationModulatorBoard(simIdentity('polarization-modulator', seed), bench, boardOptions);
  const tagger = new TimeTaggerBoard(simIdentity('detector', seed), bench);
  const boards = {
    photonSource: new BoardFirmware(source),
    polarizationModulator: new BoardFirmware(modulator),
    detector: new BoardFirmware(tagger),
  };
  const byName = (name: BoardName): BoardFirmware =>
    name === 'photon-source' ? boards.photonSource : name === 'polarization-modulator' ? boards.polarizationModulator : boards.detector;
  let closed = false;
  return {
    seed,
    boards,
    board: byName,
    bench,
    control: {
      openInterlock: () => source.setInterlock(true),
      closeInterlock: () => source.setInterlock(false),
      unplug: (name) => byName(name).unplug(),
      replug: (name) => byName(name).replug(),
      applyPerfectCalibration: () => modulator.applyPerfectCalibration(),
      setInterceptFraction: (f) => bench.physics.setInterceptFraction(f),
      setLaser: (on) => source.setLaserOn(on),
      setTemperature: (sensor, degc) => {
        if (sensor === 'laser') source.laserTemperatureOverrideDegc = degc;
        else if (sensor === 'detectors') tagger.detectorTemperatureOverrideDegc = degc;
        else byName(sensor).boardTemperatureOverrideDegc = degc;
      },
      saturateDetector: (channel, on) => tagger.setSaturated(channel, on),
      setCountRate: (channel, cps) => tagger.setCountRateOverride(channel, cps),
    },
    inspect: {
      detectorSettings: () => tagger.settings(),
      sourceSetpoints: () => source.setpoints(),
    },
    truth: () => ({ draw, now: bench.physics.truth() }),
    close: () => {
      if (closed) return;
      closed = true;
      bench.close();
      for (const b of Object.values(boards)) b.shutdown();
    },
  };
}
