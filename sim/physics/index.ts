/** The physics of the simulated BB84 decoy-state bench (see optical-bench.ts). */
export * from './options.ts';
export * from './pattern.ts';
export * from './prng.ts';
export * from './tag-chunk.ts';
export * from './modulator.ts';
export { OpticalBench, type BenchTelemetry, type BenchTruth } from './optical-bench.ts';
export { referencePerPulseRun, type ReferenceRunResult } from './reference-loop.ts';
export { drawUnknownBench, type UnknownBenchDraw, type UnknownBenchOptions } from './unknown-bench.ts';
