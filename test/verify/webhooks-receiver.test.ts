/**
 * Receiver conformance (`verify --webhooks`) on 127.0.0.1: the shop example's consumer (generated
 * receiver, the example's handlers, its API client pointed at a stand-in of the shop's API)
 * passes with no finding; copies of it with one bug injected each — no signature check, no replay
 * window, a handler that fails, a lenient drift policy — give the finding that names the bug, on
 * the right webhook. Configured for Slack's or Meta's scheme, the generated receiver also passes
 * those providers' handshakes.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type CliIO, runCli } from "@contract/cli";
import { loadSpec } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import type { ReceiverOptions, SignatureScheme } from "@contract/runtime/webhooks";
import { checkReceiver, type VerifyReport, type WebhookContract, webhookContract } from "@contract/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXT_SECRET_PRESETS } from "../lib/text-secret-presets.js";

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

type Handlers = Record<string, (event: unknown) => unknown>;
/** What a bug changes: any receiver option; handlers replace the example's one by one. */
type Bug = Omit<Partial<ReceiverOptions<Record<string, unknown>>>, "handlers"> & { handlers?: Handlers };
interface Consumer {
  webhookUrl: string;
  services: { paid: unknown[] };
  close(): Promise<void>;
}

let consumer: Consumer;
/** The example's generated `createWebhookReceiver` and its handlers (loaded after `contract gen`). */
let generated: {
  createWebhookReceiver: (options: Bug & { client?: unknown }) => Parameters<typeof toNodeListener>[0];
  handlers: Handlers;
};
/** The client the handlers' `event.links` call, as the consumer's own: the stand-in API. */
let client: unknown;

/** The shop consumer's receiver (generated code, the example's handlers) with `bug` injected. */
async function shopReceiver(bug: Bug) {
  const calls: string[] = [];
  const receiver = generated.createWebhookReceiver({
    secret: SECRET,
    // Answers are what is checked; the receiver's own log would only repeat them.
    onError: () => {},
    onValidationError: () => {},
    ...bug,
    client,
    handlers: { ...generated.handlers, ...bug.handlers },
  });
  const node = toNodeListener(receiver, { path: "/webhooks" });
  const url = await serve((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    void node(req, res);
  });
  return { url: `${url}/webhooks`, calls };
}

const verify = (url: string, extra: Partial<Parameters<typeof checkReceiver>[0]> = {}) =>
  checkReceiver({ contract, url, secret: SECRET, signature: "standard-webhooks", ...extra });

const pairs = (report: VerifyReport) =>
  [...new Set(report.findings.map((f) => `${f.rule} ${f.operation}`))].sort();

beforeAll(async () => {
  const loaded = await loadSpec(SHOP_SPEC);
  contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
  const io: CliIO = { stdout: () => {}, stderr: () => {}, cwd: repo, color: false };
  expect(await runCli(["gen", "--config", "examples/shop/contract.config.json"], io)).toBe(0);
  const { startConsumer } = await import(`${repo}examples/shop/src/consumer/app.ts`);
  const apiUrl = await shopApiStandIn();
  consumer = await startConsumer({
    apiUrl,
    apiToken: "verify-token",
    webhookSecret: SECRET,
  });
  generated = {
    ...(await import(`${repo}examples/shop/generated/consumer/webhooks.ts`)),
    ...(await import(`${repo}examples/shop/src/consumer/handlers/index.ts`)),
  };
  const { createClient } = await import(`${repo}examples/shop/generated/consumer/client.ts`);
  client = createClient({ baseUrl: apiUrl, throwOnError: true, auth: { bearerAuth: "verify-token" } });
}, 120_000);

afterAll(async () => {
  await consumer?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("verify --webhooks: the shop example's consumer", () => {
  it("passes: valid deliveries acknowledged, unsigned, tampered, wrong-secret and stale ones refused", async () => {
    const report = await verify(consumer.webhookUrl);
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual(["order.paid", "order.cancelled", "order.shipped"]);
    // Per webhook: its examples and 2 synthesized payloads, one replay, unsigned, tampered,
    // wrong secret, stale, schema-invalid (order.paid has one example).
    expect(report.exchanges).toBe(3 * (2 + 6) + 1);
    expect(consumer.services.paid.length).toBeGreaterThan(0);
  });
});

describe("verify --webhooks: the shop consumer's generated receiver with a provider's scheme", () => {
  it.each([
    ["slack", "slack url_verification", {}],
    ["meta", "meta hub.challenge", { verifyToken: "shop-verify-token" }],
  ] as const)("%s: its handshake and every delivery pass", async (signature, handshake, extra) => {
    const { url, calls } = await shopReceiver({ signature, ...extra });
    const report = await verify(url, { signature, ...extra, webhooks: ["orderPaid"] });
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual([handshake, "order.paid"]);
    // The handshake came first, as a provider sends it before any delivery.
    expect(calls[0]).toMatch(
      signature === "meta" ? /^GET \/webhooks\?hub\.mode=subscribe&/ : /^POST \/webhooks$/,
    );
  });
});

describe("verify --webhooks: the generated receiver with each body-HMAC, shared-secret and resource-signing preset", () => {
  const AIRTABLE_KEY = Buffer.from("verify-airtable-mac-secret").toString("base64");
  it.each([...TEXT_SECRET_PRESETS, "airtable"] as const)(
    "%s: every case passes, and a receiver that checks nothing is found out",
    async (signature) => {
      const secret = signature === "airtable" ? AIRTABLE_KEY : SECRET;
      const { url } = await shopReceiver({ signature, secret });
      const report = await verify(url, { signature, secret, webhooks: ["orderPaid"] });
      expect(report.findings).toEqual([]);
      const lax = await serve((_req, res) => res.writeHead(200).end());
      const laxReport = await verify(`${lax}/webhooks`, { signature, secret, webhooks: ["orderPaid"] });
      expect(laxReport.findings.map((f) => f.rule)).toEqual(
        expect.arrayContaining(["accepted-unsigned", "accepted-wrong-secret"]),
      );
    },
  );
});

describe("verify --webhooks: HTTP Basic credentials and a token in a named header", () => {
  it.each([
    ["basic-auth", "shop-webhooks:Tr0ub4dor&3"],
    [{ type: "token", header: "verif-hash" }, "flw-secret-hash-0001"],
  ] as const)(
    "%j: the generated receiver passes; a lax one is found out; no report shows the credential",
    async (signature, secret) => {
      const { url } = await shopReceiver({ signature, secret });
      const report = await verify(url, { signature, secret, webhooks: ["orderPaid"] });
      expect(report.findings).toEqual([]);
      const lax = await serve((_req, res) => res.writeHead(200).end());
      const laxReport = await verify(`${lax}/webhooks`, { signature, secret, webhooks: ["orderPaid"] });
      expect(laxReport.findings.map((f) => f.rule)).toEqual(
        expect.arrayContaining(["accepted-unsigned", "accepted-wrong-secret"]),
      );
      const text = JSON.stringify(laxReport);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(Buffer.from(secret).toString("base64"));
      expect(text).toContain("<redacted>");
    },
  );
});

describe("verify --webhooks: schemes that send a shared secret instead of signing the body", () => {
  it.each(["gitlab", "okta"] as const)(
    "%s: the generated receiver passes, no tampered delivery is expected to fail, and no report shows the secret",
    async (signature) => {
      const { url } = await shopReceiver({ signature });
      const report = await verify(url, { signature, webhooks: ["orderPaid"] });
      expect(report.findings).toEqual([]);
      expect(report.skipped.map((s) => s.reason)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^no tampered delivery: the \w+ scheme does not sign the body/),
        ]),
      );
      // A receiver that accepts anything: every finding's request is shown, the secret hidden.
      const lax = await serve((_req, res) => res.writeHead(200).end());
      const laxReport = await verify(`${lax}/webhooks`, { signature, webhooks: ["orderPaid"] });
      expect(laxReport.findings.map((f) => f.rule)).toContain("accepted-unsigned");
      expect(JSON.stringify(laxReport)).not.toContain(SECRET);
      expect(JSON.stringify(laxReport)).toContain("<redacted>");
    },
  );
});

describe("verify --webhooks: schemes that sign inside the body (Mailgun) or the body's bytes in a header (Adyen)", () => {
  const ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
  it.each([
    ["mailgun", SECRET, /^no tampered delivery: the mailgun scheme signs inside the body/],
    ["adyen", ADYEN_KEY, undefined],
  ] as const)(
    "%s: the generated receiver passes; a receiver that checks nothing is found out",
    async (signature, secret, skipped) => {
      const { url } = await shopReceiver({ signature, secret });
      const report = await verify(url, { signature, secret, webhooks: ["orderPaid"] });
      expect(report.findings).toEqual([]);
      const reasons = report.skipped.map((s) => s.reason);
      if (skipped) expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(skipped)]));
      else expect(reasons.filter((r) => r.startsWith("no tampered"))).toEqual([]);
      const lax = await serve((_req, res) => res.writeHead(200).end());
      const laxReport = await verify(`${lax}/webhooks`, { signature, secret, webhooks: ["orderPaid"] });
      expect([...new Set(laxReport.findings.map((f) => f.rule))].sort()).toEqual(
        signature === "mailgun"
          ? ["accepted-invalid-payload", "accepted-stale", "accepted-unsigned", "accepted-wrong-secret"]
          : ["accepted-invalid-payload", "accepted-tampered", "accepted-unsigned", "accepted-wrong-secret"],
      );
    },
  );
});

describe("verify --webhooks: the shop consumer with one bug injected", () => {
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
      },
    });
    const report = await verify(url);
    expect(pairs(report)).toEqual(["server-error order.paid"]);
    expect(report.findings.every((f) => f.status === 500)).toBe(true);
  });

  it("drift policy report: a handler that trusts an invalid payload fails (500), found on each webhook", async () => {
    const { url, calls } = await shopReceiver({ drift: "report" });
    const report = await verify(url, { webhooks: ["orderShipped", "orderCancelled"] });
    // Both handlers trust the payload: order.cancelled's reads payload.data.order_id and
    // order.shipped's follows its `order` link from it; the invalid delivery lacks `data`.
    expect(report.findings.map((f) => [f.rule, f.severity, f.operation, f.status])).toEqual([
      ["server-error", "error", "order.cancelled", 500],
      ["server-error", "error", "order.shipped", 500],
    ]);
    expect(new Set(calls)).toEqual(new Set(["POST /webhooks"]));
    expect(calls).toHaveLength(report.exchanges);
  });

  it("drift policy report: an invalid payload acknowledged by a handler that ignores it is a warning", async () => {
    const { url } = await shopReceiver({
      drift: "report",
      handlers: { "order.shipped": () => undefined },
    });
    const report = await verify(url, { webhooks: ["orderShipped"] });
    expect(report.findings.map((f) => [f.rule, f.severity, f.operation, f.status])).toEqual([
      ["accepted-invalid-payload", "warning", "order.shipped", 200],
    ]);
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
