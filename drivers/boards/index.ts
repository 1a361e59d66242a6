/** The three board drivers and their shared base. */
export { BoardDriver, type BoardDriverEvents, type BoardDriverOptions, type RestoreReport } from './board-driver.ts';
export { buildCommandTable, type CommandTable } from './commands.ts';
export {
  COMMON_METHODS,
  DETECTOR_METHODS,
  MODULATOR_METHODS,
  PATTERN_METHODS,
  SESSION_METHODS,
  SOURCE_METHODS,
  type CommonMethod,
  type DetectorMethod,
  type ModulatorMethod,
  type SourceMethod,
} from './board-methods.ts';
export { PatternBoardDriver, type PatternBoardEvents, type UploadOptions, type UploadProgress } from './pattern-board-driver.ts';
// The pattern codec is the wire contract's (firmware-protocol/patterns.ts); uploadPattern takes a PackedPattern.
export { packedPattern, type PackedPattern } from '../../firmware-protocol/index.ts';
export { PhotonSourceDriver, type PhotonSourceEvents } from './photon-source-driver.ts';
export { PolarizationModulatorDriver } from './polarization-modulator-driver.ts';
export { DetectorDriver, type DetectorEvents, type Histogram, type DetectorStreamOptions } from './detector-driver.ts';
export { DetectorTagStream, type DetectorTagStreamEvents, type TagStreamRequest, type DetectorStreamStats } from './detector-tag-stream.ts';
export { decodeTagBatch, type DecodedTagBatch } from './tag-batch.ts';
export { TagSequencer, type SequenceVerdict, type TagGap } from './tag-sequencer.ts';
export { ReplayRecord } from './replay-record.ts';
