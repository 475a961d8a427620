import { describe, expect, it, vi } from "vitest";
import {
  createReceiver,
  type IncomingDelivery,
  type MemoryDedupeStore,
  memoryDedupeStore,
  type ReceiverOptions,
  utf8,
  type WebhookReceiverError,
} from "../src/webhooks/index.js";
import { definition, type Payloads, SECRET, signedHeaders } from "./webhooks-fixtures.js";

const paid = { type: "order.paid", id: "ord_1", amount: 4200 };

/**
 * How long vi.waitFor waits for a handler to be called: a safety net, not what is tested. Its default
 * (1 s) is less than signing and verifying a delivery can take on a loaded machine.
 */
const CALLED = { timeout: 10_000 };

function setup(overrides: Partial<ReceiverOptions<Payloads>> = {}) {
  const calls: { webhook: string; payload: unknown; validation: unknown; deliveryId?: string }[] = [];
  const errors: WebhookReceiverError[] = [];
  const reports: unknown[] = [];
  const receiver = createReceiver<Payloads>(definition, {
    secret: SECRET,
    handlers: {
      "order.paid": (event) => {
        calls.push({
          webhook: event.webhook,
          payload: event.payload,
          validation: event.validation,
          deliveryId: event.deliveryId,
        });
      },
      "order.cancelled": (event) => {
        calls.push({ webhook: event.webhook, payload: event.payload, validation: event.validation });
      },
    },
    onError: (error) => errors.push(error),
    onValidationError: (report) => reports.push(report),
    ...overrides,
  });
  const send = async (
    body: string | Uint8Array,
    headers: Record<string, string>,
    more: Partial<IncomingDelivery> = {},
  ) => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const response = await receiver.handle({
      method: "POST",
      path: "/webhooks",
      headers: (name) => lower[name],
      body: typeof body === "string" ? utf8(body) : body,
      ...more,
    });
    return { ...response, json: JSON.parse(response.body) };
  };
  const deliver = async (payload: unknown, options: Parameters<typeof signedHeaders>[1] = {}) => {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    return send(body, await signedHeaders(body, options));
  };
  return { receiver, calls, errors, reports, send, deliver };
}

describe("receiver: accepted deliveries", () => {
  it("verifies, routes, validates and calls the handler once", async () => {
    const t = setup();
    const response = await t.deliver(paid, { id: "msg_ok" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: "delivered" });
    expect(t.calls).toEqual([
      { webhook: "order.paid", payload: paid, validation: { state: "valid" }, deliveryId: "msg_ok" },
    ]);
    expect(t.errors).toEqual([]);
  });

  it("acknowledges a duplicate without a second handler call", async () => {
    const t = setup();
    expect((await t.deliver(paid, { id: "msg_dup" })).status).toBe(200);
    const again = await t.deliver(paid, { id: "msg_dup" });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ status: "duplicate" });
    expect(t.calls).toHaveLength(1);
  });

  it("answers 503 + Retry-After to a duplicate while the first copy is still being handled (every sender retries it)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = vi.fn(() => gate);
    const t = setup({ handlers: { "order.paid": handler } });
    const first = t.deliver(paid, { id: "msg_slow" });
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1), CALLED);
    const second = await t.deliver(paid, { id: "msg_slow" });
    expect(second.status).toBe(503);
    expect(second.json.error).toBe("delivery_in_progress");
    expect(second.headers["retry-after"]).toBe("5");
    release();
    expect((await first).status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("lets the retry of a failed delivery through (the claim is released)", async () => {
    let fail = true;
    const handler = vi.fn(() => {
      if (fail) throw new Error("database down at /srv/app/db.ts:12");
    });
    const t = setup({ handlers: { "order.paid": handler } });
    const failed = await t.deliver(paid, { id: "msg_retry" });
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain("database");
    expect(failed.body).not.toContain("db.ts");
    expect(t.errors[0]).toMatchObject({
      code: "handler_failed",
      webhook: "order.paid",
      deliveryId: "msg_retry",
    });
    expect((t.errors[0]!.cause as Error).message).toContain("database down");
    fail = false;
    expect((await t.deliver(paid, { id: "msg_retry" })).status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it("answers 200 'ignored' for a contract webhook without a handler", async () => {
    const t = setup({ handlers: {} });
    const response = await t.deliver({ type: "order.cancelled", id: "ord_1" });
    expect(response).toMatchObject({ status: 200, json: { status: "ignored" } });
  });

  it("forgets the oldest ids beyond the memory bound, and says so", async () => {
    const evictions: unknown[] = [];
    const t = setup({
      dedupe: memoryDedupeStore({ maxEntries: 2, onEarlyEviction: (e) => evictions.push(e) }),
    });
    for (const id of ["a", "b", "c", "a"]) await t.deliver(paid, { id });
    // `a` was evicted by `c`, so its second arrival is handled again.
    expect(t.calls.map((c) => c.deliveryId)).toEqual(["a", "b", "c", "a"]);
    expect(evictions[0]).toMatchObject({ evicted: 1, maxEntries: 2 });
    await t.deliver(paid, { id: "c" });
    expect(t.calls).toHaveLength(4);
  });

  it("the default store reports early evictions through onWarning", async () => {
    // The default store's bound is large; the warning path is the same, checked through the message.
    const { describeEarlyEviction } = await import("../src/webhooks/index.js");
    expect(
      describeEarlyEviction({ evicted: 3, keptMs: 120_000, ttlMs: 3 * 86_400_000, maxEntries: 10 }),
    ).toMatch(/forgot 3 delivery id\(s\) before their 4320 min window .* kept about 2 min/);
  });

  it("drops prototype-polluting keys before anyone sees the payload", async () => {
    const t = setup();
    await t.deliver(
      '{"type":"order.paid","id":"x","amount":1,"__proto__":{"polluted":true},' +
        '"items":[{"constructor":{"prototype":{"polluted":true}}},{"constructor":"Bob"}]}',
    );
    const payload = t.calls[0]!.payload as Record<string, any>;
    expect(Object.hasOwn(payload, "__proto__")).toBe(false);
    expect(Object.keys(payload.items[0])).toEqual([]);
    expect(payload.items[1].constructor).toBe("Bob");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("receiver: drift policy", () => {
  const drifted = { type: "order.paid", id: "ord_1", amount: "42" };

  it("default (report): the handler runs, is told, and onValidationError hears about it", async () => {
    const t = setup();
    const response = await t.deliver(drifted);
    expect(response.status).toBe(200);
    expect(t.calls[0]!.validation).toEqual({
      state: "invalid",
      errors: [{ pointer: "/amount", keyword: "type", message: "must be number" }],
    });
    expect(t.reports).toEqual([expect.objectContaining({ webhook: "order.paid", outcome: "delivered" })]);
  });

  it("the default reporter writes one warning line, without the payload", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const t = setup({ onValidationError: undefined });
      await t.deliver({ ...drifted, secretNote: "do-not-log-me" });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain("/amount");
      expect(String(warn.mock.calls[0]![0])).not.toContain("do-not-log-me");
    } finally {
      warn.mockRestore();
    }
  });

  it("reject: 400 naming the JSON pointer, handler not called", async () => {
    const t = setup({ drift: "reject" });
    const response = await t.deliver(drifted);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      error: "invalid_payload",
      issues: [{ pointer: "/amount", keyword: "type", message: "must be number" }],
    });
    expect(t.calls).toEqual([]);
    expect(t.reports).toEqual([expect.objectContaining({ outcome: "rejected" })]);
  });

  it.each([
    ["pointer", [{ pointer: "/amount" }]],
    ["none", undefined],
  ] as const)("errorDetail %s limits what the 400 shows", async (errorDetail, issues) => {
    const t = setup({ drift: "reject", errorDetail });
    expect((await t.deliver(drifted)).json.issues).toEqual(issues);
  });

  it("off: no validation, the event says so", async () => {
    const t = setup({ drift: "off" });
    await t.deliver(drifted);
    expect(t.calls[0]!.validation).toEqual({ state: "unchecked", reason: "off" });
    expect(t.reports).toEqual([]);
  });

  it("a separate policy for format-only failures", async () => {
    const t = setup({ drift: { payload: "reject", formats: "report" } });
    expect((await t.deliver({ ...paid, website: "not a uri" })).status).toBe(200);
    expect((await t.deliver({ ...drifted, website: "not a uri" })).status).toBe(400);
    expect(t.calls).toHaveLength(1);
  });
});

describe("receiver: every rejection, with no handler called", () => {
  const cases: [
    string,
    (t: ReturnType<typeof setup>) => Promise<{ status: number; json: any }>,
    number,
    string,
  ][] = [
    [
      "missing signature headers",
      (t) => t.send(JSON.stringify(paid), { "content-type": "application/json" }),
      401,
      "missing_signature",
    ],
    [
      "signature by another secret",
      (t) => t.deliver(paid, { secret: "whsec_YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh" }),
      401,
      "invalid_signature",
    ],
    [
      "body changed after signing",
      async (t) => t.send(JSON.stringify({ ...paid, amount: 1 }), await signedHeaders(JSON.stringify(paid))),
      401,
      "invalid_signature",
    ],
    [
      "timestamp outside the window (replay)",
      (t) => t.deliver(paid, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      401,
      "stale_timestamp",
    ],
    ["malformed JSON", (t) => t.deliver('{"type":"order.paid",'), 400, "malformed_body"],
    ["invalid UTF-8 / binary garbage", (t) => t.deliver("\u0000\u0001{"), 400, "malformed_body"],
    ["unknown webhook", (t) => t.deliver({ type: "order.refunded", id: "x" }), 404, "unknown_webhook"],
    ["no routing field", (t) => t.deliver({ id: "x" }), 404, "unknown_webhook"],
    [
      "undeclared media type",
      async (t) => {
        const body = JSON.stringify(paid);
        return t.send(body, { ...(await signedHeaders(body)), "content-type": "application/xml" });
      },
      415,
      "unsupported_media_type",
    ],
    ["too large", (t) => t.deliver({ ...paid, pad: "x".repeat(2048) }), 413, "payload_too_large"],
    [
      "wrong method",
      async (t) => t.send("", await signedHeaders(""), { method: "GET" }),
      405,
      "method_not_allowed",
    ],
  ];

  it.each(cases)("%s", async (_name, act, status, code) => {
    const t = setup({ maxBodyBytes: 1024, drift: "reject" });
    const response = await act(t);
    expect(response.status).toBe(status);
    expect(response.json.error).toBe(code);
    expect(t.calls).toEqual([]);
    expect(t.errors.map((e) => e.code)).toEqual([code]);
  });

  it("415 for a parsable but undeclared media type", async () => {
    const t = setup();
    const body = JSON.stringify(paid);
    const response = await t.send(body, {
      ...(await signedHeaders(body)),
      "content-type": "application/vnd.other+json",
    });
    expect(response.status).toBe(415);
    expect(t.calls).toEqual([]);
  });

  it("the unknown-webhook status is configurable", async () => {
    const t = setup({ unknownWebhookStatus: 202 });
    const response = await t.deliver({ type: "order.refunded", id: "x" });
    expect(response.status).toBe(202);
    expect(t.errors[0]).toMatchObject({ code: "unknown_webhook", status: 202 });
  });

  it("a failing store answers 500 (so the sender retries) and reaches onError", async () => {
    const t = setup({
      dedupe: {
        claim: () => {
          throw new Error("redis unavailable");
        },
        complete: () => true,
        release: () => true,
      },
    });
    const response = await t.deliver(paid);
    expect(response.status).toBe(500);
    expect(response.body).not.toContain("redis");
    expect(t.errors[0]).toMatchObject({ code: "internal_error" });
    expect(t.calls).toEqual([]);
  });

  it("a throwing onError does not change the answer", async () => {
    const t = setup({
      onError: () => {
        throw new Error("logger broke");
      },
    });
    expect((await t.send("{}", {})).status).toBe(401);
  });
});

/** Claims and completes an id (a handled delivery). */
function handled(store: MemoryDedupeStore, id: string) {
  const claim = store.claim(id);
  if (claim.state !== "claimed") throw new Error(`${id} was not claimable`);
  store.complete(id, claim.token);
}

describe("memory de-duplication store: a time window within a memory bound", () => {
  it("remembers a handled id for ttlMs however many other ids arrive (within the bound)", () => {
    let t = 0;
    const store = memoryDedupeStore({ ttlMs: 1_000, now: () => t });
    handled(store, "old");
    for (let i = 0; i < 12_000; i++) handled(store, `other-${i}`);
    expect(store.claim("old")).toEqual({ state: "done" });
    t = 1_001;
    expect(store.claim("old")).toMatchObject({ state: "claimed" });
  });

  it("lets an abandoned pending claim lapse after pendingTimeoutMs", () => {
    let t = 0;
    const store = memoryDedupeStore({ pendingTimeoutMs: 100, now: () => t });
    expect(store.claim("x")).toMatchObject({ state: "claimed" });
    expect(store.claim("x")).toEqual({ state: "pending" });
    t = 101;
    expect(store.claim("x")).toMatchObject({ state: "claimed" });
  });

  it("claims have owners: after a lease lapses and B claims, A's late release/complete leave B's claim intact", () => {
    let t = 0;
    const store = memoryDedupeStore({ pendingTimeoutMs: 100, now: () => t });
    const a = store.claim("x");
    if (a.state !== "claimed") throw new Error("expected a claim");
    t = 101;
    const b = store.claim("x");
    if (b.state !== "claimed") throw new Error("expected a claim");
    expect(b.token).not.toBe(a.token);
    expect(store.release("x", a.token)).toBe(false);
    expect(store.claim("x")).toEqual({ state: "pending" });
    expect(store.complete("x", a.token)).toBe(false);
    expect(store.claim("x")).toEqual({ state: "pending" });
    expect(store.complete("x", b.token)).toBe(true);
    expect(store.claim("x")).toEqual({ state: "done" });
    expect(store.release("x", b.token)).toBe(false); // a done mark is never released
    expect(store.claim("x")).toEqual({ state: "done" });
  });

  it("a late complete after a lapse nobody took over still records the delivery as handled", () => {
    let t = 0;
    const store = memoryDedupeStore({ pendingTimeoutMs: 100, now: () => t });
    const a = store.claim("y");
    if (a.state !== "claimed") throw new Error("expected a claim");
    t = 101;
    expect(store.complete("y", a.token)).toBe(true);
    expect(store.claim("y")).toEqual({ state: "done" });
  });

  it("the receiver warns and leaves the new owner's claim alone when a slow handler fails after its lease lapsed", async () => {
    let t = 0;
    const warnings: { code: string }[] = [];
    let failFirst!: (e: Error) => void;
    let finishSecond!: () => void;
    let runs = 0;
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      handlerTimeoutMs: false,
      dedupe: memoryDedupeStore({ pendingTimeoutMs: 100, now: () => t }),
      onError: () => {},
      onWarning: (w) => warnings.push(w),
      handlers: {
        "order.paid": () => {
          runs++;
          return new Promise<void>((resolve, reject) => {
            if (runs === 1) failFirst = reject;
            else finishSecond = resolve;
          });
        },
      },
    });
    const body = JSON.stringify(paid);
    const headers = Object.fromEntries(
      Object.entries(await signedHeaders(body, { id: "msg_lapse" })).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const deliver = () =>
      receiver.handle({
        method: "POST",
        path: "/webhooks",
        headers: (name) => headers[name],
        body: utf8(body),
      });
    const first = deliver();
    await vi.waitFor(() => expect(runs).toBe(1), CALLED);
    t = 101; // the first claim's lease lapses; a retry takes the id over
    const second = deliver();
    await vi.waitFor(() => expect(runs).toBe(2), CALLED);
    failFirst(new Error("slow and failed"));
    expect((await first).status).toBe(500);
    expect(warnings).toMatchObject([{ code: "claim_lost", deliveryId: "msg_lapse" }]);
    expect((await deliver()).status).toBe(503); // still the second's claim
    finishSecond();
    expect((await second).status).toBe(200);
    const again = await deliver();
    expect(again.status).toBe(200);
    expect(again.body).toContain("duplicate");
    expect(runs).toBe(2);
  });

  it("drops expired ids from memory as new ones arrive", () => {
    let t = 0;
    const evictions: unknown[] = [];
    const store = memoryDedupeStore({
      ttlMs: 10,
      maxEntries: 3,
      now: () => t,
      onEarlyEviction: (e) => evictions.push(e),
    });
    for (const id of ["a", "b", "c"]) handled(store, id);
    t = 20;
    for (const id of ["d", "e", "f"]) handled(store, id);
    // a, b and c had expired: nothing was forgotten early.
    expect(evictions).toEqual([]);
  });
});

describe("receiver: webhooks sent without a body", () => {
  /** Google's watch channels and others signal an event by headers alone: the webhook declares no body. */
  function bodiless() {
    const handled: Array<{ webhook: string; payload: unknown }> = [];
    const errors: WebhookReceiverError[] = [];
    const receiver = createReceiver<Record<string, unknown>>(
      {
        webhooks: [
          { name: "exists", methods: ["post"], mediaTypes: [] },
          { name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] },
        ],
        validators: () => undefined,
        signature: "gitlab",
        route: { by: "header", header: "X-Event" },
      },
      {
        secret: "tok",
        handlers: {
          exists: (event) => void handled.push({ webhook: event.webhook, payload: event.payload }),
          "order.paid": (event) => void handled.push({ webhook: event.webhook, payload: event.payload }),
        },
        onError: (error) => errors.push(error),
      },
    );
    const send = (event: string, body: string, contentType?: string) =>
      receiver.handle({
        method: "POST",
        path: "/webhooks",
        headers: (name) =>
          ({
            "x-gitlab-token": "tok",
            "x-event": event,
            ...(contentType !== undefined ? { "content-type": contentType } : {}),
          })[name],
        body: utf8(body),
      });
    return { handled, errors, send };
  }

  it("an empty delivery of a webhook declared without a body reaches its handler, with no payload", async () => {
    const { handled, send } = bodiless();
    expect((await send("exists", "")).status).toBe(200);
    expect((await send("exists", "", "application/json; charset=UTF-8")).status).toBe(200);
    expect(handled).toEqual([
      { webhook: "exists", payload: undefined },
      { webhook: "exists", payload: undefined },
    ]);
  });

  it("an empty delivery of a webhook declared with a body is still malformed (400), handler not called", async () => {
    const { handled, errors, send } = bodiless();
    const answer = await send("order.paid", "", "application/json");
    expect(answer.status).toBe(400);
    expect(errors.map((e) => e.code)).toEqual(["malformed_body"]);
    expect(handled).toEqual([]);
    // Not empty and not JSON: malformed as before, whichever webhook it names.
    expect((await send("exists", "{", "application/json")).status).toBe(400);
    // Empty and routed nowhere: an unknown webhook, as a delivery of a body-less webhook would be.
    expect((await send("not_exists", "")).status).toBe(404);
  });
});

describe("receiver edge cases", () => {
  it("400 on a body that is not valid UTF-8, handler not called", async () => {
    const t = setup();
    const bytes = new Uint8Array([
      ...utf8('{"type":"order.paid","id":"'),
      0xff,
      0xfe,
      ...utf8('","amount":1}'),
    ]);
    const body = new TextDecoder("latin1").decode(bytes);
    const { standardWebhooks } = await import("../src/webhooks/index.js");
    const headers = await standardWebhooks({ secrets: SECRET }).sign({ id: "msg_utf8", body: bytes });
    const response = await t.send(bytes, { "content-type": "application/json", ...headers });
    expect(body).toContain("ÿ");
    expect(response.status).toBe(400);
    expect(response.json.error).toBe("malformed_body");
    expect(t.calls).toEqual([]);
  });

  it("webhooks named like Object.prototype members without a handler are 'ignored', never a call into the prototype", async () => {
    const names = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"];
    const errors: WebhookReceiverError[] = [];
    const receiver = createReceiver(
      {
        webhooks: names.map((name) => ({ name, methods: ["post"], mediaTypes: ["application/json"] })),
        route: { by: "body", field: "type" },
      },
      { secret: SECRET, handlers: {}, onError: (e) => errors.push(e) },
    );
    for (const name of names) {
      const body = JSON.stringify({ type: name });
      const response = await receiver.handle({
        method: "POST",
        path: "/",
        headers: (
          (h) => (n: string) =>
            h[n as keyof typeof h]
        )(await signedHeaders(body)),
        body: utf8(body),
      });
      expect([name, response.status, JSON.parse(response.body)]).toEqual([name, 200, { status: "ignored" }]);
    }
    expect(errors).toEqual([]);
  });

  it("accepts svix-* headers by default: a delivery signed by the svix library", async () => {
    const { Webhook: SvixWebhook } = await import("svix");
    const t = setup();
    const body = JSON.stringify(paid);
    const now = new Date();
    const response = await t.send(body, {
      "content-type": "application/json",
      "svix-id": "msg_svix_1",
      "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
      "svix-signature": new SvixWebhook(SECRET).sign("msg_svix_1", now, body),
    });
    expect(response.status).toBe(200);
    expect(t.calls[0]).toMatchObject({ deliveryId: "msg_svix_1", payload: paid });
  });

  it("accepts a delivery signed by the standardwebhooks library (webhook-* headers)", async () => {
    const { Webhook } = await import("standardwebhooks");
    const t = setup();
    const body = JSON.stringify(paid);
    const now = new Date();
    const response = await t.send(body, {
      "content-type": "application/json",
      "webhook-id": "msg_sw_1",
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(SECRET).sign("msg_sw_1", now, body),
    });
    expect(response.status).toBe(200);
  });

  it("an explicit headerPrefix accepts only that family", async () => {
    const { Webhook: SvixWebhook } = await import("svix");
    const t = setup({ signature: { type: "standard-webhooks", headerPrefix: "webhook" } });
    const body = JSON.stringify(paid);
    const now = new Date();
    const response = await t.send(body, {
      "content-type": "application/json",
      "svix-id": "msg_svix_2",
      "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
      "svix-signature": new SvixWebhook(SECRET).sign("msg_svix_2", now, body),
    });
    expect(response.status).toBe(401);
  });
});

describe("handler timeout", () => {
  it("answers 503 + Retry-After; event.signal is aborted, also when first read after the timeout", async () => {
    const seen: boolean[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const t = setup({
      handlerTimeoutMs: 20,
      onWarning: () => {},
      handlers: {
        "order.paid": async (event) => {
          await new Promise((resolve) => setTimeout(resolve, 80));
          seen.push(event.signal.aborted, (event.signal.reason as DOMException).name === "TimeoutError");
          done();
          throw event.signal.reason;
        },
      },
    });
    const response = await t.deliver(paid, { id: "msg_timeout" });
    expect(response.status).toBe(503);
    expect(response.json.error).toBe("handler_timeout");
    expect(response.headers["retry-after"]).toBe("5");
    await finished;
    expect(seen).toEqual([true, true]);
    // The handler gave up: its id was released, so the retry runs.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(t.errors.map((e) => e.code)).toEqual(["handler_timeout"]);
  });

  it("a handler that has not read event.signal pays for no AbortController, and the event serializes without it", async () => {
    let serialized = "";
    const t = setup({
      handlers: {
        "order.paid": (event) => {
          serialized = JSON.stringify(event);
        },
      },
    });
    await t.deliver(paid, { id: "msg_serialize" });
    expect(JSON.parse(serialized)).toMatchObject({ webhook: "order.paid", deliveryId: "msg_serialize" });
    expect(serialized).not.toContain("signal");
  });
});
