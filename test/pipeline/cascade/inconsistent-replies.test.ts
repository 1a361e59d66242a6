/**
 * A corrupted or forged reply must not hang the receiver. With subblock reuse
 * a wrong parity could make the searches flip a correct bit and flip it back
 * forever without asking anything (no round trip, so the node's round-trip
 * bound never fires); the receiver ends the run when a bit would be corrected
 * twice, which honest answers never cause.
 */
import { describe, expect, it } from 'vitest';
import { withSeed } from '../../support/seed.ts';
import { CASCADE_VARIANTS, CascadeReceiver, CascadeResponder } from '../../../src/pipeline/cascade/index.ts';
import { frameWithErrors } from '../../support/cascade-frames.ts';

const N = 1 << 14;

describe('Cascade receiver against inconsistent replies', () => {
  for (const variant of CASCADE_VARIANTS) {
    it(`${variant}: one flipped parity bit per reply position ends the run (error or a finished key), never a hang`, async () => {
      await withSeed(`cascade inconsistent ${variant}`, (rng) => {
        let threw = 0;
        let finished = 0;
        for (let trial = 0; trial < 12; trial++) {
          const frame = frameWithErrors(rng, N, Math.round(N * 0.03));
          const bob = new CascadeReceiver(frame.bob, N, { variant, qber: 0.03, seed: rng.nextU32() });
          const alice = new CascadeResponder(frame.alice, N);
          // Corrupt one bit of reply number `target` (the first reply carries the top-level parities).
          const target = trial % 3;
          let req = bob.start();
          let rounds = 0;
          try {
            for (;;) {
              const reply = alice.answer(req);
              if (rounds === target && reply.count > 0) {
                const bit = rng.nextBelow(reply.count);
                reply.parities[bit >>> 5] ^= 1 << (bit & 31);
              }
              const next = bob.onReply(reply);
              rounds++;
              expect(rounds).toBeLessThan(20_000);
              if (next.kind === 'done') break;
              req = next;
            }
            finished++;
          } catch (err) {
            expect(err).toBeInstanceOf(RangeError);
            expect(String(err)).toMatch(/inconsistent parities|would be corrected twice/);
            threw++;
          }
        }
        expect(threw + finished).toBe(12);
      });
    }, 60_000);
  }
});
