/**
 * uint64 protobuf fields decode as a number or a Long. Frames, slots and ps
 * times on the bench clock stay below 2^53 in practice (2^53 ps ≈ 2.5 h of
 * bench time for ps values; frames and slots far longer); a value beyond
 * that is rounded and we say so rather than throw in a hot path.
 */
export function u64(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
