import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Deadline, expireAfter } from "../src/node/body-deadlines.js";

/** A read that records when (in fake-timer milliseconds) it was told its deadline passed. */
class Read extends Deadline {
  expiredAt: number[] = [];
  expire(): void {
    this.expiredAt.push(Date.now());
  }
}
const read = () => new Read();

describe("body read deadlines", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a read expires once, no sooner than the timeout and at most an eighth of it later", () => {
    const first = read();
    expireAfter(800, first);
    vi.advanceTimersByTime(450);
    const late = read();
    expireAfter(800, late);
    vi.advanceTimersByTime(349);
    expect(first.expiredAt).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(first.expiredAt).toHaveLength(1);
    expect(first.expiredAt[0]).toBeGreaterThanOrEqual(800);
    expect(first.expiredAt[0]).toBeLessThanOrEqual(900);
    expect(late.expiredAt).toHaveLength(1);
    expect(late.expiredAt[0]! - 450).toBeGreaterThanOrEqual(800);
    expect(late.expiredAt[0]! - 450).toBeLessThanOrEqual(900);
    vi.advanceTimersByTime(5000);
    expect(first.expiredAt).toHaveLength(1);
  });

  it("a finished read never expires, and no timer is left once none is in flight", () => {
    const finished = read();
    expireAfter(40, finished);
    vi.advanceTimersByTime(20);
    finished.finishDeadline();
    vi.advanceTimersByTime(200);
    expect(finished.expiredAt).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    // And a read filed after the pause is timed from when it was filed.
    vi.advanceTimersByTime(1000);
    const filedAt = Date.now();
    const later = read();
    expireAfter(40, later);
    vi.advanceTimersByTime(39);
    expect(later.expiredAt).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(later.expiredAt).toHaveLength(1);
    expect(later.expiredAt[0]! - filedAt).toBeGreaterThanOrEqual(40);
    expect(later.expiredAt[0]! - filedAt).toBeLessThanOrEqual(45);
  });

  it("each timeout length keeps its own deadlines", () => {
    const short = read();
    const long = read();
    expireAfter(100, short);
    expireAfter(10_000, long);
    vi.advanceTimersByTime(200);
    expect(short.expiredAt).toHaveLength(1);
    expect(long.expiredAt).toEqual([]);
    vi.advanceTimersByTime(11_250);
    expect(long.expiredAt).toHaveLength(1);
  });

  it("a throwing read does not keep the others in its slot from expiring", async () => {
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown) => void thrown.push(error);
    const listeners = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", onUncaught);
    try {
      const after = read();
      expireAfter(
        16,
        new (class extends Deadline {
          expire(): void {
            throw new Error("broken");
          }
        })(),
      );
      expireAfter(16, after);
      vi.advanceTimersByTime(100);
      expect(after.expiredAt).toHaveLength(1);
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(thrown).toEqual([new Error("broken")]);
    } finally {
      process.off("uncaughtException", onUncaught);
      for (const listener of listeners) process.on("uncaughtException", listener);
    }
  });
});
