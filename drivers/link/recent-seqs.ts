/**
 * Remembers how recently finished requests ended, so that a response with
 * no pending request can be told apart: a duplicate (its request already
 * got an answer — the board answered a retry too), a late one (its request
 * had timed out) or unmatched (a seq we never sent, or long forgotten).
 */
export type SeqOutcome = 'answered' | 'timed-out' | 'abandoned';

export class RecentSeqs {
  private readonly outcomes = new Map<number, SeqOutcome>();

  constructor(private readonly capacity = 256) {}

  remember(seq: number, outcome: SeqOutcome): void {
    this.outcomes.delete(seq); // re-insert to refresh its age
    this.outcomes.set(seq, outcome);
    if (this.outcomes.size > this.capacity) {
      const oldest = this.outcomes.keys().next().value;
      if (oldest !== undefined) this.outcomes.delete(oldest);
    }
  }

  /** The outcome of `seq`, and from now on treat further copies as duplicates. */
  classify(seq: number): 'duplicate' | 'late' | 'unmatched' {
    const o = this.outcomes.get(seq);
    if (o === undefined) return 'unmatched';
    if (o === 'answered') return 'duplicate';
    this.outcomes.set(seq, 'answered');
    return o === 'timed-out' ? 'late' : 'unmatched';
  }

  forget(seq: number): void {
    this.outcomes.delete(seq);
  }
}
