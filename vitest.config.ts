import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { HeavyFirstSequencer } from "./test/support/heavy-first-sequencer.js";

// Tests import workspace packages from source through the "@contract/source" export condition,
// so `vitest` needs no build. Process-level smoke tests run the built CLI instead.
// The other entries repeat Vite's defaults, which an explicit list replaces.
const serverConditions = ["@contract/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions: serverConditions },
  ssr: { resolve: { conditions: serverConditions, externalConditions: ["@contract/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "test/bench/**"],
    // Room for a test whose file shares the cores with another file (see maxWorkers): a hang
    // still fails, a test slowed by its neighbour does not.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // At least two files at a time. Vitest's default is one worker per core minus
    // one, which on a 2-core CI machine runs the files one after another; yet most of the suite's
    // time is spent waiting on other processes (tsc, npm, pnpm pack, Chromium, redis-server, local
    // HTTP servers, timers), so a second file overlaps those waits. Every file already uses its
    // own ports (0), redis-server and output folder; the files that generate the shop example
    // into its folder write the same files, each one atomically.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
