/**
 * Group commit: items submitted while a batch is being written join the next batch, so concurrent
 * requests share one round trip to Redis instead of one each. Each caller's promise settles only
 * when its own batch has been written (or failed), so nothing is acknowledged before it is stored.
 *
 * One batch is written at a time: under load the next one fills while the current one is in
 * flight (the batch size adapts to the load); when idle an item is written on the next turn of
 * the event loop, alone, without waiting for a timer.
 */
export interface GroupCommit<T> {
  /** Resolves once the batch holding `item` is written; rejects with that batch's error. */
  submit(item: T): Promise<void>;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function groupCommit<T>(write: (items: T[]) => Promise<unknown>, maxBatch = 256): GroupCommit<T> {
  let waiting: Waiting<T>[] = [];
  let writing = false;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || writing || waiting.length === 0) return;
    scheduled = true;
    // setImmediate: every request parsed in this turn of the event loop joins the batch.
    setImmediate(flush);
  };

  const flush = () => {
    scheduled = false;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    writing = true;
    let written: Promise<unknown>;
    try {
      written = write(batch.map((w) => w.item));
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(
      () => {
        for (const w of batch) w.resolve();
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
    void written
      .catch(() => {})
      .finally(() => {
        writing = false;
        schedule();
      });
  };

  return {
    submit(item) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}
