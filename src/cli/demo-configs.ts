/**
 * Bench configs of the demo link, written into the state folder so that a
 * technician can read exactly what each node runs with (and reuse them with
 * `qkdd run --config`).
 */
import { stringify } from 'yaml';

export interface DemoPorts {
  peer: number;
  etsiA: number;
  etsiB: number;
  /** The port node B connects to for the peer channel (default: `peer`; a test puts a TCP proxy there). */
  peerConnect?: number;
  /** Loopback HTTP ports of the nodes' control APIs (unset: socket only). */
  controlA?: number;
  controlB?: number;
}

export interface DemoBoards {
  photonSource: string;
  polarizationModulator: string;
  detector: string;
}

/** Operating point of the demo bench (see sim physics in demo.ts). */
export const DEMO_SOURCE = {
  rateHz: 1e8,
  intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 },
  intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 },
  keyBasisProbability: 0.7,
};
/** 2^22 slots: ~2.5·10^5 key-basis bits per frame at 10 km, enough for a positive finite-key length. */
export const DEMO_FRAME_SLOTS = 1 << 22;
/** The sim modulator's ideal drive voltages with drift disabled: V = φ·V_π/π + V_offset (V_π = 4 V, offset 0.7 V). */
export const DEMO_STATE_VOLTAGES: [number, number, number, number] = [0.7, 4.7, 2.7, 6.7];

/**
 * n_X of the demo's post-processing blocks at `distanceKm` (config postprocessing.blockBits): about two
 * frames' worth of key-basis detections at short range (~2.5·10^5 per frame at 10 km), and enough at long
 * range for a positive finite-key length with the dark counts' share of the errors (at 100 km a frame gives
 * ~4·10^3, so a block spans ~100 frames; ~10^5 is the least that makes any key there).
 */
export function demoBlockBits(distanceKm: number): number {
  if (distanceKm < 30) return 500_000;
  if (distanceKm < 70) return 300_000;
  return 400_000;
}

export function demoConfigs(
  stateDir: string,
  boards: DemoBoards,
  ports: DemoPorts,
  gate: { gateDelayPs: number; gateWidthPs: number },
  /** The source's pulse rate when not the demo's (the chain bench's 1 GHz line). */
  rateHz: number = DEMO_SOURCE.rateHz,
  /** Post-processing block size n_X (demoBlockBits for the link's distance). */
  blockBits: number = demoBlockBits(10),
): { alice: string; bob: string } {
  const common = {
    frame: { slots: DEMO_FRAME_SLOTS, inFlight: 2, workers: 2 },
    postprocessing: { blockBits },
    source: { ...DEMO_SOURCE, rateHz },
    thresholds: { qberMax: 0.11 },
    security: { epsSec: 1e-10, epsCor: 1e-15 },
  };
  const alice = {
    node: { id: 'kme-a', role: 'transmitter', linkId: 'demo-link' },
    boards: { photonSource: boards.photonSource, polarizationModulator: boards.polarizationModulator },
    peer: { listen: `127.0.0.1:${ports.peer}`, preSharedKeyFile: `${stateDir}/alice/psk.bin` },
    keystore: { path: `${stateDir}/alice/keys.sqlite`, maxBits: 2 ** 31 },
    control: { socket: `${stateDir}/alice/control.sock`, ...(ports.controlA === undefined ? {} : { http: `127.0.0.1:${ports.controlA}` }) },
    ...common,
    modulator: { stateVoltagesV: DEMO_STATE_VOLTAGES, biasV: 0 },
    etsi: {
      listen: `127.0.0.1:${ports.etsiA}`,
      peerKmeId: 'kme-b',
      localSaeIds: ['sae-a'],
      remoteSaeIds: ['sae-b'],
      tls: { ca: `${stateDir}/pki/ca.pem`, cert: `${stateDir}/pki/kme-a.pem`, key: `${stateDir}/pki/kme-a-key.pem` },
    },
  };
  const bob = {
    node: { id: 'kme-b', role: 'receiver', linkId: 'demo-link' },
    boards: { detector: boards.detector },
    peer: { connect: `127.0.0.1:${ports.peerConnect ?? ports.peer}`, preSharedKeyFile: `${stateDir}/bob/psk.bin` },
    keystore: { path: `${stateDir}/bob/keys.sqlite`, maxBits: 2 ** 31 },
    control: { socket: `${stateDir}/bob/control.sock`, ...(ports.controlB === undefined ? {} : { http: `127.0.0.1:${ports.controlB}` }) },
    ...common,
    detector: { channels: { h: 0, v: 1, d: 2, a: 3 }, ...gate },
    etsi: {
      listen: `127.0.0.1:${ports.etsiB}`,
      peerKmeId: 'kme-a',
      localSaeIds: ['sae-b'],
      remoteSaeIds: ['sae-a'],
      tls: { ca: `${stateDir}/pki/ca.pem`, cert: `${stateDir}/pki/kme-b.pem`, key: `${stateDir}/pki/kme-b-key.pem` },
    },
  };
  const header = '# Written by `qkdd demo`; rewritten at each demo start.\n';
  return { alice: header + stringify(alice), bob: header + stringify(bob) };
}
