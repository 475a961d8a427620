/**
 * Notion: creating a subscription POSTs `{"verification_token": "secret_…"}`, unsigned; that token
 * is then the key of `X-Notion-Signature: sha256=<hex HMAC-SHA256 of the body>` on every event, as
 * Notion documents it (computed here with node:crypto). Over HTTP on 127.0.0.1 through the
 * node:http adapter.
 */
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import { notionSignature, resolveSignatureScheme, type SignatureScheme } from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, reasonOf, serveReceiver, verifyWith } from "./signed-receiver.js";

const TOKEN = "secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl";
const EVENT = {
  id: "367cba44-b6f3-4c92-81e7-6a2e9659efd4",
  timestamp: "2024-12-05T23:55:34.285Z",
  workspace_id: "13950b26-c203-4f3b-b97d-93ec06319565",
  subscription_id: "29d75c0d-5546-4414-8459-7b7a92f1fc4b",
  integration_id: "0ef2e755-4912-8096-91c1-00376a88a5ca",
  type: "page.created",
  authors: [{ id: "c7c11cca-1d73-471d-9b6e-bdef51470190", type: "person" }],
  entity: { id: "153104cd-477e-809d-8dc4-ff2d96ae3090", type: "page" },
  data: { parent: { id: "13950b26-c203-4f3b-b97d-93ec06319565", type: "space" } },
  attempt_number: 1,
};
const BODY = JSON.stringify(EVENT);
const sign = (token: string, body = BODY) =>
  `sha256=${createHmac("sha256", token).update(body).digest("hex")}`;
const verify = (scheme: SignatureScheme, headers: Record<string, string>, body = BODY) =>
  verifyWith(scheme, headers, body);
const verification = (token: string) => JSON.stringify({ verification_token: token });

afterEach(closeReceivers);
const definition = oneWebhook("page.created", "notion");

describe("notion", () => {
  it("the verification request: handed to onVerificationToken, whose token then verifies events", async () => {
    const received: string[] = [];
    const { url, handled } = await serveReceiver(
      "page.created",
      notionSignature({
        onVerificationToken: (token) => {
          received.push(token);
          return true;
        },
      }),
    );
    // Before the verification request no token is known: an event is refused.
    const early = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-notion-signature": sign(TOKEN) },
      body: BODY,
    });
    expect(early.status).toBe(401);
    const handshake = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: verification(TOKEN),
    });
    expect(handshake.status).toBe(200);
    expect(received).toEqual([TOKEN]);
    expect(handled).toEqual([]); // the verification request is no event
    const delivered = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-notion-signature": sign(TOKEN) },
      body: BODY,
    });
    expect(delivered.status).toBe(200);
    expect(handled).toEqual([{ id: EVENT.id, payload: EVENT }]);
  });

  it("a verification request no onVerificationToken accepts is refused (403), and its token verifies nothing", async () => {
    const refusing = notionSignature({ secrets: TOKEN, onVerificationToken: () => false });
    const { url, handled } = await serveReceiver("page.created", refusing);
    const answer = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: verification("secret_planted"),
    });
    expect(answer.status).toBe(403);
    expect(handled).toEqual([]);
    expect(reasonOf(await verify(refusing, { "x-notion-signature": sign("secret_planted") }))).toBe(
      "bad-signature",
    );
    // Configured from JSON ("notion"): no callback, so no verification request is accepted.
    const configured = resolveSignatureScheme("notion", TOKEN);
    const answered = await configured.unsignedHandshake?.({
      method: "POST",
      headers: () => undefined,
      body: new TextEncoder().encode(verification("secret_planted")),
    });
    expect(answered?.status).toBe(403);
    // A signed body that happens to hold a verification_token is an event, not a handshake.
    const signedLookalike = await configured.unsignedHandshake?.({
      method: "POST",
      headers: (name) => (name === "x-notion-signature" ? sign(TOKEN, verification("x")) : undefined),
      body: new TextEncoder().encode(verification("x")),
    });
    expect(signedLookalike).toBeUndefined();
  });

  it("events: the documented HMAC passes; a changed body, another token, no sha256= prefix, none or not hex fail", async () => {
    const scheme = resolveSignatureScheme("notion", ["secret_old", TOKEN]);
    expect(reasonOf(await verify(scheme, { "x-notion-signature": sign(TOKEN) }))).toBe("ok");
    expect(reasonOf(await verify(scheme, { "x-notion-signature": sign(TOKEN) }, `${BODY} `))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify(scheme, { "x-notion-signature": sign("secret_other") }))).toBe(
      "bad-signature",
    );
    expect(
      reasonOf(await verify(scheme, { "x-notion-signature": sign(TOKEN).slice("sha256=".length) })),
    ).toBe("malformed-signature");
    expect(reasonOf(await verify(scheme, {}))).toBe("missing-signature");
    expect(reasonOf(await verify(scheme, { "x-notion-signature": "sha256=zz" }))).toBe("malformed-signature");
  });

  it("our sender signs as Notion does, and our receiver handles it under the event id", async () => {
    const { url, handled } = await serveReceiver("page.created", resolveSignatureScheme("notion", TOKEN));
    const sender = createWebhookSender<{ "page.created": unknown }>(definition, {
      secret: TOKEN,
      endpoints: url,
      allowPrivateTargets: true,
    });
    const result = await sender.send("page.created", EVENT);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.attempts[0]?.request.headers["x-notion-signature"]).toBe(sign(TOKEN));
    expect(handled).toEqual([{ id: EVENT.id, payload: EVENT }]);
  });
});
