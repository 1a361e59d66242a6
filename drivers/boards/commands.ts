/**
 * The typed command table of a driver: one async function per request the
 * board kind implements, built from a list of method names over the one
 * generic `call(method, request)` (STYLE.md "Avoid" 2: no hand-repeated
 * wrappers). `source.commands.configureSource({...})` is typed by the
 * .proto: request properties in, decoded response body out.
 */
import type { MethodName, RequestOf, ResponseOf } from '../../firmware-protocol/index.ts';
import type { CallOptions } from '../link/board-link.ts';

export type CommandTable<M extends MethodName> = {
  readonly [K in M]: (request: RequestOf<K>, options?: CallOptions) => Promise<ResponseOf<K>>;
};

export type GenericCall<M extends MethodName> = <K extends M>(
  method: K,
  request: RequestOf<K>,
  options?: CallOptions,
) => Promise<ResponseOf<K>>;

export function buildCommandTable<M extends MethodName>(methods: readonly M[], call: GenericCall<M>): CommandTable<M> {
  const table: Partial<Record<M, unknown>> = {};
  for (const m of methods) table[m] = (request: RequestOf<typeof m>, options?: CallOptions) => call(m, request, options);
  // Every key of M was set in the loop above.
  return Object.freeze(table) as CommandTable<M>;
}
