/**
 * Sample messages built by reflection over the .proto sources (protobufjs
 * full build), so round-trip tests cover every message type, including
 * ones added later, without hand-written fixtures that could drift. Values
 * come from a seeded generator; floats are multiples of 1/4 so they survive
 * float32 exactly.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { Xoshiro128 } from '../../src/pipeline/prng.ts';

const protoDir = fileURLToPath(new URL('../../firmware-protocol/proto/', import.meta.url));

export function loadProtoRoot(): protobuf.Root {
  const root = protobuf.loadSync(`${protoDir}envelope.proto`);
  root.resolveAll();
  return root;
}

type Plain = { [k: string]: unknown };

function int(rng: Xoshiro128, below: number): number {
  return Math.floor(rng.nextFloat() * below);
}

function scalar(rng: Xoshiro128, type: string): unknown {
  switch (type) {
    case 'double':
    case 'float':
      return (int(rng, 4000) - 2000) / 4;
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return int(rng, 2 ** 31) * (rng.nextFloat() < 0.5 ? -1 : 1);
    case 'uint32':
    case 'fixed32':
      return int(rng, 2 ** 32);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      // As a decimal string: exact for the full 64-bit range of unsigned values used here.
      return String(int(rng, 2 ** 52) * 4096 + int(rng, 4096));
    case 'bool':
      return rng.nextFloat() < 0.5;
    case 'string':
      return `s${int(rng, 1e6)}-é`;
    case 'bytes': {
      const b = new Uint8Array(int(rng, 40));
      for (let i = 0; i < b.length; i++) b[i] = int(rng, 4) === 0 ? 0 : int(rng, 256); // plenty of zeros for COBS
      return b;
    }
    default:
      throw new Error(`no sample for scalar type ${type}`);
  }
}

function fieldValue(rng: Xoshiro128, field: protobuf.Field, depth: number): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) {
    const values = Object.values(rt.values);
    return values[int(rng, values.length)];
  }
  if (rt instanceof protobuf.Type) return sampleOf(rng, rt, depth + 1);
  return scalar(rng, field.type);
}

/** A plain object for `type` with every non-oneof field set and one member of each oneof. */
export function sampleOf(rng: Xoshiro128, type: protobuf.Type, depth = 0): Plain {
  const out: Plain = {};
  if (depth > 4) return out;
  for (const field of type.fieldsArray) {
    if (field.partOf) continue;
    out[field.name] = field.repeated
      ? Array.from({ length: 1 + int(rng, 3) }, () => fieldValue(rng, field, depth))
      : fieldValue(rng, field, depth);
  }
  for (const oneof of type.oneofsArray) {
    const f = oneof.fieldsArray[int(rng, oneof.fieldsArray.length)];
    out[f.name] = fieldValue(rng, f, depth);
  }
  return out;
}

/** The sample with one chosen member of a oneof. */
export function sampleWith(rng: Xoshiro128, type: protobuf.Type, oneofField: protobuf.Field): Plain {
  const base = sampleOf(rng, type);
  for (const f of oneofField.partOf?.fieldsArray ?? []) delete base[f.name];
  base[oneofField.name] = fieldValue(rng, oneofField, 0);
  return base;
}
