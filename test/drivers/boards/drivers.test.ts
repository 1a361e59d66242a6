/**
 * The three drivers against their boards through real pseudo-terminals:
 * the simulated bench by default, and real boards when QKDD_BENCH_SOURCE,
 * QKDD_BENCH_MODULATOR and QKDD_BENCH_DETECTOR name them (see bench.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qkd } from '../../../firmware-protocol/index.ts';
import {
  DetectorDriver,
  PhotonSourceDriver,
  PolarizationModulatorDriver,
  type DecodedTagBatch,
  type UploadProgress,
} from '../../../drivers/index.ts';
import { QkdErrorCode, isDeviceError, isQkdError } from '../../../errors/index.ts';
import { withSeed } from '../../support/seed.ts';
import {
  LINK,
  PULSE_RATE_HZ,
  SLOTS_PER_FRAME,
  haveSocat,
  realBoardUrl,
  startSimBench,
  type Role,
  type SimBench,
} from '../../support/board-bench.ts';

function expectStatus(err: unknown, status: qkd.Status): void {
  expect(isDeviceError(err), String(err)).toBe(true);
  if (isDeviceError(err)) expect(qkd.Status[err.details.status as qkd.Status]).toBe(qkd.Status[status]);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => new Error('expected a rejection'),
    (err: unknown) => err,
  );
}

const sourceConfig = {
  pulseRateHz: PULSE_RATE_HZ,
  frameSlots: SLOTS_PER_FRAME,
  signalMeanPhotonNumber: 0.5,
  decoyMeanPhotonNumber: 0.1,
  vacuumMeanPhotonNumber: 0,
};
const modulatorConfig = { pulseRateHz: PULSE_RATE_HZ, frameSlots: SLOTS_PER_FRAME, drive: { hMv: 0, vMv: 4000, dMv: 2000, aMv: -2000 } };

function driverSuite(label: string, setup: () => Promise<{ url(role: Role): string; close(): Promise<void> }>): void {
  describe(label, () => {
    let bench: { url(role: Role): string; close(): Promise<void> };
    const open: { close(): Promise<void> }[] = [];
    const track = <T extends { close(): Promise<void> }>(d: T): T => {
      open.push(d);
      return d;
    };
    beforeAll(async () => {
      bench = await setup();
    });
    afterAll(async () => {
      await Promise.all(open.map((d) => d.close()));
      await bench?.close();
    });

    it('photon source: identifies over the console, refuses to arm before configuration, rejects bad chunks, configures', async () => {
      const source = track(new PhotonSourceDriver({ url: bench.url('source'), link: LINK }));
      const info = await source.connect();
      expect(info.hello.boardKind).toBe(qkd.BoardKind.BOARD_KIND_PHOTON_SOURCE);
      expect(info.hello.serialNumber).toBe(info.identity.serialNumber);
      expect(source.state).toBe('connected');
      await source.commands.reset({});
      await source.uploadPattern(new Uint8Array(SLOTS_PER_FRAME).fill(qkd.IntensityClass.INTENSITY_CLASS_SIGNAL));
      expectStatus(await rejection(source.armPattern(0)), qkd.Status.STATUS_NOT_CONFIGURED);
      expectStatus(await rejection(source.start()), qkd.Status.STATUS_NOT_CONFIGURED);
      // Offset not a multiple of 4 slots: malformed.
      expectStatus(
        await rejection(source.commands.uploadPattern({ bank: 0, totalSlots: 8, offsetSlots: 2, packed: new Uint8Array([0]) })),
        qkd.Status.STATUS_BAD_REQUEST,
      );
      expectStatus(
        await rejection(source.commands.configureSource({ ...sourceConfig, signalMeanPhotonNumber: 5 })),
        qkd.Status.STATUS_OUT_OF_RANGE,
      );
      const applied = await source.commands.configureSource(sourceConfig);
      expect(applied.pulseRateHz).toBe(PULSE_RATE_HZ);
      expect(await source.armPattern(0)).toBe(SLOTS_PER_FRAME);
      const t = await source.commands.getTelemetry({});
      expect(t.board).toBe('source');
      expect(t.common?.runState).toBe(qkd.RunState.RUN_STATE_ARMED);
      await source.close();
    });

    it('reconnects to a board left in binary mode (console fallback) and can hand it back to the console', async () => {
      const first = track(new PolarizationModulatorDriver({ url: bench.url('modulator'), link: LINK }));
      const serial = (await first.connect()).identity.serialNumber;
      await first.close(); // the board stays in binary mode: *IDN? meets silence
      const second = track(new PolarizationModulatorDriver({ url: bench.url('modulator'), link: LINK, serialNumber: serial }));
      expect((await second.connect()).identity.serialNumber).toBe(serial);
      await second.releaseToConsole();
      expect(second.state).toBe('closed');
      const third = track(new PolarizationModulatorDriver({ url: bench.url('modulator'), link: LINK, consoleTimeoutMs: 2000 }));
      expect((await third.connect()).identity.serialNumber).toBe(serial);
      await third.close();
    });

    it('a driver refuses a board of another kind with WrongBoard and leaves it usable', async () => {
      const wrong = track(new PhotonSourceDriver({ url: bench.url('detector'), link: LINK, reconnect: false }));
      const err = await rejection(wrong.connect());
      expect(isQkdError(err, QkdErrorCode.WrongBoard), String(err)).toBe(true);
      const right = track(new DetectorDriver({ url: bench.url('detector'), link: LINK }));
      expect((await right.connect()).hello.boardKind).toBe(qkd.BoardKind.BOARD_KIND_TIME_TAGGER);
      await right.close();
    });

    it('detector: NOT_CONFIGURED before channels are enabled, OUT_OF_RANGE on a bad channel, telemetry events', async () => {
      const det = track(new DetectorDriver({ url: bench.url('detector'), link: LINK }));
      await det.connect();
      await det.commands.reset({});
      expectStatus(await rejection(det.startTagStream({ channels: [0] })), qkd.Status.STATUS_NOT_CONFIGURED);
      expectStatus(await rejection(det.commands.configureChannel({ channel: 99, enabled: true })), qkd.Status.STATUS_OUT_OF_RANGE);
      const telemetry = new Promise<qkd.Telemetry>((resolve) => det.once('telemetry', resolve));
      await det.commands.setTelemetryInterval({ intervalMs: 100 });
      expect((await telemetry).board).toBe('tagger');
      await det.commands.setTelemetryInterval({ intervalMs: 0 });
      const rates = await det.commands.getCountRates({});
      expect(rates.countsPerSecond.length).toBeGreaterThan(0);
      const histogram = det.runHistogram({
        startChannel: 0,
        stopChannel: 1,
        binWidthPs: 100,
        binCount: 16,
        offsetPs: 0,
        integrationMs: 10,
      });
      if (det.hasFeature(qkd.Feature.FEATURE_HISTOGRAM)) expect((await histogram).bins.length).toBe(16);
      else expectStatus(await rejection(histogram), qkd.Status.STATUS_UNSUPPORTED);
      await det.close();
    });

    it('a frame end to end: configure, upload in chunks with progress, start both pattern boards on one frame, stream its tags, stop', async () => {
      await withSeed('frame end to end', async (rng) => {
        const source = track(new PhotonSourceDriver({ url: bench.url('source'), link: LINK }));
        const modulator = track(new PolarizationModulatorDriver({ url: bench.url('modulator'), link: LINK }));
        const det = track(new DetectorDriver({ url: bench.url('detector'), link: LINK }));
        await Promise.all([source.connect(), modulator.connect(), det.connect()]);
        await Promise.all([source.commands.reset({}), modulator.commands.reset({}), det.commands.reset({})]);
        await source.commands.configureSource(sourceConfig);
        const applied = await modulator.commands.configureModulator(modulatorConfig);
        expect(applied.drive?.vMv).toBe(4000);
        expect((await modulator.commands.setBias({ biasMv: 0 })).biasMv).toBe(0);
        for (let ch = 0; ch < 4; ch++) await det.commands.configureChannel({ channel: ch, enabled: true, deadTimeNs: 0 });
        await det.commands.setInputDelays({ inputDelayPs: [0, 0, 0, 0] });

        const classes = new Uint8Array(SLOTS_PER_FRAME).map(() => 1 + rng.nextBelow(2)); // decoy or signal
        const states = new Uint8Array(SLOTS_PER_FRAME).map(() => rng.nextBelow(4));
        const progress: UploadProgress[] = [];
        await source.loadPattern(classes, { chunkBytes: 64, onProgress: (p) => progress.push(p) });
        await modulator.loadPattern(states, { chunkBytes: 100 });
        expect(progress.map((p) => p.sentSlots)).toEqual([256, 512, 768, 1024]);
        expect(progress.at(-1)?.boardReceivedSlots).toBe(SLOTS_PER_FRAME);

        const stream = await det.startTagStream({ channels: [0, 1, 2, 3], batchMaxTags: 200 });
        const startFrame = await source.start();
        expect(await modulator.start(startFrame)).toBe(startFrame);
        const lastFrame = startFrame + 3;
        await source.stop(lastFrame);
        await modulator.stop(lastFrame);
        const frameStartPs = startFrame * SLOTS_PER_FRAME * 1000;
        const frameEndPs = (lastFrame + 1) * SLOTS_PER_FRAME * 1000;
        const batches: DecodedTagBatch[] = [];
        let inFrames = 0;
        for await (const b of stream) {
          batches.push(b);
          for (const t of b.timestampsPs) if (t >= frameStartPs && t < frameEndPs + 1e6) inFrames++;
          if (inFrames > 0 && b.baseTimePs > frameEndPs + 1e6 && !stream.finished) await stream.stop();
        }
        expect(inFrames).toBeGreaterThan(0);
        expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i));
        expect(batches.at(-1)?.last).toBe(true);
        expect(stream.stats.gaps).toBe(0);
        for (const b of batches) {
          expect(b.channels.length).toBe(b.timestampsPs.length);
          for (let i = 0; i < b.channels.length; i++) {
            expect(b.channels[i]).toBeLessThan(4);
            if (i > 0) expect(b.timestampsPs[i]).toBeGreaterThanOrEqual(b.timestampsPs[i - 1]);
          }
        }
        const st = await source.commands.getTelemetry({});
        expect(Number(st.source?.pulsesSignal ?? 0) + Number(st.source?.pulsesDecoy ?? 0)).toBeGreaterThan(0);
        await Promise.all([source.close(), modulator.close(), det.close()]);
      });
    });
  });
}

if (!haveSocat) console.warn('socat missing: simulated-board pty suites skipped');
describe.skipIf(!haveSocat)('simulated boards over ptys', () => {
  driverSuite('drivers', async () => {
    const b: SimBench = await startSimBench({ seed: 5, distanceKm: 0 });
    return b;
  });
});

const realUrls = { source: realBoardUrl('source'), modulator: realBoardUrl('modulator'), detector: realBoardUrl('detector') };
const haveRealBench = realUrls.source !== null && realUrls.modulator !== null && realUrls.detector !== null;
describe.skipIf(!haveRealBench)('real bench (QKDD_BENCH_SOURCE/MODULATOR/DETECTOR)', () => {
  driverSuite('drivers', async () => ({ url: (role) => realUrls[role] ?? '', close: async () => undefined }));
});
