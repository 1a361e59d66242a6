/**
 * The three simulated boards through the real host stack (BoardLink over a
 * memory transport pair): Hello/capabilities, configuration, the state
 * machine's refusals, chunked pattern upload, duplicate seqs, telemetry,
 * interlock and unplug.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { QkdErrorCode, isQkdError } from '../../../errors/index.ts';
import type { BoardLink } from '../../../drivers/link/index.ts';
import { FrameDecoder, PROTOCOL_MAJOR, crc32c, decodeEnvelope, encodeEnvelopeFrame, qkd } from '../../../firmware-protocol/index.ts';
import { createSimulatedBench, type SimulatedBench } from '../../../sim/index.ts';
import { withSeed } from '../../support/seed.ts';
import {
  SLOTS_PER_FRAME,
  configureModulator,
  configureSource,
  connectConsole,
  connectLink,
  packSymbols,
  statusOf,
  until,
  uploadAndArm,
} from '../../support/sim-board-link.ts';

const S = qkd.Status;
let sim: SimulatedBench | null = null;
afterEach(() => {
  sim?.close();
  sim = null;
});

async function links(s: SimulatedBench): Promise<{ src: BoardLink; mod: BoardLink; det: BoardLink }> {
  const src = (await connectLink(s.boards.photonSource, 'src')).link;
  const mod = (await connectLink(s.boards.polarizationModulator, 'mod')).link;
  const det = (await connectLink(s.boards.detector, 'det')).link;
  return { src, mod, det };
}

describe('Hello and capabilities', () => {
  it('each board reports its kind, identity, protocol version and features', async () => {
    sim = createSimulatedBench({ seed: 5 });
    const { src, mod, det } = await links(sim);
    const common = qkd.Feature.FEATURE_TELEMETRY_EVENTS | qkd.Feature.FEATURE_DUPLICATE_CACHE;
    for (const [link, kind, patterns, channels] of [
      [src, qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE, true, 0],
      [mod, qkd.BoardKind.BOARD_KIND_POLARIZATION_MODULATOR, true, 0],
      [det, qkd.BoardKind.BOARD_KIND_TIME_TAGGER, false, 4],
    ] as const) {
      const h = link.hello!;
      expect(h.boardKind).toBe(kind);
      expect(h.vendor).toBe('qkdd-sim');
      expect(h.serialNumber).toMatch(/-00000005$/);
      expect([h.protocolMajor, h.protocolMinor]).toEqual([PROTOCOL_MAJOR, 0]);
      expect(h.featureFlags & common).toBe(common);
      expect((h.featureFlags & qkd.Feature.FEATURE_PATTERN_BANKS) !== 0).toBe(patterns);
      expect(h.maxPatternSlots > 0).toBe(patterns);
      expect(h.channelCount).toBe(channels);
      expect(h.maxFrameBytes).toBe(16384);
    }
  });

  it('answers a Hello of another major version with VERSION_MISMATCH and still fills the body', async () => {
    sim = createSimulatedBench();
    const { link } = await connectLink(sim.boards.detector);
    const err = await link.call('hello', { hostProtocolMajor: 2, hostProtocolMinor: 0 }).catch((e: unknown) => e);
    expect(isQkdError(err, QkdErrorCode.DeviceError)).toBe(true);
    const ctx = (err as { details: { status: number; response: qkd.Response } }).details;
    expect(ctx.status).toBe(S.STATUS_VERSION_MISMATCH);
    expect(ctx.response.hello?.protocolMajor).toBe(PROTOCOL_MAJOR);
  });

  it('answers requests of another board kind with UNSUPPORTED', async () => {
    sim = createSimulatedBench();
    const { mod, det } = await links(sim);
    expect(await statusOf(mod.call('configureSource', { pulseRateHz: 1e9, frameSlots: 1024 }))).toBe(S.STATUS_UNSUPPORTED);
    expect(await statusOf(det.call('start', {}))).toBe(S.STATUS_UNSUPPORTED);
    expect(
      await statusOf(det.call('runHistogram', { startChannel: 0, stopChannel: 1, binWidthPs: 10, binCount: 10, integrationMs: 1 })),
    ).toBe(S.STATUS_UNSUPPORTED);
  });
});

describe('configuration and the state machine', () => {
  it('refuses Arm/Start before configuration with NOT_CONFIGURED, then runs once configured and armed', async () => {
    sim = createSimulatedBench();
    const { src } = await links(sim);
    expect((await src.call('getStatus', {})).runState).toBe(qkd.RunState.RUN_STATE_IDLE);
    expect(await statusOf(src.call('start', {}))).toBe(S.STATUS_NOT_CONFIGURED);
    const symbols = new Uint8Array(SLOTS_PER_FRAME).fill(qkd.IntensityClass.INTENSITY_CLASS_SIGNAL);
    const packed = packSymbols(symbols);
    await src.call('uploadPattern', { bank: 0, totalSlots: SLOTS_PER_FRAME, offsetSlots: 0, packed });
    expect(await statusOf(src.call('armPattern', { bank: 0, patternCrc32c: crc32c(packed) }))).toBe(S.STATUS_NOT_CONFIGURED);
    await configureSource(src);
    expect(await statusOf(src.call('start', {}))).toBe(S.STATUS_NOT_CONFIGURED); // nothing armed yet
    const armed = await src.call('armPattern', { bank: 0, patternCrc32c: crc32c(packed) });
    expect(armed.totalSlots).toBe(SLOTS_PER_FRAME);
    expect((await src.call('getStatus', {})).runState).toBe(qkd.RunState.RUN_STATE_ARMED);
    const started = await src.call('start', {});
    const status = await src.call('getStatus', {});
    expect([qkd.RunState.RUN_STATE_STARTING, qkd.RunState.RUN_STATE_RUNNING]).toContain(status.runState);
    expect(Number(started.startFrame)).toBeGreaterThan(0);
    expect(await statusOf(src.call('configureSource', { pulseRateHz: 1e9, frameSlots: 1024 }))).toBe(S.STATUS_BUSY);
    // Stop before the modulator ever started: the run never played.
    await src.call('stop', {});
    expect((await src.call('getStatus', {})).runState).toBe(qkd.RunState.RUN_STATE_ARMED);
  });

  it('answers malformed requests with BAD_REQUEST and out-of-range numbers with OUT_OF_RANGE, changing nothing', async () => {
    sim = createSimulatedBench();
    const { src, mod, det } = await links(sim);
    const packed = new Uint8Array(16);
    expect(await statusOf(src.call('uploadPattern', { bank: 2, totalSlots: 64, offsetSlots: 0, packed }))).toBe(S.STATUS_BAD_REQUEST);
    expect(await statusOf(src.call('uploadPattern', { bank: 0, totalSlots: 64, offsetSlots: 2, packed }))).toBe(S.STATUS_BAD_REQUEST);
    expect(await statusOf(src.call('uploadPattern', { bank: 0, totalSlots: 32, offsetSlots: 0, packed }))).toBe(S.STATUS_BAD_REQUEST);
    expect(await statusOf(src.call('uploadPattern', { bank: 0, totalSlots: 1 << 30, offsetSlots: 0, packed }))).toBe(S.STATUS_OUT_OF_RANGE);
    expect(await statusOf(mod.call('configureModulator', { pulseRateHz: 1e9, frameSlots: 1024 }))).toBe(S.STATUS_BAD_REQUEST);
    expect(await statusOf(src.call('configureSource', { pulseRateHz: 1e9, frameSlots: 1024, signalMeanPhotonNumber: 3 }))).toBe(
      S.STATUS_OUT_OF_RANGE,
    );
    expect(await statusOf(src.call('configureSource', { pulseRateHz: 3e8, frameSlots: 1024 }))).toBe(S.STATUS_OUT_OF_RANGE);
    expect(await statusOf(src.call('setTelemetryInterval', { intervalMs: 5 }))).toBe(S.STATUS_OUT_OF_RANGE);
    expect(await statusOf(det.call('configureChannel', { channel: 9, enabled: true }))).toBe(S.STATUS_OUT_OF_RANGE);
    expect(await statusOf(det.call('startTagStream', { channelMask: 1 }))).toBe(S.STATUS_NOT_CONFIGURED);
    expect((await src.call('getStatus', {})).runState).toBe(qkd.RunState.RUN_STATE_IDLE);
  });

  it('arms only a complete upload with the right CRC-32C; chunks may come in any order', async () => {
    await withSeed('chunked upload', async (rng) => {
      sim = createSimulatedBench();
      const { mod } = await links(sim);
      await configureModulator(mod);
      const total = 3 * 12288 * 4 + 4096; // four chunks, the last one short
      const symbols = new Uint8Array(total);
      for (let i = 0; i < total; i++) symbols[i] = rng.nextU32() & 3;
      const packed = packSymbols(symbols);
      const chunks = [0, 3, 1, 2].map((k) => k * 12288);
      for (const at of chunks.slice(0, 3)) {
        const r = await mod.call('uploadPattern', {
          bank: 1,
          totalSlots: total,
          offsetSlots: at * 4,
          packed: packed.subarray(at, at + 12288),
        });
        expect(r.receivedSlots).toBeGreaterThan(0);
      }
      expect(await statusOf(mod.call('armPattern', { bank: 1, patternCrc32c: crc32c(packed) }))).toBe(S.STATUS_CHECKSUM_MISMATCH);
      const last = await mod.call('uploadPattern', {
        bank: 1,
        totalSlots: total,
        offsetSlots: chunks[3] * 4,
        packed: packed.subarray(chunks[3], chunks[3] + 12288),
      });
      expect(last.receivedSlots).toBe(total);
      expect(await statusOf(mod.call('armPattern', { bank: 1, patternCrc32c: (crc32c(packed) ^ 1) >>> 0 }))).toBe(
        S.STATUS_CHECKSUM_MISMATCH,
      );
      expect((await mod.call('armPattern', { bank: 1, patternCrc32c: crc32c(packed) })).totalSlots).toBe(total);
    });
  });

  it('refuses a source pattern holding the reserved intensity class', async () => {
    sim = createSimulatedBench();
    const { src } = await links(sim);
    await configureSource(src);
    const symbols = new Uint8Array(SLOTS_PER_FRAME).fill(2);
    symbols[77] = qkd.IntensityClass.INTENSITY_CLASS_RESERVED;
    expect(await statusOf(uploadAndArm(src, symbols))).toBe(S.STATUS_BAD_REQUEST);
  });
});

describe('duplicate seqs', () => {
  it('replays the cached answer to a repeated idempotent request instead of running it again', async () => {
    sim = createSimulatedBench();
    const { conn } = await connectLink(sim.boards.photonSource);
    const answers: qkd.Response[] = [];
    const decoder = new FrameDecoder();
    conn.host.on('data', (chunk) => {
      for (const ev of decoder.push(chunk)) {
        if (ev.kind !== 'frame') continue;
        const d = decodeEnvelope(ev.payload);
        if (d.ok && d.kind === 'response') answers.push(d.response);
      }
    });
    const packed = new Uint8Array(256).fill(0xaa);
    const upload = (offsetSlots: number): Uint8Array =>
      encodeEnvelopeFrame({ request: { seq: 4242, uploadPattern: { bank: 0, totalSlots: 2048, offsetSlots, packed } } });
    await conn.host.write(upload(0));
    await conn.host.write(upload(0)); // a retry: same seq, same bytes
    await conn.host.write(upload(1024)); // same seq, another request: a new one
    await until(() => answers.length === 3, 'three answers');
    expect(answers.map((a) => a.seq)).toEqual([4242, 4242, 4242]);
    expect(answers.map((a) => a.uploadPattern?.receivedSlots)).toEqual([1024, 1024, 2048]);
  });
});

describe('events', () => {
  it('sends telemetry at the configured interval on every board, then stops on 0', async () => {
    sim = createSimulatedBench();
    const { src, mod, det } = await links(sim);
    const got = { src: [] as qkd.Telemetry[], mod: [] as qkd.Telemetry[], det: [] as qkd.Telemetry[] };
    src.onEvent('telemetry', (t) => got.src.push(t));
    mod.onEvent('telemetry', (t) => got.mod.push(t));
    det.onEvent('telemetry', (t) => got.det.push(t));
    for (const l of [src, mod, det]) await l.call('setTelemetryInterval', { intervalMs: 100 });
    await until(() => got.src.length >= 2 && got.mod.length >= 2 && got.det.length >= 2, 'two telemetry events per board');
    expect(got.src[0].source?.laserTemperatureDegc).toBeCloseTo(25, 0);
    expect(got.src[0].source?.interlock).toBe(qkd.InterlockState.INTERLOCK_STATE_CLOSED);
    expect(got.mod[0].modulator?.biasMv).toBe(700); // power-up bias: the last calibration kept in flash
    expect(got.det[0].tagger?.countsPerSecond).toHaveLength(4);
    expect(got.det[0].common?.runState).toBe(qkd.RunState.RUN_STATE_IDLE);
    for (const l of [src, mod, det]) await l.call('setTelemetryInterval', { intervalMs: 0 });
    const n = got.src.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(got.src.length).toBeLessThanOrEqual(n + 1); // one may have been in flight
  });

  it('opening the interlock stops emission at once, sends InterlockEvent and refuses Start with INTERLOCK', async () => {
    sim = createSimulatedBench();
    const { src, mod } = await links(sim);
    await configureSource(src);
    await configureModulator(mod);
    await uploadAndArm(src, new Uint8Array(SLOTS_PER_FRAME).fill(2));
    await uploadAndArm(mod, new Uint8Array(SLOTS_PER_FRAME).fill(0));
    const events: qkd.InterlockEvent[] = [];
    src.onEvent('interlock', (e) => events.push(e));
    const { startFrame } = await src.call('start', {});
    await mod.call('start', { startFrame });
    sim.control.openInterlock();
    await until(() => events.length === 1, 'interlock event');
    expect(events[0].interlock).toBe(qkd.InterlockState.INTERLOCK_STATE_OPEN);
    expect(events[0].emissionStopped).toBe(true);
    const st = await src.call('getStatus', {});
    expect(st.interlock).toBe(qkd.InterlockState.INTERLOCK_STATE_OPEN);
    expect(st.runState).toBe(qkd.RunState.RUN_STATE_ARMED);
    expect(await statusOf(src.call('start', {}))).toBe(S.STATUS_INTERLOCK);
    sim.control.closeInterlock();
    await until(() => events.length === 2, 'second interlock event');
    expect(events[1]).toMatchObject({ interlock: qkd.InterlockState.INTERLOCK_STATE_CLOSED, emissionStopped: false });
    await src.call('stop', {}).catch(() => undefined);
    expect(Number((await src.call('start', {})).startFrame)).toBeGreaterThan(0);
  });
});

describe('unplug', () => {
  it('drops the host link; after replug the board is back in console mode with its state cleared', async () => {
    sim = createSimulatedBench();
    const { link } = await connectLink(sim.boards.photonSource);
    await configureSource(link);
    const closed = new Promise<unknown>((resolve) => link.on('close', resolve));
    sim.control.unplug('photon-source');
    await closed;
    expect(await link.call('ping', { nonce: 1 }).catch((e: unknown) => isQkdError(e, QkdErrorCode.LinkClosed))).toBe(true);
    sim.control.replug('photon-source');
    const again = await connectConsole(sim.boards.photonSource);
    await again.send('SYST:MODE?');
    expect(await again.nextLine()).toBe('CONSOLE');
    const { link: l2 } = await connectLink(sim.boards.photonSource, 'again');
    expect(await statusOf(l2.call('start', {}))).toBe(S.STATUS_NOT_CONFIGURED);
  });
});
