/**
 * Google Cloud Pub/Sub push with authentication: each push carries `Authorization: Bearer <OIDC
 * token>`, RS256-signed by Google for the subscription's service account, with the audience the
 * subscription names (by default its push endpoint). Tokens are made and checked with `jose`;
 * Google's certificate endpoint is a node:http server on 127.0.0.1 serving a JWKS as Google does;
 * pushes go over HTTP through the node:http adapter.
 */
import { type KeyObject, sign as signWithNode } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, type KeyLike, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import {
  googlePubsubSignature,
  resolveSignatureScheme,
  type SignatureScheme,
} from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, serveReceiver } from "./signed-receiver.js";

const EMAIL = "push-invoker@my-project.iam.gserviceaccount.com";
const KID = "a50f6e70ef4b548a5fd9142eecd1fb8f54dce9ee";
const PUSH = {
  message: {
    attributes: { eventType: "OBJECT_FINALIZE" },
    data: Buffer.from('{"name":"invoice.pdf"}').toString("base64"),
    messageId: "2070443601311540",
    publishTime: "2026-12-08T01:02:03.456Z",
  },
  subscription: "projects/my-project/subscriptions/orders-push",
};
const BODY = JSON.stringify(PUSH);
const now = () => Math.floor(Date.now() / 1000);

let googleKey: KeyLike;
let publicJwk: JWK;
let privateJwk: JWK;
let certs: Server;
let certsUrl: string;
let certsServed = 0;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  googleKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: "RS256", use: "sig" };
  privateJwk = { ...(await exportJWK(pair.privateKey)), kid: KID, alg: "RS256" };
  certs = createServer((_req, res) => {
    certsServed++;
    res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=20000" });
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => certs.listen(0, "127.0.0.1", resolve));
  certsUrl = `http://127.0.0.1:${(certs.address() as AddressInfo).port}/oauth2/v3/certs`;
});
afterAll(() => new Promise<void>((resolve) => certs.close(() => resolve())));
afterEach(async () => {
  certsServed = 0;
  await closeReceivers();
});

/** A token as Google makes one for a push subscription. */
const token = (
  aud: string,
  claims: Record<string, unknown> = {},
  header: { alg?: string; kid?: string } = {},
  key: KeyLike = googleKey,
) =>
  new SignJWT({ email: EMAIL, email_verified: true, sub: "112233445566778899000", ...claims })
    .setProtectedHeader({ alg: header.alg ?? "RS256", kid: header.kid ?? KID, typ: "JWT" })
    .setIssuer((claims.iss as string | undefined) ?? "https://accounts.google.com")
    .setAudience(aud)
    .setIssuedAt((claims.iat as number | undefined) ?? now())
    .setExpirationTime((claims.exp as number | undefined) ?? now() + 3600)
    .sign(key);

const receiving = (scheme?: SignatureScheme) =>
  serveReceiver("push", scheme ?? googlePubsubSignature({ secrets: EMAIL, certsUrl }));
const push = (url: string, authorization: string | undefined, body = BODY) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });

describe("google-pubsub", () => {
  it("accepts Google's token for the push endpoint, with Google's keys read once; messageId is the delivery id", async () => {
    const { url, handled } = await receiving();
    expect((await push(url, `Bearer ${await token(url)}`)).status).toBe(200);
    expect((await push(url, `Bearer ${await token(url)}`)).status).toBe(200);
    expect(handled).toEqual([{ id: PUSH.message.messageId, payload: PUSH }]);
    expect(certsServed).toBe(1);
  });

  it("refuses another audience, service account, issuer, an expired or unverified token, none, before any handler", async () => {
    const { url, handled } = await receiving();
    const refused = async (authorization: string | undefined) => (await push(url, authorization)).status;
    expect(await refused(`Bearer ${await token("https://elsewhere.example/push")}`)).toBe(401);
    expect(
      await refused(`Bearer ${await token(url, { email: "intruder@evil.iam.gserviceaccount.com" })}`),
    ).toBe(401);
    expect(await refused(`Bearer ${await token(url, { email_verified: false })}`)).toBe(401);
    expect(await refused(`Bearer ${await token(url, { iss: "https://evil.example" })}`)).toBe(401);
    expect(await refused(`Bearer ${await token(url, { iat: now() - 7200, exp: now() - 3600 })}`)).toBe(401);
    // Valid only before its exp (RFC 7519): a token an hour old, at its exp, is expired.
    expect(await refused(`Bearer ${await token(url, { iat: now() - 3600, exp: now() })}`)).toBe(401);
    expect(await refused(undefined)).toBe(401);
    expect(await refused("Bearer not-a-jwt")).toBe(401);
    expect(await refused(`Basic ${Buffer.from("a:b").toString("base64")}`)).toBe(401);
    expect(handled).toEqual([]);
  });

  it("refuses a token signed by another key under Google's kid, or naming another algorithm", async () => {
    const { url, handled } = await receiving();
    const other = await generateKeyPair("RS256");
    expect((await push(url, `Bearer ${await token(url, {}, {}, other.privateKey)}`)).status).toBe(401);
    // Google's key signs, but the header names another algorithm (or no key): refused all the same.
    const [, payload] = (await token(url)).split(".");
    const withHeader = (header: Record<string, unknown>) => {
      const signed = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${payload}`;
      return `${signed}.${signWithNode("sha256", Buffer.from(signed), googleKey as KeyObject).toString("base64url")}`;
    };
    const control = await push(url, `Bearer ${withHeader({ alg: "RS256", kid: KID, typ: "JWT" })}`);
    expect(control.status).toBe(200);
    expect((await push(url, `Bearer ${withHeader({ alg: "HS256", kid: KID, typ: "JWT" })}`)).status).toBe(
      401,
    );
    expect((await push(url, `Bearer ${withHeader({ alg: "RS256", typ: "JWT" })}`)).status).toBe(401);
    expect(handled).toHaveLength(1);
  });

  it("reads Google's keys again for a kid it has not seen (rotation), at most once a minute", async () => {
    const { url, handled } = await receiving();
    const unknown = await token(url, {}, { kid: "0000000000000000000000000000000000000000" });
    expect((await push(url, `Bearer ${await token(url)}`)).status).toBe(200);
    expect((await push(url, `Bearer ${unknown}`)).status).toBe(401);
    expect((await push(url, `Bearer ${unknown}`)).status).toBe(401);
    expect(certsServed).toBe(1); // read once: the unknown kid arrived less than a minute after
    expect(handled).toHaveLength(1);
  });

  it("checks the configured audience instead of the URL when the subscription names one", async () => {
    const audience = "https://hooks.example.com/pubsub";
    const { url } = await receiving(googlePubsubSignature({ secrets: [EMAIL], audience, certsUrl }));
    expect((await push(url, `Bearer ${await token(audience)}`)).status).toBe(200);
    expect((await push(url, `Bearer ${await token(url)}`)).status).toBe(401);
  });

  it("our sender writes such a token: jose verifies it with Google's claims, our receiver accepts it", async () => {
    const audience = "https://hooks.example.com/pubsub";
    const { url, handled } = await receiving(googlePubsubSignature({ secrets: EMAIL, audience, certsUrl }));
    const definition = oneWebhook("push", {
      type: "google-pubsub",
      audience,
      serviceAccountEmail: EMAIL,
    } as never);
    const sender = createWebhookSender<{ push: unknown }>(definition, {
      secret: JSON.stringify(privateJwk),
      endpoints: url,
      allowPrivateTargets: true,
    });
    const result = await sender.send("push", PUSH);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(handled).toHaveLength(1);
    const authorization = result.attempts[0]!.request.headers.authorization as string;
    const verified = await jwtVerify(
      authorization.slice("Bearer ".length),
      await importJWK(publicJwk, "RS256"),
      {
        algorithms: ["RS256"],
        audience,
        issuer: "https://accounts.google.com",
      },
    );
    expect(verified.payload).toMatchObject({ email: EMAIL, email_verified: true });
    expect(resolveSignatureScheme("google-pubsub", EMAIL).name).toBe("google-pubsub");
  });
});
