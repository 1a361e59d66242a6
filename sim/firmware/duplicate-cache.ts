/**
 * Replay of answers to repeated seqs (FEATURE_DUPLICATE_CACHE, FRAMING.md §7):
 * a host that timed out resends an idempotent request with the same seq; the
 * board answers with the response it already sent instead of running the
 * request again. §7 asks for the last 4 requests; 64 covers the host's 8 in
 * flight with room. The request bytes must match too, so that a seq reused
 * after the host's counter wrapped is a new request.
 */
export class DuplicateCache {
  private readonly entries = new Map<number, { request: Uint8Array; responseFrame: Uint8Array }>();

  constructor(private readonly capacity = 64) {}

  lookup(seq: number, requestPayload: Uint8Array): Uint8Array | null {
    const e = this.entries.get(seq);
    if (!e || e.request.length !== requestPayload.length) return null;
    for (let i = 0; i < requestPayload.length; i++) if (e.request[i] !== requestPayload[i]) return null;
    return e.responseFrame;
  }

  remember(seq: number, requestPayload: Uint8Array, responseFrame: Uint8Array): void {
    this.entries.delete(seq);
    this.entries.set(seq, { request: requestPayload, responseFrame });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
