import { expect } from 'vitest';
import type { DecoderStats } from '../../firmware-protocol/index.ts';

/** Every byte pushed is accounted for exactly once. */
export function expectConsistent(s: DecoderStats): void {
  expect(s.frameBytes + s.discardedBytes + s.idleBytes + s.pendingBytes).toBe(s.bytesIn);
}
