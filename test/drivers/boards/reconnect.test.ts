/**
 * Unplug and replug in the middle of a tag stream, through real ptys: the
 * board's socat is killed (the tty vanishes under the serialport binding)
 * and the board is served again on the same path. The driver must go
 * connected → reconnecting → connected, and the stream must continue with
 * no duplicated batch and every missing batch reported as a gap.
 *
 * Two boards' fates: it kept power (still in binary mode, stream alive:
 * the driver resumes the same stream), or it lost power too (it boots in
 * console mode with no configuration: the driver replays the channel
 * setup and restarts the stream, reporting a 'stream-restarted' gap).
 * Simulator only: a real bench has no hands to pull the cable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DetectorDriver, type DecodedTagBatch, type DetectorTagStream, type SessionState, type TagGap } from '../../../drivers/index.ts';
import { withSeed } from '../../support/seed.ts';
import { LINK, haveSocat, startSimBench, until, type SimBench } from './bench.ts';

let bench: SimBench | null = null;
let det: DetectorDriver | null = null;
afterEach(async () => {
  await det?.close();
  await bench?.close();
  det = null;
  bench = null;
});

interface Run {
  batches: DecodedTagBatch[];
  gaps: TagGap[];
  states: SessionState[];
}

/** Consume the stream in the background until stopped. */
function consume(stream: DetectorTagStream, run: Run): Promise<void> {
  stream.on('gap', (g) => run.gaps.push(g));
  return (async () => {
    for await (const b of stream) run.batches.push(b);
  })();
}

/** No duplicate, and every hole in batch_seq explained by a reported gap. */
function checkContinuity(run: Run): void {
  const seen = new Set<string>();
  for (const b of run.batches) {
    const key = `${b.streamId}:${b.batchSeq}`;
    expect(seen.has(key), `duplicate batch ${key}`).toBe(false);
    seen.add(key);
  }
  expect(run.batches.map((b) => b.seq)).toEqual(run.batches.map((_, i) => i));
  for (let i = 1; i < run.batches.length; i++) {
    const a = run.batches[i - 1];
    const b = run.batches[i];
    if (a.streamId === b.streamId && b.batchSeq === a.batchSeq + 1) continue;
    const explained = run.gaps.some((g) =>
      g.cause === 'sequence'
        ? g.streamId === b.streamId && g.expectedSeq === a.batchSeq + 1 && g.receivedSeq === b.batchSeq
        : g.streamId === a.streamId && g.expectedSeq === a.batchSeq + 1 && g.resumedStreamId === b.streamId && b.batchSeq === 0,
    );
    expect(explained, `unreported hole between ${a.streamId}:${a.batchSeq} and ${b.streamId}:${b.batchSeq}; gaps ${JSON.stringify(run.gaps)}`).toBe(true);
  }
}

async function streamingDetector(seed: number): Promise<{ stream: DetectorTagStream; run: Run; done: Promise<void> }> {
  bench = await startSimBench({ seed, distanceKm: 0 });
  det = new DetectorDriver({ url: bench.url('detector'), link: LINK, reconnect: { initialDelayMs: 50, maxDelayMs: 400 } });
  const run: Run = { batches: [], gaps: [], states: [] };
  det.on('state', ({ to }) => run.states.push(to));
  await det.connect();
  for (let ch = 0; ch < 4; ch++) await det.commands.configureChannel({ channel: ch, enabled: true });
  // Dark counts only: bench time runs through dark frames while the detector streams.
  const stream = await det.startTagStream({ channels: [0, 1, 2, 3], windowBatches: 4 });
  return { stream, run, done: consume(stream, run) };
}

describe.skipIf(!haveSocat)('detector reconnect in the middle of streaming', () => {
  it('board kept power: the driver resumes the same stream; no duplicate, holes reported', async () => {
    await withSeed('resume after pty loss', async (_rng, seed) => {
      const { stream, run, done } = await streamingDetector(seed);
      const d = det!;
      await until(() => run.batches.length >= 20, '20 batches before the unplug');
      const reconnected = new Promise<void>((resolve) => d.once('reconnected', () => resolve()));
      await bench!.pullCable('detector');
      await until(() => d.state === 'reconnecting', 'reconnecting');
      const before = run.batches.length;
      await bench!.plugBack('detector');
      await reconnected;
      await until(() => run.batches.length >= before + 20, '20 batches after the replug');
      await stream.stop();
      await done;
      expect(run.states).toEqual(expect.arrayContaining(['connected', 'reconnecting']));
      expect(run.states.at(-1)).toBe('connected');
      expect(stream.stats.resumes).toBe(1);
      expect(stream.stats.restarts).toBe(0);
      expect(new Set(run.batches.map((b) => b.streamId)).size).toBe(1);
      checkContinuity(run);
      expect(stream.stats.lostBatches).toBe(run.gaps.reduce((s, g) => s + (g.lostBatches ?? 0), 0));
    });
  });

  it('board lost power too: configuration replayed, stream restarted, the hole reported as stream-restarted', async () => {
    await withSeed('restart after power loss', async (_rng, seed) => {
      const { stream, run, done } = await streamingDetector(seed);
      const d = det!;
      const restored = new Promise<{ boardWasReset: boolean; replayed: readonly string[] }>((resolve) => d.once('restored', resolve));
      await until(() => run.batches.length >= 10, '10 batches before the unplug');
      await bench!.pullCable('detector');
      bench!.sim.control.unplug('detector');
      await until(() => d.state === 'reconnecting', 'reconnecting');
      bench!.sim.control.replug('detector');
      const before = run.batches.length;
      await bench!.plugBack('detector');
      const report = await restored;
      expect(report.boardWasReset).toBe(true);
      expect(report.replayed.filter((m) => m === 'configureChannel')).toHaveLength(4);
      await until(() => run.batches.length >= before + 10, '10 batches after the replug');
      await stream.stop();
      await done;
      expect(stream.stats.restarts).toBe(1);
      const restart = run.gaps.find((g) => g.cause === 'stream-restarted');
      expect(restart?.lostBatches).toBeNull();
      checkContinuity(run);
    });
  });
});
