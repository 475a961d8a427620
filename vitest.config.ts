import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests import workspace packages from source through the "@contract/source" export condition,
// so `vitest` needs no build. Process-level smoke tests run the built CLI instead.
const sourceFirst = ["@contract/source"];

export default defineConfig({
  resolve: { conditions: [...sourceFirst, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [...sourceFirst, ...defaultServerConditions] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "test/bench/**"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
