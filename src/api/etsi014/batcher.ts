/**
 * Group commit for key store work. Every store transaction is an fsync
 * (synchronous=FULL) and better-sqlite3 runs it on the event loop, so one
 * transaction per HTTP request caps a KME at a few dozen requests per second
 * however many clients wait. Requests that arrive together (in the same
 * turn of the event loop, typically while the previous fsync blocked it) are
 * handed to `run` as one batch, which can serve them with one transaction.
 *
 * `run` gets the items in arrival order and returns one settled result per
 * item, in the same order; a throw from `run` fails every item of the batch.
 */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class MicroBatcher<T, R> {
  private pending: Array<{ item: T; resolve: (v: R) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly run: (items: T[]) => Promise<Array<Settled<R>>>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the current I/O phase, so requests parsed in it join this batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    let results: Array<Settled<R>>;
    try {
      results = await this.run(batch.map((p) => p.item));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r === undefined) p.reject(new Error('batch produced no result for this item'));
      else if (r.ok) p.resolve(r.value);
      else p.reject(r.error);
    });
  }
}
