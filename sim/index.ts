/**
 * The simulated bench, in-process: three boards' firmware speaking the
 * firmware-protocol over byte endpoints, on one seeded optical bench.
 *
 *   const sim = createSimulatedBench({ seed: 7, distanceKm: 25 });
 *   const { host, device } = createMemoryTransportPair();      // a test's transport
 *   device.on('data', (b) => sim.boards.detector.write(b));
 *   sim.boards.detector.onData((b) => void device.write(b));
 *   ...                                                         // or serveOnTcp / serveOnPty
 *   sim.close();
 */
export {
  createSimulatedBench,
  type SimulatedBench,
  type SimulatedBenchOptions,
  type SimControl,
  type SimInspect,
  type AttackOptions,
  type SimTruth,
} from './firmware/simulated-bench.ts';
export { drawUnknownBench, type UnknownBenchDraw, type UnknownBenchOptions, type BenchTruth } from './physics/index.ts';
export { BoardFirmware, type FirmwareMode } from './firmware/firmware.ts';
export type { ByteEndpoint } from './firmware/endpoint.ts';
export { BOARD_NAMES, SIM_VENDOR, simIdentity, boardKindOf, type BoardName } from './firmware/identity.ts';
export { SharedBench, type BenchTiming } from './firmware/shared-bench.ts';
export { serveOnTcp, type ServedTcp } from './firmware/serve-tcp.ts';
export { serveOnPty, type ServedPty, type ServeOnPtyOptions } from './firmware/serve-pty.ts';
export { TAGGER_CHANNELS, type TaggerChannelSettings } from './firmware/time-tagger.ts';
