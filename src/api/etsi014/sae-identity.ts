/**
 * Who is calling: the SAE ID comes from the TLS client certificate, never
 * from the request. Convention (matching src/api/pki/demo-pki.ts): the
 * certificate carries exactly one URI subjectAltName `sae:<id>`.
 *
 * Why a URI SAN and not the subject CN: the CN is free text that server
 * certificates use too, so a KME certificate issued by the same CA would
 * otherwise pass as a SAE named "kme-a". A dedicated URI scheme cannot be
 * confused with a host name, and the TLS layer has already checked the chain
 * to our CA before we read it.
 */
import type { X509Certificate } from 'node:crypto';

/** SAE IDs we accept in certificates and paths: no separators, no escapes. */
export const SAE_ID_PATTERN = /^[A-Za-z0-9._~-]{1,256}$/;

/**
 * The SAE ID a certificate names, or undefined when it names none, or more
 * than one (ambiguous, so refused).
 */
export function saeIdFromCertificate(cert: X509Certificate | undefined): string | undefined {
  if (cert === undefined) return undefined;
  const san = cert.subjectAltName;
  if (san === undefined) return undefined;
  // Node prints entries as "TYPE:value" joined by ", " and quotes values that
  // contain separators, so a quoted value never matches the pattern below.
  const ids = san
    .split(', ')
    .map((entry) => /^URI:sae:(.+)$/.exec(entry.trim())?.[1])
    .filter((id): id is string => id !== undefined);
  if (ids.length !== 1 || !SAE_ID_PATTERN.test(ids[0])) return undefined;
  return ids[0];
}
