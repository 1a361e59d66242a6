/**
 * The reservation description: what the master node sends the slave node over
 * the (authenticated) peer channel so that both mark the same bits with the
 * same key IDs. It names bits by block ID and offset and never carries key
 * material. It is plain JSON.
 */
import { z } from 'zod';

/** `bitLength` bits of block `blockId`, starting at bit `bitOffset` of that block. */
export interface KeySegment {
  readonly blockId: string;
  readonly bitOffset: number;
  readonly bitLength: number;
}

export interface ReservedKeyDescription {
  /** UUID, the ETSI 014 `key_ID`. */
  readonly keyId: string;
  /** In pool order; the lengths add up to the reservation's `sizeBits`. */
  readonly segments: readonly KeySegment[];
}

export interface ReservationDescription {
  readonly version: 1;
  readonly reservationId: string;
  readonly masterSae: string;
  readonly slaveSae: string;
  /**
   * ETSI `additional_slave_SAE_IDs`: more SAEs at the slave node that may each
   * take the same keys once. Absent or empty: only `slaveSae`.
   */
  readonly additionalSlaveSaes?: readonly string[];
  readonly sizeBits: number;
  /** In pool order: key i+1 starts where key i ends. */
  readonly keys: readonly ReservedKeyDescription[];
}

const nonNegInt = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const idString = z.string().min(1).max(256);

const segmentSchema = z.object({
  blockId: idString,
  bitOffset: nonNegInt,
  bitLength: nonNegInt.positive(),
});

/** Shape check for a description that arrived from the peer. Semantic checks are the store's. */
export const reservationDescriptionSchema = z.object({
  version: z.literal(1),
  reservationId: z.uuid(),
  masterSae: idString,
  slaveSae: idString,
  additionalSlaveSaes: z.array(idString).max(64).optional(),
  sizeBits: nonNegInt.positive().multipleOf(8),
  keys: z
    .array(
      z.object({
        keyId: z.uuid(),
        segments: z.array(segmentSchema).min(1),
      }),
    )
    .min(1),
});
