/**
 * DocuSign Connect HMAC: `X-DocuSign-Signature-N`, one header per active Connect key, each the
 * base64 HMAC-SHA256 of the body, as DocuSign documents it (computed here with node:crypto).
 * Over HTTP on 127.0.0.1 through the node:http adapter.
 */
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import { resolveSignatureScheme, type SignatureScheme } from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, reasonOf, serveReceiver, verifyWith } from "./signed-receiver.js";

const OLD_KEY = "W3uHkZx1c0sX5Qm9pR2tV8yB4nD6fJ7aL0eG3hK5iM8=";
const NEW_KEY = "p9ZqR4tU7wX0zA3cE6gI9kM2oQ5sV8yB1dF4hJ7lN0=";
const BODY = JSON.stringify({
  event: "envelope-completed",
  apiVersion: "v2.1",
  uri: "/restapi/v2.1/accounts/8a1e/envelopes/93be49ab",
  retryCount: 0,
  configurationId: 10418543,
  generatedDateTime: "2026-12-08T01:02:03.4560000Z",
  data: { accountId: "8a1e", envelopeId: "93be49ab-xxxx-4b8a-a6b1-2f3c2f9c1d1e" },
});
const mac = (key: string, body = BODY) => createHmac("sha256", key).update(body).digest("base64");
const verify = (scheme: SignatureScheme, headers: Record<string, string>, body = BODY) =>
  verifyWith(scheme, headers, body);

afterEach(closeReceivers);

describe("docusign", () => {
  it("accepts the body signed by any active key, in any numbered header (key rotation)", async () => {
    const receiver = resolveSignatureScheme("docusign", NEW_KEY);
    // DocuSign still signs with both keys while the old one is active: -1 old, -2 new.
    const both = { "x-docusign-signature-1": mac(OLD_KEY), "x-docusign-signature-2": mac(NEW_KEY) };
    expect(reasonOf(await verify(receiver, both))).toBe("ok");
    expect(reasonOf(await verify(resolveSignatureScheme("docusign", OLD_KEY), both))).toBe("ok");
    expect(reasonOf(await verify(receiver, { "x-docusign-signature-3": mac(NEW_KEY) }))).toBe("ok");
  });

  it("refuses a changed body, other keys only, no header and headers that are not a MAC", async () => {
    const receiver = resolveSignatureScheme("docusign", NEW_KEY);
    expect(reasonOf(await verify(receiver, { "x-docusign-signature-1": mac(NEW_KEY) }, `${BODY} `))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify(receiver, { "x-docusign-signature-1": mac(OLD_KEY) }))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify(receiver, {}))).toBe("missing-signature");
    expect(reasonOf(await verify(receiver, { "x-docusign-signature-1": "not base64!" }))).toBe(
      "malformed-signature",
    );
    expect(reasonOf(await verify(receiver, { "x-docusign-signature-1": "AAAA" }))).toBe(
      "malformed-signature",
    );
  });

  it("signs with every key, one numbered header each, as DocuSign does", async () => {
    const headers = await resolveSignatureScheme("docusign", [OLD_KEY, NEW_KEY]).sign({ body: BODY });
    expect(headers).toEqual({
      "X-DocuSign-Signature-1": mac(OLD_KEY),
      "X-DocuSign-Signature-2": mac(NEW_KEY),
    });
  });

  it("our sender's delivery reaches the handler through our receiver", async () => {
    const { url, handled } = await serveReceiver("connect", resolveSignatureScheme("docusign", NEW_KEY));
    const sender = createWebhookSender<{ connect: unknown }>(oneWebhook("connect", "docusign"), {
      secret: NEW_KEY,
      endpoints: url,
      allowPrivateTargets: true,
    });
    const result = await sender.send("connect", JSON.parse(BODY));
    expect(result).toMatchObject({ ok: true, status: 200 });
    const request = result.attempts[0]!.request;
    expect(request.headers["x-docusign-signature-1"]).toBe(mac(NEW_KEY, String(request.body)));
    expect(handled).toHaveLength(1);
  });
});
