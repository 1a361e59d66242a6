/**
 * The configuration a driver re-applies after its board lost power: the
 * last successful request of each configuration method, in first-set order
 * (clock before timing before channels, as the host first did it). Keys
 * separate per-item settings (configureChannel per channel). Requests that
 * act rather than configure (start, syncEpoch, uploads) are not recorded
 * here; drivers restore those with their own logic.
 */
import type { MethodName, RequestOf } from '../../firmware-protocol/index.ts';

type Recorded = { [M in MethodName]: { method: M; request: RequestOf<M> } }[MethodName];

/** How each configuration method is keyed, and merged with the previous request when partial. */
const RULES: {
  readonly [M in MethodName]?: { key(r: RequestOf<M>): string; merge?(prev: RequestOf<M>, next: RequestOf<M>): RequestOf<M> };
} = {
  setClock: { key: () => 'setClock' },
  setTelemetryInterval: { key: () => 'setTelemetryInterval' },
  configureSource: { key: () => 'configureSource' },
  configureModulator: { key: () => 'configureModulator' },
  setBias: { key: () => 'setBias' },
  configureChannel: { key: (r) => `configureChannel:${r.channel ?? 0}` },
  setInputDelays: {
    key: () => 'setInputDelays',
    // Element i is channel i; channels beyond the new array keep their delay (time_tagger.proto).
    merge: (prev, next) => {
      const merged = [...(prev.inputDelayPs ?? [])];
      for (const [i, d] of (next.inputDelayPs ?? []).entries()) merged[i] = d;
      return { inputDelayPs: merged };
    },
  },
};

export class ReplayRecord {
  private readonly entries = new Map<string, Recorded>();

  /** Remember a request that succeeded; non-configuration methods are ignored. */
  record<M extends MethodName>(method: M, request: RequestOf<M>): void {
    const rule = RULES[method] as { key(r: RequestOf<M>): string; merge?(p: RequestOf<M>, n: RequestOf<M>): RequestOf<M> } | undefined;
    if (!rule) return;
    const key = rule.key(request);
    const prev = this.entries.get(key) as { method: M; request: RequestOf<M> } | undefined;
    const merged = prev && rule.merge ? rule.merge(prev.request, request) : request;
    this.entries.set(key, { method, request: merged } as Recorded);
  }

  /** After ResetRequest the board has forgotten everything, and so do we. */
  clear(): void {
    this.entries.clear();
  }

  /** What to send again, in order. */
  list(): readonly Recorded[] {
    return [...this.entries.values()];
  }
}

export type { Recorded as RecordedRequest };
