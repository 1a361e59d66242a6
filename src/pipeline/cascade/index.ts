/** Cascade information reconciliation: public surface. */
export { CascadeReceiver, type CascadeReceiverOptions } from './receiver.ts';
export { CascadeResponder, type CascadeResponderOptions } from './responder.ts';
export {
  type CascadeDone,
  type CascadeReply,
  type CascadeRequest,
  type CascadeSetup,
  decodeReply,
  decodeRequest,
  encodeReply,
  encodeRequest,
} from './messages.ts';
export { CascadePlan, CascadePlanCache } from './plan.ts';
export {
  CASCADE_VARIANTS,
  DEFAULT_CASCADE_VARIANT,
  type CascadeVariant,
  type CascadeSchedule,
  binaryEntropy,
  cascadeEfficiency,
  cascadeSchedule,
} from './variants.ts';
export { reconcile, type ReconcileResult } from './reconcile.ts';
