/**
 * `qkd-sim --replay FILE.ptu`: a detector board that plays a recording serves
 * the same tags, in order, through the real protocol and the real detector
 * driver — in process (a small credit window, so playback pauses and resumes
 * without losing a tag; channels outside the stream's mask filtered) and as
 * the `qkd-sim` command (its JSON line, a damaged file refused naming the byte).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DetectorDriver } from '../../drivers/index.ts';
import { PtuFileWriter } from '../../formats/ptu/index.ts';
import { BoardFirmware, serveOnTcp, simIdentity } from '../../sim/index.ts';
import { ReplayTaggerBoard } from '../../sim/firmware/replay-tagger.ts';
import { runCli, startCli } from '../support/run-cli.ts';
import { withSeed } from '../support/seed.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

const newDir = tempDirsPerTest('qkdd-replay-');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A recording of `n` tags on channels 0..3 and a few on channel 5 (not streamed), over ~50 ms. */
function writeRecording(path: string, seed: number, n: number): { channels: Uint8Array; timestampsPs: Float64Array } {
  let s = seed >>> 0 || 7;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const channels = new Uint8Array(n);
  const timestampsPs = new Float64Array(n);
  let t = 3_000_000_000;
  for (let i = 0; i < n; i++) {
    t += 1 + (next() % 4_000_000); // mean 2 µs: 20k tags ≈ 40 ms of bench time
    timestampsPs[i] = t;
    channels[i] = i % 97 === 0 ? 5 : next() & 3;
  }
  const w = PtuFileWriter.create(path, { bench: { pulseRateHz: 1e8, channels: { h: 0, v: 1, d: 2, a: 3 } } });
  w.append(channels, timestampsPs);
  w.close();
  return { channels, timestampsPs };
}

async function collect(url: string, expected: number): Promise<{ channels: number[]; times: number[] }> {
  const det = new DetectorDriver({ url, link: { timeoutMs: 3000, maxAttempts: 3 } });
  cleanups.push(() => det.close());
  await det.connect();
  for (let ch = 0; ch < 4; ch++) await det.commands.configureChannel({ channel: ch, enabled: true });
  // A small credit window: the board must pause playback rather than drop tags.
  const stream = await det.startTagStream({ channels: [0, 1, 2, 3], windowBatches: 2 });
  const got = { channels: [] as number[], times: [] as number[] };
  for await (const b of stream) {
    got.channels.push(...b.channels);
    got.times.push(...b.timestampsPs);
    if (got.channels.length >= expected) break; // leaving the loop stops the stream
    // A slow consumer now and then.
    if (b.seq % 7 === 0) await new Promise((r) => setTimeout(r, 20));
  }
  expect(stream.stats.droppedTags).toBe(0);
  expect(stream.stats.gaps).toBe(0);
  return got;
}

describe('replaying a PTU recording as a detector board', () => {
  it('serves the recorded tags, in order, through the detector driver (in process)', async () => {
    await withSeed('replay in process', async (_r, seed) => {
      const file = join(newDir(), 'rec.ptu');
      const rec = writeRecording(file, seed, 20_000);
      const board = new ReplayTaggerBoard(simIdentity('detector', 3), file, { speed: 2 });
      const fw = new BoardFirmware(board);
      cleanups.push(() => fw.shutdown());
      const served = await serveOnTcp(fw, 0);
      cleanups.push(() => served.close());
      const keep = Array.from(rec.channels.keys()).filter((i) => rec.channels[i] !== 5);
      const got = await collect(served.url, keep.length);
      expect(got.channels).toEqual(keep.map((i) => rec.channels[i]));
      expect(got.times).toEqual(keep.map((i) => rec.timestampsPs[i]));
      expect(board.filtered).toBe(rec.channels.length - keep.length);
    });
  }, 60_000);

  it('qkd-sim --replay serves one detector board on TCP; a damaged file is refused naming the byte', async () => {
    const dir = newDir();
    const file = join(dir, 'rec.ptu');
    const rec = writeRecording(file, 11, 5_000);
    const sim = startCli('qkd-sim', ['--replay', file, '--replay-speed', '5', '--tcp', '0']);
    cleanups.push(async () => {
      sim.child.kill('SIGTERM');
      await sim.exit;
    });
    const deadline = Date.now() + 60_000;
    while (!sim.stdout().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lines = sim.stdout().trim().split('\n');
    expect(lines, sim.stderr()).toHaveLength(1);
    const line = JSON.parse(lines[0]) as { board: string; url: string };
    expect(line.board).toBe('detector');
    const keep = Array.from(rec.channels.keys()).filter((i) => rec.channels[i] !== 5);
    const got = await collect(line.url, keep.length);
    expect(got.times).toEqual(keep.map((i) => rec.timestampsPs[i]));

    const cut = join(dir, 'cut.ptu');
    writeFileSync(cut, readFileSync(file).subarray(0, 30));
    const bad = await runCli('qkd-sim', ['--replay', cut, '--tcp', '0'], { timeoutMs: 60_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cut\.ptu: byte 16: file truncated.*\[QKD-506 RecordingFileInvalid\]/);
    const usage = await runCli('qkd-sim', ['--replay-speed', '2', '--tcp', '0'], { timeoutMs: 60_000 });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--replay-speed needs --replay/);
  }, 120_000);
});
