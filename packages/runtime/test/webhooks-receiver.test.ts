import { describe, expect, it, vi } from "vitest";
import {
  createReceiver,
  type IncomingDelivery,
  memoryDedupeStore,
  type ReceiverOptions,
  utf8,
  type WebhookReceiverError,
} from "../src/webhooks/index.js";
import { definition, type Payloads, SECRET, signedHeaders } from "./webhooks-fixtures.js";

const paid = { type: "order.paid", id: "ord_1", amount: 4200 };

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

  it("answers 409 to a duplicate while the first copy is still being handled", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = vi.fn(() => gate);
    const t = setup({ handlers: { "order.paid": handler } });
    const first = t.deliver(paid, { id: "msg_slow" });
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1));
    const second = await t.deliver(paid, { id: "msg_slow" });
    expect(second.status).toBe(409);
    expect(second.headers["retry-after"]).toBeDefined();
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

  it("forgets the least recently seen ids beyond the LRU bound", async () => {
    const t = setup({ dedupe: memoryDedupeStore({ maxEntries: 2 }) });
    for (const id of ["a", "b", "c", "a"]) await t.deliver(paid, { id });
    // `a` was evicted by `c`, so its second arrival is handled again.
    expect(t.calls.map((c) => c.deliveryId)).toEqual(["a", "b", "c", "a"]);
    await t.deliver(paid, { id: "c" });
    expect(t.calls).toHaveLength(4);
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
        complete: () => {},
        release: () => {},
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
