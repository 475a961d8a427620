/**
 * `contract check` against Redocly CLI and Spectral on a handful of specs (the whole sample:
 * `pnpm check:differential`). Every disagreement on a mapped rule must be a row of
 * known-differences.json; see README.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compare,
  differential,
  type Finding,
  here,
  loadKnownDifferences,
  MAPPING,
  mappedRule,
  renderKnownDifferences,
  shortSample,
  summarize,
  VERDICTS,
} from "./differential.mjs";

const finding = (tool: string, code: string, pointer: string, message = "m"): Finding => ({
  tool,
  code,
  pointer,
  message,
});

describe("check differential", () => {
  it("explains every disagreement with Redocly and Spectral on a few specs", async () => {
    const outcome = await differential(shortSample());
    const summary = summarize(outcome);
    const unexplained = summary.unexplained.map(
      (d) =>
        `${d.spec} ${d.peer} ${d.rule} ${d.side}: ${d.finding.code} at ${d.finding.pointer} (${d.finding.message})`,
    );
    expect(unexplained).toEqual([]);
    // The comparison is alive: both peers agree with us on real findings.
    expect(summary.agreements.get("redocly")).toBeGreaterThan(0);
    expect(summary.agreements.get("spectral")).toBeGreaterThan(0);
    // The 15-line reproducer of #19: nobody reports anything on it.
    const issue = outcome.results.find((r) => r.spec.id.endsWith("issue-19.yaml"));
    expect(issue?.ours).toEqual([]);
    for (const peer of ["redocly", "spectral"] as const) {
      const unused = issue?.peers[peer]?.findings.filter((f) => mappedRule(peer, f) === "unused-component");
      expect(unused, peer).toEqual([]);
    }
  }, 120_000);

  it("matches findings by rule and pointer, an ancestor pointer standing for its descendants", () => {
    const ours = [
      finding("contract", "component-unused", "/components/schemas/A"),
      finding("contract", "oas-schema", "/paths/~1a/get/parameters/0"),
      finding("contract", "component-unused", "/components/schemas/OnlyOurs"),
      finding("contract", "media-type-invalid", "/paths/~1a/get"),
    ];
    const theirs = [
      finding("redocly", "no-unused-components", "/components/schemas/A"),
      finding("redocly", "struct", "/paths/~1a/get/parameters/0/in"),
      finding("redocly", "operation-operationId-unique", "/paths/~1b/get/operationId"),
      finding("redocly", "no-unused-components", "/paths/~1a/get/parameters/0"),
    ];
    const { agreements, disagreements } = compare(ours, theirs, "redocly");
    expect(agreements.map((a) => a.rule)).toEqual(["unused-component", "schema"]);
    expect(disagreements.map((d) => `${d.side} ${d.rule} ${d.finding.pointer}`)).toEqual([
      "ours-only unused-component /components/schemas/OnlyOurs",
      "peer-only duplicate-operation-id /paths/~1b/get/operationId",
      "peer-only unused-component /paths/~1a/get/parameters/0",
    ]);
  });

  it("has a well-formed table of known differences, in step with its Markdown", () => {
    const rows = loadKnownDifferences();
    const markdown = readFileSync(join(here, "known-differences.md"), "utf8");
    const rules = new Set(MAPPING.map((m) => m.rule));
    for (const row of rows) {
      expect(VERDICTS, row.id).toContain(row.verdict);
      expect(rules.has(row.rule), row.id).toBe(true);
      expect(["redocly", "spectral"], row.id).toContain(row.peer);
      expect(["ours-only", "peer-only"], row.id).toContain(row.side);
      expect(row.reason.length, row.id).toBeGreaterThan(40);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(markdown, "regenerate with: node scripts/check-differential.mjs --write-md").toBe(
      renderKnownDifferences(),
    );
  });
});
