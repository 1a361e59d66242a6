/**
 * Synthetic benches that replay a pool of pre-computed frames: like
 * synthetic-benches.ts (Alice's patterns become Bob's detections through the
 * synthetic channel), except that the per-slot work of drawing a pattern and
 * its detections (4 Mi slots per frame: ~60 % of the thread's CPU in a
 * two-node loop, and event-loop stalls of up to ~1 s) is done once, up front,
 * for `poolSize` frames. Each frame then costs a copy. For benches that
 * measure the nodes (test/bench/peer-delay.bench.ts), not the channel model.
 * The key repeats every `poolSize` frames: a bench's key, never a real one.
 */
import type { ReceiverBench, TransmitterBench } from '../../src/node/bench-port.ts';
import type { ReceiverDetections } from '../../src/node/frame/receiver-frame.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { linkedBenches, SYNTHETIC_CHANNEL } from './synthetic-benches.ts';
import { type SyntheticFrameOptions, syntheticFrame } from './synthetic-frame.ts';

export interface FramePool {
  readonly slots: number;
  readonly frames: ReadonlyArray<{ pattern: Uint32Array; detections: ReceiverDetections }>;
}

export function framePool(rng: Xoshiro128, poolSize: number, channel: SyntheticFrameOptions = SYNTHETIC_CHANNEL): FramePool {
  return { slots: channel.slots, frames: Array.from({ length: poolSize }, () => syntheticFrame(rng, channel)) };
}

/**
 * A transmitter bench, a receiver bench and the transmitter's `randomPattern`:
 * each pattern handed out is a copy of the pool's next frame, and emitting it
 * gives Bob a copy of that frame's detections (the nodes zero what they are
 * done with, so the pool is never handed out itself).
 */
export function replayedBenches(pool: FramePool): { tx: TransmitterBench; rx: ReceiverBench; randomPattern: () => Uint32Array } {
  const origin = new WeakMap<Uint32Array, number>();
  let nextPattern = 0;
  const randomPattern = (): Uint32Array => {
    const i = nextPattern++ % pool.frames.length;
    const pattern = pool.frames[i].pattern.slice();
    origin.set(pattern, i);
    return pattern;
  };
  const { tx, rx } = linkedBenches(pool.slots, (pattern) => {
    const i = origin.get(pattern);
    if (i === undefined) throw new Error('replayed bench: a pattern that did not come from its randomPattern');
    const d = pool.frames[i].detections;
    return { count: d.count, slots: d.slots.slice(), bases: d.bases.slice(), bits: d.bits.slice() };
  });
  return { tx, rx, randomPattern };
}
