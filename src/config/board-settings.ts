/**
 * What the bench config asks of each board, as the requests the firmware
 * protocol takes: the photon source's pulse rate and mean photon numbers,
 * the modulator's drive voltages and bias, the detector channels and the
 * gate that assigns tags to pulse slots. The board benches in src/node send
 * these; keeping the mapping here keeps every unit conversion (V → mV,
 * Hz → ps) in one place beside the schema that names the units.
 */
import type { qkd } from '../../firmware-protocol/index.ts';
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
  /** One request per detector channel, in H, V, D, A order. */
  readonly channelRequests: readonly qkd.IConfigureChannelRequest[];
  /** Slot period from the source's pulse rate. */
  readonly slotPeriodPs: number;
  readonly gateDelayPs: number;
  /** The gate, never wider than a slot. */
  readonly gateWidthPs: number;
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
  const channels = cfg.detector.channels;
  const slotPeriodPs = Math.round(1e12 / cfg.source.rateHz);
  return {
    detectorUrl,
    slotsPerFrame: cfg.frame.slots,
    channels,
    channelRequests: [channels.h, channels.v, channels.d, channels.a].map((channel) => ({ channel, enabled: true })),
    slotPeriodPs,
    gateDelayPs: Math.round(cfg.detector.gateDelayPs),
    gateWidthPs: Math.round(Math.min(cfg.detector.gateWidthPs, slotPeriodPs)),
  };
}
