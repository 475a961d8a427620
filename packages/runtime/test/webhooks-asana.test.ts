/**
 * Asana: the X-Hook-Secret handshake hands the secret over; later deliveries carry
 * X-Hook-Signature (hex HMAC-SHA256 of the body, as Asana documents it, computed here with
 * node:crypto). Over HTTP on 127.0.0.1 through the node:http adapter.
 */
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import { asanaSignature, resolveSignatureScheme, type SignatureScheme } from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, reasonOf, serveReceiver, verifyWith } from "./signed-receiver.js";

const BODY = JSON.stringify({
  events: [{ action: "changed", resource: { gid: "1200", resource_type: "task" } }],
});
const sign = (secret: string, body = BODY) => createHmac("sha256", secret).update(body).digest("hex");
const verify = (scheme: SignatureScheme, headers: Record<string, string>, body = BODY) =>
  verifyWith(scheme, headers, body);

afterEach(closeReceivers);
const definition = oneWebhook("events", "asana");

describe("asana", () => {
  it("the handshake: accepted by onHookSecret, echoed in X-Hook-Secret; its secret then verifies deliveries", async () => {
    const accepted: string[] = [];
    const { url, handled } = await serveReceiver(
      "events",
      asanaSignature({
        onHookSecret: (secret) => {
          accepted.push(secret);
          return true;
        },
      }),
    );
    const secret = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";
    // Before the handshake no secret is known: a delivery is refused.
    const early = await fetch(url, {
      method: "POST",
      headers: { "x-hook-signature": sign(secret) },
      body: BODY,
    });
    expect(early.status).toBe(401);
    const handshake = await fetch(url, { method: "POST", headers: { "x-hook-secret": secret } });
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get("x-hook-secret")).toBe(secret);
    expect(accepted).toEqual([secret]);
    const delivered = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hook-signature": sign(secret) },
      body: BODY,
    });
    expect(delivered.status).toBe(200);
    expect(handled.map((h) => h.payload)).toEqual([JSON.parse(BODY)]);
  });

  it("a handshake no onHookSecret accepts is refused (403), and its secret verifies nothing", async () => {
    const refusing = asanaSignature({ secrets: "kept-secret", onHookSecret: () => false });
    const { url } = await serveReceiver("events", refusing);
    const answer = await fetch(url, { method: "POST", headers: { "x-hook-secret": "planted" } });
    expect(answer.status).toBe(403);
    expect(answer.headers.get("x-hook-secret")).toBeNull();
    expect(reasonOf(await verify(refusing, { "x-hook-signature": sign("planted") }))).toBe("bad-signature");
    // Configured from JSON ("asana"): no callback, so no handshake is accepted.
    const configured = resolveSignatureScheme("asana", "kept-secret");
    const answered = await configured.unsignedHandshake?.({
      method: "POST",
      headers: (name) => (name === "x-hook-secret" ? "planted" : undefined),
      body: new Uint8Array(),
    });
    expect(answered?.status).toBe(403);
  });

  it("deliveries: the documented HMAC passes; a changed body, another secret, none or not hex fail", async () => {
    const scheme = resolveSignatureScheme("asana", ["old-secret", "kept-secret"]);
    expect(reasonOf(await verify(scheme, { "x-hook-signature": sign("kept-secret") }))).toBe("ok");
    expect(reasonOf(await verify(scheme, { "x-hook-signature": sign("kept-secret") }, `${BODY} `))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify(scheme, { "x-hook-signature": sign("other") }))).toBe("bad-signature");
    expect(reasonOf(await verify(scheme, {}))).toBe("missing-signature");
    expect(reasonOf(await verify(scheme, { "x-hook-signature": "zz" }))).toBe("malformed-signature");
  });

  it("our sender signs as Asana does, and our receiver handles it", async () => {
    const { url, handled } = await serveReceiver("events", resolveSignatureScheme("asana", "kept-secret"));
    const sender = createWebhookSender<{ events: unknown }>(definition, {
      secret: "kept-secret",
      endpoints: url,
      allowPrivateTargets: true,
    });
    const result = await sender.send("events", JSON.parse(BODY));
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.attempts[0]?.request.headers["x-hook-signature"]).toBe(sign("kept-secret"));
    expect(handled).toHaveLength(1);
  });
});
