/**
 * `pnpm check:differential [-- --peer redocly] [--json out.json]`: the differential test of
 * `contract check` against Redocly CLI and Spectral on the whole sample (see
 * test/check-differential/README.md). Prints counts; exits 1 when a disagreement is not explained
 * by test/check-differential/known-differences.json. Needs `pnpm build` (it imports the built core).
 * `--from out.json` compares the findings of an earlier `--json out.json` run again, without running
 * any tool (for editing the table); `--write-md` regenerates known-differences.md from the JSON.
 */
import { readFileSync, writeFileSync } from "node:fs";
import {
  differential,
  fullSample,
  PEERS,
  recompare,
  renderKnownDifferences,
  summarize,
} from "../test/check-differential/differential.mjs";

const args = process.argv.slice(2).filter((a) => a !== "--");
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const peers = option("--peer") ? [option("--peer")] : PEERS;
if (args.includes("--write-md")) {
  writeFileSync(
    new URL("../test/check-differential/known-differences.md", import.meta.url),
    renderKnownDifferences(),
  );
  process.exit(0);
}
const started = performance.now();
// `--from out.json`: compare the findings of an earlier `--json` run again (after editing the table).
const outcome = option("--from")
  ? recompare(JSON.parse(readFileSync(option("--from"), "utf8")))
  : await differential(fullSample(), { peers, log: (line) => process.stderr.write(`${line}\n`) });
const s = summarize(outcome);
if (option("--json")) writeFileSync(option("--json"), JSON.stringify(outcome.results, null, 1));

const table = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort()) console.log(`  ${k.padEnd(60)} ${v}`);
};
console.log(`specs: ${s.specs} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
table("findings of mapped rules per tool", s.findings);
table("agreements (our findings matched) per peer", s.agreements);
table("disagreements by peer, rule and side", s.byRule);
table("disagreements by peer and verdict", s.byVerdict);
if (s.unusedRows.length > 0)
  console.log(`\nknown-differences rows that matched nothing: ${s.unusedRows.join(", ")}`);
if (s.unexplained.length > 0) {
  console.log(`\n${s.unexplained.length} unexplained disagreements:`);
  for (const d of s.unexplained.slice(0, 200))
    console.log(
      `  ${d.spec} ${d.peer} ${d.rule} ${d.side} ${d.finding.code} ${d.finding.pointer} :: ${d.finding.message}`,
    );
  process.exitCode = 1;
}
