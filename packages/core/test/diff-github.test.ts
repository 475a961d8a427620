/**
 * Two consecutive releases of GitHub's webhooks contract (@octokit/openapi-webhooks 11.0.0 → 12.1.0).
 * Every finding asserted here was checked by hand against the two files.
 */
import { readFileSync } from "node:fs";
import { type Change, diffSpecs } from "@contract/core";
import { fixture, GITHUB } from "@contract/test-fixtures";
import { beforeAll, describe, expect, it } from "vitest";

const read = (name: string) => JSON.parse(readFileSync(fixture(name), "utf8"));

describe("GitHub webhooks 11.0.0 → 12.1.0", () => {
  let changes: Change[];
  const find = (code: string, message: string) =>
    changes.find((c) => c.code === code && c.message === message);

  beforeAll(() => {
    const base = read(GITHUB.webhooksPrevious);
    const head = read(GITHUB.webhooks);
    changes = diffSpecs({ document: base }, { document: head }).changes;
  });

  it("lists the six new webhooks and removes none", () => {
    expect(changes.filter((c) => c.code === "webhook-added").map((c) => c.affects[0]!.name)).toEqual([
      "issue-dependencies-blocked-by-added",
      "issue-dependencies-blocked-by-removed",
      "issue-dependencies-blocking-added",
      "issue-dependencies-blocking-removed",
      "secret-scanning-alert-assigned",
      "secret-scanning-alert-unassigned",
    ]);
    expect(changes.filter((c) => c.code.endsWith("webhook-removed"))).toEqual([]);
  });

  it("judges payload changes from the receiver's side", () => {
    // integration (GitHub App) lost three properties: breaking for anyone reading them.
    const removed = find("webhook-payload-property-removed", "schema integration: property pem removed");
    expect(removed?.severity).toBe("breaking");
    expect(removed?.base?.pointer).toBe("/components/schemas/integration/properties/pem");
    expect(removed?.head?.pointer).toBe("/components/schemas/integration/properties");
    expect(removed?.affects.map((a) => a.name)).toContain("check-run-created");

    // issue.author_association left `required`.
    expect(
      find(
        "webhook-payload-property-became-optional",
        "schema issue: property author_association became optional",
      )?.severity,
    ).toBe("breaking");
    // A new enum value in a payload: a warning.
    const duplicate = find(
      "webhook-payload-enum-value-added",
      'schema issue › state_reason: enum value "duplicate" added',
    );
    expect(duplicate?.severity).toBe("warning");
    expect(duplicate?.head?.pointer).toBe("/components/schemas/issue/properties/state_reason/enum");
    // maximum 256 → 32767: consumers may now receive larger values.
    expect(
      find(
        "webhook-payload-maximum-loosened",
        "schema repository-rule-max-file-path-length › parameters.max_file_path_length: maximum raised from 256 to 32767",
      )?.severity,
    ).toBe("breaking");
    // A new oneOf alternative in a payload consumers switch over.
    expect(
      find(
        "webhook-payload-alternative-added",
        "schema repository-rule: oneOf alternative repository-rule-copilot-code-review added",
      )?.head?.pointer,
    ).toBe("/components/schemas/repository-rule/oneOf/21");
    // New required payload properties are fine for readers: info.
    expect(
      find(
        "webhook-payload-required-property-added",
        "schema webhooks_release: required property immutable added",
      )?.severity,
    ).toBe("info");
  });

  it("matches oneOf alternatives that only gained a property instead of replacing them", () => {
    expect(
      changes.filter((c) => c.message.startsWith("schema webhook-pull-request-review-requested:")),
    ).toEqual([]);
  });

  it("reports each change in a shared component once", () => {
    const keys = changes.map((c) => `${c.code} ${c.base?.pointer} ${c.head?.pointer}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
