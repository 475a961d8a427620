/**
 * `verify --webhooks` with the schemes that sign a JWT with a key pair: Plaid (ES256 over the body's
 * hash) and Google Pub/Sub push (RS256 OIDC token, no body in it). verify signs with the private JWK;
 * the runtime receiver, configured as a consumer would be, passes every case, the one signed with
 * another key under the same `kid` included; a server that answers 200 to everything is caught
 * accepting each delivery it should refuse.
 */
import { generateKeyPairSync } from "node:crypto";
import type { Server } from "node:http";
import { buildIR, type LoadedSpec, loadSpecFromString } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import {
  createReceiver,
  googlePubsubSignature,
  type SignatureConfig,
  type SignatureScheme,
} from "@contract/runtime/webhooks";
import { checkReceiver, type WebhookContract, webhookContract } from "@contract/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenLocal } from "../lib/listen.js";
import { ajvWebhookLookup, webhookDescriptors } from "../webhooks/ajv-lookup.js";
import { SPEC, SPEC_PATH } from "./handshake-fixture.js";

const KID = "bfbd5111-8e33-4643-8ced-b2e642a72f3c";
const EMAIL = "push-invoker@my-project.iam.gserviceaccount.com";
const privateJwkOf = (kind: "ec" | "rsa", alg: string) => ({
  ...(kind === "ec"
    ? generateKeyPairSync("ec", { namedCurve: "P-256" })
    : generateKeyPairSync("rsa", { modulusLength: 2048 })
  ).privateKey.export({ format: "jwk" }),
  kid: KID,
  alg,
});
const publicHalf = (jwk: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(jwk).filter(([field]) => !["d", "p", "q", "dp", "dq", "qi"].includes(field)),
  );
const plaidKey = privateJwkOf("ec", "ES256");
const googleKey = privateJwkOf("rsa", "RS256");

let loaded: LoadedSpec;
let contract: WebhookContract;
let certsUrl: string;
const servers: Server[] = [];
async function serve(listener: Parameters<typeof listenLocal>[0]): Promise<string> {
  const { server, url } = await listenLocal(listener);
  servers.push(server);
  return `${url}hooks`;
}
beforeAll(async () => {
  loaded = await loadSpecFromString(SPEC, { path: SPEC_PATH });
  contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
  // Google's certificate endpoint, serving the public half of the key verify signs with.
  certsUrl = await serve((_req, res) =>
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ keys: [publicHalf(googleKey)] })),
  );
});
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

interface Case {
  name: string;
  /** What verify signs with. */
  signature: SignatureConfig;
  secret: string;
  /** The receiver's scheme, as the consumer configures it. */
  receiver: () => SignatureScheme | SignatureConfig;
  receiverSecret: string;
  /** Deliveries a lax server is caught accepting. */
  caught: string[];
}
const CASES: Case[] = [
  {
    name: "plaid",
    signature: "plaid",
    secret: JSON.stringify(plaidKey),
    receiver: () => "plaid",
    receiverSecret: JSON.stringify(publicHalf(plaidKey)),
    caught: ["accepted-unsigned", "accepted-tampered", "accepted-wrong-secret", "accepted-stale"],
  },
  {
    name: "google-pubsub",
    signature: { type: "google-pubsub", serviceAccountEmail: EMAIL },
    secret: JSON.stringify(googleKey),
    receiver: () => googlePubsubSignature({ secrets: EMAIL, certsUrl }),
    receiverSecret: EMAIL,
    // The token does not cover the body: verify sends no tampered delivery (see `skipped`).
    caught: ["accepted-unsigned", "accepted-wrong-secret", "accepted-stale"],
  },
];

describe.each(CASES)("verify --webhooks with $name", (c) => {
  const check = (url: string) => checkReceiver({ contract, url, secret: c.secret, signature: c.signature });

  it("the runtime receiver passes every case, the wrong-key one included", async () => {
    const ir = buildIR(loaded.document);
    const receiver = createReceiver(
      { webhooks: webhookDescriptors(ir), validators: ajvWebhookLookup(ir) },
      {
        secret: c.receiverSecret,
        signature: c.receiver(),
        handlers: { "message.created": () => {} },
        onError: () => {},
        onValidationError: () => {},
      },
    );
    const report = await check(await serve(toNodeListener(receiver)));
    expect(report.findings).toEqual([]);
    expect(report.checked.length).toBeGreaterThan(0);
    expect(report.skipped.map((s) => s.reason).join("\n")).not.toMatch(/wrong-secret/);
  });

  it("a server that answers 200 to everything is caught on each delivery it should refuse", async () => {
    const report = await check(await serve((_req, res) => res.writeHead(200).end()));
    const rules = new Set(report.findings.map((f) => f.rule));
    for (const rule of c.caught) expect(rules).toContain(rule);
  });
});
