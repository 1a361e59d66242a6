/**
 * Recording, replay's source and offline analysis from the command line:
 *  - qkdctl record against the receiver of a running simulated link (DemoLink,
 *    10 km, the simulator's full tag rate): the PTU file holds exactly the
 *    tags the simulated tagger emitted in the window — batch by batch, the
 *    count equal to the tagger's own batch counts, none dropped by the board;
 *  - the route against a fake node: tags identical, a transmitter refused
 *    (409), an unread backlog over the cap ends the stream with an error and
 *    the recording is reported incomplete (nothing dropped silently);
 *  - qkdctl analyze on a recording with a known pattern: the delay (histogram
 *    peak and the gate delay that centres it) and the sifted counts and QBER
 *    per basis exactly as injected.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isQkdError, QkdErrorCode } from '../../errors/index.ts';
import { decodeTagRecords } from '../../firmware-protocol/index.ts';
import { encodePatternFile } from '../../formats/pattern/pattern-file.ts';
import { PtuFileWriter, PtuReader } from '../../formats/ptu/index.ts';
import { type ControlServer, startControlServer } from '../../src/api/control/index.ts';
import { tagStreamRoute } from '../../src/api/recording/index.ts';
import type { Analysis } from '../../src/cli/qkdctl/analyze.ts';
import { type RecordResult, recordTags } from '../../src/cli/qkdctl/record.ts';
import { createLogger } from '../../src/log.ts';
import { AlarmBoard } from '../../src/node/alarms.ts';
import { GenerationGate } from '../../src/node/generation-gate.ts';
import type { NodeStatus } from '../../src/node/qkd-node.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { setSlot, allocPattern } from '../../src/pipeline/sifting/pattern.ts';
import { runCli } from '../support/run-cli.ts';
import { withSeed } from '../support/seed.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';
import { startDemoLink } from '../support/demo-link.ts';

const newDir = tempDirsPerTest('qkdd-record-');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fingerprint of tags [from, from + n): order-sensitive over channel and exact timestamp. */
function fingerprint(channels: Uint8Array, times: Float64Array, from: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < from + n; i++) {
    const t = times[i];
    h = Math.imul(h ^ channels[i], 16777619);
    h = Math.imul(h ^ (t % 4294967296), 16777619);
    h = Math.imul(h ^ Math.floor(t / 4294967296), 16777619);
  }
  return h >>> 0;
}

async function statusOf(url: string): Promise<NodeStatus | null> {
  try {
    const res = await fetch(`${url}/api/v1/status`);
    return (await res.json()) as NodeStatus;
  } catch {
    return null;
  }
}

describe('qkdctl record against a running simulated link (10 km)', () => {
  it('writes exactly the tags the simulated tagger emitted in the window, none lost', async () => {
    const demo = await startDemoLink({ seed: 5, boards: 'tcp', controlHttp: ['bob'], statePrefix: 'qkdd-record-link-' });
    cleanups.push(() => demo.cleanup());
    const { link, state } = demo;

    // A tap on the simulated tagger's firmware: every TagBatch it emits, as a fingerprint (memory stays small).
    const sim: { first: number; count: number; dropped: number; print: number }[] = [];
    let tapping = false;
    const fw = link.sim.boards.detector as unknown as { emitEvent(body: Record<string, unknown>): void };
    const emit = fw.emitEvent.bind(fw);
    fw.emitEvent = (body) => {
      const b = body.tagBatch as { tags: Uint8Array; tagCount: number; baseTimePs: number; droppedTags: number } | undefined;
      if (b && tapping && b.tagCount > 0) {
        const channels = new Uint8Array(b.tagCount);
        const times = new Float64Array(b.tagCount);
        decodeTagRecords(b.tags, channels, times);
        for (let i = 0; i < b.tagCount; i++) times[i] += Number(b.baseTimePs);
        sim.push({ first: times[0], count: b.tagCount, dropped: b.droppedTags, print: fingerprint(channels, times, 0, b.tagCount) });
      } else if (b && tapping) sim.push({ first: Number.NaN, count: 0, dropped: b.droppedTags, print: 0 });
      emit(body);
    };

    const url = link.controlUrl('bob')!;
    const deadline = Date.now() + 240_000;
    let s: NodeStatus | null = null;
    while (Date.now() < deadline) {
      s = await statusOf(url);
      if (Number((s as unknown as { counters?: Record<string, number> })?.counters?.framesOk ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(s, 'the link made no frame in time').not.toBeNull();

    const out = join(state.dir, 'run.ptu');
    tapping = true;
    const r = await runCli('qkdctl', ['record', '--seconds', '3', '--out', out, '--url', url, '--json'], { timeoutMs: 120_000 });
    tapping = false;
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as RecordResult;
    expect(result.end.reason).toBe('done');
    expect(result.tags).toBeGreaterThan(10_000);
    expect(result.tags).toBe(result.end.tags);
    // JSON progress lines on stderr with --json.
    expect(r.stderr).toMatch(/\{"progress":\{"task":"recording"/);

    const reader = PtuReader.open(out);
    const back = reader.readAll();
    reader.close();
    expect(reader.bench).toMatchObject({ nodeId: 'kme-b', pulseRateHz: 1e8, channels: { h: 0, v: 1, d: 2, a: 3 }, gateWidthPs: 400 });
    expect(back.channels.length).toBe(result.tags);

    // The recording starts at a batch the tagger emitted, and continues batch by batch, identical.
    const start = sim.findIndex((b) => b.first === back.timestampsPs[0]);
    expect(start, 'the first recorded tag is not the first tag of a batch the tagger emitted').toBeGreaterThanOrEqual(0);
    let at = 0;
    let k = start;
    let dropped = 0;
    for (; at < back.channels.length; k++) {
      expect(k, 'the recording holds more tags than the tagger emitted').toBeLessThan(sim.length);
      const b = sim[k];
      dropped += b.dropped;
      if (b.count === 0) continue;
      expect(at + b.count, `batch ${k - start} of the window is cut`).toBeLessThanOrEqual(back.channels.length);
      expect(fingerprint(back.channels, back.timestampsPs, at, b.count), `batch ${k - start} differs`).toBe(b.print);
      at += b.count;
    }
    const emittedInWindow = sim.slice(start, k).reduce((n, b) => n + b.count, 0);
    expect(back.channels.length).toBe(emittedInWindow);
    expect(dropped, 'the tagger dropped tags in the window').toBe(0);
  }, 420_000);
});

// ---- the route against a fake node ------------------------------------------------------

interface FakeNode {
  emit(channels: Uint8Array, times: Float64Array): void;
}

async function fakeServer(
  o: { transmitter?: boolean; maxBufferedBytes?: number } = {},
): Promise<{ server: ControlServer; node: FakeNode }> {
  const listeners = new Set<(c: Uint8Array, t: Float64Array) => void>();
  const node = {
    gate: new GenerationGate(),
    alarms: new AlarmBoard(createLogger({ name: 't', level: 'silent' })),
    status: () => ({ stats: {} }) as unknown as NodeStatus,
  };
  const route = tagStreamRoute({
    node: {
      onTags: (l) => {
        if (o.transmitter) return null;
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    bench: () => ({
      nodeId: 'fake-b',
      bench: { pulseRateHz: 1e8, channels: { h: 0, v: 1, d: 2, a: 3 }, gateDelayPs: 100, gateWidthPs: 400 },
    }),
    maxBufferedBytes: o.maxBufferedBytes,
  });
  const server = await startControlServer({ node, socketPath: join(newDir(), 'c.sock'), rawRoutes: [route] });
  cleanups.push(() => server.close());
  return {
    server,
    node: {
      emit: (c, t) => {
        for (const l of listeners) l(c, t);
      },
    },
  };
}

describe('GET /api/v1/tags and qkdctl record against a fake node', () => {
  it('records the tags the node taps, identical, with the bench in the header', async () => {
    await withSeed('record fake node', async (rng) => {
      const { server, node } = await fakeServer();
      const target = { kind: 'socket' as const, path: server.socketPath, label: 'fake' };
      const out = join(newDir(), 'fake.ptu');
      const all: { c: number[]; t: number[] } = { c: [], t: [] };
      let t = 1e9;
      const pump = setInterval(() => {
        const n = 1 + (rng.nextU32() % 500);
        const c = new Uint8Array(n);
        const ts = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          t += 1 + (rng.nextU32() % 100_000);
          c[i] = rng.nextU32() & 3;
          ts[i] = t;
        }
        node.emit(c, ts);
      }, 5);
      // The tags the route saw: a second listener on the same fake node would see them too; record what we emit while recording.
      const origEmit = node.emit;
      node.emit = (c, ts) => {
        all.c.push(...c);
        all.t.push(...ts);
        origEmit(c, ts);
      };
      let result: RecordResult;
      try {
        result = await recordTags(target, 0.5, out);
      } finally {
        clearInterval(pump);
      }
      const back = PtuReader.open(out);
      const got = back.readAll();
      back.close();
      expect(result.tags).toBe(got.channels.length);
      expect(result.tags).toBeGreaterThan(100);
      expect(back.bench).toMatchObject({ nodeId: 'fake-b', gateDelayPs: 100 });
      // The recorded tags are a contiguous run of what was emitted.
      const start = all.t.indexOf(got.timestampsPs[0]);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(Array.from(got.timestampsPs)).toEqual(all.t.slice(start, start + got.timestampsPs.length));
      expect(Array.from(got.channels)).toEqual(all.c.slice(start, start + got.channels.length));
    });
  });

  it('refuses a transmitter (nothing to record) and a bad window', async () => {
    const { server } = await fakeServer({ transmitter: true });
    const target = { kind: 'socket' as const, path: server.socketPath, label: 'fake' };
    await expect(recordTags(target, 1, join(newDir(), 'x.ptu'))).rejects.toThrow(/no detector tags to record/);
    await expect(recordTags(target, -1, join(newDir(), 'x.ptu'))).rejects.toThrow(/seconds must be a number/);
  });

  it('ends the stream with an error when the unread backlog passes the cap; the recording says incomplete', async () => {
    const { server, node } = await fakeServer({ maxBufferedBytes: 200_000 });
    const target = { kind: 'socket' as const, path: server.socketPath, label: 'fake' };
    const out = join(newDir(), 'over.ptu');
    const p = recordTags(target, 30, out).catch((e: unknown) => e);
    // Wait for the stream to open, then a burst in one tick: nothing can drain in between.
    await new Promise((r) => setTimeout(r, 300));
    const c = new Uint8Array(2000);
    let t = 5e9;
    for (let k = 0; k < 100; k++) {
      const ts = new Float64Array(2000).map(() => (t += 10));
      node.emit(c, ts);
    }
    const err = await p;
    expect(isQkdError(err, QkdErrorCode.RecordingIncomplete), String(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/unread/);
    // The file is kept, closed, and holds what was sent before the cap.
    expect(existsSync(out)).toBe(true);
    const r = PtuReader.open(out);
    expect(r.readAll().channels.length).toBe((err as { details: { tags: number } }).details.tags);
    r.close();
  });
});

// ---- analyze ---------------------------------------------------------------------------

describe('qkdctl analyze on a recording with a known pattern', () => {
  it('finds the delay and gives the sifted counts and QBER exactly as injected', async () => {
    await withSeed('analyze known pattern', async (_r, seed) => {
      const rng = new Xoshiro128(seed);
      const S = 4096;
      const period = 10_000; // 100 MHz
      const gateDelayPs = 48_000;
      const arrivalPs = 150; // photons arrive 150 ps after the gate opens (gate 400 ps)
      const frames = [10, 11, 12, 13, 14, 15];
      const patterns = new Map<number, Uint32Array>();
      const chans: number[] = [];
      const times: number[] = [];
      const truth = { sifted: [0, 0], errors: [0, 0] };
      for (const f of frames) {
        const p = allocPattern(S);
        for (let s = 0; s < S; s++) setSlot(p, s, rng.nextU32() & 1, rng.nextU32() & 1, rng.nextU32() % 3);
        patterns.set(f, p);
        for (let s = 0; s < S; s++) {
          if (rng.nextU32() % 20 !== 0) continue; // ~5 % of slots detected
          const nib = (p[s >>> 3] >>> ((s & 7) * 4)) & 15;
          const aBasis = (nib >>> 1) & 1;
          const aBit = nib & 1;
          const bBasis = rng.nextU32() & 1;
          let bit = rng.nextU32() & 1;
          if (bBasis === aBasis) {
            const flip = rng.nextU32() % 100 < 3;
            bit = aBit ^ (flip ? 1 : 0);
            truth.sifted[aBasis]++;
            if (flip) truth.errors[aBasis]++;
          }
          chans.push((bBasis << 1) | bit); // H=0 V=1 D=2 A=3
          times.push((f * S + s) * period + gateDelayPs + arrivalPs + ((rng.nextU32() % 21) + (rng.nextU32() % 21) - 20));
        }
      }
      const dir = newDir();
      const ptu = join(dir, 'known.ptu');
      const w = PtuFileWriter.create(ptu, {
        bench: { pulseRateHz: 1e8, channels: { h: 0, v: 1, d: 2, a: 3 }, gateDelayPs, gateWidthPs: 400, slotsPerFrame: S },
      });
      w.append(Uint8Array.from(chans), Float64Array.from(times));
      w.close();
      const patFile = join(dir, 'pattern.bin');
      writeFileSync(patFile, encodePatternFile(S, { frames: patterns }));

      const r = await runCli('qkdctl', ['analyze', ptu, '--pattern', patFile, '--json'], { timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      const a = JSON.parse(r.stdout) as Analysis;
      expect(a.tags).toBe(chans.length);
      expect(a.channels.map((c) => c.label)).toEqual(['H', 'V', 'D', 'A']);
      // Delay: the peak sits 150 ps into the gate (phase 8000 + 150 of the 10 ns slot); centring the 400 ps gate moves it 50 ps earlier.
      expect(Math.abs(a.histogram!.peakPhasePs - 8150)).toBeLessThanOrEqual(25);
      expect(Math.abs(a.histogram!.suggestedGateDelayPs! - 47_950)).toBeLessThanOrEqual(25);
      expect(a.histogram!.inGateFraction).toBe(1);
      const sifting = a.sifting!;
      expect(sifting.frames).toBe(frames.length);
      expect(sifting.detections).toBe(chans.length);
      expect(sifting.z.sifted.reduce((x, y) => x + y, 0)).toBe(truth.sifted[0]);
      expect(sifting.x.sifted.reduce((x, y) => x + y, 0)).toBe(truth.sifted[1]);
      expect(sifting.z.errors.reduce((x, y) => x + y, 0)).toBe(truth.errors[0]);
      expect(sifting.x.errors.reduce((x, y) => x + y, 0)).toBe(truth.errors[1]);
      expect(sifting.z.qber).toBeCloseTo(truth.errors[0] / truth.sifted[0], 12);
      expect(sifting.z.qber!).toBeGreaterThan(0.005);
      expect(sifting.z.qber!).toBeLessThan(0.08);

      // The human summary, and a clear error for a damaged file.
      const human = await runCli('qkdctl', ['analyze', ptu]);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toMatch(/peak at 81\d\d(\.\d+)? ps into the slot/);
      const cut = join(dir, 'cut.ptu');
      const { readFileSync } = await import('node:fs');
      writeFileSync(cut, readFileSync(ptu).subarray(0, 100));
      const bad = await runCli('qkdctl', ['analyze', cut]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/cut\.ptu: byte \d+: file truncated.*\[QKD-506 RecordingFileInvalid\]/);
    });
  }, 180_000);
});
