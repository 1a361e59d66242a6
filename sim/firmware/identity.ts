/**
 * Identities of the simulated boards: what `*IDN?` and Hello report. The
 * serial number carries the bench seed so two simulators on one machine
 * are told apart in logs and bench configs.
 */
import { qkd, type Identity } from '../../firmware-protocol/index.ts';

export const SIM_VENDOR = 'qkdd-sim';
export const SIM_FIRMWARE_VERSION = '1.0.0';

/** The three board names used by the CLI's JSON lines and the in-process API. */
export type BoardName = 'photon-source' | 'polarization-modulator' | 'detector';
export const BOARD_NAMES: readonly BoardName[] = ['photon-source', 'polarization-modulator', 'detector'];

const MODELS: Record<BoardName, { model: string; prefix: string; kind: qkd.BoardKind }> = {
  'photon-source': { model: 'SIM-PS-1550', prefix: 'PS', kind: qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE },
  'polarization-modulator': { model: 'SIM-PM-4S', prefix: 'PM', kind: qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR },
  detector: { model: 'SIM-TT-4CH', prefix: 'TT', kind: qkd.BoardKind.BOARD_KIND_TIME_TAGGER },
};

export function boardKindOf(name: BoardName): qkd.BoardKind {
  return MODELS[name].kind;
}

export function simIdentity(name: BoardName, seed: number): Identity {
  const m = MODELS[name];
  return {
    vendor: SIM_VENDOR,
    model: m.model,
    serialNumber: `${m.prefix}-${(seed >>> 0).toString(16).toUpperCase().padStart(8, '0')}`,
    firmwareVersion: SIM_FIRMWARE_VERSION,
  };
}
