/**
 * What the bench config asks of each board, as the requests the firmware
 * protocol takes: the photon source's pulse rate and mean photon numbers,
 * the modulator's drive voltages and bias, the detector channels and the
 * gate that assigns tags to pulse slots. The board benches in src/node send
 * these; keeping the mapping here keeps every unit conversion (V → mV,
 * Hz → ps) in one place beside the schema that names the units.
 *
 * Also the detector settings (threshold, edge, excess bias, dead time, input
 * delay per detector) and the source's laser set points, which the benches
 * send at start and again after every reconnect, and the safety limits the
 * node's safety monitor checks the boards' telemetry against.
 */
import { qkd } from '../../firmware-protocol/index.ts';
import { QkdError, QkdErrorCode } from '../../errors/index.ts';
import type { BenchConfig } from './bench-config.ts';

export interface TransmitterBoardSettings {
  readonly photonSourceUrl: string;
  readonly modulatorUrl: string;
  readonly slotsPerFrame: number;
  readonly source: qkd.IConfigureSourceRequest;
  readonly modulator: qkd.IConfigureModulatorRequest;
  readonly modulatorBias: qkd.ISetBiasRequest;
}

export interface ReceiverBoardSettings {
  readonly detectorUrl: string;
  readonly slotsPerFrame: number;
  /** Tagger channels of the H, V, D, A detectors. */
  readonly channels: { readonly h: number; readonly v: number; readonly d: number; readonly a: number };
  /** One request per detector channel, in H, V, D, A order, with the configured threshold, edge, bias and dead time. */
  readonly channelRequests: readonly qkd.IConfigureChannelRequest[];
  /** Input delays by tagger channel (element i = channel i), or null when none is configured. */
  readonly inputDelays: qkd.ISetInputDelaysRequest | null;
  /** Slot period from the source's pulse rate. */
  readonly slotPeriodPs: number;
  readonly gateDelayPs: number;
  /** The gate, never wider than a slot. */
  readonly gateWidthPs: number;
}

export type DetectorLabel = 'h' | 'v' | 'd' | 'a';
export const DETECTOR_LABELS: readonly DetectorLabel[] = ['h', 'v', 'd', 'a'];

/** A per-detector setting of the config (one value for all, or {h, v, d, a}) for one detector. */
function forDetector<T>(
  setting: T | { readonly h: T; readonly v: T; readonly d: T; readonly a: T } | undefined,
  label: DetectorLabel,
): T | undefined {
  if (setting === undefined) return undefined;
  if (typeof setting === 'object' && setting !== null && 'h' in setting) return setting[label];
  return setting as T;
}

/** What the safety monitor checks, from the config's safety section (defaults filled by the schema). */
export interface SafetyLimits {
  readonly pollIntervalMs: number;
  readonly maxBoardTemperatureDegc: number;
  readonly maxLaserTemperatureDegc: number;
  readonly maxDetectorTemperatureDegc: number;
  readonly temperatureHysteresisDegc: number;
  readonly minLaserCurrentMa: number;
  /** Count-rate range per detector channel (receiver only; empty on a transmitter). */
  readonly countRates: readonly {
    readonly label: DetectorLabel;
    readonly channel: number;
    readonly minCps: number;
    readonly maxCps: number;
  }[];
  readonly saturationDeadFraction: number;
  readonly rateHysteresis: number;
}

export function safetyLimits(cfg: BenchConfig): SafetyLimits {
  const s = cfg.safety;
  const channels = cfg.detector?.channels;
  return {
    pollIntervalMs: s.pollIntervalMs,
    maxBoardTemperatureDegc: s.maxBoardTemperatureDegc,
    maxLaserTemperatureDegc: s.maxLaserTemperatureDegc,
    maxDetectorTemperatureDegc: s.maxDetectorTemperatureDegc,
    temperatureHysteresisDegc: s.temperatureHysteresisDegc,
    minLaserCurrentMa: s.minLaserCurrentMa,
    countRates:
      cfg.node.role === 'receiver' && channels
        ? DETECTOR_LABELS.map((label) => ({
            label,
            channel: channels[label],
            minCps: forDetector(s.countRateCps.min, label) ?? 0,
            maxCps: forDetector(s.countRateCps.max, label) ?? Number.POSITIVE_INFINITY,
          }))
        : [],
    saturationDeadFraction: s.saturationDeadFraction,
    rateHysteresis: s.rateHysteresis,
  };
}

function missingFields(role: string, missing: string[]): QkdError {
  return new QkdError(QkdErrorCode.BenchMismatch, `a ${role} bench needs ${missing.join(', ')} in the bench config`, { role, missing });
}

/** The transmitter's board requests; throws BenchMismatch naming each missing section. */
export function transmitterBoardSettings(cfg: BenchConfig): TransmitterBoardSettings {
  const { photonSource, polarizationModulator } = cfg.boards;
  if (!photonSource || !polarizationModulator || !cfg.modulator) {
    throw missingFields('transmitter', [
      ...(photonSource ? [] : ['boards.photonSource']),
      ...(polarizationModulator ? [] : ['boards.polarizationModulator']),
      ...(cfg.modulator ? [] : ['modulator']),
    ]);
  }
  const slots = cfg.frame.slots;
  const rate = Math.round(cfg.source.rateHz);
  const mv = (volts: number): number => Math.round(volts * 1000);
  const [h, v, d, a] = cfg.modulator.stateVoltagesV.map(mv);
  return {
    photonSourceUrl: photonSource,
    modulatorUrl: polarizationModulator,
    slotsPerFrame: slots,
    source: {
      pulseRateHz: rate,
      frameSlots: slots,
      signalMeanPhotonNumber: cfg.source.intensities.signal,
      decoyMeanPhotonNumber: cfg.source.intensities.decoy,
      vacuumMeanPhotonNumber: cfg.source.intensities.vacuum,
      // 0 = keep the board's own set point (photon_source.proto).
      laserTemperatureSetpointDegc: cfg.source.laserTemperatureSetpointDegc ?? 0,
      laserCurrentSetpointMa: cfg.source.laserCurrentSetpointMa ?? 0,
    },
    modulator: { pulseRateHz: rate, frameSlots: slots, drive: { hMv: h, vMv: v, dMv: d, aMv: a } },
    modulatorBias: { biasMv: mv(cfg.modulator.biasV) },
  };
}

/** The receiver's board requests and gate; throws BenchMismatch naming each missing section. */
export function receiverBoardSettings(cfg: BenchConfig): ReceiverBoardSettings {
  const { detector: detectorUrl } = cfg.boards;
  if (!detectorUrl || !cfg.detector) {
    throw missingFields('receiver', [...(detectorUrl ? [] : ['boards.detector']), ...(cfg.detector ? [] : ['detector'])]);
  }
  const det = cfg.detector;
  const channels = det.channels;
  const slotPeriodPs = Math.round(1e12 / cfg.source.rateHz);
  const channelRequests = DETECTOR_LABELS.map((label): qkd.IConfigureChannelRequest => {
    const request: qkd.IConfigureChannelRequest = { channel: channels[label], enabled: true };
    const threshold = forDetector(det.thresholdMv, label);
    const edge = forDetector(det.edge, label);
    const bias = forDetector(det.excessBiasMv, label);
    const deadTime = forDetector(det.deadTimeNs, label);
    if (threshold !== undefined) request.thresholdMv = threshold;
    if (edge !== undefined) request.edge = edge === 'falling' ? qkd.Edge.EDGE_FALLING : qkd.Edge.EDGE_RISING;
    if (bias !== undefined) request.excessBiasMv = bias;
    if (deadTime !== undefined) request.deadTimeNs = deadTime;
    return request;
  });
  let inputDelays: qkd.ISetInputDelaysRequest | null = null;
  if (det.inputDelayPs !== undefined) {
    const delays: number[] = new Array(Math.max(channels.h, channels.v, channels.d, channels.a) + 1).fill(0);
    for (const label of DETECTOR_LABELS) delays[channels[label]] = forDetector(det.inputDelayPs, label) ?? 0;
    inputDelays = { inputDelayPs: delays };
  }
  return {
    detectorUrl,
    slotsPerFrame: cfg.frame.slots,
    channels,
    channelRequests,
    inputDelays,
    slotPeriodPs,
    gateDelayPs: Math.round(cfg.detector.gateDelayPs),
    gateWidthPs: Math.round(Math.min(cfg.detector.gateWidthPs, slotPeriodPs)),
  };
}
