/**
 * Which requests each driver exposes, as types and as runtime lists. The
 * lists are written out (the method table's `boards` field is typed as a
 * plain BoardKind array, so it cannot be filtered at the type level); a test
 * checks them against `METHODS[m].boards` so the two cannot drift.
 *
 * Two requests are not in any command table: `hello` (the session does the
 * version negotiation; its answer is `driver.info.hello`) and `enterConsole`
 * (it ends the binary link; `driver.releaseToConsole()` sends it and closes).
 */
import type { MethodName } from '../../firmware-protocol/index.ts';

export const COMMON_METHODS = ['ping', 'getStatus', 'getTelemetry', 'setTelemetryInterval', 'setClock', 'syncEpoch', 'reset'] as const;
export const PATTERN_METHODS = ['uploadPattern', 'armPattern', 'start', 'stop', 'drawPattern', 'readChoices'] as const;
export const SOURCE_METHODS = [...COMMON_METHODS, ...PATTERN_METHODS, 'configureSource'] as const;
export const MODULATOR_METHODS = [...COMMON_METHODS, ...PATTERN_METHODS, 'configureModulator', 'setBias'] as const;
export const DETECTOR_METHODS = [
  ...COMMON_METHODS,
  'configureChannel',
  'setInputDelays',
  'startTagStream',
  'stopTagStream',
  'grantCredit',
  'getCountRates',
  'runHistogram',
] as const;

/** Requests handled by the connection, not by a command table. */
export const SESSION_METHODS = ['hello', 'enterConsole'] as const satisfies readonly MethodName[];

export type CommonMethod = (typeof COMMON_METHODS)[number];
export type SourceMethod = (typeof SOURCE_METHODS)[number];
export type ModulatorMethod = (typeof MODULATOR_METHODS)[number];
export type DetectorMethod = (typeof DETECTOR_METHODS)[number];

// Compile-time check that every listed name is a real request.
const _check: readonly MethodName[] = [...SOURCE_METHODS, ...MODULATOR_METHODS, ...DETECTOR_METHODS];
void _check;
