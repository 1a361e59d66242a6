/**
 * A reservation description as the peer protocol's KeyReservationRequest
 * (src/peer/proto/peer.proto) and back. The message has a flat segment list;
 * key i owns the next segments whose lengths add up to the key size (each
 * key's segments are listed in pool order, and keys follow each other), so
 * the grouping is recovered exactly. No key material travels, only block IDs
 * and bit ranges.
 */
import type { KeySegment, ReservationDescription } from '../../keystore/reservation.ts';
import type { qkdd } from '../../peer/proto/peer.js';
import { QkdError, QkdErrorCode } from '../../../errors/index.ts';

type RequestFields = qkdd.peer.KeyReservationRequest.$Properties;

export function reservationToRequest(d: ReservationDescription): RequestFields {
  return {
    reservationId: d.reservationId,
    masterSaeId: d.masterSae,
    slaveSaeId: d.slaveSae,
    additionalSlaveSaeIds: [],
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
  if ((r.additionalSlaveSaeIds ?? []).length > 0) throw invalid('additional slave SAEs are not supported');
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
  return {
    version: 1,
    reservationId: r.reservationId ?? '',
    masterSae: r.masterSaeId ?? '',
    slaveSae: r.slaveSaeId ?? '',
    sizeBits: size,
    keys,
  };
}
