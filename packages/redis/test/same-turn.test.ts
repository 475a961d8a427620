import { describe, expect, it } from "vitest";
import { batchedPerTurn } from "../src/same-turn.js";

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("batchedPerTurn", () => {
  it("sends the calls of one turn together, answers each its own result, and the next turn's apart", async () => {
    const sent: number[][] = [];
    const double = batchedPerTurn(async (items: number[]) => {
      sent.push(items);
      return items.map((n) => n * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it("does not wait for an earlier batch still being sent", async () => {
    const sent: string[][] = [];
    const finish: (() => void)[] = [];
    const call = batchedPerTurn(
      (items: string[]) =>
        new Promise<string[]>((resolve) => {
          sent.push(items);
          finish.push(() => resolve(items));
        }),
    );
    const first = call("a");
    await turn();
    const second = call("b");
    await turn();
    expect(sent).toEqual([["a"], ["b"]]); // both sent, the first unanswered
    finish[1]?.();
    expect(await second).toBe("b");
    finish[0]?.();
    expect(await first).toBe("a");
  });

  it("a failed send, or a wrong number of answers, rejects every call of that turn only", async () => {
    let fail = true;
    const call = batchedPerTurn(async (items: number[]) => {
      if (fail) throw new Error("Redis is away");
      return items.slice(1);
    });
    const failed = await Promise.allSettled([call(1), call(2)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    const short = await Promise.allSettled([call(1), call(2)]);
    expect(short.map((r) => (r.status === "rejected" ? String(r.reason) : r.value))).toEqual([
      "Error: expected 2 answers, got 1",
      "Error: expected 2 answers, got 1",
    ]);
    const thrown = batchedPerTurn((): Promise<number[]> => {
      throw new Error("thrown before any promise");
    });
    await expect(thrown(1)).rejects.toThrow("thrown before any promise");
  });
});
