/**
 * Cascade throughput, efficiency and FER, one line per variant and QBER.
 *
 * value: Mbit/s of sifted key corrected by the line's variant, both sides in this
 * process, every message encoded and decoded, permutations from a per-session
 * seed (plans cached on each side, as the node runs it; a fresh seed costs one
 * plan build per side, reported as planMs).
 * reference: a plain Cascade (bit-per-byte arrays, one parity question per
 * call, parities recomputed by looping) with the same block sizes and
 * permutations, same frames, same run.
 * efficiency, fer, rounds: over `frames` random frames with exactly round(n·Q)
 * errors at uniformly random positions. fer is failedFrames / frames, and
 * ferUpper95 its one-sided 95 % Clopper–Pearson upper bound: with 200 frames
 * and none failed it is 0.015, so FER ≤ 10^-4 cannot show in a normal run;
 * QKDD_CASCADE_FER_FRAMES=30000 runs that many frames for the node's default
 * variant (≈ 3 min at 2 % on a quiet core; 0 failures give ferUpper95 ≈ 1.0e-4).
 *
 * The node's default variant (DEFAULT_CASCADE_VARIANT) carries the issue's
 * targets: ≥ 55 Mbit/s at 2 %, f ≤ 1.04 at 1–5 % and ≤ 1.06 at 10 %, FER ≤ 10^-4.
 * option8-bpi (the paper's option 8 with block-parity inference) and
 * original-lockstep (fewest round trips) are printed beside it, without targets. authBitsPerFrame = 256 · rounds (the
 * one-time pad the authenticated channel spends); netSecretFraction is a hint,
 * (n(1 − h(Q)) − leak − auth) / n.
 *
 * Frame size: n = 2^17. Efficiency falls slowly with n (5 %: 1.049 at 10^4,
 * 1.040–1.041 at 2^16, 1.039 at 2^17, 1.039 at 2^18), so 2^17 is the
 * smallest size that meets 1.04 at 5 %; CPU time per bit is about flat in n,
 * while round trips per frame keep growing (about 1.3x per doubling).
 *
 * cpuMbps: the same throughput from process CPU time over the efficiency
 * frames; on a shared, loaded machine wall time understates it.
 */
import type { BenchContext, BenchResult, BenchSuite } from './harness.ts';
import { timeIt } from './harness.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { hammingDistance, unpackBits } from '../../src/pipeline/bits.ts';
import {
  CascadePlan,
  CascadePlanCache,
  type CascadeVariant,
  DEFAULT_CASCADE_VARIANT,
  binaryEntropy,
  cascadeSchedule,
  reconcile,
} from '../../src/pipeline/cascade/index.ts';
import { ReferenceAlice, referenceCascade } from '../support/cascade-reference.ts';
import { frameWithErrors, type TestFrame } from '../support/cascade-frames.ts';
import { ferUpper95 } from '../support/cascade-fer.ts';

const N = 1 << 17;
/**
 * One line per variant and QBER: the node's default first (the best efficiency,
 * ~10^3 round trips), then option8-bpi (Martinez-Mateo et al.'s option 8 with
 * subblock reuse and block-parity inference) and original-lockstep (the fewest
 * round trips, hence the most net key while each round trip costs
 * authentication key; see variants.ts).
 */
const VARIANTS: readonly CascadeVariant[] = [
  DEFAULT_CASCADE_VARIANT,
  ...(['option8-bpi', 'original-lockstep'] as const).filter((v) => v !== DEFAULT_CASCADE_VARIANT),
];
/** Wegman–Carter one-time pad per round trip (128 bits per message, two messages). */
const AUTH_BITS_PER_ROUND = 256;
const QBERS = [0.01, 0.02, 0.05, 0.1];
const THROUGHPUT_TARGET = 55; // Mbit/s at 2 %
/** Issue 14: f ≤ 1.04 at 1–5 %, ≤ 1.06 at 10 % for the node's default variant. */
const EFFICIENCY_TARGET: Record<number, number> = { 0.01: 1.04, 0.02: 1.04, 0.05: 1.04, 0.1: 1.06 };
const FER_TARGET = 1e-4;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const suite: BenchSuite = async (ctx: BenchContext): Promise<BenchResult[]> => {
  const baseFrames = ctx.quick ? 20 : 200;
  const longFrames = Number(process.env.QKDD_CASCADE_FER_FRAMES ?? 0);
  const minSeconds = ctx.quick ? 0.3 : 2;
  const rng = new Xoshiro128(0x0c45cade);
  const rows: BenchResult[] = [];
  for (const VARIANT of VARIANTS)
    for (const qber of QBERS) {
      const isDefault = VARIANT === DEFAULT_CASCADE_VARIANT;
      const frames = isDefault && longFrames > baseFrames ? Math.floor(longFrames) : baseFrames;
      const errors = Math.round(N * qber);
      const sessionSeed = rng.nextU32();
      const aliceCache = new CascadePlanCache();
      const bobCache = new CascadePlanCache();
      const opts = { variant: VARIANT, qber, seed: sessionSeed, cache: bobCache, aliceCache } as const;

      const t0 = cpuSeconds();
      const plan = new CascadePlan(N, sessionSeed, cascadeSchedule(VARIANT, qber, N).blockSizes);
      const planMs = (cpuSeconds() - t0) * 1e3;

      // Efficiency, FER, rounds: fresh frames, the session's permutations.
      ctx.progress(`cascade: ${VARIANT}, QBER ${qber}: ${frames} frames of ${N} bits`);
      let failed = 0;
      let leak = 0;
      let rounds = 0;
      const pool: TestFrame[] = [];
      const c0 = cpuSeconds();
      for (let f = 0; f < frames; f++) {
        const frame = frameWithErrors(rng, N, errors);
        if (pool.length < 16) pool.push(frame);
        const r = reconcile(frame.alice, frame.bob, N, opts);
        if (hammingDistance(frame.alice, r.key, N) !== 0) failed++;
        leak += r.leakedBits;
        rounds += r.rounds;
      }
      // CPU-time throughput over the same frames (less sensitive to a shared machine than wall time; excludes frame generation only approximately).
      const cpuMbps = (frames * N) / (cpuSeconds() - c0) / 1e6;
      const efficiency = leak / (frames * N * binaryEntropy(errors / N));

      // Throughput: wall time, median per frame.
      let next = 0;
      const ours = timeIt(() => {
        const frame = pool[next++ % pool.length];
        reconcile(frame.alice, frame.bob, N, opts);
      }, minSeconds);

      const refAlice = pool.map((f) => unpackBits(f.alice, N));
      const refBob = pool.map((f) => unpackBits(f.bob, N));
      const scratch = new Uint8Array(N);
      let refNext = 0;
      const ref = timeIt(
        () => {
          const i = refNext++ % pool.length;
          scratch.set(refBob[i]);
          referenceCascade(scratch, plan, new ReferenceAlice(refAlice[i], plan));
        },
        minSeconds,
        ctx.quick ? 5 : 50,
      );

      const value = N / ours.secondsPerCall / 1e6;
      const reference = N / ref.secondsPerCall / 1e6;
      rows.push({
        bench: 'cascade',
        unit: 'Mbit/s',
        value,
        reference,
        referenceName: 'plain Cascade, byte per bit, one question per message',
        qber,
        efficiency,
        ...(isDefault ? { efficiencyTarget: EFFICIENCY_TARGET[qber], efficiencyMet: efficiency <= EFFICIENCY_TARGET[qber] } : {}),
        fer: failed / frames,
        ferUpper95: ferUpper95(failed, frames),
        failedFrames: failed,
        frames,
        ...(isDefault ? { ferTarget: FER_TARGET } : {}),
        rounds: rounds / frames,
        authBitsPerFrame: (AUTH_BITS_PER_ROUND * rounds) / frames,
        // Hint only: (n·(1 − h(Q)) − leak − auth) / n, before finite-key terms and phase error.
        netSecretFraction: (frames * N * (1 - binaryEntropy(errors / N)) - leak - AUTH_BITS_PER_ROUND * rounds) / (frames * N),
        n: N,
        variant: VARIANT,
        nodeDefault: isDefault,
        cpuMbps,
        planMs,
        ...(isDefault && qber === 0.02 ? { target: THROUGHPUT_TARGET } : {}),
      });
    }
  return rows;
};

export default suite;
