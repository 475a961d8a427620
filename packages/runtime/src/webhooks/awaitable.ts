/** What the receiver's steps return: a value at once, or a promise only when something waited. */
export type Awaitable<T> = T | Promise<T>;

/** Awaiting only real promises keeps synchronous stores, routers and handlers off the microtask queue. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as PromiseLike<T>).then === "function"
  );
}

/** Runs a user's callback (a logger, a reporter) whose failure must not change the answer. */
export function safely(report: () => void): void {
  try {
    report();
  } catch {
    // A failing logger must not change the answer.
  }
}
