import { describe, expect, it } from "vitest";
import { groupCommit } from "../src/group-commit.js";

/** A write the test finishes by hand, to see what is answered before its batch is stored. */
function manualWrites() {
  const batches: { items: number[]; finish: (error?: Error) => void }[] = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push({ items, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { batches, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("groupCommit", () => {
  it("writes items submitted in one turn together and answers none before its batch is written", async () => {
    const { batches, write } = manualWrites();
    const commit = groupCommit(write);
    const settled: number[] = [];
    const all = [1, 2, 3].map((n) => commit.submit(n).then(() => settled.push(n)));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    expect(settled).toEqual([]);
    batches[0]?.finish();
    await Promise.all(all);
    expect(settled).toEqual([1, 2, 3]);
  });

  it("items submitted while a batch is written form the next batch, written after it", async () => {
    const { batches, write } = manualWrites();
    const commit = groupCommit(write);
    const first = commit.submit(1);
    await turn();
    const later = [commit.submit(2), commit.submit(3)];
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0]?.finish();
    await first;
    await turn();
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3]]);
    batches[1]?.finish();
    await Promise.all(later);
  });

  it("a failed write rejects the callers of its batch only", async () => {
    const { batches, write } = manualWrites();
    const commit = groupCommit(write);
    const failing = [commit.submit(1), commit.submit(2)];
    await turn();
    const next = commit.submit(3);
    batches[0]?.finish(new Error("redis down"));
    for (const p of failing) await expect(p).rejects.toThrow("redis down");
    await turn();
    await turn();
    batches[1]?.finish();
    await expect(next).resolves.toBeUndefined();
  });

  it("splits at maxBatch and a write that throws synchronously rejects its batch", async () => {
    const sizes: number[] = [];
    const commit = groupCommit<number>((items) => {
      sizes.push(items.length);
      if (items.includes(0)) throw new Error("bad item");
      return Promise.resolve();
    }, 2);
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((n) => commit.submit(n)));
    expect(sizes).toEqual([2, 2, 1]);
    expect(results.map((r) => r.status)).toEqual([
      "rejected",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
  });
});
