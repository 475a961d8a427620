import { defineConfig } from "vitest/config";

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
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
