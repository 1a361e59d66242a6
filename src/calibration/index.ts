/**
 * Calibration of a bench (issue 11): the calibration file, and the routines
 * that find the delay and skew, the detectors' figures and the source's
 * actual mean photon numbers from recorded tags and disclosed patterns.
 * Each routine's analysis is a pure function of arrays (unit-testable on
 * synthetic data); `qkdctl calibrate` (src/cli/qkdctl/calibrate.ts) does the I/O.
 */
export * from './calibration-file.ts';
export * from './tag-data.ts';
export * from './delay-analysis.ts';
export * from './slot-statistics.ts';
export * from './detector-analysis.ts';
