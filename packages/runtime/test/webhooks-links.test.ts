/**
 * Webhook links at run time, on 127.0.0.1: a real receiver (node:http adapter) gets deliveries
 * signed by the reference `standardwebhooks` library, and its handlers follow `event.links` through
 * a real client to a real API server. A value the delivery lacks gives `LinkUnavailable` and no
 * request; a URL from the payload is followed only under the client's base URL; the
 * ack-then-process path (`verify` now, `process` later) binds the same links.
 */
import { createServer, type IncomingMessage } from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiSpec } from "../src/client/index.js";
import { createClientCore } from "../src/client/index.js";
import { toNodeListener } from "../src/node/index.js";
import {
  createReceiver,
  type LinkUnavailable,
  type ReceiverDefinition,
  utf8,
  type WebhookEvent,
  type WebhookReceiver,
} from "../src/webhooks/index.js";
import { listen, type Running } from "./listen.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

interface Seen {
  method: string;
  url: string;
  shop?: string;
}

/** The shop's API: GET /v1/orders/{orderId}, 404 for unknown orders. Records every request. */
function apiServer(seen: Seen[]) {
  return createServer((request: IncomingMessage, response) => {
    seen.push({
      method: request.method ?? "",
      url: request.url ?? "",
      ...(request.headers["x-shop-id"] ? { shop: String(request.headers["x-shop-id"]) } : {}),
    });
    const match = /^\/v1\/orders\/([^/?]+)(\?.*)?$/.exec(request.url ?? "");
    const id = match ? decodeURIComponent(match[1] ?? "") : "";
    if (request.method !== "GET" || !id.startsWith("ord_")) {
      response.writeHead(404, { "content-type": "application/problem+json" });
      response.end(JSON.stringify({ title: "Not found", status: 404 }));
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ id, status: "paid", query: match?.[2] ?? "" }));
  });
}

const api: ApiSpec = {
  servers: [],
  schemes: {},
  operations: {
    getOrder: {
      id: "getOrder",
      method: "get",
      path: "/orders/{orderId}",
      accept: "application/json",
      responses: { "200": ["application/json"], "404": ["application/problem+json"] },
    },
  },
};

const getOrder = { method: "get", path: "/orders/{orderId}" };
const definition: ReceiverDefinition = {
  webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
  signature: "standard-webhooks",
  route: { by: "body", field: "type" },
  links: {
    "order.paid": {
      order: { ...getOrder, parameters: { path: { orderId: { from: "body", pointer: "/data/order_id" } } } },
      note: { ...getOrder, parameters: { path: { orderId: { from: "body", pointer: "/data/note_id" } } } },
      scoped: {
        ...getOrder,
        parameters: {
          path: { orderId: { template: ["ord_", { from: "body", pointer: "/data/number" }] } },
          query: { expand: { const: true } },
          header: { "x-shop-id": { from: "header", name: "x-shop-id" } },
        },
      },
      related: { ...getOrder, url: { from: "body", pointer: "/data/url" } },
      maybeScoped: {
        ...getOrder,
        parameters: {
          path: { orderId: { from: "body", pointer: "/data/order_id" } },
          header: { "x-shop-id": { from: "header", name: "x-shop-id" } },
        },
        optional: ["header.x-shop-id"],
      },
      ["__proto__"]: { ...getOrder, parameters: { path: { orderId: { const: "ord_proto" } } } },
    },
  },
};

let apiSeen: Seen[];
let apiRunning: Running;
let elsewhereSeen: Seen[];
let elsewhere: Running;

beforeAll(async () => {
  apiSeen = [];
  elsewhereSeen = [];
  apiRunning = await listen(apiServer(apiSeen));
  elsewhere = await listen(apiServer(elsewhereSeen));
});
afterAll(async () => {
  await Promise.all([apiRunning?.close(), elsewhere?.close()]);
});

/** A receiver on node:http whose `order.paid` handler runs `use(event)` and keeps what it returned. */
async function receiving(use: (event: WebhookEvent) => Promise<unknown>, withClient = true) {
  const results: unknown[] = [];
  const client = createClientCore(api, { baseUrl: `${apiRunning.url}/v1` });
  const receiver = createReceiver(definition, {
    secret: SECRET,
    ...(withClient ? { client } : {}),
    onError: () => {},
    handlers: {
      "order.paid": async (event: WebhookEvent) => {
        results.push(await use(event));
      },
    },
  });
  const server = await listen(createServer(toNodeListener(receiver, { path: "/webhooks" })));
  let n = 0;
  const deliver = async (data: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const body = JSON.stringify({ type: "order.paid", data });
    const id = `msg_${++n}_${Date.now()}`;
    // One instant for the signature and the header: two clock reads can straddle a second.
    const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const signature = new Webhook(SECRET).sign(id, sentAt, body);
    const timestamp = String(sentAt.getTime() / 1000);
    const response = await fetch(`${server.url}/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signature,
        ...headers,
      },
      body,
    });
    return response.status;
  };
  return { results, deliver, close: () => server.close(), receiver };
}

type Links = Record<
  string,
  () => Promise<{ ok: boolean; status?: number; data?: unknown } | LinkUnavailable>
>;
const links = (event: WebhookEvent) => event.links as Links;

describe("webhook links: a receiver with a client follows them", () => {
  it("calls the target operation with the values read from the delivery", async () => {
    const t = await receiving((event) => links(event).order!());
    try {
      const before = apiSeen.length;
      expect(await t.deliver({ order_id: "ord_8xK2" })).toBe(200);
      expect(t.results).toEqual([
        expect.objectContaining({
          ok: true,
          status: 200,
          data: { id: "ord_8xK2", status: "paid", query: "" },
        }),
      ]);
      expect(apiSeen.slice(before)).toEqual([{ method: "GET", url: "/v1/orders/ord_8xK2" }]);
    } finally {
      await t.close();
    }
  });

  it("encodes path values, fills templates, constants and headers from the delivery", async () => {
    const t = await receiving((event) => links(event).scoped!());
    try {
      const before = apiSeen.length;
      expect(await t.deliver({ number: "7/../x y" }, { "x-shop-id": "shop_42" })).toBe(200);
      expect(apiSeen.slice(before)).toEqual([
        { method: "GET", url: "/v1/orders/ord_7%2F..%2Fx%20y?expand=true", shop: "shop_42" },
      ]);
      expect(t.results[0]).toMatchObject({ ok: true, data: { id: "ord_7/../x y" } });
    } finally {
      await t.close();
    }
  });

  it("a value the delivery lacks (absent, null, a missing header) gives LinkUnavailable and no request", async () => {
    const t = await receiving(async (event) => [
      await links(event).note!(),
      await links(event).order!(),
      await links(event).scoped!(),
    ]);
    try {
      const before = apiSeen.length;
      expect(await t.deliver({ order_id: null, number: 1 })).toBe(200);
      expect(t.results).toEqual([
        [
          { ok: false, unavailable: true, link: "note", reason: "absent", missing: "/data/note_id" },
          { ok: false, unavailable: true, link: "order", reason: "absent", missing: "/data/order_id" },
          { ok: false, unavailable: true, link: "scoped", reason: "absent", missing: "header:x-shop-id" },
        ],
      ]);
      expect(apiSeen.slice(before)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("an optional parameter the delivery lacks is left out; the call is made", async () => {
    const t = await receiving((event) => links(event).maybeScoped!());
    try {
      const before = apiSeen.length;
      expect(await t.deliver({ order_id: "ord_2" })).toBe(200);
      expect(await t.deliver({ order_id: "ord_3" }, { "x-shop-id": "shop_7" })).toBe(200);
      expect(apiSeen.slice(before)).toEqual([
        { method: "GET", url: "/v1/orders/ord_2" },
        { method: "GET", url: "/v1/orders/ord_3", shop: "shop_7" },
      ]);
      expect(t.results).toMatchObject([{ ok: true }, { ok: true }]);
    } finally {
      await t.close();
    }
  });

  it("a link named __proto__ is an own link, not the prototype", async () => {
    const t = await receiving(async (event) => {
      const own = Object.keys(event.links as object);
      const proto = Object.getOwnPropertyDescriptor(event.links, "__proto__")
        ?.value as () => Promise<unknown>;
      return { own, result: await proto() };
    });
    try {
      expect(await t.deliver({ order_id: "ord_1" })).toBe(200);
      expect(t.results[0]).toMatchObject({
        own: ["order", "note", "scoped", "related", "maybeScoped", "__proto__"],
        result: { ok: true, data: { id: "ord_proto" } },
      });
    } finally {
      await t.close();
    }
  });
});

describe("webhook links: URLs from the payload", () => {
  it("follows a URL under the client's base URL, reading the path parameters from it", async () => {
    const t = await receiving((event) => links(event).related!());
    try {
      const before = apiSeen.length;
      expect(await t.deliver({ url: `${apiRunning.url}/v1/orders/ord_url%201` })).toBe(200);
      expect(t.results[0]).toMatchObject({ ok: true, data: { id: "ord_url 1" } });
      expect(apiSeen.slice(before)).toEqual([{ method: "GET", url: "/v1/orders/ord_url%201" }]);
    } finally {
      await t.close();
    }
  });

  it("refuses a URL on another host, outside the base path, off the template, or with credentials", async () => {
    const t = await receiving((event) => links(event).related!());
    const port = new URL(apiRunning.url).port;
    const refused = [
      `${elsewhere.url}/v1/orders/ord_1`,
      `http://localhost:${port}/v1/orders/ord_1`,
      `${apiRunning.url}/v2/orders/ord_1`,
      `${apiRunning.url}/v1x/orders/ord_1`,
      `${apiRunning.url}/v1/orders/ord_1/cancel`,
      `${apiRunning.url}/v1/orders/%2e%2e`,
      `http://user:pw@127.0.0.1:${port}/v1/orders/ord_1`,
      "javascript:alert(1)",
      "/v1/orders/ord_1",
    ];
    try {
      const before = apiSeen.length;
      for (const url of refused) expect(await t.deliver({ url })).toBe(200);
      expect(t.results).toEqual(
        refused.map((url) => ({
          ok: false,
          unavailable: true,
          link: "related",
          reason: "foreign-url",
          missing: url,
        })),
      );
      expect(apiSeen.slice(before)).toEqual([]);
      expect(elsewhereSeen).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe("webhook links: without a client, and after acknowledging", () => {
  it("a link of a receiver without a client throws a TypeError that says so (the delivery is retried)", async () => {
    const errors: unknown[] = [];
    const t = await receiving(
      (event) =>
        links(event).order!().catch((error: unknown) => {
          errors.push(error);
          throw error;
        }),
      false,
    );
    try {
      expect(await t.deliver({ order_id: "ord_1" })).toBe(500);
      expect(String(errors[0])).toMatch(/TypeError: .*pass `client` to createWebhookReceiver/);
    } finally {
      await t.close();
    }
  });

  it("verify now, process later: the stored delivery's handler gets the same links", async () => {
    const t = await receiving((event) => links(event).order!());
    try {
      const receiver: WebhookReceiver = t.receiver;
      const body = JSON.stringify({ type: "order.paid", data: { order_id: "ord_later" } });
      const id = "msg_later";
      const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(sentAt.getTime() / 1000),
        "webhook-signature": new Webhook(SECRET).sign(id, sentAt, body),
      };
      const delivery = {
        method: "POST",
        path: "/webhooks",
        headers: (n: string) => headers[n],
        body: utf8(body),
      };
      const verified = await receiver.verify(delivery);
      expect(verified.ok).toBe(true);
      if (!verified.ok) return;
      const before = apiSeen.length;
      const answer = await receiver.process(delivery, verified);
      expect(answer.status).toBe(200);
      expect(t.results).toEqual([
        expect.objectContaining({ ok: true, data: expect.objectContaining({ id: "ord_later" }) }),
      ]);
      expect(apiSeen.slice(before)).toEqual([{ method: "GET", url: "/v1/orders/ord_later" }]);
    } finally {
      await t.close();
    }
  });
});
