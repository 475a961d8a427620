/**
 * `verify --webhooks` with Plaid's scheme, whose tokens verify keys a sender holds as a private JWK:
 * the runtime receiver (configured with the public JWK) passes every case — valid deliveries,
 * a replay, unsigned, tampered, stale, and signed with another key under the same `kid` — and a
 * server that answers 200 to everything is caught accepting each one that should be refused.
 */
import { generateKeyPairSync } from "node:crypto";
import type { Server } from "node:http";
import { buildIR, type LoadedSpec, loadSpecFromString } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import { createReceiver } from "@contract/runtime/webhooks";
import { checkReceiver, type WebhookContract, webhookContract } from "@contract/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenLocal } from "../lib/listen.js";
import { ajvWebhookLookup, webhookDescriptors } from "../webhooks/ajv-lookup.js";
import { SPEC, SPEC_PATH } from "./handshake-fixture.js";

const KID = "bfbd5111-8e33-4643-8ced-b2e642a72f3c";
const privateJwk = {
  ...generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }),
  kid: KID,
  alg: "ES256",
};
const { d: _d, ...publicJwk } = privateJwk;

let loaded: LoadedSpec;
let contract: WebhookContract;
const servers: Server[] = [];
beforeAll(async () => {
  loaded = await loadSpecFromString(SPEC, { path: SPEC_PATH });
  contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
});
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function serve(listener: Parameters<typeof listenLocal>[0]): Promise<string> {
  const { server, url } = await listenLocal(listener);
  servers.push(server);
  return `${url}hooks`;
}

const check = (url: string) =>
  checkReceiver({ contract, url, secret: JSON.stringify(privateJwk), signature: "plaid" });

describe("verify --webhooks with plaid", () => {
  it("the runtime receiver passes every case, the wrong-key one included", async () => {
    const ir = buildIR(loaded.document);
    const receiver = createReceiver(
      { webhooks: webhookDescriptors(ir), validators: ajvWebhookLookup(ir), signature: "plaid" },
      {
        secret: JSON.stringify(publicJwk),
        handlers: { "message.created": () => {} },
        onError: () => {},
        onValidationError: () => {},
      },
    );
    const report = await check(await serve(toNodeListener(receiver)));
    expect(report.findings).toEqual([]);
    expect(report.skipped.map((s) => s.reason).join("\n")).not.toMatch(/wrong-secret|stale|tampered/);
  });

  it("a server that answers 200 to everything is caught on each delivery it should refuse", async () => {
    const report = await check(await serve((_req, res) => res.writeHead(200).end()));
    const rules = new Set(report.findings.map((f) => f.rule));
    for (const rule of ["accepted-unsigned", "accepted-tampered", "accepted-wrong-secret", "accepted-stale"])
      expect(rules).toContain(rule);
  });
});
