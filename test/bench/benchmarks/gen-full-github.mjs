/**
 * Full `contract gen` (every default generator) on GitHub's REST description with its webhooks
 * (13 MB, one OpenAPI 3.1 file) vs the `openapi-typescript` CLI writing types only. Issue #14 aims
 * at ≤ 0.75× its wall time and ≤ 500 MB peak memory.
 */
import { fullGenBenchmark } from "../lib/full-gen.mjs";
import { writeGithubConfig } from "../lib/github-config.mjs";
import { GITHUB_REST } from "../lib/paths.mjs";

export default fullGenBenchmark({
  name: "gen-full-github",
  title: "full gen (all default generators): GitHub REST + webhooks (13 MB)",
  spec: GITHUB_REST,
  writeConfig: (scratch) => writeGithubConfig(scratch, { name: "github", out: "out" }),
});
