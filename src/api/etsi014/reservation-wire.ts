/**
 * A reservation description as the peer protocol's KeyReservationRequest
 * (src/peer/proto/peer.proto) and back. The message has a flat segment list;
 * key i owns the next segments whose lengths add up to the key size (each
 * key's segments are listed in pool order, and keys follow each other), so
 * the grouping is recovered exactly. No key material travels, only block IDs
 * and bit ranges.
 *
 * A cut request (the KME that does not cut asks the allocator for keys,
 * reservation-link.ts) travels in the same message with no key IDs and no
 * segments; its `description` bytes hold `{"qkdd":"cut-request","count":N}`
 * as UTF-8 JSON, which marks it (a reservation never has a `description`).
 */
import type { KeySegment, ReservationDescription } from '../../keystore/reservation.ts';
import type { PeerCutRequest } from './reservation-link.ts';
import type { qkdd } from '../../peer/proto/peer.js';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

type RequestFields = qkdd.peer.KeyReservationRequest.$Properties;

export function reservationToRequest(d: ReservationDescription): RequestFields {
  return {
    reservationId: d.reservationId,
    masterSaeId: d.masterSae,
    slaveSaeId: d.slaveSae,
    additionalSlaveSaeIds: [...(d.additionalSlaveSaes ?? [])],
    keyIds: d.keys.map((k) => k.keyId),
    keySizeBits: d.sizeBits,
    segments: d.keys.flatMap((k) =>
      k.segments.map((s) => ({ blockId: s.blockId, startBit: s.bitOffset, endBit: s.bitOffset + s.bitLength })),
    ),
  };
}

const invalid = (message: string): QkdError =>
  new QkdError(QkdErrorCode.ReservationInvalid, `malformed reservation from the peer KME: ${message}`);

/** Rebuild the description; throws QkdError(ReservationInvalid) on an inconsistent message (the store re-checks the shape). */
export function requestToReservation(r: RequestFields): ReservationDescription {
  const size = r.keySizeBits ?? 0;
  const keyIds = r.keyIds ?? [];
  if (size <= 0) throw invalid('key size missing');
  const keys: Array<{ keyId: string; segments: KeySegment[] }> = [];
  let current: KeySegment[] = [];
  let bits = 0;
  for (const s of r.segments ?? []) {
    const start = Number(s.startBit ?? 0);
    const end = Number(s.endBit ?? 0);
    if (!(end > start)) throw invalid('empty or inverted key segment');
    current.push({ blockId: s.blockId ?? '', bitOffset: start, bitLength: end - start });
    bits += end - start;
    if (bits > size) throw invalid('key segments do not split at key boundaries');
    if (bits === size) {
      const keyId = keyIds[keys.length];
      if (keyId === undefined) throw invalid('more keys in segments than key IDs');
      keys.push({ keyId, segments: current });
      current = [];
      bits = 0;
    }
  }
  if (bits !== 0 || keys.length !== keyIds.length) throw invalid('segments do not cover exactly the listed keys');
  const additional = r.additionalSlaveSaeIds ?? [];
  return {
    version: 1,
    reservationId: r.reservationId ?? '',
    masterSae: r.masterSaeId ?? '',
    slaveSae: r.slaveSaeId ?? '',
    ...(additional.length === 0 ? {} : { additionalSlaveSaes: [...additional] }),
    sizeBits: size,
    keys,
  };
}

const CUT_REQUEST = 'cut-request';

export function cutRequestToRequest(c: PeerCutRequest): RequestFields {
  return {
    reservationId: c.reservationId,
    masterSaeId: c.masterSae,
    slaveSaeId: c.slaveSae,
    additionalSlaveSaeIds: [...c.additionalSlaveSaes],
    keyIds: [],
    keySizeBits: c.sizeBits,
    segments: [],
    description: new TextEncoder().encode(JSON.stringify({ qkdd: CUT_REQUEST, count: c.count })),
  };
}

/** The cut request in `r`, or undefined when `r` is a reservation. Throws QkdError(ReservationInvalid) on a malformed one. */
export function requestToCutRequest(r: RequestFields): Omit<PeerCutRequest, 'deadlineMs'> | undefined {
  const bytes = r.description;
  if (bytes === undefined || bytes === null || bytes.length === 0) return undefined;
  let body: { qkdd?: unknown; count?: unknown };
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { qkdd?: unknown; count?: unknown };
  } catch {
    throw invalid('description is not a cut request');
  }
  if (typeof body !== 'object' || body === null || body.qkdd !== CUT_REQUEST) throw invalid('description is not a cut request');
  const count = body.count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) throw invalid('cut request without a key count');
  const size = r.keySizeBits ?? 0;
  if (size <= 0) throw invalid('key size missing');
  return {
    reservationId: r.reservationId ?? '',
    masterSae: r.masterSaeId ?? '',
    slaveSae: r.slaveSaeId ?? '',
    additionalSlaveSaes: [...(r.additionalSlaveSaeIds ?? [])],
    count,
    sizeBits: size,
  };
}
