/**
 * Verification hash throughput: the table-driven polynomial hash over
 * GF(2^64) (src/pipeline/verification) against the plain bitwise
 * implementation (shift-and-add multiply, one bit at a time) in the same run.
 * The tag length follows verificationTagBits(n, 1e-15), so the figure is for
 * the full tag a node computes (one point at 10^6 bits, two at 10^7: see
 * `points`). The reference is measured on a smaller n when noted
 * (`referenceN`), since it is ~100× slower; throughput is per key bit either way.
 */
import type { BenchContext, BenchResult, BenchSuite } from './harness.ts';
import { timeIt } from './harness.ts';
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { allocBits } from '../../src/pipeline/bits.ts';
import { verificationSeedWords, verificationTag } from '../../src/pipeline/verification/index.ts';
import { polyHashWordsBitwise } from '../../src/pipeline/gf2/poly-hash.ts';
import { WegmanCarterAuthenticator } from '../../src/peer/auth/wegman-carter.ts';

const EPS_COR = 1e-15;

function measure(ctx: BenchContext, n: number, referenceN: number): BenchResult {
  const rng = new Xoshiro128(0x5eed);
  const key = rng.fillU32(allocBits(n));
  if (n & 31) key[key.length - 1] &= (1 << (n & 31)) - 1;
  const seed = rng.fillU32(new Uint32Array(verificationSeedWords(n, EPS_COR)));
  const points = seed.length / 2;
  const minSeconds = ctx.quick ? 0.1 : 0.5;
  ctx.progress(`verification n=${n} points=${points}`);
  const fast = timeIt(() => void verificationTag(key, n, seed), minSeconds);
  const out = new Uint32Array(seed.length);
  const ref = timeIt(
    () => {
      for (let p = 0; p < seed.length; p += 2) polyHashWordsBitwise(seed[p], seed[p + 1], key, referenceN, out, p);
    },
    minSeconds,
    20,
  );
  return {
    bench: 'verification',
    unit: 'Mbit/s',
    value: n / fast.secondsPerCall / 1e6,
    reference: referenceN / ref.secondsPerCall / 1e6,
    referenceName: referenceN === n ? 'bitwise GF(2^64) multiply' : `bitwise GF(2^64) multiply at n=${referenceN}`,
    n,
    referenceN,
    points,
    tagBits: points * 64,
  };
}

/**
 * The same hash as the peer channel's Wegman–Carter tag (two points, default)
 * on 64 KiB messages: what authenticating a large Cascade or sifting message
 * costs. Reference: the bitwise hash on the same bytes packed as words.
 */
function measurePeerAuth(ctx: BenchContext): BenchResult {
  const bytes = ctx.quick ? 4096 : 65536;
  const rng = new Xoshiro128(0xa17);
  const msg = new Uint8Array(bytes).map(() => rng.nextU32() & 255);
  const wc = new WegmanCarterAuthenticator(new Uint8Array(16).map(() => rng.nextU32() & 255));
  const pad = new Uint8Array(16);
  const tag = new Uint8Array(16);
  const words = new Uint32Array(msg.buffer.slice(0));
  const out = new Uint32Array(4);
  ctx.progress(`peer auth tag, ${bytes}-byte messages`);
  const fast = timeIt(() => wc.tag(msg, pad, tag), ctx.quick ? 0.1 : 0.3);
  const ref = timeIt(
    () => {
      polyHashWordsBitwise(0x12345678, 0x9abcdef1, words, bytes * 8, out, 0);
      polyHashWordsBitwise(0x0fedcba9, 0x87654321, words, bytes * 8, out, 2);
    },
    ctx.quick ? 0.1 : 0.3,
    20,
  );
  return {
    bench: 'peer-auth-tag',
    unit: 'Mbit/s',
    value: (bytes * 8) / fast.secondsPerCall / 1e6,
    reference: (bytes * 8) / ref.secondsPerCall / 1e6,
    referenceName: 'bitwise GF(2^64) multiply',
    messageBytes: bytes,
    points: 2,
  };
}

const suite: BenchSuite = async (ctx) => {
  const sizes: Array<[number, number]> = ctx.quick
    ? [[1e5, 1e5]]
    : [
        [1e6, 1e6],
        [1e7, 1e6],
      ];
  return [...sizes.map(([n, refN]) => measure(ctx, n, refN)), measurePeerAuth(ctx)];
};

export default suite;
