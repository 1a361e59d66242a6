/**
 * A bench that reports a lost board makes the node raise the `board-lost`
 * alarm (visible in its status), and a restored board clears nothing but is
 * logged: the alarm count is history. A bench of the other role is refused.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { isNodeError, QkdErrorCode } from '../../errors/index.ts';
import { createLogger } from '../../src/log.ts';
import { QkdNode } from '../../src/node/qkd-node.ts';
import { parseBenchConfig } from '../../src/config/load-bench-config.ts';
import { demoConfigs } from '../../src/cli/demo-configs.ts';
import type { BoardStateEvent, ReportsBoardState, TransmitterBench } from '../../src/node/bench-port.ts';

const newDir = tempDirsPerTest('qkdd-boardlost-');

function aliceConfig(): ReturnType<typeof parseBenchConfig> {
  const dir = newDir();
  const text = demoConfigs(
    dir,
    { photonSource: 'tcp://127.0.0.1:1', polarizationModulator: 'tcp://127.0.0.1:2', detector: 'tcp://127.0.0.1:3' },
    { peer: 0, etsiA: 1, etsiB: 2 },
    { gateDelayPs: 1, gateWidthPs: 400 },
  ).alice;
  const cfg = parseBenchConfig(text, 'alice.yaml');
  cfg.peer.listen = '127.0.0.1:0';
  cfg.frame.workers = 0;
  mkdirSync(join(dir, 'alice'), { recursive: true });
  writeFileSync(cfg.peer.preSharedKeyFile, new Uint8Array(1024).fill(7));
  return cfg;
}

describe('board-lost alarm', () => {
  it('is raised when the bench reports a lost board', async () => {
    const cfg = aliceConfig();
    let report: ((e: BoardStateEvent) => void) | null = null;
    const bench: TransmitterBench & ReportsBoardState = {
      slotsPerFrame: cfg.frame.slots,
      emitFrame: () => new Promise(() => undefined), // never emits: no peer in this test anyway
      close: async () => undefined,
      onBoardState: (l) => {
        report = l;
      },
    };
    const node = await QkdNode.start({
      config: cfg,
      bench: { role: 'transmitter', bench },
      log: createLogger({ name: 't', level: 'silent' }),
    });
    try {
      expect(report).not.toBeNull();
      expect(node.status().alarms.byCode['board-lost']).toBeUndefined();
      report!({ board: 'photon-source', state: 'lost' });
      report!({ board: 'photon-source', state: 'restored' });
      expect(node.status().alarms.byCode['board-lost']).toBe(1);
    } finally {
      await node.stop();
    }
  });

  it('a bench of the other role is refused with BenchMismatch, naming both roles', async () => {
    const cfg = aliceConfig();
    const bench = { slotsPerFrame: cfg.frame.slots, nextFrame: async () => null, close: async () => undefined };
    const started = QkdNode.start({ config: cfg, bench: { role: 'receiver', bench }, log: createLogger({ name: 't', level: 'silent' }) });
    const err = await started.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isNodeError(err, QkdErrorCode.BenchMismatch)).toBe(true);
    expect((err as Error).message).toMatch(/bench for a receiver, config says node\.role transmitter/);
  });
});
