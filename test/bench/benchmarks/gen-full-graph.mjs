/**
 * Full `contract gen` (every default generator) on Microsoft Graph v1.0 (20 MB, 11,422 operations:
 * ten times GitHub REST's) vs the `openapi-typescript` CLI writing types only: how both scale with
 * the number of operations (see "Large specs" in the README).
 */
import { fullGenBenchmark, writeSingleConfig } from "../lib/full-gen.mjs";
import { MICROSOFT_GRAPH } from "../lib/paths.mjs";

export default fullGenBenchmark({
  name: "gen-full-graph",
  title: "full gen (all default generators): Microsoft Graph v1.0 (20 MB, 11,422 operations)",
  spec: MICROSOFT_GRAPH,
  writeConfig: (scratch) => writeSingleConfig(scratch, { name: "graph", spec: MICROSOFT_GRAPH }),
  runs: 2,
});
