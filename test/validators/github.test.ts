/**
 * Real data: the 329 delivered GitHub webhook payloads of @octokit/webhooks-examples against the
 * webhook payload validators generated from GitHub's 3.1 webhooks description. Every verdict must
 * equal ajv's in-process verdict on the original (unshared) schema; failures are listed with their
 * first issue so that each can be explained (the payload really disagrees with the description).
 */
import { join } from "node:path";
import { renderValidators } from "@contract/codegen";
import { buildIR, loadSpec } from "@contract/core";
import type { ValidationIssue, Validator } from "@contract/runtime/validation";
import { fixture, GITHUB } from "@contract/test-fixtures";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { importFresh, readJson, writeOut } from "./helpers.js";

const addFormats = addFormatsModule.default;
const specFile = fixture(GITHUB.webhooks);
const examplesFile = fixture(GITHUB.examples);

interface ExampleEvent {
  name: string;
  examples: Array<Record<string, unknown>>;
}

/**
 * The webhook a delivery belongs to: `X-GitHub-Event` + payload `action` (`issues` + `opened` →
 * `issues-opened`), or the event alone; an action the description does not list falls back to the
 * event's only webhook, if it has exactly one.
 */
function route(webhookNames: string[], event: string, action: unknown): string | undefined {
  const base = event.replace(/_/g, "-");
  const exact = typeof action === "string" ? `${base}-${action.replace(/_/g, "-")}` : base;
  if (webhookNames.includes(exact)) return exact;
  const candidates = webhookNames.filter((name) => name === base || name.startsWith(`${base}-`));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function valueAt(root: unknown, segments: string[]): unknown {
  let node = root;
  for (const segment of segments) node = (node as Record<string, unknown> | undefined)?.[segment];
  return node;
}

describe("GitHub webhook payloads", () => {
  let lookup: (key: string) => Validator | undefined;
  let reference: (webhook: string) => (data: unknown) => boolean;
  let webhookNames: string[];
  let document: Record<string, unknown>;

  beforeAll(async () => {
    // Generation of the whole description plus ajv compiling it in-process for reference.
    const loaded = await loadSpec(specFile);
    document = loaded.document as unknown as Record<string, unknown>;
    const ir = buildIR(loaded.document);
    webhookNames = ir.webhooks.map((w) => w.name);
    const rendered = renderValidators(ir);
    const dir = writeOut("github", { "validators.js": rendered.js });
    ({ validatorFor: lookup } = await importFresh<{ validatorFor: (key: string) => Validator | undefined }>(
      join(dir, "validators.js"),
    ));
    // In-process ajv on the description as written: the document itself is the schema resource.
    const ajv = new Ajv2020({ strict: false, logger: false, ownProperties: true });
    addFormats(ajv);
    ajv.addSchema({ ...document, $id: "https://example.test/github-webhooks.json" });
    const cache = new Map<string, (data: unknown) => boolean>();
    reference = (webhook) => {
      let fn = cache.get(webhook);
      if (!fn) {
        const pointer = `#/webhooks/${webhook.replace(/~/g, "~0").replace(/\//g, "~1")}/post/requestBody/content/application~1json/schema`;
        fn = ajv.compile({ $ref: `https://example.test/github-webhooks.json${pointer}` });
        cache.set(webhook, fn);
      }
      return fn;
    };
  });

  it("validates all 329 payloads like in-process ajv, and explains every failure", () => {
    const events = readJson<ExampleEvent[]>(examplesFile);
    let total = 0;
    let passed = 0;
    const failures: string[] = [];
    for (const event of events) {
      for (const payload of event.examples) {
        total++;
        const webhook = route(webhookNames, event.name, payload.action);
        expect(webhook, `route ${event.name} ${String(payload.action)}`).toBeDefined();
        const validator = lookup(`webhook:${webhook}:application/json`);
        expect(validator, webhook).toBeDefined();
        const result = (validator as Validator).validate(payload);
        expect(result.ok, `${webhook}: generated vs in-process ajv`).toBe(
          reference(webhook as string)(payload),
        );
        if (result.ok) {
          passed++;
          continue;
        }
        const first = result.errors[0] as ValidationIssue;
        expect(first).toBeDefined();
        // The issue points at real data: a missing property's parent exists without it; any
        // other failing keyword points at a value that is there.
        const segments = first.pointer
          .split("/")
          .slice(1)
          .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
        if (first.keyword === "required") {
          const parent = valueAt(payload, segments.slice(0, -1)) as Record<string, unknown>;
          expect(Object.hasOwn(parent, segments.at(-1) as string)).toBe(false);
        } else expect(valueAt(payload, segments)).not.toBe(undefined);
        failures.push(`${webhook}\t${first?.pointer}\t${first?.keyword}\t${first?.message}`);
      }
    }
    expect(total).toBe(329);
    console.log(`GitHub payloads: ${passed}/${total} valid; failures:\n${failures.sort().join("\n")}`);
    // Sanity bar, not a snapshot: most deliveries match their description.
    expect(passed).toBeGreaterThan(total / 2);
  }, 300_000);

  it("rejects a payload whose required property is removed, pointing at it", () => {
    const validator = lookup("webhook:issues-opened:application/json") as Validator;
    const events = readJson<ExampleEvent[]>(examplesFile);
    const opened = events.find((e) => e.name === "issues")?.examples.find((p) => p.action === "opened");
    expect(opened).toBeDefined();
    const { sender: _removed, ...withoutSender } = opened as Record<string, unknown>;
    const result = validator.validate(withoutSender);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ pointer: "/sender", keyword: "required" });
    expect(() => validator.assert(withoutSender)).toThrow(/webhook issues-opened payload .*\/sender/);
  });
});
