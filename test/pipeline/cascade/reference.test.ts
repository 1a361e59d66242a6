import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { packBits, unpackBits, hammingDistance } from '../../../src/pipeline/bits.ts';
import { CascadePlan, cascadeSchedule } from '../../../src/pipeline/cascade/index.ts';
import { ReferenceAlice, referenceCascade } from '../../support/cascade-reference.ts';
import { frameWithErrors } from '../../support/cascade-frames.ts';

describe('reference Cascade (the benchmark yardstick)', () => {
  it('corrects random frames with the option 8 schedule', async () => {
    await withSeed('cascade reference', (rng) => {
      const n = 4099;
      const plan = new CascadePlan(n, rng.nextU32(), cascadeSchedule('option8', 0.03, n).blockSizes);
      let failed = 0;
      for (let f = 0; f < 20; f++) {
        const frame = frameWithErrors(rng, n, 123);
        const bob = unpackBits(frame.bob, n);
        const asked = referenceCascade(bob, plan, new ReferenceAlice(unpackBits(frame.alice, n), plan));
        expect(asked).toBeGreaterThan(0);
        if (hammingDistance(packBits(bob), frame.alice, n) !== 0) failed++;
      }
      expect(failed).toBeLessThanOrEqual(1);
    });
  });
});
