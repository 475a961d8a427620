/**
 * Deadlines for body reads without a timer per request. A `setTimeout` per request costs a Timeout
 * object, a clock read and timer-list bookkeeping on every delivery, for a deadline that almost
 * never passes. Here the reads in flight are grouped by when they started, in slots of an eighth of
 * the timeout, and one timer per timeout length closes a slot each eighth and expires the slots
 * older than the timeout. A read still unfinished then expires between `timeoutMs` and
 * `timeoutMs` plus one slot (12.5%) after it started, never before.
 *
 * A slot is a doubly linked list through the reads themselves: filing and finishing a read are a
 * few field writes, with no hashing and no table to grow or shrink.
 */

/** A read in flight: `expire` is called once if its deadline passes before `finishDeadline`. */
export abstract class Deadline {
  #slot: DeadlineSlot | undefined;
  #previous: Deadline | undefined;
  #next: Deadline | undefined;

  abstract expire(): void;

  /** The read has finished (or failed otherwise): it will not expire. */
  finishDeadline(): void {
    const slot = this.#slot;
    if (slot === undefined) return;
    if (this.#previous) this.#previous.#next = this.#next;
    else slot.first = this.#next;
    if (this.#next) this.#next.#previous = this.#previous;
    this.#slot = this.#previous = this.#next = undefined;
  }

  static file(slot: DeadlineSlot, read: Deadline): void {
    read.finishDeadline();
    read.#slot = slot;
    read.#next = slot.first;
    if (slot.first) slot.first.#previous = read;
    slot.first = read;
  }

  /** Expires every read of a slot that has been taken out of the rotation. */
  static expireAll(slot: DeadlineSlot): void {
    for (let read = slot.first; read !== undefined; ) {
      const next = read.#next;
      read.#slot = read.#previous = read.#next = undefined;
      try {
        read.expire();
      } catch (error) {
        // As uncaught as a throwing timer callback, without keeping the other reads from expiring.
        queueMicrotask(() => {
          throw error;
        });
      }
      read = next;
    }
    slot.first = undefined;
  }
}

interface DeadlineSlot {
  first: Deadline | undefined;
}

const SLOTS_PER_TIMEOUT = 8;

class DeadlineSlots {
  readonly #slotMs: number;
  /** A slot is expired once this many further slots have been opened after it was closed. */
  readonly #keep: number;
  /** Oldest first; the last one is open. */
  #slots: DeadlineSlot[] = [{ first: undefined }];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(timeoutMs: number) {
    this.#slotMs = Math.max(1, Math.ceil(timeoutMs / SLOTS_PER_TIMEOUT));
    this.#keep = Math.ceil(timeoutMs / this.#slotMs);
  }

  add(read: Deadline): void {
    Deadline.file(this.#slots[this.#slots.length - 1]!, read);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#tick(), this.#slotMs);
      // The request's socket keeps the process alive while its body is read; this timer need not.
      this.#timer.unref?.();
    }
  }

  /**
   * A slot opened at tick n is closed at tick n + 1 and expired at tick n + 1 + keep: every read in
   * it started at least keep × slotMs ≥ timeoutMs earlier.
   */
  #tick(): void {
    this.#slots.push({ first: undefined });
    const expired: DeadlineSlot[] = [];
    while (this.#slots.length > this.#keep + 1) expired.push(this.#slots.shift()!);
    if (this.#slots.every((slot) => slot.first === undefined)) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#slots = [{ first: undefined }];
    }
    for (const slot of expired) Deadline.expireAll(slot);
  }
}

const byTimeout = new Map<number, DeadlineSlots>();
// Receivers of a process mostly share one timeout: the last one used is at hand without a lookup.
let lastTimeoutMs: number | undefined;
let lastSlots: DeadlineSlots | undefined;

/** Files `read` to expire `timeoutMs` (up to one eighth more) from now, unless it finishes first. */
export function expireAfter(timeoutMs: number, read: Deadline): void {
  if (timeoutMs !== lastTimeoutMs || lastSlots === undefined) {
    let slots = byTimeout.get(timeoutMs);
    if (slots === undefined) {
      slots = new DeadlineSlots(timeoutMs);
      byTimeout.set(timeoutMs, slots);
    }
    lastTimeoutMs = timeoutMs;
    lastSlots = slots;
  }
  lastSlots.add(read);
}
