/**
 * 3 receiver processes, 2 worker processes, one Redis with its append-only file: 2,000 signed
 * deliveries plus 10% duplicates sent concurrently to other receivers; mid-run a worker is killed
 * (SIGKILL) and restarted, the other stopped (SIGTERM: it finishes its jobs) and restarted, and Redis
 * is killed and restarted. Every delivery's effect is recorded
 * exactly once and nothing is lost. The 10,000-delivery run: `pnpm --filter @contract/redis run load` (after `pnpm run build`).
 *
 * The processes run the built packages: `pnpm run build` first (`pnpm test` does).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDeliveryLoad } from "./processes/load.mjs";

const built = ["../dist/index.js", "../../runtime/dist/webhooks/index.js"].every((p) =>
  existsSync(fileURLToPath(new URL(p, import.meta.url))),
);

describe("multi-process ack-then-process delivery", () => {
  it("3 receivers, 2 workers, 2,000 deliveries + 10% duplicates, workers killed and stopped, Redis killed mid-run: each effect once, none lost", async () => {
    if (!built)
      throw new Error("run `pnpm run build` first: the receiver and worker processes run the built packages");
    const result = await runDeliveryLoad({ deliveries: 2000, duplicateShare: 0.1 });
    console.log(JSON.stringify(result));
    expect(result.events).toHaveLength(6);
    expect(result.lost).toBe(0);
    expect(result.doubledEffects).toBe(0);
    expect(result.effectsRecorded).toBe(2000);
    expect(result.failedJobs).toBe(0);
    expect(result.openJobs).toBe(0);
    // Every send ended in exactly one 2xx: 202 queued, or 200 duplicate (a copy already queued;
    // also the retry of a send answered 503 while Redis was away, whose add went through later).
    expect((result.statuses["202"] ?? 0) + (result.statuses["200"] ?? 0)).toBe(result.sends);
    // The handler itself runs once per delivery, except for handlers in flight when their worker
    // was killed (SIGKILL: its jobs are run again once their locks lapse) or when Redis was killed
    // (ioredis resends the commands a dead Redis left unanswered, so one run's invocation counter
    // can count two; a handler timed out while Redis was away is run again by its retry). Their
    // effect is still recorded once, because it is keyed by the delivery id.
    // How many can be in flight: a worker runs `concurrency` jobs at once and each batch job
    // `batchConcurrency` of its deliveries at once, so up to 16 × 16 = 256 handlers per worker, not
    // 16 (a kill found up to 32 batch jobs active). One worker is killed; when Redis is killed at
    // most two workers run (the stopped one is replaced once it has exited): 3 × 256 in all.
    const mayRunTwice = 3 * result.inFlightPerWorker;
    expect(result.idsRunTwice).toBeLessThanOrEqual(mayRunTwice);
    expect(result.handlerRuns).toBeLessThanOrEqual(2000 + mayRunTwice);
  }, 120_000);
});
