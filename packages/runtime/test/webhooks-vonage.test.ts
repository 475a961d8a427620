/**
 * Vonage signed webhooks (Messages, Voice, Verify): `Authorization: Bearer <JWT>`, HS256 with the
 * account's signature secret, whose `payload_hash` claim is the hex SHA-256 of the body. Tokens as
 * Vonage documents them are made here with `jose`; ours are checked with Vonage's own
 * `@vonage/jwt` (`verifySignature`). Over HTTP on 127.0.0.1 through the node:http adapter.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { verifySignature } from "@vonage/jwt";
import { decodeJwt, SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import { resolveSignatureScheme } from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, serveReceiver } from "./signed-receiver.js";

const SECRET = "sK8mE2pQ9rT4vW7yZ1bC3dF6gH0jL5nX";
const BODY = JSON.stringify({
  message_uuid: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab",
  to: "447700900000",
  from: "447700900001",
  timestamp: "2026-12-08T01:02:03.456Z",
  status: "delivered",
  channel: "sms",
});
const now = () => Math.floor(Date.now() / 1000);
const hash = (body: string) => createHash("sha256").update(body).digest("hex");

/** A token as Vonage signs one. */
const token = (claims: Record<string, unknown> = {}, secret = SECRET, alg = "HS256") =>
  new SignJWT({
    jti: randomUUID(),
    iss: "Vonage",
    payload_hash: hash(BODY),
    api_key: "abcd1234",
    application_id: "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
    ...claims,
  })
    .setProtectedHeader({ alg, typ: "JWT" })
    .setIssuedAt((claims.iat as number | undefined) ?? now())
    .sign(new TextEncoder().encode(secret));

const receiving = () =>
  serveReceiver("status", resolveSignatureScheme("vonage", ["old-secret-value-000000000000", SECRET]));
const deliver = (url: string, authorization: string | undefined, body = BODY) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });

afterEach(closeReceivers);

describe("vonage", () => {
  it("accepts Vonage's token for the body, under any of the secrets", async () => {
    const { url, handled } = await receiving();
    expect((await deliver(url, `Bearer ${await token()}`)).status).toBe(200);
    expect(handled.map((h) => h.payload)).toEqual([JSON.parse(BODY)]);
  });

  it("refuses another body, another secret, a stale token, another algorithm, none; before any handler", async () => {
    const { url, handled } = await receiving();
    const status = async (authorization: string | undefined, body = BODY) =>
      (await deliver(url, authorization, body)).status;
    expect(await status(`Bearer ${await token()}`, `${BODY} `)).toBe(401);
    expect(await status(`Bearer ${await token({ payload_hash: undefined })}`)).toBe(401);
    expect(await status(`Bearer ${await token({}, "another-secret-value-0000000000")}`)).toBe(401);
    expect(await status(`Bearer ${await token({ iat: now() - 3600 })}`)).toBe(401);
    expect(await status(`Bearer ${await token({}, SECRET, "HS512")}`)).toBe(401);
    expect(await status(undefined)).toBe(401);
    expect(await status("Bearer x.y.z")).toBe(401);
    expect(handled).toEqual([]);
  });

  it("refuses a token whose header names another algorithm, though its HS256 MAC is right", async () => {
    const { url, handled } = await receiving();
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const withHeader = (header: Record<string, unknown>) => {
      const signed = `${encode(header)}.${encode({ iat: now(), iss: "Vonage", payload_hash: hash(BODY) })}`;
      return `${signed}.${createHmac("sha256", SECRET).update(signed).digest("base64url")}`;
    };
    expect((await deliver(url, `Bearer ${withHeader({ alg: "HS256", typ: "JWT" })}`)).status).toBe(200);
    expect((await deliver(url, `Bearer ${withHeader({ alg: "none", typ: "JWT" })}`)).status).toBe(401);
    expect(handled).toHaveLength(1);
  });

  it("our sender signs as Vonage does: @vonage/jwt verifies the token, its payload_hash is the body's", async () => {
    const { url, handled } = await receiving();
    const sender = createWebhookSender<{ status: unknown }>(oneWebhook("status", "vonage"), {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
    });
    const result = await sender.send("status", JSON.parse(BODY));
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(handled).toHaveLength(1);
    const request = result.attempts[0]!.request;
    const sent = (request.headers.authorization as string).slice("Bearer ".length);
    expect(verifySignature(sent, SECRET)).toBe(true);
    expect(verifySignature(sent, "another-secret-value-0000000000")).toBe(false);
    expect(decodeJwt(sent)).toMatchObject({ iss: "Vonage", payload_hash: hash(String(request.body)) });
  });
});
