import { describe, expect, it } from "vitest";
import { createReceiver, type IncomingDelivery, utf8 } from "../src/webhooks/index.js";
import { definition, type Payloads, SECRET, signedHeaders } from "./webhooks-fixtures.js";

/** `verify` then `process` later (as an ack-then-process queue does) behaves like `handle`. */
function setup() {
  const seen: { webhook: string; deliveryId: string | undefined; timestamp: number | undefined }[] = [];
  const receiver = createReceiver<Payloads>(definition, {
    secret: SECRET,
    handlers: {
      "order.paid": (event) => {
        seen.push({ webhook: event.webhook, deliveryId: event.deliveryId, timestamp: event.timestamp });
      },
    },
    onError: () => {},
    onValidationError: () => {},
  });
  const delivery = async (payload: unknown, options: { id?: string; timestamp?: number } = {}) => {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    const headers: Record<string, string> = await signedHeaders(body, options);
    return {
      method: "POST",
      path: "/webhooks",
      headers: (name: string) => headers[name],
      body: utf8(body),
    } satisfies IncomingDelivery;
  };
  return { receiver, seen, delivery };
}

describe("receiver: verify and process as separate steps", () => {
  it("verify returns the delivery id and timestamp without running anything", async () => {
    const { receiver, seen, delivery } = setup();
    const d = await delivery({ type: "order.paid", id: "o1", amount: 1 }, { id: "msg_a" });
    const verified = await receiver.verify(d);
    expect(verified).toMatchObject({ ok: true, deliveryId: "msg_a" });
    expect(verified.ok && typeof verified.timestamp).toBe("number");
    expect(seen).toEqual([]);
    const response = await receiver.process(d, verified.ok ? verified : { ok: true });
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      { webhook: "order.paid", deliveryId: "msg_a", timestamp: verified.ok ? verified.timestamp : 0 },
    ]);
  });

  it("verify turns away what handle turns away before parsing: signature, method, media type", async () => {
    const { receiver, delivery } = setup();
    const d = await delivery({ type: "order.paid", id: "o1", amount: 1 });
    const forged = { ...d, body: utf8('{"type":"order.paid","id":"o1","amount":2}') };
    const bad = await receiver.verify(forged);
    expect(bad.ok ? 0 : bad.response.status).toBe(401);
    const get = await receiver.verify({ ...d, method: "GET" });
    expect(get.ok ? 0 : get.response.status).toBe(405);
    const xml = await receiver.verify({
      ...d,
      headers: (name) => (name === "content-type" ? "application/xml" : d.headers(name)),
    });
    expect(xml.ok ? 0 : xml.response.status).toBe(415);
  });

  it("verify does not parse: a malformed but authentic body passes verify and is a 400 in process", async () => {
    const { receiver, delivery } = setup();
    const d = await delivery("{not json");
    const verified = await receiver.verify(d);
    expect(verified.ok).toBe(true);
    const response = await receiver.process(d, verified.ok ? verified : { ok: true });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toBe("malformed_body");
  });

  it("process later does not re-check the timestamp window (the delivery was verified when it arrived)", async () => {
    const { receiver, seen, delivery } = setup();
    const old = Math.floor(Date.now() / 1000) - 3600;
    const d = await delivery({ type: "order.paid", id: "o1", amount: 1 }, { id: "msg_old", timestamp: old });
    expect((await receiver.verify(d)).ok).toBe(false);
    const response = await receiver.process(d, { ok: true, deliveryId: "msg_old", timestamp: old });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
  });
});
