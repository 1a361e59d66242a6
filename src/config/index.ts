/** The bench config: schema, loader, preflight of the files it names, and mappers to frame and ETSI parameters. */
export { benchConfigSchema, type BenchConfig } from './bench-config.ts';
export {
  loadBenchConfig,
  readBenchConfig,
  parseBenchConfig,
  formatConfigProblem,
  configInvalid,
  type ConfigProblem,
  type LoadedBenchConfig,
} from './load-bench-config.ts';
export {
  preflightBenchConfig,
  preflightBeforeRun,
  checkBench,
  findFileProblems,
  findPortProblems,
  fileProblemsError,
  preSharedKeyBytes,
  type FileProblem,
  type PreflightFinding,
  type CheckBenchOptions,
} from './preflight.ts';
export { frameSettingsFromConfig, type FrameSettings } from './frame-settings-from-config.ts';
export { etsi014ConfigFromBench, type Etsi014Config } from './etsi014-config.ts';
export {
  networkNodeConfigSchema,
  readNetworkNodeConfig,
  networkNodeConfigFrom,
  type NetworkNodeConfig,
  type LoadedNetworkNodeConfig,
} from './network-node-config.ts';
export {
  transmitterBoardSettings,
  receiverBoardSettings,
  type TransmitterBoardSettings,
  type ReceiverBoardSettings,
} from './board-settings.ts';
