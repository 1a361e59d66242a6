/**
 * The layer rules of qkdd, written as data: which folder may import which.
 * `docs/architecture.md` states the same rules for a newcomer; the test beside
 * this file reads every source file's imports and fails on an arrow that is
 * not listed here.
 *
 * A unit is a top-level folder or a folder of `src/`; a file belongs to the
 * first unit whose path prefixes it. Imports inside a unit are always allowed;
 * third-party packages and `node:` built-ins are not checked here.
 */
export interface LayerUnit {
  /** Path prefix from the repository root, without a trailing slash. */
  readonly path: string;
  /** Why it sits where it does, in a few words. */
  readonly role: string;
  /** Units it may import. */
  readonly mayImport: readonly string[];
}

export const LAYER_UNITS: readonly LayerUnit[] = [
  { path: 'errors', role: 'the one error class and its codes', mayImport: [] },
  { path: 'firmware-protocol', role: 'wire contract with board firmware; firmware authors read it alone', mayImport: [] },
  { path: 'drivers', role: 'host side of the boards', mayImport: ['firmware-protocol', 'errors'] },
  { path: 'formats', role: 'file formats: PTU time-tag recordings, pattern files', mayImport: ['errors'] },
  {
    path: 'sim',
    role: 'device side in software; stands where hardware stands (replays recordings through formats)',
    mayImport: ['firmware-protocol', 'errors', 'formats'],
  },
  { path: 'src/pipeline', role: 'pure post-processing on typed arrays', mayImport: ['errors'] },
  { path: 'src/log.ts', role: 'the pino logger and its redaction', mayImport: [] },
  { path: 'src/keystore', role: 'durable key storage', mayImport: ['errors'] },
  {
    path: 'src/peer',
    role: 'authenticated classical channel (Wegman–Carter over the pipeline GF(2^64) hash)',
    mayImport: ['errors', 'src/pipeline'],
  },
  {
    path: 'src/config',
    role: 'bench config: schema, loader, mappers',
    mayImport: ['errors', 'firmware-protocol', 'drivers', 'src/pipeline'],
  },
  {
    path: 'src/node',
    role: 'orchestration of one node',
    mayImport: ['errors', 'firmware-protocol', 'drivers', 'src/pipeline', 'src/keystore', 'src/peer', 'src/config', 'src/log.ts'],
  },
  {
    path: 'src/calibration',
    role: 'delay, polarization and detector calibration',
    mayImport: ['errors', 'firmware-protocol', 'formats', 'drivers', 'src/pipeline', 'src/config', 'src/log.ts'],
  },
  {
    path: 'src/network',
    role: 'key manager of a trusted node',
    mayImport: ['errors', 'src/pipeline', 'src/keystore', 'src/peer', 'src/config', 'src/node', 'src/log.ts'],
  },
  {
    path: 'src/api',
    role: 'ETSI 014, control API, metrics, dashboard',
    mayImport: [
      'errors',
      'formats',
      'src/pipeline',
      'src/keystore',
      'src/peer',
      'src/config',
      'src/node',
      'src/network',
      'src/calibration',
      'src/log.ts',
    ],
  },
  {
    path: 'src/cli',
    role: 'process assembly and command lines',
    mayImport: [
      'errors',
      'formats',
      'firmware-protocol',
      'drivers',
      'sim',
      'src/pipeline',
      'src/keystore',
      'src/peer',
      'src/config',
      'src/node',
      'src/calibration',
      'src/network',
      'src/api',
      'src/log.ts',
    ],
  },
];

/** Folders whose sources are checked (tests may import anything and are not). */
export const CHECKED_ROOTS = ['errors', 'firmware-protocol', 'formats', 'drivers', 'sim', 'src'] as const;

/** The unit a repository-relative path belongs to, or undefined. */
export function unitOf(relPath: string): LayerUnit | undefined {
  return LAYER_UNITS.find((u) => relPath === u.path || relPath.startsWith(`${u.path}/`));
}
