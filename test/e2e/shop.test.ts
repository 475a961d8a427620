/**
 * The whole shop loop on 127.0.0.1, from generated code only: `contract gen` on the example's
 * config, then the provider (API server + generated sender) and the consumer (generated client +
 * generated receiver with the example's filled-in handlers). An order is created through the
 * client, paid at the provider, pushed as `order.paid`, and the consumer's handler reads the order
 * and the payment back through the API by following the links the spec declares on the webhook
 * (`event.links.order()`, `event.links.payment()`: no parameters built by hand). A tampered delivery is refused with 401; a delivery whose
 * answer is lost is retried by the sender with the same webhook-id and handled once.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { runCli } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const API_TOKEN = "e2e-token";
const SECRET = "whsec_ZTJlLXNob3Atc2VjcmV0LWZvci10ZXN0cw==";

/**
 * The example's apps import code that `contract gen` writes (gitignored), so they are loaded only
 * after generating; the shapes used here are spelled out rather than imported, which keeps this
 * file type-checkable before the example has been generated.
 */
interface Delivery {
  ok: boolean;
  status?: number;
  messageId: string;
  attempts: Array<{
    status?: number;
    responseBody?: string;
    request: { headers: Record<string, string>; body: string };
  }>;
}
interface ShopOrder {
  id: string;
  status: string;
  payment_id?: string | null;
}
interface Provider {
  url: string;
  sender: { send(webhook: string, payload: unknown): Promise<Delivery> };
  payOrder(orderId: string): Promise<{ payment: { id: string }; delivery: Delivery }>;
  close(): Promise<void>;
}
interface Consumer {
  webhookUrl: string;
  services: {
    api: {
      createOrder(args: unknown): Promise<{ data: ShopOrder }>;
      cancelOrder(args: unknown): Promise<{ data: ShopOrder }>;
      listOrders(args: unknown): Promise<{ data: { data: ShopOrder[]; next_cursor: string | null } }>;
    };
    paid: Array<{ deliveryId?: string; order: ShopOrder; payment: unknown }>;
    cancelled: string[];
  };
  close(): Promise<void>;
}
const exampleModule = (path: string) => new URL(`../../examples/shop/src/${path}`, import.meta.url).href;

let provider: Provider;
let consumer: Consumer;
let allOrders: (
  api: Consumer["services"]["api"],
  statuses?: string[],
  pageSize?: number,
) => Promise<ShopOrder[]>;
let webhookTarget = "";
const extraServers: Server[] = [];
const consumerLog: string[] = [];

async function gen(): Promise<void> {
  const io = captureIO(repo);
  const code = await runCli(["gen", "--config", "examples/shop/contract.config.json"], io);
  expect(code, io.out).toBe(0);
}

beforeAll(async () => {
  await gen();
  const { startProvider } = await import(exampleModule("provider/app.ts"));
  const { startConsumer } = await import(exampleModule("consumer/app.ts"));
  ({ allOrders } = await import(exampleModule("consumer/orders.ts")));
  provider = await startProvider({
    apiToken: API_TOKEN,
    webhookSecret: SECRET,
    webhookUrl: () => webhookTarget,
    sender: { retry: { baseDelayMs: 10, maxDelayMs: 50 } },
  });
  consumer = await startConsumer({
    apiUrl: provider.url,
    apiToken: API_TOKEN,
    webhookSecret: SECRET,
    log: (line: string) => consumerLog.push(line),
  });
  webhookTarget = consumer.webhookUrl;
}, 120_000);

afterAll(async () => {
  await Promise.all([
    provider?.close(),
    consumer?.close(),
    ...extraServers.map((s) => new Promise((r) => s.close(r))),
  ]);
});

async function newPendingOrder(amount = 1250) {
  const created = await consumer.services.api.createOrder({
    body: { items: [{ sku: "tea", quantity: 2, unit_price: { amount, currency: "EUR" } }] },
  });
  expect(created.data.status).toBe("pending");
  return created.data;
}

/** POSTs raw bytes with the given headers to the consumer, as an attacker or a replaying proxy would. */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the shop example, provider ↔ consumer", () => {
  it("the client reads every page of orders, as the spec's x-speakeasy-pagination says", async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await newPendingOrder(100 + i)).id);
    const onePage = (await consumer.services.api.listOrders({ query: { status: ["pending"], limit: 100 } }))
      .data;
    expect(onePage.next_cursor).toBeNull();
    // Two a page: at least three calls, each with the cursor of the page before.
    const paged = await allOrders(consumer.services.api, ["pending"], 2);
    expect(paged.map((o) => o.id)).toEqual(onePage.data.map((o) => o.id));
    expect(paged.map((o) => o.id)).toEqual(expect.arrayContaining(created));
  });

  it("order.paid reaches the consumer, whose handler reads order and payment through the API", async () => {
    const order = await newPendingOrder();
    const { payment, delivery } = await provider.payOrder(order.id);
    expect(delivery).toMatchObject({ ok: true, status: 200 });
    expect(delivery.attempts).toHaveLength(1);
    const notice = consumer.services.paid.at(-1);
    expect(notice?.deliveryId).toBe(delivery.messageId);
    expect(notice?.order).toMatchObject({
      id: order.id,
      status: "paid",
      payment_id: payment.id,
      total: { amount: 2500 },
    });
    expect(notice?.payment).toMatchObject({ id: payment.id, order_id: order.id, status: "captured" });
    expect(consumerLog.at(-1)).toBe(
      `order ${order.id} paid: 25.00 EUR in 1 item(s), payment ${payment.id} captured`,
    );
  });

  it("order.shipped's handler follows its link (declared by operationRef) to the order", async () => {
    const order = await newPendingOrder();
    const shipped = {
      type: "order.shipped",
      id: "evt_shipped_1",
      created_at: "2026-11-28T10:00:00Z",
      data: { order_id: order.id, carrier: "DHL", tracking_number: "JD0146" },
    };
    const delivery = await provider.sender.send("order.shipped", shipped);
    expect(delivery).toMatchObject({ ok: true, status: 200 });
    expect(consumerLog.at(-1)).toBe(`order ${order.id} shipped by DHL (JD0146): 1 item(s)`);
  });

  it("a link to an order the API does not know fails the handler, so the shop retries", async () => {
    const shipped = {
      type: "order.shipped",
      id: "evt_shipped_2",
      created_at: "2026-11-28T10:00:00Z",
      data: { order_id: "ord_unknown", carrier: "DHL", tracking_number: "JD0147" },
    };
    const delivery = await provider.sender.send("order.shipped", shipped);
    // The API answers 404; the consumer's client throws, the receiver answers 500, the shop retries.
    expect(delivery.ok).toBe(false);
    expect(new Set(delivery.attempts.map((a) => a.status))).toEqual(new Set([500]));
  });

  it("a cancellation made through the client comes back as order.cancelled", async () => {
    const order = await newPendingOrder();
    await consumer.services.api.cancelOrder({
      path: { orderId: order.id },
      body: { reason: "changed my mind" },
    });
    expect(consumer.services.cancelled).toContain(order.id);
  });

  it("refuses a tampered delivery with 401 and runs no handler", async () => {
    const order = await newPendingOrder(100);
    const { delivery } = await provider.payOrder(order.id);
    const sent = delivery.attempts[0]!.request;
    const handled = consumer.services.paid.length;
    const tampered = sent.body.replace('"amount":200', '"amount":1');
    expect(tampered).not.toBe(sent.body);
    const answer = await post(consumer.webhookUrl, sent.headers, tampered);
    expect(answer.status).toBe(401);
    expect(consumer.services.paid.length).toBe(handled);
    // The untouched bytes replayed by a proxy are authentic, but already handled.
    const replay = await post(consumer.webhookUrl, sent.headers, sent.body);
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.body)).toEqual({ status: "duplicate" });
    expect(consumer.services.paid.length).toBe(handled);
  });

  it("retries a delivery whose answer was lost, same webhook-id, handled once", async () => {
    // A proxy in front of the consumer that forwards everything but turns the first answer into a 502.
    let forwarded = 0;
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const answer = await post(consumer.webhookUrl, headers, Buffer.concat(chunks).toString("utf8"));
        forwarded++;
        res
          .writeHead(forwarded === 1 ? 502 : answer.status, { "content-type": "application/json" })
          .end(answer.body);
      });
    });
    extraServers.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    webhookTarget = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/webhooks`;
    try {
      const order = await newPendingOrder();
      const handled = consumer.services.paid.length;
      const { delivery } = await provider.payOrder(order.id);
      expect(delivery.ok).toBe(true);
      expect(delivery.attempts.map((a) => a.status)).toEqual([502, 200]);
      expect(delivery.attempts.map((a) => a.request.headers["webhook-id"])).toEqual([
        delivery.messageId,
        delivery.messageId,
      ]);
      expect(JSON.parse(delivery.attempts[1]!.responseBody ?? "")).toEqual({ status: "duplicate" });
      expect(consumer.services.paid.length).toBe(handled + 1);
      expect(consumer.services.paid.filter((p) => p.order.id === order.id)).toHaveLength(1);
    } finally {
      webhookTarget = consumer.webhookUrl;
    }
  });

  it("the provider's sender refuses a payload that breaks the contract before sending", async () => {
    const before = consumer.services.paid.length;
    const bad = { type: "order.paid", id: "evt_x", created_at: "yesterday", data: { order_id: "ord_x" } };
    await expect(provider.sender.send("order.paid", bad as never)).rejects.toThrow(/invalid/);
    expect(consumer.services.paid.length).toBe(before);
  });

  it("contract trigger reaches the consumer's receiver (signed, valid, routed by type)", async () => {
    const io = captureIO(repo);
    const args = [
      "trigger",
      "order.cancelled",
      "--url",
      consumer.webhookUrl,
      "--secret",
      SECRET,
      "--config",
      "examples/shop/contract.config.json",
      "--contract",
      "consumer",
      "--seed",
      "3",
    ];
    const code = await runCli(args, io);
    expect(code, io.out).toBe(0);
    expect(io.out).toMatch(/payload: synthesized from the schema \(--seed 3\)/);
    expect(io.out).toMatch(/← 200/);
  });
});
