/**
 * The generated code running, not only compiling: `contract`'s generators write types.ts,
 * validators.js and webhooks.ts plus the handler stubs for the example shop through the real writer,
 * and the generated `createWebhookReceiver` serves real signed deliveries on 127.0.0.1.
 */
import { rm } from "node:fs/promises";
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { toNodeListener } from "@contract/runtime/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenLocal } from "../lib/listen.js";
import { generateShopWebhooks } from "../lib/shop-webhooks.js";
import { signedDelivery } from "../lib/standard-webhooks.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// Inside the repository (test/.out is ignored) so that generated imports resolve @contract/runtime.
const out = join(repoRoot, "test", ".out", `webhooks-generated-${process.pid}`);
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

let server: Server;
let url: string;
const received: { webhook: string; payload: any; validation: unknown }[] = [];
let example: Record<string, any>;

beforeAll(async () => {
  example = await generateShopWebhooks(out);

  const generated = await import(pathToFileURL(join(out, "webhooks.ts")).href);
  const stubs = await import(pathToFileURL(join(out, "handlers", "index.ts")).href);
  const receiver = generated.createWebhookReceiver({
    secret: SECRET,
    handlers: {
      ...stubs.handlers,
      "order.paid": (event: any) => {
        received.push({ webhook: event.webhook, payload: event.payload, validation: event.validation });
      },
    },
    onError: () => {},
    onValidationError: () => {},
  });
  ({ server, url } = await listenLocal(toNodeListener(receiver)));
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await rm(out, { recursive: true, force: true });
});

async function deliver(payload: unknown, id?: string) {
  const response = await fetch(url, { method: "POST", ...signedDelivery(SECRET, payload, id) });
  return { status: response.status, json: (await response.json()) as any };
}

describe("generated receiver for the shop example", () => {
  it("delivers the spec's own example to the order.paid handler, validated", async () => {
    received.length = 0;
    expect(await deliver(example)).toEqual({ status: 200, json: { status: "delivered" } });
    expect(received).toEqual([{ webhook: "order.paid", payload: example, validation: { state: "valid" } }]);
  });

  it("the untouched stubs acknowledge their webhooks", async () => {
    const shipped = {
      ...example,
      type: "order.shipped",
      data: { order_id: "ord_1", carrier: "ups", tracking_number: "1Z" },
    };
    expect(await deliver(shipped)).toEqual({ status: 200, json: { status: "delivered" } });
  });

  it("applies the configured drift policy (reject) with the generated validators", async () => {
    received.length = 0;
    const response = await deliver({ ...example, data: { ...example.data, amount: -1, currency: "euro" } });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe("invalid_payload");
    // The generated validators stop at the first error (allErrors off by default): one of the two.
    expect(["/data/amount", "/data/currency"]).toContain(response.json.issues[0].pointer);
    expect(received).toEqual([]);
  });

  it("routes by the configured body field: an unknown type is a 404, a duplicate is acknowledged once", async () => {
    received.length = 0;
    expect((await deliver({ ...example, type: "order.teleported" })).status).toBe(404);
    expect((await deliver(example, "msg_same")).status).toBe(200);
    expect(await deliver(example, "msg_same")).toEqual({ status: 200, json: { status: "duplicate" } });
    expect(received).toHaveLength(1);
  });
});
