/**
 * Runs post-processing between a transmitter and a receiver in this process,
 * with every message encoded and decoded as it would be on the wire: one
 * frame's sessions (sifting), one block's (Cascade to amplification), or a
 * run of frames through both nodes' block accumulators into blocks, as the
 * nodes do. Used by tests and benchmarks; the node runs the same sessions
 * over the authenticated peer channel.
 */
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import { decodeEnvelope, encodeEnvelope, type DecodedEnvelope, type EnvelopeInit } from '../../peer/messages.ts';
import { BlockAccumulator } from '../block-accumulator.ts';
import type { FrameParams, RandomWords } from './frame-params.ts';
import { isBlockOutcome, type BlockOutcome, type FrameOutcome, type SessionOutcome } from './frame-outcome.ts';
import type { FrameSession, FrameStep } from './frame-session.ts';
import { type BlockCascadePlanning, ReceiverBlockSession } from './receiver-block.ts';
import { CascadePlanCache } from '../../pipeline/cascade/index.ts';
import { ReceiverFrameSession, type ReceiverDetections } from './receiver-frame.ts';
import { TransmitterBlockSession } from './transmitter-block.ts';
import { TransmitterFrameSession } from './transmitter-frame.ts';

export interface InProcessResult<O extends SessionOutcome> {
  alice: O;
  bob: O;
  /** Messages and bytes each way. */
  messagesToAlice: number;
  messagesToBob: number;
  bytesToAlice: number;
  bytesToBob: number;
}

export type InProcessFrameResult = InProcessResult<FrameOutcome>;
export type InProcessBlockResult = InProcessResult<BlockOutcome>;

export type WireTap = (direction: 'to-alice' | 'to-bob', bytes: Uint8Array) => Uint8Array;

/** Plays Bob's `first` step and every answer until both sessions have an outcome. */
function runPair<O extends SessionOutcome>(
  alice: FrameSession<string>,
  bob: FrameSession<string>,
  first: FrameStep,
  tap?: WireTap,
): InProcessResult<O> {
  const toAlice: DecodedEnvelope[] = [];
  const toBob: DecodedEnvelope[] = [];
  const r = { messagesToAlice: 0, messagesToBob: 0, bytesToAlice: 0, bytesToBob: 0 };
  let aliceOut: SessionOutcome | undefined;
  let bobOut: SessionOutcome | undefined;
  const post = (queue: DecodedEnvelope[], dir: 'to-alice' | 'to-bob', msgs: EnvelopeInit[]): void => {
    for (const m of msgs) {
      let bytes = encodeEnvelope(m);
      if (tap) bytes = tap(dir, bytes);
      if (dir === 'to-alice') {
        r.messagesToAlice++;
        r.bytesToAlice += bytes.length;
      } else {
        r.messagesToBob++;
        r.bytesToBob += bytes.length;
      }
      queue.push(decodeEnvelope(bytes));
    }
  };
  post(toAlice, 'to-alice', first.send);
  bobOut = first.outcome;
  for (let guard = 0; guard < 1_000_000 && (toAlice.length > 0 || toBob.length > 0); guard++) {
    const a = toAlice.shift();
    if (a) {
      const step = alice.onMessage(a);
      post(toBob, 'to-bob', step.send);
      if (step.outcome) {
        aliceOut ??= step.outcome;
        // The node stores Alice's block, then confirms it to Bob.
        if (step.outcome.ok && isBlockOutcome(step.outcome))
          post(toBob, 'to-bob', [
            {
              blockId: step.outcome.blockId,
              blockStored: { blockId: `block-${step.outcome.blockId}`, bits: step.outcome.secretBits },
            },
          ]);
      }
    }
    const b = toBob.shift();
    if (b) {
      const step = bob.onMessage(b);
      post(toAlice, 'to-alice', step.send);
      if (step.outcome) bobOut ??= step.outcome;
    }
  }
  if (!aliceOut || !bobOut) {
    const show = (o: SessionOutcome | undefined): string => (o ? (o.ok ? 'ok' : `${o.reason} ${o.detail}`) : 'none');
    throw new QkdError(
      QkdErrorCode.FrameProtocolViolation,
      `${bob.work} ended without an outcome on both sides (alice: ${show(aliceOut)}, bob: ${show(bobOut)})`,
      { work: bob.work },
    );
  }
  return { alice: aliceOut as O, bob: bobOut as O, ...r };
}

/** One frame's sifting and test-bit disclosure; each `ok` outcome carries the frame's segment. */
export function runFrameInProcess(alice: TransmitterFrameSession, bob: ReceiverFrameSession, tap?: WireTap): InProcessFrameResult {
  return runPair<FrameOutcome>(alice, bob, bob.start(), tap);
}

/** One block's Cascade, verification and amplification; each `ok` outcome carries the secret key. */
export function runBlockInProcess(alice: TransmitterBlockSession, bob: ReceiverBlockSession, tap?: WireTap): InProcessBlockResult {
  return runPair<BlockOutcome>(alice, bob, bob.start(), tap);
}

export interface InProcessLinkResult {
  frames: InProcessFrameResult[];
  blocks: InProcessBlockResult[];
  /** Key-basis bits sifted and not yet in a block when the frames ran out (Alice's count). */
  carriedKeyBits: number;
}

/**
 * Frames through both nodes' block accumulators into blocks of `params.blockBits`,
 * as the two nodes do over the peer channel: each frame is sifted, Alice closes a
 * block whenever she holds n_X key bits, Bob takes the same ranges.
 */
export function runLinkInProcess(
  frames: Iterable<{ pattern: Uint32Array; detections: ReceiverDetections }>,
  params: FrameParams,
  random: RandomWords,
  tap?: WireTap,
): InProcessLinkResult {
  const accA = new BlockAccumulator(params.blockBits);
  const accB = new BlockAccumulator(params.blockBits);
  const out: InProcessLinkResult = { frames: [], blocks: [], carriedKeyBits: 0 };
  let frameId = 0;
  let blockId = 0;
  // As a node's executor: one Cascade seed for the run and a plan cache (receiver-block.ts), so blocks of the
  // same n_X build their permutations once.
  let planning: BlockCascadePlanning | undefined;
  for (const f of frames) {
    frameId++;
    const r = runFrameInProcess(
      new TransmitterFrameSession(frameId, f.pattern, params),
      new ReceiverFrameSession(frameId, f.detections, params),
      tap,
    );
    out.frames.push(r);
    if (!r.alice.ok || !r.bob.ok) continue;
    accA.add(r.alice.segment);
    accB.add(r.bob.segment);
    for (let next = accA.closeNext(blockId + 1); next; next = accA.closeNext(blockId + 1)) {
      blockId++;
      const mine = accB.take(blockId, next.ranges);
      if (!mine.ok) throw new QkdError(QkdErrorCode.FrameProtocolViolation, `block ${blockId}: ${mine.detail}`, { blockId });
      planning ??= { seed: random(1)[0] >>> 0, plans: new CascadePlanCache(2) };
      out.blocks.push(
        runBlockInProcess(
          new TransmitterBlockSession(next.material, params, planning.plans),
          new ReceiverBlockSession(mine.material, params, random, planning),
          tap,
        ),
      );
    }
  }
  out.carriedKeyBits = accA.pendingKeyBits;
  accA.clear();
  accB.clear();
  return out;
}
