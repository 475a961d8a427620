/**
 * Webhooks whose payloads validators cannot always tell apart (one schema accepts the other's
 * payloads, or a delivery drifts from its schema): with no `route` in the config, the generated
 * receiver routes by a body field that holds a different constant per webhook, found in the spec
 * (nested one level, through `$ref` and `allOf`). Real signed deliveries over HTTP on 127.0.0.1.
 */
import { mkdir, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateContract, writeFiles } from "@contract/codegen";
import { type Diagnostic, loadSpecFromString } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenLocal } from "../lib/listen.js";
import { signedDelivery } from "../lib/standard-webhooks.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(repoRoot, "test", ".out", `webhooks-route-detect-${process.pid}`);
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// Both webhooks share one envelope; each pins `meta.event` (through `allOf`, one with `const`,
// one with a single-value `enum`).
const SPEC = `
openapi: 3.1.0
info: {title: billing, version: "1"}
webhooks:
  invoice.created:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/InvoiceCreated"}
      responses: {"200": {description: ok}}
  invoice.paid:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/InvoicePaid"}
      responses: {"200": {description: ok}}
components:
  schemas:
    Meta:
      type: object
      required: [event]
      properties:
        event: {type: string}
        delivered_at: {type: string}
    Invoice:
      type: object
      required: [id]
      properties: {id: {type: string}, amount: {type: integer}}
    InvoiceEvent:
      type: object
      required: [meta, data]
      properties:
        meta: {$ref: "#/components/schemas/Meta"}
        data: {$ref: "#/components/schemas/Invoice"}
    InvoiceCreated:
      allOf:
        - {$ref: "#/components/schemas/InvoiceEvent"}
        - properties:
            meta:
              allOf:
                - {$ref: "#/components/schemas/Meta"}
                - {properties: {event: {const: invoice.created}}}
    InvoicePaid:
      allOf:
        - {$ref: "#/components/schemas/InvoiceEvent"}
        - type: object
          properties:
            meta:
              properties: {event: {enum: [invoice.paid]}}
            paid_at: {type: string}
`;

let server: Server;
let url: string;
const received: Array<{ webhook: string; validation: unknown }> = [];
let reported: Diagnostic[] = [];
let webhooksSource = "";

beforeAll(async () => {
  const loaded = await loadSpecFromString(SPEC, { path: join(out, "openapi.yaml") });
  reported = [];
  const files = await generateContract(loaded, {
    generators: { types: true, validators: true, webhooks: { signature: "standard-webhooks" } },
    onDiagnostic: (d) => reported.push(d),
  });
  await mkdir(out, { recursive: true });
  await writeFiles(out, files);
  webhooksSource = files.find((f) => f.path === "webhooks.ts")?.contents ?? "";
  const generated = await import(pathToFileURL(join(out, "webhooks.ts")).href);
  const receiver = generated.createWebhookReceiver({
    secret: SECRET,
    handlers: {
      "invoice.created": (event: any) =>
        received.push({ webhook: "invoice.created", validation: event.validation }),
      "invoice.paid": (event: any) =>
        received.push({ webhook: "invoice.paid", validation: event.validation }),
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

async function deliver(payload: unknown) {
  const response = await fetch(url, { method: "POST", ...signedDelivery(SECRET, payload) });
  return response.status;
}

describe("routing detected from the payload schemas", () => {
  it("routes by the nested constant field, to the right handler", async () => {
    expect(webhooksSource).toContain('"field": "meta.event"');
    expect(reported).toEqual([]);
    received.length = 0;
    const data = { id: "in_1", amount: 5 };
    expect(await deliver({ meta: { event: "invoice.paid" }, data, paid_at: "now" })).toBe(200);
    expect(await deliver({ meta: { event: "invoice.created" }, data })).toBe(200);
    expect(received.map((r) => r.webhook)).toEqual(["invoice.paid", "invoice.created"]);
  });

  it("routes a delivery that drifts from its schema (no validator accepts it) by the field too", async () => {
    received.length = 0;
    expect(await deliver({ meta: { event: "invoice.paid" }, data: { amount: "5" } })).toBe(200);
    expect(received).toMatchObject([{ webhook: "invoice.paid", validation: { state: "invalid" } }]);
    expect(await deliver({ meta: { event: "invoice.voided" }, data: { id: "x" } })).toBe(404);
  });
});
