/**
 * Shared scaffolding for the bench-physics tests: run a bench for a stretch of
 * simulated time, and map tags back to slots from their timestamps the way
 * the receiver's timing stage would (with the tagger clock offset set to 0).
 */
import {
  OpticalBench,
  randomPattern,
  PhysicsRng,
  referencePerPulseRun,
  type BenchPhysicsOptionsInput,
  type PulsePattern,
} from '../../sim/physics/index.ts';

export const SPEED_OF_LIGHT_M_PER_S = 299792458;

export interface RunResult {
  bench: OpticalBench;
  pattern: PulsePattern;
  channels: Uint8Array;
  timestampsPs: Float64Array;
  kinds: Uint8Array;
  truthSlots: Float64Array;
  detectionTimesPs: Float64Array;
}

export function concat<T extends Float64Array | Uint8Array>(parts: T[], make: (n: number) => T): T {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = make(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Build a bench, give it a random repeating pattern (signal/decoy/vacuum with
 * the given probabilities), start emission at slot 0 and run `durationPs` in
 * chunks of `chunkPs`.
 */
export function runBench(
  opts: BenchPhysicsOptionsInput,
  durationPs: number,
  classProbabilities: [number, number] = [0.7, 0.2],
  chunkPs = 1e9,
  onChunk?: (bench: OpticalBench, elapsedPs: number) => void,
): RunResult {
  const bench = new OpticalBench(opts);
  const patternRng = new PhysicsRng((opts.seed ?? 1) ^ 0x5eed);
  const pattern = randomPattern(bench.frameSlotCount, () => patternRng.nextU32(), classProbabilities[0], classProbabilities[1]);
  bench.setRepeatingPattern(pattern);
  bench.startEmission();
  const ch: Uint8Array[] = [];
  const ts: Float64Array[] = [];
  const kinds: Uint8Array[] = [];
  const slots: Float64Array[] = [];
  const times: Float64Array[] = [];
  for (let t = 0; t < durationPs; ) {
    t = Math.min(durationPs, t + chunkPs);
    const c = bench.advanceTo(t);
    ch.push(c.channels);
    ts.push(c.timestampsPs);
    if (c.truth) {
      kinds.push(c.truth.kind);
      slots.push(c.truth.slot);
      times.push(c.truth.detectionTimePs);
    }
    onChunk?.(bench, t);
  }
  return {
    bench,
    pattern,
    channels: concat(ch, (n) => new Uint8Array(n)),
    timestampsPs: concat(ts, (n) => new Float64Array(n)),
    kinds: concat(kinds, (n) => new Uint8Array(n)),
    truthSlots: concat(slots, (n) => new Float64Array(n)),
    detectionTimesPs: concat(times, (n) => new Float64Array(n)),
  };
}

/** Fibre delay from first principles: L · n_g / c. */
export function fibreDelayPsFor(lengthKm: number, groupIndex = 1.468): number {
  return ((lengthKm * 1000 * groupIndex) / SPEED_OF_LIGHT_M_PER_S) * 1e12;
}

/** Slot of a tag from its timestamp (tagger offset 0 ppm, start offset 0): nearest slot centre. */
export function slotOfTimestamp(timestampPs: number, delayPs: number, periodPs: number): number {
  return Math.round((timestampPs - delayPs) / periodPs);
}

/** Nibble of global slot `slot` when a repeating pattern started at slot 0. */
export function nibbleAt(pattern: PulsePattern, slot: number): number {
  const pos = slot % pattern.slotCount;
  return (pattern.words[pos >>> 3] >>> ((pos & 7) << 2)) & 15;
}

export interface SiftedCounts {
  sifted: number;
  errors: number;
}

/**
 * Sifted QBER from tags alone: tags → slot by timestamp; slots with exactly
 * one tag (double clicks dropped); kept when Bob's basis (channel >> 1)
 * matches Alice's; error when the bit (channel & 1) differs. Only slots of
 * intensity class `intensityClass` (0 signal) and slots in [fromSlot, toSlot).
 */
export function siftedCounts(
  r: RunResult,
  delayPs: number,
  periodPs: number,
  intensityClass = 0,
  fromSlot = 0,
  toSlot = Infinity,
): SiftedCounts {
  let sifted = 0;
  let errors = 0;
  const n = r.timestampsPs.length;
  const slotOf = new Float64Array(n);
  for (let i = 0; i < n; i++) slotOf[i] = slotOfTimestamp(r.timestampsPs[i], delayPs, periodPs);
  for (let i = 0; i < n; i++) {
    const s = slotOf[i];
    if ((i > 0 && slotOf[i - 1] === s) || (i + 1 < n && slotOf[i + 1] === s)) continue; // double click
    if (s < fromSlot || s >= toSlot || s < 0) continue;
    const nib = nibbleAt(r.pattern, s);
    if (nib >>> 2 !== intensityClass) continue;
    const ch = r.channels[i];
    if (ch >>> 1 !== ((nib >>> 1) & 1)) continue;
    sifted++;
    if ((ch & 1) !== (nib & 1)) errors++;
  }
  return { sifted, errors };
}

/** Five standard deviations of a binomial proportion estimate. */
export function fiveSigmaProportion(p: number, n: number): number {
  return 5 * Math.sqrt((p * (1 - p)) / n);
}

/** Measured-vs-predicted figures, printed only when SIM_PHYSICS_REPORT=1 (for reports, not for CI logs). */
export function report(line: string): void {
  if (process.env.SIM_PHYSICS_REPORT === '1') console.log(`[sim-physics] ${line}`);
}

/** Index of the first difference between two arrays (length difference counts), or −1 when equal. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/**
 * The bench and the plain per-pulse loop on the same pattern (the loop with its own seed) over `slotCount`
 * slots of 1 ns, and the clicks per detector of each in [0, end of the last slot): what the agreement tests
 * compare.
 */
export function runAgainstPerPulse(
  opts: BenchPhysicsOptionsInput & { seed: number },
  slotCount: number,
  periodPs = 1000,
): { fast: RunResult; ref: ReturnType<typeof referencePerPulseRun>; countFast: number[]; countRef: number[] } {
  const endPs = (slotCount - 0.5) * periodPs;
  const fast = runBench(opts, endPs + 1e6, [0.6, 0.3]);
  const ref = referencePerPulseRun({ ...opts, seed: opts.seed ^ 0x9e3779b9 }, fast.pattern, slotCount);
  const countFast = [0, 0, 0, 0];
  const countRef = [0, 0, 0, 0];
  for (let i = 0; i < fast.detectionTimesPs.length; i++)
    if (fast.detectionTimesPs[i] >= 0 && fast.detectionTimesPs[i] < endPs) countFast[fast.channels[i]]++;
  for (let i = 0; i < ref.count; i++) if (ref.detectionTimesPs[i] >= 0 && ref.detectionTimesPs[i] < endPs) countRef[ref.channels[i]]++;
  return { fast, ref, countFast, countRef };
}
