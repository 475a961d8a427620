/** `unwrap` gives the receiver's verdicts on the same deliveries, typed, without running handlers. */
import { describe, expect, it } from "vitest";
import {
  createReceiver,
  createUnwrapper,
  memoryDedupeStore,
  type ReceiverDefinition,
  resolveSignatureScheme,
} from "../src/webhooks/index.js";
import { definition, type Payloads, SECRET, signedHeaders } from "./webhooks-fixtures.js";

const paid = { type: "order.paid", id: "ord_1", amount: 10 };

async function deliveries() {
  const body = JSON.stringify(paid);
  const good = await signedHeaders(body, { id: "msg_good" });
  return [
    { name: "valid", body, headers: good },
    { name: "tampered", body: body.replace("10", "11"), headers: good },
    { name: "unsigned", body, headers: { "content-type": "application/json" } },
    {
      name: "stale",
      body,
      headers: await signedHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    },
    {
      name: "wrong secret",
      body,
      headers: await signedHeaders(body, { secret: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
    },
    {
      name: "unknown webhook",
      body: JSON.stringify({ ...paid, type: "order.teleported" }),
      headers: await signedHeaders(JSON.stringify({ ...paid, type: "order.teleported" })),
    },
    {
      name: "invalid payload",
      body: JSON.stringify({ ...paid, amount: "ten" }),
      headers: await signedHeaders(JSON.stringify({ ...paid, amount: "ten" })),
    },
    { name: "malformed", body: "{not json", headers: await signedHeaders("{not json") },
    {
      name: "other media type",
      body,
      headers: { ...(await signedHeaders(body)), "content-type": "text/csv" },
    },
  ];
}

describe.each(["report", "reject"] as const)("drift %s", (drift) => {
  it("the same verdict as the receiver, delivery by delivery", async () => {
    const handled: string[] = [];
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      drift,
      dedupe: false,
      handlers: { "order.paid": (event) => void handled.push(event.webhook) },
      onError: () => {},
      onValidationError: () => {},
    });
    const unwrap = createUnwrapper<Payloads>(definition, { secret: SECRET, drift });
    for (const delivery of await deliveries()) {
      const answer = await receiver.handle({
        method: "POST",
        path: "/",
        headers: (name) => (delivery.headers as Record<string, string>)[name],
        body: new TextEncoder().encode(delivery.body),
      });
      const result = await unwrap({ body: delivery.body, headers: delivery.headers });
      const answered = JSON.parse(answer.body);
      if (result.ok) {
        expect(answer.status, delivery.name).toBe(200);
        expect(answered.status, delivery.name).toBe("delivered");
      } else {
        expect(result.status, delivery.name).toBe(answer.status);
        expect(result.error, delivery.name).toBe(answered.error);
      }
    }
    const handledBefore = handled.length;
    await unwrap({ body: JSON.stringify(paid), headers: await signedHeaders(JSON.stringify(paid)) });
    expect(handled.length).toBe(handledBefore);
  });
});

describe("unwrap", () => {
  it("returns the typed event, or the failure with its issues", async () => {
    const unwrap = createUnwrapper<Payloads>(definition, { secret: SECRET, drift: "reject" });
    const body = JSON.stringify(paid);
    const result = await unwrap({ body, headers: new Headers(await signedHeaders(body, { id: "msg_x" })) });
    expect(result).toMatchObject({
      ok: true,
      event: { webhook: "order.paid", payload: paid, deliveryId: "msg_x", validation: { state: "valid" } },
    });
    const invalid = JSON.stringify({ ...paid, amount: "ten" });
    const refused = await unwrap({ body: invalid, headers: await signedHeaders(invalid) });
    expect(refused).toMatchObject({
      ok: false,
      error: "invalid_payload",
      status: 400,
      webhook: "order.paid",
      issues: [{ pointer: "/amount" }],
    });
  });

  it("de-duplicates only when given a store; settle(true) makes later copies duplicates", async () => {
    const body = JSON.stringify(paid);
    const headers = await signedHeaders(body, { id: "msg_once" });
    const plain = createUnwrapper<Payloads>(definition, { secret: SECRET });
    expect((await plain({ body, headers })).ok).toBe(true);
    expect((await plain({ body, headers })).ok).toBe(true);
    const store = memoryDedupeStore();
    const deduping = createUnwrapper<Payloads>(definition, { secret: SECRET, dedupe: store });
    const first = await deduping({ body, headers });
    expect(await deduping({ body, headers })).toMatchObject({
      ok: false,
      error: "delivery_in_progress",
      status: 503,
    });
    if (!first.ok) throw new Error("expected an event");
    await first.event.settle?.(true);
    expect(await deduping({ body, headers })).toMatchObject({ ok: false, error: "duplicate", status: 200 });
  });

  it("hands handshakes back to answer", async () => {
    const slack: ReceiverDefinition = { ...definition, signature: "slack" };
    const unwrap = createUnwrapper<Payloads>(slack, { secret: "s3cret" });
    const body = JSON.stringify({ type: "url_verification", challenge: "abc" });
    const headers = await resolveSignatureScheme("slack", "s3cret").sign({ body });
    expect(await unwrap({ body, headers })).toMatchObject({
      ok: false,
      error: "handshake",
      status: 200,
      response: { body: JSON.stringify({ challenge: "abc" }) },
    });
  });
});
