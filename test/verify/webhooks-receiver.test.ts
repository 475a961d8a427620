/**
 * Receiver conformance (`verify --webhooks`) on 127.0.0.1: the shop example's consumer (generated
 * receiver, the example's handlers, its API client pointed at a stand-in of the shop's API)
 * passes with no finding; receivers with one bug each — no signature check, no replay window, a
 * handler that fails — give the finding that names the bug, on the right webhook.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type CliIO, runCli } from "@contract/cli";
import { buildIR, loadSpec } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import {
  createReceiver,
  type ReceiverOptions,
  type SignatureScheme,
  type WebhookEvent,
} from "@contract/runtime/webhooks";
import { checkReceiver, type VerifyReport, type WebhookContract, webhookContract } from "@contract/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ajvWebhookLookup, webhookDescriptors } from "../webhooks/ajv-lookup.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const SHOP_SPEC = `${repo}examples/shop/openapi.yaml`;
const SECRET = "whsec_dmVyaWZ5LXJlY2VpdmVyLXNlY3JldC1mb3ItdGVzdHM=";
const WEBHOOKS = ["order.cancelled", "order.paid", "order.shipped"];

const servers: Server[] = [];
let contract: WebhookContract;

async function serve(listener: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The shop's API as the consumer's handlers need it: any order, paid with a captured payment. */
async function shopApiStandIn(): Promise<string> {
  const json = (res: import("node:http").ServerResponse, body: unknown) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  const url = await serve((req, res) => {
    const order = /^\/v1\/orders\/([^/]+)$/.exec(req.url ?? "");
    const payment = /^\/v1\/payments\/([^/]+)$/.exec(req.url ?? "");
    if (order)
      return json(res, {
        id: decodeURIComponent(order[1] ?? ""),
        status: "paid",
        items: [{ sku: "tea", quantity: 1, unit_price: { amount: 100, currency: "EUR" } }],
        total: { amount: 100, currency: "EUR" },
        created_at: "2026-11-28T10:00:00Z",
      });
    if (payment)
      return json(res, {
        id: decodeURIComponent(payment[1] ?? ""),
        order_id: "ord_1",
        amount: { amount: 100, currency: "EUR" },
        status: "captured",
      });
    res.writeHead(404).end();
  });
  return `${url}/v1`;
}

/** A receiver of the shop's webhooks built on the runtime, with `options` changing one thing. */
async function shopReceiver(options: Partial<ReceiverOptions<Record<string, unknown>>>) {
  const ir = buildIR(contract.document);
  const calls: string[] = [];
  const handlers = Object.fromEntries(WEBHOOKS.map((name) => [name, (_: WebhookEvent) => {}]));
  const receiver = createReceiver(
    {
      webhooks: webhookDescriptors(ir),
      validators: ajvWebhookLookup(ir),
      signature: "standard-webhooks",
      route: { by: "body", field: "type" },
    },
    // Answers are what is checked; the receiver's own log would only repeat them.
    { secret: SECRET, handlers, drift: "reject", onError: () => {}, onValidationError: () => {}, ...options },
  );
  const node = toNodeListener(receiver);
  const url = await serve((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    void node(req, res);
  });
  return { url: `${url}/hooks`, calls };
}

const verify = (url: string, extra: Partial<Parameters<typeof checkReceiver>[0]> = {}) =>
  checkReceiver({ contract, url, secret: SECRET, signature: "standard-webhooks", ...extra });

const pairs = (report: VerifyReport) =>
  [...new Set(report.findings.map((f) => `${f.rule} ${f.operation}`))].sort();

beforeAll(async () => {
  const loaded = await loadSpec(SHOP_SPEC);
  contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("verify --webhooks: the shop example's consumer", () => {
  it("passes: valid deliveries acknowledged, unsigned, tampered, wrong-secret and stale ones refused", async () => {
    const io: CliIO = { stdout: () => {}, stderr: () => {}, cwd: repo, color: false };
    expect(await runCli(["gen", "--config", "examples/shop/contract.config.json"], io)).toBe(0);
    const { startConsumer } = await import(`${repo}examples/shop/src/consumer/app.ts`);
    const consumer = await startConsumer({
      apiUrl: await shopApiStandIn(),
      apiToken: "verify-token",
      webhookSecret: SECRET,
    });
    try {
      const report = await verify(consumer.webhookUrl);
      expect(report.findings).toEqual([]);
      expect(report.checked).toEqual(["order.paid", "order.cancelled", "order.shipped"]);
      // Per webhook: its examples and 2 synthesized payloads, one replay, unsigned, tampered,
      // wrong secret, stale, schema-invalid (order.paid has one example).
      expect(report.exchanges).toBe(3 * (2 + 6) + 1);
      expect(consumer.services.paid.length).toBeGreaterThan(0);
    } finally {
      await consumer.close();
    }
  }, 120_000);
});

describe("verify --webhooks: receivers with one bug each", () => {
  it("a receiver that checks no signature accepts unsigned, tampered, wrong-secret and stale deliveries", async () => {
    const none: SignatureScheme = {
      name: "none",
      verify: async () => ({ ok: true }),
      sign: async () => ({}),
    };
    const { url } = await shopReceiver({ signature: none });
    const report = await verify(url);
    expect(pairs(report)).toEqual(
      WEBHOOKS.flatMap((w) => [
        `accepted-stale ${w}`,
        `accepted-tampered ${w}`,
        `accepted-unsigned ${w}`,
        `accepted-wrong-secret ${w}`,
      ]).sort(),
    );
    const unsigned = report.findings.find(
      (f) => f.rule === "accepted-unsigned" && f.operation === "order.paid",
    );
    expect(unsigned).toMatchObject({
      subject: "webhook-receiver",
      severity: "error",
      status: 200,
      specPointer: "/webhooks/order.paid/post",
      specLocation: { file: SHOP_SPEC },
    });
    expect(unsigned?.request?.headers["webhook-signature"]).toBeUndefined();
    expect(unsigned?.request?.curl).toContain(url);
  });

  it("a receiver without a replay window accepts only the stale deliveries", async () => {
    const { url } = await shopReceiver({ toleranceSeconds: 10 * 365 * 24 * 3600 });
    const report = await verify(url);
    expect(pairs(report)).toEqual(WEBHOOKS.map((w) => `accepted-stale ${w}`));
  });

  it("a receiver whose order.paid handler fails answers 500 to valid deliveries: server-error on order.paid", async () => {
    const { url } = await shopReceiver({
      handlers: {
        "order.paid": () => {
          throw new Error("the database is down");
        },
        "order.cancelled": () => {},
        "order.shipped": () => {},
      },
    });
    const report = await verify(url);
    expect(pairs(report)).toEqual(["server-error order.paid"]);
    expect(report.findings.every((f) => f.status === 500)).toBe(true);
  });

  it("a receiver that accepts payloads that break the schema is noted with a warning, and only the given URL is called", async () => {
    const { url, calls } = await shopReceiver({ drift: "report" });
    const report = await verify(url, { webhooks: ["orderCancelled"] });
    expect(report.findings.map((f) => [f.rule, f.severity, f.operation])).toEqual([
      ["accepted-invalid-payload", "warning", "order.cancelled"],
    ]);
    expect(new Set(calls)).toEqual(new Set(["POST /hooks"]));
    expect(calls).toHaveLength(report.exchanges);
  });

  it("--max-requests caps the deliveries and names what was left out", async () => {
    const { url, calls } = await shopReceiver({});
    const report = await verify(url, { maxRequests: 5, concurrency: 2 });
    expect(calls).toHaveLength(5);
    expect(report.exchanges).toBe(5);
    expect(
      report.skipped.filter((s) => s.reason.startsWith("--max-requests reached")).length,
    ).toBeGreaterThan(0);
  });
});
