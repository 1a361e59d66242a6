/**
 * The calibration endpoints of a node's control API, used by `qkdctl
 * calibrate` (which may run on the other node's host, through an SSH tunnel):
 *
 *   GET  /api/v1/calibration            what the node runs with now (gate, input delays, modulator
 *                                       voltages, intensities, pulse rate, frame, channel map) and its
 *                                       calibration file (path and content, or null)
 *   POST /api/v1/calibration/SECTION    records one run of delay | detectors | intensities |
 *                                       polarization ({method, values, figures}) in the node's own
 *                                       calibration file (the config's calibration.file)
 *
 * The node writes its own file, so a technician never copies calibration
 * files between hosts. A recorded result takes effect when the node starts:
 * the answer says `restartNeeded: true` (nothing is applied live yet).
 */
import { isQkdError } from '../../../errors/index.ts';
import {
  CALIBRATION_SECTIONS,
  type CalibrationSection,
  readCalibrationFile,
  recordCalibration,
  SECTION_VALUES,
} from '../../calibration/calibration-file.ts';
import type { BenchConfig } from '../../config/index.ts';
import type { RawControlRoute } from './server.ts';
import { readBody, sendJson, sendJsonError } from './raw-json.ts';
import { CONTROL_API_PREFIX } from './wire.ts';

export const CALIBRATION_PATH = `${CONTROL_API_PREFIX}/calibration`;
const MAX_BODY = 64 * 1024;

/** What GET /api/v1/calibration answers. */
export interface CalibrationStateJson {
  readonly nodeId: string;
  readonly role: 'transmitter' | 'receiver';
  /** The calibration file the config names (null: none named) and its content (null: not written yet). */
  readonly file: string | null;
  readonly calibration: unknown;
  /** What the node runs with (config with the calibration applied at its start). */
  readonly applied: {
    readonly pulseRateHz: number;
    readonly slotsPerFrame: number;
    readonly intensities: { signal: number; decoy: number; vacuum: number };
    readonly actualIntensities: { signal: number; decoy: number; vacuum: number } | null;
    readonly channels: { h: number; v: number; d: number; a: number } | null;
    readonly gateDelayPs: number | null;
    readonly gateWidthPs: number | null;
    readonly inputDelayPs: { h: number; v: number; d: number; a: number } | null;
    readonly modulator: { stateVoltagesV: number[]; biasV: number } | null;
  };
}

function perDetector(
  v: number | { h: number; v: number; d: number; a: number } | undefined,
): { h: number; v: number; d: number; a: number } | null {
  if (v === undefined) return null;
  return typeof v === 'number' ? { h: v, v, d: v, a: v } : { ...v };
}

export function calibrationState(config: BenchConfig): CalibrationStateJson {
  const file = config.calibration?.file ?? null;
  const det = config.detector;
  return {
    nodeId: config.node.id,
    role: config.node.role,
    file,
    calibration: file ? readCalibrationFile(file) : null,
    applied: {
      pulseRateHz: config.source.rateHz,
      slotsPerFrame: config.frame.slots,
      intensities: { ...config.source.intensities },
      actualIntensities: config.source.actualIntensities ? { ...config.source.actualIntensities } : null,
      channels: det ? { ...det.channels } : null,
      gateDelayPs: det ? det.gateDelayPs : null,
      gateWidthPs: det ? det.gateWidthPs : null,
      inputDelayPs: det ? (perDetector(det.inputDelayPs) ?? { h: 0, v: 0, d: 0, a: 0 }) : null,
      modulator: config.modulator ? { stateVoltagesV: [...config.modulator.stateVoltagesV], biasV: config.modulator.biasV } : null,
    },
  };
}

/** The two calibration routes for a node running `config` (its calibration already applied). */
export function calibrationRoutes(o: { config: BenchConfig }): RawControlRoute[] {
  return [
    {
      path: CALIBRATION_PATH,
      method: 'GET',
      summary: 'settings the node runs with and its calibration file (qkdctl calibrate)',
      handle(_req, res) {
        try {
          sendJson(res, 200, calibrationState(o.config));
        } catch (err) {
          sendJsonError(res, 500, 'calibration_file_invalid', isQkdError(err) ? err.message : String(err));
        }
      },
    },
    {
      path: `${CALIBRATION_PATH}/`,
      method: 'POST',
      summary: 'record a calibration run (delay | detectors | intensities | polarization) in the node’s calibration file',
      async handle(req, res) {
        const section = (req.url ?? '').split('?')[0].slice(CALIBRATION_PATH.length + 1) as CalibrationSection;
        if (!CALIBRATION_SECTIONS.includes(section)) {
          sendJsonError(res, 404, 'not_found', `no calibration section '${section}': one of ${CALIBRATION_SECTIONS.join(', ')}`);
          return;
        }
        const file = o.config.calibration?.file;
        if (!file) {
          sendJsonError(
            res,
            409,
            'no_calibration_file',
            `node ${o.config.node.id}: its config names no calibration file (add calibration: { file: PATH })`,
          );
          return;
        }
        const text = await readBody(req, MAX_BODY);
        if (text === null) {
          sendJsonError(res, 413, 'too_large', `a calibration run is at most ${MAX_BODY} bytes`);
          return;
        }
        let body: { method?: unknown; values?: unknown; figures?: unknown };
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          sendJsonError(res, 400, 'bad_request', 'the body must be JSON: {method, values, figures}');
          return;
        }
        const values = SECTION_VALUES[section].safeParse(body.values);
        if (typeof body.method !== 'string' || body.method === '' || !values.success) {
          const issue = values.success ? null : values.error.issues[0];
          sendJsonError(
            res,
            400,
            'bad_request',
            issue ? `values.${issue.path.join('.')}: ${issue.message}` : 'method must be a non-empty string',
          );
          return;
        }
        try {
          recordCalibration(file, section, {
            method: body.method,
            values: values.data as never,
            figures: typeof body.figures === 'object' && body.figures !== null ? (body.figures as Record<string, unknown>) : {},
          });
        } catch (err) {
          sendJsonError(res, 500, 'calibration_write_failed', isQkdError(err) ? err.message : String(err));
          return;
        }
        sendJson(res, 200, { nodeId: o.config.node.id, file, section, restartNeeded: true });
      },
    },
  ];
}
