/**
 * What a request handler returns: a response body, or a status with a
 * reason. Handlers never throw for a bad request; the firmware turns a
 * thrown error into STATUS_INTERNAL (a bug in the simulator).
 */
import { qkd, type MethodName } from '../../firmware-protocol/index.ts';

/** The response body of method M as plain properties (what `encode` accepts). */
export type ResponseBodyOf<M extends MethodName> = NonNullable<qkd.Response.$Properties[M]>;

export type Reply<M extends MethodName> =
  | { readonly ok: true; readonly body: ResponseBodyOf<M> }
  | {
      readonly ok: false;
      readonly status: qkd.Status;
      readonly detail: string;
      /** Hello on a version mismatch still carries its body (common.proto). */
      readonly body?: ResponseBodyOf<M>;
    };

export function ok<M extends MethodName>(body: ResponseBodyOf<M>): Reply<M> {
  return { ok: true, body };
}

export function fail<M extends MethodName>(status: qkd.Status, detail: string): Reply<M> {
  return { ok: false, status, detail: detail.slice(0, 128) };
}

export const Status = qkd.Status;

/** uint64 fields decode as Long (or number); the simulator's frames and times stay below 2^53. */
export function u64(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
