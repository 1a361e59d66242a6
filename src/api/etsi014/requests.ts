/**
 * Parsing and validation of ETSI 014 request parameters, GET and POST forms,
 * into one normalized shape per endpoint. Range checks use the KME's limits;
 * every failure is a 400 naming the parameter.
 *
 * Choices where the standard leaves room:
 * - unknown JSON members and unknown query parameters are refused (400), so a
 *   misspelt `sizee` does not silently fall back to the default size;
 * - an empty POST body means `{}` (all members are optional for enc_keys);
 * - `additional_slave_SAE_IDs` must be absent or empty: we support no
 *   additional slaves (`max_SAE_ID_count` is 0);
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
}

export interface EncKeysRequest {
  readonly number: number;
  readonly sizeBits: number;
}

export interface DecKeysRequest {
  readonly keyIds: readonly string[];
}

const uuid = z.uuid();

const encKeysBody = z.strictObject({
  number: z.unknown().optional(),
  size: z.unknown().optional(),
  additional_slave_SAE_IDs: z.array(z.string()).optional(),
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
  return { number: checkNumber(queryInt('number', q.get('number')), limits), sizeBits: checkSize(queryInt('size', q.get('size')), limits) };
}

export function parseEncKeysBody(body: unknown, limits: KeyLimits): EncKeysRequest {
  const parsed = encKeysBody.safeParse(body);
  if (!parsed.success) throw badRequest(`malformed enc_keys request: ${issues(parsed.error)}`);
  const b = parsed.data;
  if (b.additional_slave_SAE_IDs !== undefined && b.additional_slave_SAE_IDs.length > 0) {
    throw badRequest('additional_slave_SAE_IDs is not supported by this KME (max_SAE_ID_count is 0)', {
      parameter: 'additional_slave_SAE_IDs',
    });
  }
  for (const ext of b.extension_mandatory ?? []) {
    const names = Object.keys(ext);
    if (names.length > 0)
      throw badRequest(`unsupported mandatory extension '${names[0]}'`, { parameter: 'extension_mandatory', extension: names[0] });
  }
  return { number: checkNumber(b.number, limits), sizeBits: checkSize(b.size, limits) };
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
