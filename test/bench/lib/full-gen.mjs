/**
 * Full `contract gen` (every default generator: types, client, validators, webhooks with their
 * handler stubs) on one spec, from an empty output folder, vs the `openapi-typescript` CLI writing
 * types only; the median peak RSS of each case goes to stderr. `gen-full-github` and
 * `gen-full-graph` are this on two specs.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { binOf, CONTRACT_BIN } from "./paths.mjs";
import { QUIET_ENV, runNode } from "./process.mjs";
import { median } from "./stats.mjs";

const PEAK_RSS = fileURLToPath(new URL("./peak-rss.cjs", import.meta.url));

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

/**
 * The benchmark module for `spec`. `writeConfig(scratch)` writes the contract's config (output
 * folder `out`) and returns its path.
 */
export function fullGenBenchmark({ name, title, spec, writeConfig, runs = 3 }) {
  return {
    name,
    title,
    runs,
    async setup({ scratch }) {
      const config = await writeConfig(scratch);
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
            [spec, "-o", join(scratch, "ot-out", "types.ts")],
            {
              cwd: scratch,
            },
          ),
      },
    ],
    teardown({ peaks }) {
      console.error(
        `${name}: median peak RSS contract gen ${mb(median(peaks.contract))} (${peaks.contract.length} runs), ` +
          `openapi-typescript ${mb(median(peaks.openapiTs))} (${peaks.openapiTs.length} runs)`,
      );
    },
  };
}

/** A config file with one contract (`out` as its output folder); returns its path. */
export async function writeSingleConfig(scratch, entry) {
  const config = join(scratch, "contract.config.json");
  await writeFile(config, JSON.stringify({ contracts: [{ out: "out", ...entry }] }));
  return config;
}
