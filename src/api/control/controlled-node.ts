/**
 * What the control API needs from a node, and nothing more: its status, the
 * generation gate an operator holds and releases, and its alarms. `QkdNode`
 * fits it as it is; tests pass a small fake. Keeping it this narrow is what
 * lets src/api serve a node without knowing how the process was assembled.
 */
import type { AlarmRecord } from '../../node/alarms.ts';
import type { GenerationHold } from '../../node/generation-gate.ts';
import type { NodeStatus } from '../../node/qkd-node.ts';

export interface ControlledNode {
  status(): NodeStatus;
  /** Held with reason `operator` by POST /generation/stop, released by POST /generation/start. */
  readonly gate: {
    hold(reason: string, detail: string): void;
    release(reason: string): void;
    current(): GenerationHold[];
    readonly isOpen: boolean;
  };
  readonly alarms: { snapshot(): { total: number; byCode: Record<string, number>; recent: AlarmRecord[] } };
}

/** The gate reason of an operator's stop (`qkdctl stop`), as in src/node/generation-gate.ts. */
export const OPERATOR_HOLD = 'operator';
