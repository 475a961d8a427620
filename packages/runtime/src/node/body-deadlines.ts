/**
 * Deadlines for body reads without a timer per request. A `setTimeout` per request costs a Timeout
 * object, a clock read and timer-list bookkeeping on every delivery, for a deadline that almost
 * never passes. Here the reads in flight are grouped by when they started, in slots of an eighth of
 * the timeout, and one timer per timeout length closes a slot each eighth and expires the slots
 * older than the timeout. A read still unfinished then expires between `timeoutMs` and
 * `timeoutMs` plus one slot (12.5%) after it started, never before.
 */

/** A read in flight: told once when its deadline has passed. */
export interface Expiring {
  expire(): void;
}

/** Where a read was filed: `delete` it once the read has finished. */
export type DeadlineSlot = Set<Expiring>;

const SLOTS_PER_TIMEOUT = 8;

class DeadlineSlots {
  readonly #slotMs: number;
  /** A slot is expired once this many further slots have been opened after it was closed. */
  readonly #keep: number;
  /** Oldest first; the last one is open. */
  #slots: DeadlineSlot[] = [new Set()];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(timeoutMs: number) {
    this.#slotMs = Math.max(1, Math.ceil(timeoutMs / SLOTS_PER_TIMEOUT));
    this.#keep = Math.ceil(timeoutMs / this.#slotMs);
  }

  add(read: Expiring): DeadlineSlot {
    const open = this.#slots[this.#slots.length - 1]!;
    open.add(read);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#tick(), this.#slotMs);
      // The request's socket keeps the process alive while its body is read; this timer need not.
      this.#timer.unref?.();
    }
    return open;
  }

  /**
   * A slot opened at tick n is closed at tick n + 1 and expired at tick n + 1 + keep: every read in
   * it started at least keep × slotMs ≥ timeoutMs earlier.
   */
  #tick(): void {
    this.#slots.push(new Set());
    const expired: DeadlineSlot[] = [];
    while (this.#slots.length > this.#keep + 1) expired.push(this.#slots.shift()!);
    if (this.#slots.every((slot) => slot.size === 0)) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#slots = [new Set()];
    }
    for (const slot of expired) {
      for (const read of slot) {
        try {
          read.expire();
        } catch (error) {
          // As uncaught as a throwing timer callback, without keeping the other reads from expiring.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  }
}

const byTimeout = new Map<number, DeadlineSlots>();
// Receivers of a process mostly share one timeout: the last one used is at hand without a lookup.
let lastTimeoutMs: number | undefined;
let lastSlots: DeadlineSlots | undefined;

/** Files `read` to expire `timeoutMs` (up to one eighth more) from now, unless deleted from the slot first. */
export function expireAfter(timeoutMs: number, read: Expiring): DeadlineSlot {
  if (timeoutMs !== lastTimeoutMs || lastSlots === undefined) {
    let slots = byTimeout.get(timeoutMs);
    if (slots === undefined) {
      slots = new DeadlineSlots(timeoutMs);
      byTimeout.set(timeoutMs, slots);
    }
    lastTimeoutMs = timeoutMs;
    lastSlots = slots;
  }
  return lastSlots.add(read);
}
