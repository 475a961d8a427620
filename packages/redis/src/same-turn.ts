/**
 * Calls made in the same turn of the event loop, sent as one: a worker runs many deliveries at once,
 * and each claims and completes its delivery id in the same turn as the others (their handlers'
 * answers arrive in one read of the socket). One script call with N keys costs Redis much less than
 * N calls of one key: each call is parsed, looked up, run in a fresh Lua frame and answered.
 *
 * Unlike `groupCommit`, a turn's batch is sent at once, whether or not an earlier one is still in
 * Redis: a claim or a completion never waits behind another batch (the window in which a handler
 * ran but is not yet recorded done stays as short as one call).
 */
interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/** `sendMany` answers each item, in their order; the returned function sends one item with its turn's others. */
export function batchedPerTurn<T, R>(sendMany: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let waiting: Waiting<T, R>[] = [];

  const flush = () => {
    const batch = waiting;
    waiting = [];
    let sent: Promise<R[]>;
    try {
      sent = sendMany(batch.map((w) => w.item));
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      (results) => {
        if (results.length !== batch.length) {
          const error = new Error(`expected ${batch.length} answers, got ${results.length}`);
          for (const w of batch) w.reject(error);
          return;
        }
        batch.forEach((w, i) => {
          w.resolve(results[i] as R);
        });
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      // setImmediate: every call of this turn (all the I/O callbacks and their promise chains) joins.
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ item, resolve, reject });
    });
}
