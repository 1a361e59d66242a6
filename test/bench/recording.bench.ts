/**
 * Recording throughput: tags per second that `qkdctl record` can take, beside
 * the tag rate the simulator produces at 10 km on the demo bench (SNSPD, 100
 * MHz) as the reference — recording keeps up when value ≥ reference.
 *
 *  - `recording-ptu`: PTU encoding (T2 records with overflows) of a stream of
 *    realistic tags, 2000-tag batches as the tagger sends them;
 *  - `recording-path`: the whole path a batch takes after the node's tap, in
 *    process: the route's TAGS frame, the client's decoder, the PTU encoder.
 *
 * The reference tags come from the simulator itself (OpticalBench.advanceBy on
 * a repeating random pattern), timed in the same run.
 */
import { PtuStreamEncoder } from '../../formats/ptu/index.ts';
import { OpticalBench, PhysicsRng, randomPattern } from '../../sim/physics/index.ts';
import { encodeTagsFrame, TAG_STREAM_MAGIC, TagStreamDecoder } from '../../src/api/recording/index.ts';
import { DEMO_PHYSICS } from '../../src/cli/demo-link.ts';
import { type BenchResult, type BenchSuite, timeIt } from './harness.ts';

const BATCH = 2000;

const suite: BenchSuite = async (ctx) => {
  ctx.progress('recording: simulator tags at 10 km (reference)');
  const slots = DEMO_PHYSICS.frameSlotCount;
  const rng = new PhysicsRng(3);
  const pattern = randomPattern(slots, () => rng.nextU32(), 0.7, 0.2);
  const bench = new OpticalBench({ ...DEMO_PHYSICS, seed: 9, fibre: { lengthKm: 10 }, groundTruth: false });
  bench.setRepeatingPattern(pattern);
  bench.startEmission();
  const chunkPs = ctx.quick ? 2e8 : 1e9; // 0.2 / 1 ms of bench time per call
  let simTags = 0;
  let simCalls = 0;
  const simTiming = timeIt(
    () => {
      simTags += bench.advanceBy(chunkPs).count;
      simCalls++;
    },
    ctx.quick ? 0.3 : 1.5,
    ctx.quick ? 20 : 200,
  );
  const simRate = simTags / simCalls / simTiming.secondsPerCall;
  // A sample stream of simulator tags to record: successive chunks, in time order.
  const want = ctx.quick ? 100_000 : 400_000;
  const tags = { channels: new Uint8Array(want), timestampsPs: new Float64Array(want) };
  for (let got = 0; got < want; ) {
    const chunk = bench.advanceBy(chunkPs);
    const k = Math.min(chunk.count, want - got);
    tags.channels.set(chunk.channels.subarray(0, k), got);
    tags.timestampsPs.set(chunk.timestampsPs.subarray(0, k), got);
    got += k;
  }
  const n = Math.floor(tags.channels.length / BATCH) * BATCH;

  ctx.progress('recording: PTU encoding');
  const encodeAll = (): void => {
    const enc = new PtuStreamEncoder({ bench: { pulseRateHz: 1e8 } });
    for (let i = 0; i < n; i += BATCH) enc.encode(tags.channels.subarray(i, i + BATCH), tags.timestampsPs.subarray(i, i + BATCH));
  };
  const ptu = timeIt(encodeAll, ctx.quick ? 0.3 : 1, ctx.quick ? 20 : 200);

  ctx.progress('recording: route frame → client decoder → PTU');
  const pathAll = (): void => {
    const enc = new PtuStreamEncoder({ bench: { pulseRateHz: 1e8 } });
    const dec = new TagStreamDecoder();
    dec.push(Buffer.from(TAG_STREAM_MAGIC, 'latin1'));
    for (let i = 0; i < n; i += BATCH) {
      for (const e of dec.push(encodeTagsFrame(tags.channels.subarray(i, i + BATCH), tags.timestampsPs.subarray(i, i + BATCH)))) {
        if (e.kind === 'tags') enc.encode(e.channels, e.timestampsPs);
      }
    }
  };
  const path = timeIt(pathAll, ctx.quick ? 0.3 : 1, ctx.quick ? 20 : 200);

  const reference = simRate / 1e6;
  const common = {
    unit: 'Mtag/s',
    reference,
    referenceName: 'simulator tag rate at 10 km (demo bench, wall clock)',
    tagsPerRun: n,
  };
  const rows: BenchResult[] = [
    { bench: 'recording-ptu', value: n / ptu.secondsPerCall / 1e6, ...common },
    { bench: 'recording-path', value: n / path.secondsPerCall / 1e6, ...common },
  ];
  return rows;
};

export default suite;
