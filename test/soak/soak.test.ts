/**
 * Fault-injection soak of the simulated two-node link (issue 12): key
 * delivery over ETSI 014 on both KMEs while board unplugs, peer connection
 * drops, peer-link corruption and delay, kill -9 of either node, a full disk
 * and wall-clock jumps are injected one at a time at seeded random moments
 * (test/support/soak-run.ts, soak-faults.ts). Asserted: no violation (every
 * key equal on both sides, no key_ID delivered twice, no block on one side
 * only, no key in the logs, generation back within the bound after each
 * fault, no unexpected node exit) and every fault kind injected. One JSON
 * summary line is printed. The CI version injects faults for at least 20 s
 * and until every kind has run once (QKDD_SOAK_SECONDS overrides the 20; it was 60 until npm test neared its 10-minute budget); QKDD_LONG_TESTS=1 adds a 30-minute run.
 * Replay a run with QKDD_SEED=<seed> (printed on failure and in the summary).
 * docs/soak.md says how to run it and what it checks.
 */
import { describe, expect, it } from 'vitest';
import { withSeed } from '../support/seed.ts';
import { FAULT_KINDS, prlimitAvailable } from '../support/soak-faults.ts';
import { runSoak } from '../support/soak-run.ts';

const CI_FAULT_SECONDS = Number(process.env.QKDD_SOAK_SECONDS ?? 20);
const LONG_FAULT_SECONDS = Number(process.env.QKDD_SOAK_SECONDS ?? 1800);
const LONG = process.env.QKDD_LONG_TESTS === '1';
/**
 * Generous: a restarted node needs ~10 s before its first block on the loaded 2-core machine, and a
 * peer message dropped for a bad tag can leave the other side waiting for the node's 60 s frame
 * timeout (docs/soak.md) before the next frame starts.
 */
const RESUME_BOUND_MS = 90_000;
const available = prlimitAvailable();
if (!available) console.warn('soak: prlimit (util-linux) not found; the soak needs it for the disk-full fault and is skipped');

async function soak(faultSeconds: number): Promise<void> {
  await withSeed('soak', async (rng, seed) => {
    const { summary, violations, faults } = await runSoak({
      seed,
      random: rng,
      faultSeconds,
      resumeBoundMs: RESUME_BOUND_MS,
      progress: process.env.QKDD_SOAK_VERBOSE === '1' ? (line) => console.log(line) : undefined,
    });
    console.log(JSON.stringify(summary));
    if (violations.length > 0) console.error(JSON.stringify({ violations: violations.slice(0, 20), faults }, null, 1));
    expect(violations).toEqual([]);
    for (const kind of FAULT_KINDS) expect(summary.faults[kind] ?? 0, `fault ${kind} injected`).toBeGreaterThanOrEqual(1);
    expect(summary.keysDelivered).toBeGreaterThan(0);
    // Both directions: keys whose master SAE was at node B (enc_keys at the receiver's KME) were delivered too.
    expect(summary.keysDeliveredFromB).toBeGreaterThan(0);
    expect(summary.keysDeliveredFromB).toBeLessThan(summary.keysDelivered);
    expect(summary.blocksCompared).toBeGreaterThan(0);
  });
}

describe.skipIf(!available)('fault-injection soak of the simulated link', () => {
  it(
    `CI version: ${CI_FAULT_SECONDS} s of faults, every kind at least once, no violation`,
    async () => {
      await soak(CI_FAULT_SECONDS);
    },
    // Faults, plus start, settling and the store comparison; never reached on a healthy run.
    (CI_FAULT_SECONDS + 400) * 1000,
  );

  it.runIf(LONG)(
    `long version (QKDD_LONG_TESTS=1): ${LONG_FAULT_SECONDS} s of faults`,
    async () => {
      await soak(LONG_FAULT_SECONDS);
    },
    (LONG_FAULT_SECONDS + 600) * 1000,
  );
});
