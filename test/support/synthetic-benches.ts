/**
 * A transmitter and a receiver bench joined by the synthetic channel
 * (synthetic-frame.ts): the patterns Alice emits become Bob's detections, in
 * order, with no boards. Used by the node loop tests (test/node/link-loops)
 * and the stranger-on-the-peer-port test (test/integration/stranger), which
 * had each kept a copy.
 */
import type { DetectedFrame, ReceiverBench, TransmitterBench } from '../../src/node/bench-port.ts';
import { DEFAULT_FRAME_PARAMS, type FrameParams } from '../../src/node/frame/frame-params.ts';
import type { ReceiverDetections } from '../../src/node/frame/receiver-frame.ts';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { detectionsFor, type SyntheticFrameOptions } from './synthetic-frame.ts';

/** A 4 Mi-slot frame over a channel of transmission 0.3 and 1 % misalignment. */
export const SYNTHETIC_CHANNEL: SyntheticFrameOptions = {
  slots: 1 << 22,
  intensities: [0.6, 0.2, 0.0002],
  probabilities: [0.5, 0.3, 0.2],
  keyBasisProbability: 0.7,
  eta: 0.3,
  misalignment: 0.01,
};

/**
 * The nodes' frame parameters matching SYNTHETIC_CHANNEL. A frame gives ~2.05·10^5 key-basis bits, so
 * blocks of n_X = 2·10^5 close about once per frame, most of them across a frame boundary (carry-over).
 */
export const SYNTHETIC_FRAME_PARAMS: FrameParams = {
  ...DEFAULT_FRAME_PARAMS,
  slots: SYNTHETIC_CHANNEL.slots,
  intensities: SYNTHETIC_CHANNEL.intensities,
  probabilities: SYNTHETIC_CHANNEL.probabilities,
  blockBits: 200_000,
};

/** Alice's emitted patterns become Bob's detections through the synthetic channel. */
export function syntheticBenches(
  rng: Xoshiro128,
  channel: SyntheticFrameOptions = SYNTHETIC_CHANNEL,
): { tx: TransmitterBench; rx: ReceiverBench } {
  return linkedBenches(channel.slots, (pattern) => detectionsFor(rng, pattern, channel));
}

/**
 * A transmitter bench and a receiver bench joined in process: each emitted
 * pattern becomes the receiver's next frame, with the detections `detect`
 * gives for it (in emission order; `nextFrame` waits for the next emission,
 * and gives null once either side is closed).
 */
export function linkedBenches(
  slots: number,
  detect: (pattern: Uint32Array) => ReceiverDetections,
): { tx: TransmitterBench; rx: ReceiverBench } {
  const queue: DetectedFrame[] = [];
  let waiter: ((f: DetectedFrame | null) => void) | null = null;
  let next = 1;
  let closed = false;
  const tx: TransmitterBench = {
    slotsPerFrame: slots,
    async emitFrame(pattern) {
      const frameId = next++;
      const frame = { frameId, detections: detect(pattern) };
      if (waiter) {
        const w = waiter;
        waiter = null;
        w(frame);
      } else queue.push(frame);
      return frameId;
    },
    async close() {
      closed = true;
      waiter?.(null);
    },
  };
  const rx: ReceiverBench = {
    slotsPerFrame: slots,
    nextFrame: () =>
      queue.length > 0 ? Promise.resolve(queue.shift()!) : closed ? Promise.resolve(null) : new Promise((r) => (waiter = r)),
    async close() {
      await tx.close();
    },
  };
  return { tx, rx };
}
