/**
 * Sifting throughput in Mtag/s (detections per second through the whole
 * exchange: Bob packs bases, Alice computes the match mask and the intensity
 * message, both derive their six sifted buckets), beside a plain reference
 * (an object per detection and per slot, arrays of numbers per bucket).
 */
import { Xoshiro128 } from '../../src/pipeline/prng.ts';
import { basisMatchMask, countMatched, intensityWordsFor, matchedIntensities, packBases } from '../../src/pipeline/sifting/exchange.ts';
import { allocPattern } from '../../src/pipeline/sifting/pattern.ts';
import { allocSiftedKeys, siftAlice, siftBob } from '../../src/pipeline/sifting/sifted-keys.ts';
import { wordsFor } from '../../src/pipeline/bits.ts';
import { timeIt, type BenchSuite } from './harness.ts';

interface SlotPrep {
  basis: number;
  bit: number;
  intensity: number;
}
interface Det {
  slot: number;
  basis: number;
  bit: number;
}

function referenceSift(prep: SlotPrep[], dets: Det[]): { alice: number[][]; bob: number[][] } {
  // Bob's message, Alice's answer, then both sides bucket: the straightforward version.
  const message = dets.map((d) => ({ slot: d.slot, basis: d.basis }));
  const matches = message.map((m) => prep[m.slot].basis === m.basis);
  const intensities = message.filter((_, i) => matches[i]).map((m) => prep[m.slot].intensity);
  const alice: number[][] = [[], [], [], [], [], []];
  const bob: number[][] = [[], [], [], [], [], []];
  let j = 0;
  dets.forEach((d, i) => {
    if (!matches[i]) return;
    const cls = intensities[j++];
    alice[prep[d.slot].basis * 3 + prep[d.slot].intensity].push(prep[d.slot].bit);
    bob[d.basis * 3 + cls].push(d.bit);
  });
  return { alice, bob };
}

const suite: BenchSuite = async (ctx) => {
  const n = ctx.quick ? 1_000_000 : 10_000_000;
  const slotsPerFrame = n * 10; // 10 % detection probability per slot
  const rng = new Xoshiro128(0x5eed);
  // Alice's pattern drawn directly as packed words (random basis/bit; class 0..2).
  const pattern = allocPattern(slotsPerFrame);
  for (let w = 0; w < pattern.length; w++) {
    let word = rng.nextU32() & 0x33333333; // bit and basis random, class bits cleared
    const c = rng.nextU32();
    for (let k = 0; k < 8; k++) {
      const cls = ((c >>> (4 * k)) & 15) % 3;
      word |= cls << (4 * k + 2);
    }
    pattern[w] = word >>> 0;
  }
  const slots = new Uint32Array(n);
  const bases = new Uint8Array(n);
  const bits = new Uint8Array(n);
  for (let i = 0, s = 0; i < n; i++) {
    s += 1 + rng.nextBelow(19);
    slots[i] = Math.min(s, slotsPerFrame - 1 - (n - 1 - i));
    const r = rng.nextU32();
    bases[i] = r & 1;
    bits[i] = (r >>> 1) & 1;
  }
  const basesPacked = new Uint32Array(wordsFor(n));
  const mask = new Uint32Array(wordsFor(n));
  const classes = new Uint32Array(intensityWordsFor(n));
  const aliceKeys = allocSiftedKeys(n);
  const bobKeys = allocSiftedKeys(n);
  ctx.progress(`sifting: ${n} detections over ${slotsPerFrame} slots`);
  const t = timeIt(
    () => {
      packBases(bases, n, basesPacked);
      basisMatchMask(pattern, slots, basesPacked, n, mask);
      matchedIntensities(pattern, slots, mask, n, classes);
      siftAlice(pattern, slots, mask, n, aliceKeys);
      siftBob(bases, bits, mask, classes, n, bobKeys);
    },
    ctx.quick ? 0.3 : 1,
  );
  const value = n / t.secondsPerCall / 1e6;

  const nRef = Math.min(n, 2_000_000);
  const refSlots = slots[nRef - 1] + 1;
  const prep: SlotPrep[] = [];
  for (let s = 0; s < refSlots; s++) {
    const nib = (pattern[s >>> 3] >>> ((s & 7) << 2)) & 15;
    prep.push({ bit: nib & 1, basis: (nib >>> 1) & 1, intensity: nib >>> 2 });
  }
  const dets: Det[] = [];
  for (let i = 0; i < nRef; i++) dets.push({ slot: slots[i], basis: bases[i], bit: bits[i] });
  let refMatched = 0;
  const tr = timeIt(
    () => {
      const r = referenceSift(prep, dets);
      refMatched = r.alice.reduce((a, b) => a + b.length, 0);
    },
    ctx.quick ? 0.3 : 1,
    5,
  );
  const reference = nRef / tr.secondsPerCall / 1e6;
  return [
    {
      bench: 'sifting',
      unit: 'Mtag/s',
      value,
      reference,
      referenceName: 'object per detection/slot, number[] buckets',
      detections: n,
      referenceDetections: nRef,
      matched: countMatched(mask, n),
      referenceMatched: refMatched,
    },
  ];
};

export default suite;
