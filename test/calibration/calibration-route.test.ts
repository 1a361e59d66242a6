/**
 * The calibration endpoints of the control API (GET /api/v1/calibration,
 * POST /api/v1/calibration/SECTION) on a control server with a fake node:
 * the settings in force and the file are answered; a run is recorded in the
 * node's own calibration file; a node without a calibration file, an unknown
 * section and invalid values are refused with what is wrong.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calibrationRoutes } from '../../src/api/control/calibration-route.ts';
import { type ControlServer, startControlServer } from '../../src/api/control/index.ts';
import { readCalibrationFile } from '../../src/calibration/calibration-file.ts';
import { parseBenchConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import { GenerationGate } from '../../src/node/generation-gate.ts';
import type { NodeStatus } from '../../src/node/qkd-node.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-cal-route-');
const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const node = {
  gate: new GenerationGate(),
  alarms: new AlarmBoard(createLogger({ name: 't', level: 'silent' })),
  status: () => ({ stats: {} }) as unknown as NodeStatus,
};

const bob = (calibration: string): string => `
node: { id: kme-b, role: receiver, linkId: l }
boards: { detector: tcp://127.0.0.1:7003 }
peer: { connect: 127.0.0.1:7700, preSharedKeyFile: psk.bin }
keystore: { path: keys.sqlite }
source:
  rateHz: 1.0e8
  intensities: { signal: 0.6, decoy: 0.2, vacuum: 0.0002 }
  intensityProbabilities: { signal: 0.5, decoy: 0.3, vacuum: 0.2 }
detector: { gateDelayPs: 1000, gateWidthPs: 10000, inputDelayPs: 5 }
${calibration}`;

function call(
  socketPath: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath,
        method,
        path,
        agent: false,
        headers: { Host: 'localhost', ...(payload ? { 'Content-Type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function serve(configText: string): Promise<string> {
  const dir = newDir();
  const config = parseBenchConfig(configText.replaceAll('DIR', dir), 'bob.yaml');
  const server = await startControlServer({ node, socketPath: join(dir, 'c.sock'), rawRoutes: calibrationRoutes({ config }) });
  servers.push(server);
  return server.socketPath;
}

describe('calibration endpoints of the control API', () => {
  it('answers the settings in force and records a run in the node’s calibration file', async () => {
    const sock = await serve(bob('calibration: { file: DIR/cal.yaml }'));
    const before = await call(sock, 'GET', '/api/v1/calibration');
    expect(before.status).toBe(200);
    expect(before.json.role).toBe('receiver');
    expect(before.json.calibration).toBeNull();
    expect((before.json.applied as { inputDelayPs: unknown }).inputDelayPs).toEqual({ h: 5, v: 5, d: 5, a: 5 });
    const values = { gateDelayPs: 49_000_000, gateWidthPs: 400, inputDelayPs: { h: 1, v: -2, d: 3, a: -4 } };
    const post = await call(sock, 'POST', '/api/v1/calibration/delay', { method: 'test', values, figures: { tags: 5 } });
    expect(post.status, JSON.stringify(post.json)).toBe(200);
    expect(post.json.restartNeeded).toBe(true);
    const file = readCalibrationFile(post.json.file as string);
    expect(file?.current.delay?.values).toEqual(values);
    expect(file?.history).toHaveLength(1);
    const after = await call(sock, 'GET', '/api/v1/calibration');
    expect((after.json.calibration as { current: { delay: { values: unknown } } }).current.delay.values).toEqual(values);
  });

  it('refuses a node without a calibration file, an unknown section and invalid values', async () => {
    const without = await serve(bob(''));
    const none = await call(without, 'POST', '/api/v1/calibration/delay', { method: 't', values: {} });
    expect(none.status).toBe(409);
    expect(JSON.stringify(none.json)).toContain('calibration: { file: PATH }');

    const sock = await serve(bob('calibration: { file: DIR/cal.yaml }'));
    const unknown = await call(sock, 'POST', '/api/v1/calibration/colour', { method: 't', values: {} });
    expect(unknown.status).toBe(404);
    const bad = await call(sock, 'POST', '/api/v1/calibration/intensities', { method: 't', values: { signal: -1, decoy: 0.1, vacuum: 0 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('values.signal');
  });
});
