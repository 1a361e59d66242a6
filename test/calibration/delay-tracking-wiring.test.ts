/**
 * Delay tracking's wiring: config tracking.delay (schema default off) gives the
 * receiver's board bench a DelayTracker around the configured gate, its frame
 * assembler times frames with the tracker's gate delay (which follows tags
 * arriving late), and the node's status shows tracking.delay only when the
 * bench tracks (src/node/qkd-node.ts, TracksDelay in bench-port.ts), and so
 * does the control API's status document (GET /api/v1/status, qkdctl status --json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhysicsRng } from '../../sim/physics/index.ts';
import { statusJson } from '../../src/api/control/wire.ts';
import { demoConfigs } from '../../src/cli/demo-configs.ts';
import { receiverBoardSettings } from '../../src/config/board-settings.ts';
import { parseBenchConfig } from '../../src/config/load-bench-config.ts';
import { createLogger } from '../../src/log.ts';
import type { ReceiverBench, TracksDelay } from '../../src/node/bench-port.ts';
import { receiverDelayTracker, receiverFrameAssembler } from '../../src/node/boards/receiver-boards.ts';
import type { DelayTrackerSnapshot } from '../../src/node/delay-tracking.ts';
import { QkdNode } from '../../src/node/qkd-node.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-delay-tracking-');
const GATE_DELAY = 48_967_009;
const GATE_WIDTH = 400;

function bobConfig(tracking: string): { cfg: ReturnType<typeof parseBenchConfig>; dir: string } {
  const dir = newDir();
  const text = demoConfigs(
    dir,
    { photonSource: 'tcp://127.0.0.1:1', polarizationModulator: 'tcp://127.0.0.1:2', detector: 'tcp://127.0.0.1:3' },
    { peer: 1, etsiA: 2, etsiB: 3 },
    { gateDelayPs: GATE_DELAY, gateWidthPs: GATE_WIDTH },
  ).bob;
  const cfg = parseBenchConfig(text + tracking, 'bob.yaml');
  return { cfg, dir };
}

describe('delay tracking wiring', () => {
  it('is off unless tracking.delay is set; on, the assembler’s gate follows late tags', () => {
    expect(receiverDelayTracker(bobConfig('').cfg, receiverBoardSettings(bobConfig('').cfg))).toBeUndefined();
    const off = bobConfig('tracking:\n  polarization: true\n').cfg;
    expect(off.tracking?.delay).toBe(false);
    expect(receiverDelayTracker(off, receiverBoardSettings(off))).toBeUndefined();

    // An open gate (a bench not calibrated yet) is not tracked.
    const open = bobConfig('tracking:\n  delay: true\n').cfg;
    open.detector!.gateWidthPs = 6000;
    expect(receiverDelayTracker(open, receiverBoardSettings(open))).toBeUndefined();

    const { cfg } = bobConfig('tracking:\n  delay: true\n');
    const settings = receiverBoardSettings(cfg);
    const tracker = receiverDelayTracker(cfg, settings);
    expect(tracker?.gateDelayPs).toBe(GATE_DELAY);
    const assembler = receiverFrameAssembler(settings, tracker);
    // Frames of detections 80 ps later than the gate centre, in random slots, one detector each.
    const rng = new PhysicsRng(9);
    const slots = settings.slotsPerFrame;
    const frameLen = slots * settings.slotPeriodPs;
    const perFrame = 3000;
    let frames = 0;
    for (let f = 0; f < 6; f++) {
      const picks = Array.from({ length: perFrame }, () => Math.floor(rng.nextOpen() * slots)).sort((a, b) => a - b);
      const channels = new Uint8Array(perFrame);
      const times = new Float64Array(perFrame);
      for (let i = 0; i < perFrame; i++) {
        channels[i] = i & 3;
        times[i] = f * frameLen + picks[i] * settings.slotPeriodPs + GATE_DELAY + GATE_WIDTH / 2 + 80 + Math.round(20 * rng.nextNormal());
      }
      frames += assembler.push(channels, times).length;
    }
    expect(frames).toBeGreaterThanOrEqual(4);
    const s = tracker!.snapshot();
    expect(s.updates).toBe(frames);
    // Gain 0.5 per frame: after n frames the gate has moved 80·(1 − 0.5ⁿ) ps.
    expect(s.movedPs).toBeGreaterThan(70);
    expect(s.movedPs).toBeLessThan(90);
    expect(tracker!.gateDelayPs).toBe(GATE_DELAY + s.movedPs);
  });

  it('shows in the node status as tracking.delay when the bench tracks, and not otherwise', async () => {
    const log = createLogger({ name: 't', level: 'silent' });
    for (const tracks of [true, false]) {
      const { cfg, dir } = bobConfig('');
      cfg.frame.workers = 0;
      mkdirSync(join(dir, 'bob'), { recursive: true });
      writeFileSync(cfg.peer.preSharedKeyFile, new Uint8Array(1024).fill(7));
      const snap: DelayTrackerSnapshot = {
        gateDelayPs: GATE_DELAY + 12,
        movedPs: 12,
        updates: 3,
        lastOffsetPs: 4,
        detectorOffsetPs: { h: 4, v: 3, d: 5, a: 4 },
        lastFloorFraction: 0.01,
      };
      const bench: ReceiverBench & Partial<TracksDelay> = {
        slotsPerFrame: cfg.frame.slots,
        nextFrame: () => new Promise(() => undefined),
        close: async () => undefined,
        ...(tracks ? { delayTracking: () => snap } : {}),
      };
      const node = await QkdNode.start({ config: cfg, bench: { role: 'receiver', bench }, log });
      try {
        const api = statusJson(node, node.status(), { windowS: 0, siftedBitsPerS: null, secretBitsPerS: null }, 0);
        if (tracks) {
          expect(node.status().tracking).toEqual({ delay: snap });
          expect(api.tracking).toEqual({ delay: snap });
        } else {
          expect(node.status().tracking).toBeUndefined();
          expect('tracking' in api).toBe(false);
        }
      } finally {
        await node.stop();
      }
    }
  });
});
