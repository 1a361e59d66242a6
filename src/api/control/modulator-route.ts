/**
 * The transmitter's modulator on its control API, for `qkdctl calibrate
 * polarization` (which drives it from the other host through an SSH tunnel):
 *
 *   GET  /api/v1/modulator[?generation=G]   the drive table and bias in force, the change's
 *                                           generation, tracking, and the outcomes of recent
 *                                           frames (all, or those emitted under generation G:
 *                                           test-basis errors and bits, aborted frames too)
 *   POST /api/v1/modulator                  {stateVoltagesV?: [H, V, D, A], biasV, tracking?: bool}
 *                                           sets the modulator live; answers {generation} at once:
 *                                           it applies before the next frame is emitted. A new
 *                                           drive table waits for the frames in flight, then
 *                                           restarts the boards. Tracking is off after a change
 *                                           unless `tracking: true` (and the config enables it).
 *
 * The settings last only while the node runs: `POST /api/v1/calibration/polarization` records
 * them in the node's calibration file for its next start.
 */
import { z } from 'zod';
import { isQkdError } from '../../../errors/index.ts';
import type { ModulatorChange, ModulatorStateJson } from '../../node/modulator-control.ts';
import type { RawControlRoute } from './server.ts';
import { readBody, sendJson, sendJsonError } from './raw-json.ts';
import { CONTROL_API_PREFIX } from './wire.ts';

export const MODULATOR_PATH = `${CONTROL_API_PREFIX}/modulator`;
const MAX_BODY = 4096;
/** The boards' range (polarization_modulator.proto: ±10 V). */
const volts = z.number().finite().min(-10).max(10);

const changeSchema = z.strictObject({
  stateVoltagesV: z.tuple([volts, volts, volts, volts]).optional(),
  biasV: volts,
  tracking: z.boolean().optional(),
});

/** What the routes need of the node (QkdNode has it). */
export interface ModulatorNode {
  setModulator(change: ModulatorChange): number;
  modulatorState(generation?: number): ModulatorStateJson | null;
}

export function modulatorRoutes(o: { node: ModulatorNode }): RawControlRoute[] {
  return [
    {
      path: MODULATOR_PATH,
      method: 'GET',
      summary: 'the modulator in force and recent frame outcomes (transmitter; qkdctl calibrate polarization)',
      handle(req, res) {
        const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
        const g = query.get('generation');
        const generation = g === null ? undefined : Number(g);
        if (generation !== undefined && !(Number.isInteger(generation) && generation >= 0)) {
          sendJsonError(res, 400, 'bad_request', `generation must be a whole number ≥ 0, got '${g}'`);
          return;
        }
        const state = o.node.modulatorState(generation);
        if (!state) {
          sendJsonError(res, 404, 'not_found', 'this node has no modulator (a receiver)');
          return;
        }
        sendJson(res, 200, state);
      },
    },
    {
      path: MODULATOR_PATH,
      method: 'POST',
      summary: 'set the modulator drive table and bias live (transmitter; qkdctl calibrate polarization)',
      async handle(req, res) {
        const text = await readBody(req, MAX_BODY);
        if (text === null) {
          sendJsonError(res, 413, 'too_large', `a modulator setting is at most ${MAX_BODY} bytes`);
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          sendJsonError(res, 400, 'bad_request', 'the body must be JSON: {stateVoltagesV?: [H, V, D, A], biasV, tracking?}');
          return;
        }
        const parsed = changeSchema.safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          sendJsonError(res, 400, 'bad_request', `${issue.path.join('.') || 'body'}: ${issue.message}`);
          return;
        }
        try {
          const generation = o.node.setModulator(parsed.data as ModulatorChange);
          sendJson(res, 200, { generation });
        } catch (err) {
          sendJsonError(res, isQkdError(err) ? 409 : 500, 'modulator_failed', err instanceof Error ? err.message : String(err));
        }
      },
    },
  ];
}
