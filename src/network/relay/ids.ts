/**
 * Identifiers of the key relay. A relayed key's ID is its ETSI GS QKD 014
 * key_ID (a UUID the source draws); the hop key that carries it across hop i
 * has an ID both ends of that link derive from (relay ID, i), so a retried
 * cut after a crash names the same hop key and the link's pool pays once.
 */
import { createHash, randomUUID } from 'node:crypto';

/** A fresh relay ID (UUID v4). */
export function newRelayId(): string {
  return randomUUID();
}

/** The ID of the hop key for hop `hop` of relay `relayId`: a UUID (version 8 layout) from SHA-256. */
export function hopKeyId(relayId: string, hop: number): string {
  const d = createHash('sha256').update(`qkdd-relay-hop-key\0${relayId}\0${hop}`).digest();
  d[6] = (d[6] & 0x0f) | 0x80;
  d[8] = (d[8] & 0x3f) | 0x80;
  const h = d.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
