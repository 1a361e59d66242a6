/**
 * Link-state advertisements on the wire between trusted nodes: JSON in the
 * peer channel's `RelayBytes.link_state` (authenticated by the channel),
 * checked with zod on arrival so that a malformed one is dropped whole
 * instead of reaching the link-state database.
 */
import { z } from 'zod';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';
import type { LinkStateAdvertisement } from '../routing/link-state-db.ts';

const id = z.string().min(1).max(256);
const bits = z.number().min(0).max(Number.MAX_SAFE_INTEGER);

const advertisementSchema = z.object({
  origin: id,
  seq: z.number().int().min(0),
  ageS: z.number().min(0),
  links: z
    .array(
      z.object({
        link: id,
        neighbour: id,
        up: z.boolean(),
        alarmed: z.boolean(),
        availableBits: bits,
        transitBits: bits,
        rateBps: bits,
        lengthKm: z.number().positive().optional(),
      }),
    )
    .max(1024),
});

/** Decode and check one advertisement. @throws QkdError `RelayMessageInvalid` */
export function parseAdvertisement(bytes: Uint8Array): LinkStateAdvertisement {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new QkdError(QkdErrorCode.RelayMessageInvalid, 'link-state advertisement is not JSON');
  }
  const parsed = advertisementSchema.safeParse(raw);
  if (!parsed.success)
    throw new QkdError(
      QkdErrorCode.RelayMessageInvalid,
      `link-state advertisement: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data as LinkStateAdvertisement;
}
