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
import { packSymbols, packedPattern, qkd } from '../../../firmware-protocol/index.ts';
import {
  DetectorDriver,
  PhotonSourceDriver,
  type DecodedTagBatch,
  type DetectorTagStream,
  type SessionState,
  type TagGap,
} from '../../../drivers/index.ts';
import { withSeed } from '../../support/seed.ts';
import { LINK, haveSocat, startSimBench, until, type SimBench } from '../../support/board-bench.ts';

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
    expect(
      explained,
      `unreported hole between ${a.streamId}:${a.batchSeq} and ${b.streamId}:${b.batchSeq}; gaps ${JSON.stringify(run.gaps)}`,
    ).toBe(true);
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

describe.skipIf(!haveSocat)('reconnect edge cases', () => {
  it('a board that loses power behind a live pty is caught by the keepalive; the stream restarts', async () => {
    await withSeed('keepalive', async (_rng, seed) => {
      bench = await startSimBench({ seed, distanceKm: 0 });
      det = new DetectorDriver({
        url: bench.url('detector'),
        link: { timeoutMs: 500, maxAttempts: 2 },
        keepaliveIntervalMs: 200,
        reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
      });
      const d = det;
      const run: Run = { batches: [], gaps: [], states: [] };
      await d.connect();
      for (let ch = 0; ch < 4; ch++) await d.commands.configureChannel({ channel: ch, enabled: true });
      const stream = await d.startTagStream({ channels: [0, 1, 2, 3], windowBatches: 4 });
      const done = consume(stream, run);
      await until(() => run.batches.length >= 5, '5 batches');
      const reconnected = new Promise<void>((resolve) => d.once('reconnected', () => resolve()));
      // Power cycle only: the pty (and the serial port on it) stay open, the board just goes quiet.
      bench.sim.control.unplug('detector');
      bench.sim.control.replug('detector');
      await reconnected;
      const before = run.batches.length;
      await until(() => run.batches.length >= before + 5, '5 batches after the power cycle');
      await stream.stop();
      await done;
      expect(stream.stats.restarts).toBe(1);
      expect(run.gaps.some((g) => g.cause === 'stream-restarted')).toBe(true);
      checkContinuity(run);
    });
  });

  it('another board on the path is refused (WrongBoard) until the right one comes back', async () => {
    bench = await startSimBench({ seed: 3 });
    det = new DetectorDriver({ url: bench.url('detector'), link: LINK, reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    const d = det;
    await d.connect();
    const errors: (string | undefined)[] = [];
    d.on('reconnecting', ({ lastError }) => errors.push(lastError?.message));
    await bench.pullCable('detector');
    await bench.plugBack('detector', 'modulator');
    await until(() => errors.some((e) => e !== undefined && /expected model SIM-TT-4CH/.test(e)), 'a WrongBoard attempt');
    expect(d.state).toBe('reconnecting');
    const reconnected = new Promise<void>((resolve) => d.once('reconnected', () => resolve()));
    await bench.pullCable('detector');
    await bench.plugBack('detector');
    await reconnected;
    expect(d.info?.identity.serialNumber).toBe(bench.sim.boards.detector.model.identity.serialNumber);
  });

  it('gives up after maxAttempts with a failed event; the stream iterator rejects', async () => {
    bench = await startSimBench({ seed: 4 });
    det = new DetectorDriver({ url: bench.url('detector'), link: LINK, reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 3 } });
    const d = det;
    await d.connect();
    for (let ch = 0; ch < 4; ch++) await d.commands.configureChannel({ channel: ch, enabled: true });
    const stream = await d.startTagStream({ channels: [0, 1, 2, 3] });
    const attempts: number[] = [];
    d.on('reconnecting', ({ attempt }) => attempts.push(attempt));
    const failed = new Promise<{ attempts: number }>((resolve) => d.once('failed', resolve));
    const drained = (async () => {
      for await (const _ of stream) void _;
    })().then(
      () => 'ended',
      (err: unknown) => err,
    );
    await bench.pullCable('detector');
    expect((await failed).attempts).toBe(3);
    expect(attempts).toEqual([1, 2, 3]);
    expect(d.state).toBe('failed');
    expect(await drained).toMatchObject({ code: expect.any(Number) });
    await expect(d.commands.ping({ nonce: 1 })).rejects.toMatchObject({ message: expect.stringMatching(/failed/) });
  });
});

describe.skipIf(!haveSocat)('pattern board power loss', () => {
  it('re-uploads and re-arms the pattern, re-applies the configuration and reports the interrupted run', async () => {
    bench = await startSimBench({ seed: 6, distanceKm: 0 });
    const source = new PhotonSourceDriver({ url: bench.url('source'), link: LINK, reconnect: { initialDelayMs: 20, maxDelayMs: 200 } });
    try {
      await source.connect();
      await source.commands.configureSource({
        pulseRateHz: 1e9,
        frameSlots: 1024,
        signalMeanPhotonNumber: 0.5,
        decoyMeanPhotonNumber: 0.1,
      });
      const pattern = new Uint8Array(4096).map((_, i) => 1 + (i % 2));
      const p = await source.loadPattern(pattern, { chunkBytes: 256 });
      await source.start();
      const interrupted = new Promise<{ startFrame: number }>((resolve) => source.once('run-interrupted', resolve));
      const restored = new Promise<{ boardWasReset: boolean; replayed: readonly string[] }>((resolve) => source.once('restored', resolve));
      await bench.pullCable('source');
      bench.sim.control.unplug('photon-source');
      bench.sim.control.replug('photon-source');
      await bench.plugBack('source');
      expect(await restored).toEqual({ boardWasReset: true, replayed: ['configureSource'] });
      await interrupted;
      await until(() => source.state === 'connected', 'connected');
      const status = await source.commands.getStatus({});
      expect(status.runState).toBe(qkd.RunState.RUN_STATE_ARMED);
      // Armed by CRC, so the board holds exactly our pattern again.
      expect(await source.armPattern(0)).toBe(p.totalSlots);
    } finally {
      await source.close();
    }
  });

  it('restores the pattern it armed even when the caller wiped its buffer after the upload (the transmitter does)', async () => {
    bench = await startSimBench({ seed: 7, distanceKm: 0 });
    const source = new PhotonSourceDriver({ url: bench.url('source'), link: LINK, reconnect: { initialDelayMs: 20, maxDelayMs: 200 } });
    const attemptErrors: string[] = [];
    source.on('reconnecting', (e) => {
      if (e.lastError) attemptErrors.push(e.lastError.message);
    });
    try {
      await source.connect();
      await source.commands.configureSource({
        pulseRateHz: 1e9,
        frameSlots: 1024,
        signalMeanPhotonNumber: 0.5,
        decoyMeanPhotonNumber: 0.1,
      });
      const p = packedPattern(packSymbols(new Uint8Array(4096).map((_, i) => 1 + (i % 2))));
      await source.loadPattern(p);
      p.packed.fill(0); // the caller wipes its copy: patterns are key material
      let isRestored = false;
      source.once('restored', () => {
        isRestored = true;
      });
      await bench.pullCable('source');
      bench.sim.control.unplug('photon-source');
      bench.sim.control.replug('photon-source');
      await bench.plugBack('source');
      const back = await until(() => isRestored, 'the restore').then(
        () => true,
        () => false,
      );
      expect(back, `the source restored; the last attempt failed with: ${attemptErrors.at(-1)}`).toBe(true);
      await until(() => source.state === 'connected', 'connected');
      expect((await source.commands.getStatus({})).runState).toBe(qkd.RunState.RUN_STATE_ARMED);
    } finally {
      await source.close();
    }
  });
});
