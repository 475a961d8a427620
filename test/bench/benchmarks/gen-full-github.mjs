/**
 * Full `contract gen` (every default generator: types, client, validators, webhooks with their
 * handler stubs) on GitHub's REST description with its webhooks (13 MB, one OpenAPI 3.1 file), from
 * an empty output folder, vs the `openapi-typescript` CLI writing types only. Issue #14 aims at
 * ≤ 0.75× its wall time and ≤ 500 MB peak memory; the median peak RSS of each case goes to stderr.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeGithubConfig } from "../lib/github-config.mjs";
import { binOf, CONTRACT_BIN, GITHUB_REST } from "../lib/paths.mjs";
import { QUIET_ENV, runNode } from "../lib/process.mjs";
import { median } from "../lib/stats.mjs";

const PEAK_RSS = fileURLToPath(new URL("../lib/peak-rss.cjs", import.meta.url));

/** runNode, also recording the child's peak RSS (bytes) into `peaks`. */
async function measured(peaks, script, args, options) {
  const file = join(tmpdir(), `bench-rss-${process.pid}-${randomBytes(4).toString("hex")}`);
  const env = {
    ...QUIET_ENV,
    NODE_OPTIONS: `${QUIET_ENV.NODE_OPTIONS ?? ""} --require ${PEAK_RSS}`.trim(),
    CONTRACT_BENCH_RSS_FILE: file,
  };
  const result = await runNode(script, args, { ...options, env });
  peaks.push(Number(await readFile(file, "utf8")));
  await rm(file, { force: true });
  return result;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export default {
  name: "gen-full-github",
  title: "full gen (all default generators): GitHub REST + webhooks (13 MB)",
  runs: 3,
  async setup({ scratch }) {
    const config = await writeGithubConfig(scratch, { name: "github", out: "out" });
    return { scratch, config, peaks: { contract: [], openapiTs: [] } };
  },
  cases: [
    {
      name: "contract gen (all default generators)",
      before: async ({ scratch }) => {
        await rm(join(scratch, "out"), { recursive: true, force: true });
        await rm(join(scratch, "out-handlers"), { recursive: true, force: true });
      },
      run: ({ scratch, config, peaks }) =>
        measured(peaks.contract, CONTRACT_BIN, ["gen", "--config", config], { cwd: scratch }),
    },
    {
      name: "openapi-typescript CLI (types only)",
      baseline: true,
      before: async ({ scratch }) => {
        await rm(join(scratch, "ot-out"), { recursive: true, force: true });
        await mkdir(join(scratch, "ot-out"));
      },
      run: ({ scratch, peaks }) =>
        measured(
          peaks.openapiTs,
          binOf("openapi-typescript"),
          [GITHUB_REST, "-o", join(scratch, "ot-out", "types.ts")],
          {
            cwd: scratch,
          },
        ),
    },
  ],
  teardown({ peaks }) {
    console.error(
      `gen-full-github: median peak RSS contract gen ${mb(median(peaks.contract))} (${peaks.contract.length} runs), ` +
        `openapi-typescript ${mb(median(peaks.openapiTs))} (${peaks.openapiTs.length} runs)`,
    );
  },
};
