/**
 * Board behaviour as a table of small handlers, one per method, composed per
 * board kind (the shape of zwave-js' MockControllerBehavior): the common
 * handlers, the pattern handlers and the board's own are separate objects,
 * merged into one table by `composeBehaviours`. A method missing from a
 * board's table is answered STATUS_UNSUPPORTED by the firmware.
 */
import type { MethodName, RequestOf } from '../../firmware-protocol/index.ts';
import type { Reply } from './reply.ts';

export type Handler<M extends MethodName> = (request: RequestOf<M>) => Reply<M>;

export type Behaviour = { readonly [M in MethodName]?: Handler<M> };

/** Later tables override earlier ones for the same method. */
export function composeBehaviours(...tables: Behaviour[]): Behaviour {
  return Object.assign({}, ...tables) as Behaviour;
}
