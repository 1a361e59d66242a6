/**
 * Detector channel → (basis, bit) map.
 *
 * Basis convention shared by the whole pipeline (see sifting/pattern.ts):
 * basis 0 = Z (rectilinear, H/V), basis 1 = X (diagonal, D/A); bit 0 = H or D,
 * bit 1 = V or A. A map entry is the 2-bit "outcome code" `basis << 1 | bit`
 * (H=0, V=1, D=2, A=3), or −1 for a channel that carries no BB84 outcome
 * (a sync input, a monitor detector, an unused input).
 *
 * The map is a 256-entry Int8Array indexed by the tagger's channel byte, so
 * the hot loop does one typed-array load per tag and no branching on a switch.
 */

export const OUTCOME_H = 0;
export const OUTCOME_V = 1;
export const OUTCOME_D = 2;
export const OUTCOME_A = 3;

/** Which tagger channel carries each of the four BB84 outcomes. */
export interface ChannelAssignment {
  h: number;
  v: number;
  d: number;
  a: number;
}

/** Default wiring: tagger channels 0..3 are H, V, D, A. */
export const DEFAULT_CHANNEL_ASSIGNMENT: Readonly<ChannelAssignment> = { h: 0, v: 1, d: 2, a: 3 };

export type ChannelMap = Int8Array;

/** Build the lookup table; throws on out-of-range or duplicate channels (a config error, caught at start-up). */
export function makeChannelMap(assignment: ChannelAssignment = DEFAULT_CHANNEL_ASSIGNMENT): ChannelMap {
  const map = new Int8Array(256).fill(-1);
  const entries: Array<[number, number]> = [
    [assignment.h, OUTCOME_H],
    [assignment.v, OUTCOME_V],
    [assignment.d, OUTCOME_D],
    [assignment.a, OUTCOME_A],
  ];
  for (const [channel, outcome] of entries) {
    if (!Number.isInteger(channel) || channel < 0 || channel > 255) {
      throw new RangeError(`channel ${channel} is not a tagger channel byte (0..255)`);
    }
    if (map[channel] !== -1) throw new RangeError(`channel ${channel} is assigned to two outcomes`);
    map[channel] = outcome;
  }
  return map;
}
