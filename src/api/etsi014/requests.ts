/**
 * Parsing and validation of ETSI 014 request parameters, GET and POST forms,
 * into one normalized shape per endpoint. Range checks use the KME's limits;
 * every failure is a 400 naming the parameter.
 *
 * Choices where the standard leaves room:
 * - unknown JSON members and unknown query parameters are refused (400), so a
 *   misspelt `sizee` does not silently fall back to the default size;
 * - an empty POST body means `{}` (all members are optional for enc_keys);
 * - `additional_slave_SAE_IDs` (POST only) holds at most `max_SAE_ID_count`
 *   distinct strings (400 naming the field otherwise); whether each names a
 *   SAE at the peer KME is the key service's check (401, as for the slave in
 *   the path);
 * - any `extension_mandatory` member is refused, since we implement no
 *   extension; `extension_optional` is accepted and ignored.
 */
import { z } from 'zod';
import { badRequest } from './errors.ts';

export interface KeyLimits {
  readonly keySizeBits: number;
  readonly minKeySizeBits: number;
  readonly maxKeySizeBits: number;
  readonly maxKeysPerRequest: number;
  /** `max_SAE_ID_count`: most `additional_slave_SAE_IDs` per enc_keys. Default `DEFAULT_MAX_SAE_ID_COUNT`. */
  readonly maxSaeIdCount?: number;
}

/** `max_SAE_ID_count` when the config sets none. */
export const DEFAULT_MAX_SAE_ID_COUNT = 4;

export interface EncKeysRequest {
  readonly number: number;
  readonly sizeBits: number;
  /** ETSI `additional_slave_SAE_IDs`, in request order; empty for none. Optional for callers built before it existed. */
  readonly additionalSlaveSaeIds?: readonly string[];
}

export interface DecKeysRequest {
  readonly keyIds: readonly string[];
}

const uuid = z.uuid();

const encKeysBody = z.strictObject({
  number: z.unknown().optional(),
  size: z.unknown().optional(),
  additional_slave_SAE_IDs: z.array(z.unknown()).optional(),
  extension_mandatory: z.array(z.record(z.string(), z.unknown())).optional(),
  extension_optional: z.array(z.record(z.string(), z.unknown())).optional(),
});

const decKeysBody = z.strictObject({
  key_IDs: z
    .array(
      z.strictObject({
        key_ID: z.unknown(),
        key_ID_extension: z.unknown().optional(),
      }),
    )
    .min(1),
});

/** Parse a JSON body; empty means `{}`. */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw badRequest('request body is not valid JSON');
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

/** Query parameters, each at most once, only the allowed names. */
function queryParams(query: URLSearchParams, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of query) {
    if (!allowed.includes(name)) throw badRequest(`unknown query parameter '${name}'`, { parameter: name });
    if (out.has(name)) throw badRequest(`query parameter '${name}' given more than once`, { parameter: name });
    out.set(name, value);
  }
  return out;
}

/** A query string integer: decimal digits only (no sign, no fraction, no exponent). */
function queryInt(name: string, value: string | undefined): unknown {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(value))
    throw badRequest(`${name} must be a positive integer, got '${value.slice(0, 40)}'`, { parameter: name });
  return Number(value);
}

function checkNumber(value: unknown, limits: KeyLimits): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > limits.maxKeysPerRequest) {
    throw badRequest(`number must be an integer from 1 to max_key_per_request (${limits.maxKeysPerRequest})`, { parameter: 'number' });
  }
  return value;
}

function checkSize(value: unknown, limits: KeyLimits): number {
  if (value === undefined) return limits.keySizeBits;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < limits.minKeySizeBits || value > limits.maxKeySizeBits) {
    throw badRequest(
      `size must be an integer from min_key_size (${limits.minKeySizeBits}) to max_key_size (${limits.maxKeySizeBits}) bits`,
      {
        parameter: 'size',
      },
    );
  }
  if (value % 8 !== 0) throw badRequest(`size must be a multiple of 8 bits, got ${value}`, { parameter: 'size' });
  return value;
}

export function parseEncKeysQuery(query: URLSearchParams, limits: KeyLimits): EncKeysRequest {
  const q = queryParams(query, ['number', 'size']);
  return {
    number: checkNumber(queryInt('number', q.get('number')), limits),
    sizeBits: checkSize(queryInt('size', q.get('size')), limits),
    additionalSlaveSaeIds: [],
  };
}

export function parseEncKeysBody(body: unknown, limits: KeyLimits): EncKeysRequest {
  const parsed = encKeysBody.safeParse(body);
  if (!parsed.success) throw badRequest(`malformed enc_keys request: ${issues(parsed.error)}`);
  const b = parsed.data;
  const additional = checkAdditionalSlaves(b.additional_slave_SAE_IDs ?? [], limits);
  for (const ext of b.extension_mandatory ?? []) {
    const names = Object.keys(ext);
    if (names.length > 0)
      throw badRequest(`unsupported mandatory extension '${names[0]}'`, { parameter: 'extension_mandatory', extension: names[0] });
  }
  return { number: checkNumber(b.number, limits), sizeBits: checkSize(b.size, limits), additionalSlaveSaeIds: additional };
}

function checkAdditionalSlaves(ids: readonly unknown[], limits: KeyLimits): string[] {
  const max = limits.maxSaeIdCount ?? DEFAULT_MAX_SAE_ID_COUNT;
  const parameter = { parameter: 'additional_slave_SAE_IDs' };
  if (ids.length > max) {
    throw badRequest(`additional_slave_SAE_IDs names ${ids.length} SAEs; this KME allows at most max_SAE_ID_count (${max})`, parameter);
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || id.length === 0 || id.length > 256)
      throw badRequest('additional_slave_SAE_IDs must hold SAE IDs (non-empty strings)', parameter);
    if (seen.has(id)) throw badRequest(`additional_slave_SAE_IDs names ${id.slice(0, 64)} more than once`, parameter);
    seen.add(id);
  }
  return [...seen];
}

function checkKeyIds(ids: readonly unknown[], limits: KeyLimits): string[] {
  if (ids.length > limits.maxKeysPerRequest) {
    throw badRequest(`at most max_key_per_request (${limits.maxKeysPerRequest}) key IDs per request`, { parameter: 'key_IDs' });
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || !uuid.safeParse(id).success) throw badRequest('key_ID must be a UUID', { parameter: 'key_ID' });
    if (seen.has(id.toLowerCase())) throw badRequest(`key_ID ${id} is given more than once`, { parameter: 'key_ID', key_ID: id });
    seen.add(id.toLowerCase());
  }
  // Our IDs are lower-case (randomUUID); accept upper-case spellings of the same UUID.
  return ids.map((id) => (id as string).toLowerCase());
}

export function parseDecKeysQuery(query: URLSearchParams, limits: KeyLimits): DecKeysRequest {
  const q = queryParams(query, ['key_ID']);
  const id = q.get('key_ID');
  if (id === undefined) throw badRequest('key_ID query parameter is required', { parameter: 'key_ID' });
  return { keyIds: checkKeyIds([id], limits) };
}

export function parseDecKeysBody(body: unknown, limits: KeyLimits): DecKeysRequest {
  const parsed = decKeysBody.safeParse(body);
  if (!parsed.success) throw badRequest(`malformed dec_keys request: ${issues(parsed.error)}`);
  return {
    keyIds: checkKeyIds(
      parsed.data.key_IDs.map((k) => k.key_ID),
      limits,
    ),
  };
}
