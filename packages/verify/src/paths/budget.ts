/**
 * Bounds a run: at most `maxRequests` requests in all, `concurrency` in flight, `rate` started per
 * second. `take()` resolves when a request may start, or with false once the budget is spent.
 */
export interface Budget {
  take(): Promise<boolean>;
  release(): void;
  /** Requests that were refused because the budget was spent. */
  readonly refused: number;
}

export function createBudget(limits: { maxRequests?: number; concurrency?: number; rate?: number }): Budget {
  const concurrency = Math.max(1, limits.concurrency ?? 4);
  const spacingMs = limits.rate && limits.rate > 0 ? 1000 / limits.rate : 0;
  let started = 0;
  let inFlight = 0;
  let refused = 0;
  let nextStart = 0;
  const waiting: Array<() => void> = [];
  return {
    get refused() {
      return refused;
    },
    async take() {
      if (limits.maxRequests !== undefined && started >= limits.maxRequests) {
        refused++;
        return false;
      }
      started++;
      if (inFlight >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight++;
      if (spacingMs > 0) {
        const now = Date.now();
        const at = Math.max(now, nextStart);
        nextStart = at + spacingMs;
        if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
      }
      return true;
    },
    release() {
      inFlight--;
      waiting.shift()?.();
    },
  };
}
