/** Abort messages carry "reason: detail"; the receiving side keeps the reason when it is one of ours. */
import type { FrameAbortReason } from './frame-outcome.ts';

const REASONS: readonly FrameAbortReason[] = [
  'qber-over-threshold',
  'length-not-positive',
  'insufficient-statistics',
  'verification-failed',
  'length-mismatch',
  'protocol-error',
  'generation-held',
  'peer-abort',
];

export function formatAbort(reason: FrameAbortReason, detail: string): string {
  return `${reason}: ${detail}`;
}

export function parseAbort(text: string | null | undefined): { reason: FrameAbortReason; detail: string } {
  const t = text ?? '';
  const colon = t.indexOf(':');
  const head = colon < 0 ? t : t.slice(0, colon);
  const reason = (REASONS as readonly string[]).includes(head) ? (head as FrameAbortReason) : 'peer-abort';
  return { reason, detail: `peer: ${t}` };
}
