/**
 * Sender conformance (`verify --listen`) on 127.0.0.1: deliveries of the shop example's webhooks
 * made by the runtime's sender pass; deliveries with a drift injected give the finding that names
 * it, with the pointer into the payload and into the spec. GitHub's example payloads, signed by
 * @octokit/webhooks-methods, are held against GitHub's webhooks description.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildIR, loadSpec, type OpenApiDocument, payloadFor } from "@contract/core";
import { createWebhookSender } from "@contract/runtime/sender";
import type { RouteConfig, SignatureConfig } from "@contract/runtime/webhooks";
import { fixture, GITHUB } from "@contract/test-fixtures";
import {
  createDeliveryChecker,
  type Finding,
  type Listener,
  listenForDeliveries,
  type VerifyReport,
  webhookContract,
} from "@contract/verify";
import { sign } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { TEXT_SECRET_PRESETS } from "../lib/text-secret-presets.js";
import { ajvWebhookLookup } from "../webhooks/ajv-lookup.js";

const SHOP_SPEC = fileURLToPath(new URL("../../examples/shop/openapi.yaml", import.meta.url));
const SECRET = "whsec_dmVyaWZ5LWxpc3Rlbi1zZWNyZXQtZm9yLXRlc3Rz";

async function shopListener(
  maxRequests: number,
  signature: SignatureConfig = "standard-webhooks",
  secret = SECRET,
): Promise<{ listener: Listener; spec: OpenApiDocument }> {
  const loaded = await loadSpec(SHOP_SPEC);
  const contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
  const check = createDeliveryChecker({
    contract,
    secret,
    signature,
    // What the consumer's config says (examples/shop/contract.config.json).
    route: { by: "body", field: "type" },
  });
  const listener = await listenForDeliveries({ check, port: 0, maxRequests });
  return { listener, spec: loaded.document };
}

function shopSender(url: string, secret = SECRET, signature: SignatureConfig = "standard-webhooks") {
  return createWebhookSender<Record<string, unknown>>(
    {
      webhooks: ["order.paid", "order.cancelled", "order.shipped"].map((name) => ({
        name,
        methods: ["post"],
        mediaTypes: ["application/json"],
      })),
    },
    { secret, signature, endpoints: url, allowPrivateTargets: true, retry: false },
  );
}

/** A valid payload of each shop webhook, from the spec's example or synthesized from its schema. */
function shopPayloads(document: OpenApiDocument): Record<string, Record<string, unknown>> {
  const ir = buildIR(document);
  return Object.fromEntries(
    ir.webhooks.map((w) => {
      const media = w.requestBody?.content[0];
      if (!media) throw new Error(`${w.name} has no body`);
      return [w.name, payloadFor(document, media, { seed: 7 }).value as Record<string, unknown>];
    }),
  );
}

const rules = (report: VerifyReport) => report.findings.map((f) => f.rule);

describe("verify --listen: the shop example's webhooks", () => {
  it("deliveries from the runtime's sender, one per webhook, give no finding", async () => {
    const { listener, spec } = await shopListener(3);
    const sender = shopSender(listener.url);
    for (const [name, payload] of Object.entries(shopPayloads(spec))) {
      const result = await sender.send(name, payload);
      expect(result.status).toBe(200);
    }
    const report = await listener.report;
    expect(report.findings).toEqual([]);
    expect(report.exchanges).toBe(3);
    expect(report.checked).toEqual(["order.cancelled", "order.paid", "order.shipped"]);
  });

  it.each(TEXT_SECRET_PRESETS)(
    "%s: the runtime's sender passes, another secret's deliveries are bad-signature",
    async (signature) => {
      const { listener, spec } = await shopListener(2, signature, "preset-signing-secret");
      const paid = shopPayloads(spec)["order.paid"];
      expect(
        (await shopSender(listener.url, "preset-signing-secret", signature).send("order.paid", paid)).status,
      ).toBe(200);
      await shopSender(listener.url, "another-signing-secret", signature).send("order.paid", paid);
      const report = await listener.report;
      expect(rules(report)).toEqual(["bad-signature"]);
      expect(report.exchanges).toBe(2);
    },
  );

  it("a missing required field, a wrong signature and an unknown event are each reported where they are", async () => {
    const { listener, spec } = await shopListener(3);
    const payloads = shopPayloads(spec);
    const paid = payloads["order.paid"] as { data: Record<string, unknown> };
    const { order_id: _, ...dataWithoutOrder } = paid.data;
    await shopSender(listener.url).send("order.paid", { ...paid, data: dataWithoutOrder });
    await shopSender(listener.url, "whsec_b3RoZXItc2VjcmV0LW9mLWFub3RoZXItcHJvdmlkZXI=").send(
      "order.cancelled",
      payloads["order.cancelled"],
    );
    await shopSender(listener.url).send("order.paid", { ...paid, type: "order.refunded" });
    const report = await listener.report;
    expect(rules(report)).toEqual(["payload-schema", "bad-signature", "unknown-webhook"]);
    const [drift, signature, unknown] = report.findings as [Finding, Finding, Finding];

    expect(drift).toMatchObject({
      subject: "webhook-sender",
      operation: "order.paid",
      instancePointer: "/data",
      specPointer: "/components/schemas/OrderPaidEvent/allOf/1/properties/data/required",
    });
    expect(drift.message).toContain("order_id");
    // The location is the `required` list of OrderPaidEvent's data in the YAML file.
    const lines = readFileSync(SHOP_SPEC, "utf8").split("\n");
    expect(drift.specLocation?.file).toBe(SHOP_SPEC);
    expect(lines[(drift.specLocation?.line ?? 0) - 1]).toContain(
      "required: [order_id, payment_id, amount, currency]",
    );

    expect(signature).toMatchObject({
      operation: "order.cancelled",
      specPointer: "/webhooks/order.cancelled/post",
    });
    expect(signature.message).toContain("bad-signature");
    expect(unknown).toMatchObject({ operation: "(unknown)", specPointer: "/webhooks" });
    expect(unknown.message).toContain('"order.refunded"');
  });

  it("a wrong Content-Type is reported against the webhook's declared media types", async () => {
    const { listener } = await shopListener(1);
    const sender = shopSender(listener.url);
    // The signature is right: only the header is wrong.
    const body = JSON.stringify({
      type: "order.shipped",
      id: "evt_1",
      created_at: "2026-11-28T10:00:00Z",
      data: {},
    });
    const headers = await sender.signature.sign({ body, id: "msg_1" });
    await fetch(listener.url, {
      method: "POST",
      headers: { ...headers, "content-type": "text/plain" },
      body,
    });
    const report = await listener.report;
    expect(rules(report)).toContain("wrong-content-type");
    const finding = report.findings.find((f) => f.rule === "wrong-content-type");
    expect(finding?.specPointer).toBe("/webhooks/order.shipped/post/requestBody/content");
  });
});

describe("verify --listen: GitHub's example payloads against GitHub's webhooks description", () => {
  it("every drift the schemas see is reported, and nothing else", async () => {
    const spec = JSON.parse(readFileSync(fixture(GITHUB.webhooks), "utf8")) as OpenApiDocument;
    const examples: { name: string; examples: Record<string, unknown>[] }[] = JSON.parse(
      readFileSync(fixture(GITHUB.examples), "utf8"),
    );
    const secret = "It's a Secret to Everybody";
    const route: RouteConfig = {
      by: "template",
      templates: ["{header:X-GitHub-Event|kebab}-{body:action|kebab}", "{header:X-GitHub-Event|kebab}"],
    };
    const contract = webhookContract({ document: spec });
    const verdicts: Array<{ event: string; webhook?: string; rules: string[] }> = [];
    const check = createDeliveryChecker({ contract, secret, signature: "github", route });
    const listener = await listenForDeliveries({
      port: 0,
      check: async (delivery) => {
        const verdict = await check(delivery);
        verdicts.push({
          event: delivery.headers["x-github-event"] ?? "",
          ...(verdict.webhook ? { webhook: verdict.webhook } : {}),
          rules: verdict.findings.map((f) => f.rule),
        });
        return verdict;
      },
    });
    let hook = 0;
    for (const group of examples) {
      for (const payload of group.examples) {
        const body = JSON.stringify(payload);
        hook++;
        // Every header GitHub sends and its description marks required.
        const response = await fetch(listener.url, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "user-agent": "GitHub-Hookshot/044aadd",
            "x-github-event": group.name,
            "x-github-delivery": `72d3162e-cc78-11e3-81ab-${String(hook).padStart(12, "0")}`,
            "x-github-hook-id": "292430182",
            "x-github-hook-installation-target-id": "79929171",
            "x-github-hook-installation-target-type": "repository",
            "x-hub-signature-256": await sign(secret, body),
          },
        });
        expect(response.status).toBe(200);
      }
    }
    listener.stop();
    const report = await listener.report;
    expect(report.exchanges).toBe(329);
    // The signature of every delivery verifies and no required header is missing.
    expect(
      report.findings.filter((f) => f.rule !== "payload-schema" && f.rule !== "unknown-webhook"),
    ).toEqual([]);
    // The two repository_dispatch test deliveries have no webhook in the description.
    expect(verdicts.filter((v) => v.rules.includes("unknown-webhook")).map((v) => v.event)).toEqual([
      "repository_dispatch",
      "repository_dispatch",
    ]);
    // Drift as an independent ajv compilation of the same schemas sees it.
    // Only valid or not is compared: without all errors and code optimization the ~300 schemas
    // compile in about half the CPU time, and validate the same.
    const reference = ajvWebhookLookup(buildIR(spec), { allErrors: false, optimize: false });
    let drifted = 0;
    let index = 0;
    for (const group of examples) {
      for (const payload of group.examples) {
        const verdict = verdicts[index++];
        if (!verdict?.webhook) continue;
        const valid = reference(`webhook:${verdict.webhook}:application/json`)?.validate(payload).ok;
        expect({ webhook: verdict.webhook, drift: verdict.rules.includes("payload-schema") }).toEqual({
          webhook: verdict.webhook,
          drift: valid === false,
        });
        if (!valid) drifted++;
      }
    }
    expect(drifted).toBeGreaterThan(0);
    console.info(
      `[verify --listen] GitHub examples: ${drifted} of 327 routable deliveries drift from their webhook schema (${report.findings.filter((f) => f.rule === "payload-schema").length} payload-schema findings)`,
    );
  }, 120_000);
});
