/**
 * Range checks of the timing fields both pattern boards take
 * (ConfigureSource / ConfigureModulator): pulse rate and frame length.
 */

/** Largest pattern bank, in slots (4 MiB packed per bank). */
export const MAX_PATTERN_SLOTS = 1 << 24;

export function checkTiming(pulseRateHz: number, frameSlots: number): string | null {
  if (pulseRateHz < 1_000_000 || pulseRateHz > 2_500_000_000) return `pulse_rate_hz ${pulseRateHz} outside 1e6..2.5e9`;
  // The simulated PLL makes only rates whose period is a whole number of ps,
  // which keeps every slot boundary an integer on the bench clock.
  if (1e12 % pulseRateHz !== 0) return `pulse_rate_hz ${pulseRateHz}: the PLL cannot make it (period not a whole ps)`;
  if (frameSlots < 1024 || frameSlots > 67_108_864) return `frame_slots ${frameSlots} outside 1024..67108864`;
  return null;
}
