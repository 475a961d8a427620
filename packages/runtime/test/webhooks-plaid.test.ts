/**
 * Plaid: `Plaid-Verification` is an ES256 JWT (`kid` in its header; `iat` and
 * `request_body_sha256` in its claims), whose key the receiver fetches from Plaid's
 * `/webhook_verification_key/get` with the app's credentials. Tokens are made and checked with
 * `jose`; Plaid's API is a node:http server on 127.0.0.1 answering as Plaid documents; deliveries go
 * over HTTP through the node:http adapter.
 */
import { createHash, type KeyObject, sign as signWithNode } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, jwtVerify, type KeyLike, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import { plaidSignature, resolveSignatureScheme, type SignatureScheme } from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, serveReceiver } from "./signed-receiver.js";

const BODY = JSON.stringify({
  webhook_type: "TRANSACTIONS",
  webhook_code: "SYNC_UPDATES_AVAILABLE",
  item_id: "wz666MBjYWTp2PDzzggYhM6oWWmBb",
  initial_update_complete: true,
  historical_update_complete: false,
  environment: "production",
});
const KID = "bfbd5111-8e33-4643-8ced-b2e642a72f3c";
const CLIENT_ID = "5e8a7b1c2d3f4a0012345678";
const SECRET = "0123456789abcdef0123456789abcd";
const now = () => Math.floor(Date.now() / 1000);
const bodyHash = (body: string) => createHash("sha256").update(body).digest("hex");

let privateKey: KeyLike;
let publicJwk: JWK;
let privateJwk: JWK;
/** The fake Plaid API: what it was asked, and how it answers. */
let api: Server;
let apiUrl: string;
const asked: Array<{ client_id?: string; secret?: string; key_id?: string }> = [];
const plaid = { status: 200, expiredAt: null as number | null };

beforeAll(async () => {
  const pair = await generateKeyPair("ES256", { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: "ES256", use: "sig" };
  privateJwk = { ...(await exportJWK(pair.privateKey)), kid: KID, alg: "ES256" };
  api = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      const request = JSON.parse(text);
      asked.push(request);
      res.setHeader("content-type", "application/json");
      if (req.url !== "/webhook_verification_key/get" || req.method !== "POST")
        return res.writeHead(404).end("{}");
      if (request.client_id !== CLIENT_ID || request.secret !== SECRET)
        return res
          .writeHead(400)
          .end(JSON.stringify({ error_type: "INVALID_INPUT", error_code: "INVALID_API_KEYS" }));
      if (plaid.status !== 200) return res.writeHead(plaid.status).end("{}");
      if (request.key_id !== KID)
        return res.writeHead(400).end(
          JSON.stringify({
            error_type: "INVALID_INPUT",
            error_code: "INVALID_WEBHOOK_VERIFICATION_KEY_ID",
          }),
        );
      const key = { ...publicJwk, created_at: 1560466150, expired_at: plaid.expiredAt };
      res.writeHead(200).end(JSON.stringify({ key, request_id: "Ga1Ih1sbF7bXTIL" }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => api.close(() => resolve())));
afterEach(async () => {
  asked.length = 0;
  plaid.status = 200;
  plaid.expiredAt = null;
  await closeReceivers();
});

/** A token as Plaid makes one. */
const token = (claims: { iat?: number; body?: string; kid?: string; alg?: "ES256" } = {}) =>
  new SignJWT({ request_body_sha256: bodyHash(claims.body ?? BODY) })
    .setProtectedHeader({ alg: claims.alg ?? "ES256", kid: claims.kid ?? KID, typ: "JWT" })
    .setIssuedAt(claims.iat ?? now())
    .sign(privateKey);

const receiving = (
  scheme: SignatureScheme = plaidSignature({ secrets: `${CLIENT_ID}:${SECRET}`, apiBaseUrl: apiUrl }),
) => serveReceiver("transactions", scheme);
const deliver = async (url: string, verification: string | undefined, body = BODY) =>
  fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(verification ? { "plaid-verification": verification } : {}),
    },
    body,
  });

describe("plaid", () => {
  it("verifies Plaid's token with the key fetched once from /webhook_verification_key/get", async () => {
    const { url, handled } = await receiving();
    expect((await deliver(url, await token())).status).toBe(200);
    expect((await deliver(url, await token())).status).toBe(200);
    expect(handled.map((h) => h.payload)).toEqual([JSON.parse(BODY), JSON.parse(BODY)]);
    expect(asked).toEqual([{ client_id: CLIENT_ID, secret: SECRET, key_id: KID }]);
  });

  it("refuses a changed body, a stale or future token, no token and a malformed one, before any handler", async () => {
    const { url, handled } = await receiving();
    expect((await deliver(url, await token(), `${BODY} `)).status).toBe(401);
    expect((await deliver(url, await token({ iat: now() - 6 * 60 }))).status).toBe(401);
    expect((await deliver(url, await token({ iat: now() + 6 * 60 }))).status).toBe(401);
    expect((await deliver(url, undefined)).status).toBe(401);
    expect((await deliver(url, "not.a-jwt")).status).toBe(401);
    const [header, payload, signature] = (await token()).split(".");
    // Another algorithm in the header (alg confusion, or none) is refused whatever the rest says.
    const none = Buffer.from(JSON.stringify({ alg: "none", kid: KID, typ: "JWT" })).toString("base64url");
    expect((await deliver(url, `${none}.${payload}.`)).status).toBe(401);
    expect((await deliver(url, `${header}.${payload}.${signature?.slice(0, -4)}AAAA`)).status).toBe(401);
    expect(handled).toEqual([]);
  });

  it("refuses a token whose header names another algorithm, though its ES256 signature is right", async () => {
    const { url, handled } = await receiving();
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const withHeader = (header: Record<string, unknown>) => {
      const signed = `${encode(header)}.${encode({ iat: now(), request_body_sha256: bodyHash(BODY) })}`;
      const signature = signWithNode("sha256", Buffer.from(signed), {
        key: privateKey as KeyObject,
        dsaEncoding: "ieee-p1363",
      });
      return `${signed}.${signature.toString("base64url")}`;
    };
    expect((await deliver(url, withHeader({ alg: "ES256", kid: KID, typ: "JWT" }))).status).toBe(200);
    expect((await deliver(url, withHeader({ alg: "HS256", kid: KID, typ: "JWT" }))).status).toBe(401);
    expect((await deliver(url, withHeader({ alg: "ES256", typ: "JWT" }))).status).toBe(401);
    expect(handled).toHaveLength(1);
  });

  it("refuses a token under a key Plaid does not know or has expired; asks once per unknown key", async () => {
    const { url } = await receiving();
    const other = "0a5c7d3e-1111-4222-8333-944445555666";
    expect((await deliver(url, await token({ kid: other }))).status).toBe(401);
    expect((await deliver(url, await token({ kid: other }))).status).toBe(401);
    expect(asked.filter((a) => a.key_id === other)).toHaveLength(1);
    plaid.expiredAt = now() - 60;
    const { url: fresh } = await receiving();
    expect((await deliver(fresh, await token())).status).toBe(401);
  });

  it("asks Plaid again about a key after a day: one it has expired since then stops verifying", async () => {
    const { url } = await receiving();
    expect((await deliver(url, await token())).status).toBe(200);
    plaid.expiredAt = now();
    // The scheme's clock moves on a day; the receiver keeps its own (the token is fresh to it).
    const start = Date.now();
    const iat = Math.floor(start / 1000);
    const clock = vi.spyOn(Date, "now");
    try {
      clock.mockReturnValue(start + 23 * 3600 * 1000);
      expect((await deliver(url, await token({ iat }))).status).toBe(200); // kept
      clock.mockReturnValue(start + 25 * 3600 * 1000);
      expect((await deliver(url, await token({ iat }))).status).toBe(401); // asked again: expired
    } finally {
      clock.mockRestore();
    }
    expect(asked).toHaveLength(2);
  });

  it("answers 5xx when Plaid's API fails, so Plaid retries, and asks again next time", async () => {
    const { url, handled } = await receiving();
    plaid.status = 503;
    expect((await deliver(url, await token())).status).toBeGreaterThanOrEqual(500);
    plaid.status = 200;
    expect((await deliver(url, await token())).status).toBe(200);
    expect(asked).toHaveLength(2);
    expect(handled).toHaveLength(1);
  });

  it("takes the public key itself as a secret (no API call)", async () => {
    const { url, handled } = await receiving(resolveSignatureScheme("plaid", JSON.stringify(publicJwk)));
    expect((await deliver(url, await token())).status).toBe(200);
    expect(handled).toHaveLength(1);
    expect(asked).toEqual([]);
  });

  it("asks the environment a config names: production by default, sandbox when it says so", async () => {
    const asked: string[] = [];
    vi.stubGlobal("fetch", async (url: unknown) => {
      asked.push(String(url));
      return new Response(JSON.stringify({ error_code: "INVALID_WEBHOOK_VERIFICATION_KEY_ID" }), {
        status: 400,
      });
    });
    try {
      const jwt = await token();
      const read = {
        headers: (name: string) => (name === "plaid-verification" ? jwt : undefined),
        body: new TextEncoder().encode(BODY),
        now: now(),
        toleranceSeconds: 300,
      };
      await resolveSignatureScheme("plaid", `${CLIENT_ID}:${SECRET}`).verify(read);
      await resolveSignatureScheme(
        { type: "plaid", environment: "sandbox" },
        `${CLIENT_ID}:${SECRET}`,
      ).verify(read);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(asked).toEqual([
      "https://production.plaid.com/webhook_verification_key/get",
      "https://sandbox.plaid.com/webhook_verification_key/get",
    ]);
  });

  it("a configured key that cannot be imported fails the deliveries naming it (5xx), not the process", async () => {
    const broken = JSON.stringify({ kty: "EC", crv: "P-256", kid: KID, x: "AAAA", y: "AAAA" });
    const { url, handled, errors } = await receiving(resolveSignatureScheme("plaid", broken));
    // Left alone for a while: an unhandled rejection here would fail this test run.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await deliver(url, await token())).status).toBeGreaterThanOrEqual(500);
    expect(handled).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it("credentials Plaid refuses are the receiver's fault: 5xx (Plaid retries) and onError is told", async () => {
    const { url, handled, errors } = await receiving(
      plaidSignature({ secrets: `${CLIENT_ID}:wrong`, apiBaseUrl: apiUrl }),
    );
    expect((await deliver(url, await token())).status).toBeGreaterThanOrEqual(500);
    expect(handled).toEqual([]);
    expect(String((errors[0] as Error).cause)).toContain("INVALID_API_KEYS");
  });

  it("our sender signs as Plaid does: jose verifies the token, our receiver handles it", async () => {
    const { url, handled } = await receiving(resolveSignatureScheme("plaid", JSON.stringify(publicJwk)));
    const sender = createWebhookSender<{ transactions: unknown }>(oneWebhook("transactions", "plaid"), {
      secret: JSON.stringify(privateJwk),
      endpoints: url,
      allowPrivateTargets: true,
    });
    const result = await sender.send("transactions", JSON.parse(BODY));
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(handled).toHaveLength(1);
    const request = result.attempts[0]!.request;
    const sent = request.headers["plaid-verification"] as string;
    const verified = await jwtVerify(sent, await importJwkKey(publicJwk), {
      algorithms: ["ES256"],
      maxTokenAge: "5 min",
    });
    expect(verified.protectedHeader).toMatchObject({ alg: "ES256", kid: KID });
    expect(verified.payload.request_body_sha256).toBe(bodyHash(String(request.body)));
  });
});

async function importJwkKey(jwk: JWK) {
  const { importJWK } = await import("jose");
  return importJWK(jwk, "ES256");
}
