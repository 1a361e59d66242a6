/**
 * The trusted-relay network simulation: a seeded 50-node network, link rates
 * from the project's finite-key model, SAE demand, link failures and an
 * attacked link, run over the real routing code; its report and plot.
 */
export {
  DEFAULT_LINK_RATE_MODEL,
  secretBitsPerPulse,
  secretBitsPerPulseExact,
  secretKeyRateBps,
  type LinkRateModel,
} from './link-rate-model.ts';
export { DEFAULT_NETWORK_SHAPE, generateNetwork, nodeName, type GeneratedNetwork, type NetworkShape } from './network-generator.ts';
export {
  DEFAULT_SIMULATION_OPTIONS,
  runNetworkSimulation,
  type LinkEvent,
  type NetworkSimulationOptions,
  type NetworkSimulationReport,
  type PoolShape,
} from './network-simulation.ts';
export { renderSimulationSvg, type PlotOptions } from './plot.ts';
