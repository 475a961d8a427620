import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { fixture } from "@contract/test-fixtures";
import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { nodeHmacSha256 } from "../src/node/crypto.js";
import {
  customSignature,
  githubSignature,
  type HeaderReader,
  hmacHeader,
  resolveSignatureScheme,
  type SignatureScheme,
  setHmacSha256,
  standardWebhooks,
  stripeSignature,
  utf8,
  webCryptoHmacSha256,
} from "../src/webhooks/index.js";

const readVectors = (name: string) => JSON.parse(readFileSync(fixture(`webhook-signatures/${name}`), "utf8"));

const headerReader =
  (headers: Record<string, string>): HeaderReader =>
  (name) =>
    Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

const verifyWith = (
  scheme: SignatureScheme,
  headers: Record<string, string>,
  body: string | Uint8Array,
  now: number,
  toleranceSeconds = 300,
) =>
  scheme.verify({
    headers: headerReader(headers),
    body: typeof body === "string" ? utf8(body) : body,
    now,
    toleranceSeconds,
  });

const named = (list: any[]): [string, any][] => list.map((c) => [String(c.name), c]);

const nowSeconds = () => Math.floor(Date.now() / 1000);

// Both HMAC back ends must give the same verdicts: every vector runs with each.
const backEnds = [
  ["web crypto", webCryptoHmacSha256],
  ["node:crypto", nodeHmacSha256],
] as const;
afterEach(() => setHmacSha256(webCryptoHmacSha256));

describe.each(backEnds)("signature vectors (%s)", (_name, backEnd) => {
  const standard = readVectors("standard-webhooks.json");
  const github = readVectors("github-x-hub-signature-256.json");

  it.each(named(standard.cases))("standard webhooks: %s", async (_n, c: any) => {
    setHmacSha256(backEnd);
    const result = await verifyWith(
      standardWebhooks({ secrets: c.secret }),
      c.headers,
      c.payload,
      c.now,
      c.toleranceSeconds,
    );
    expect(result.ok).toBe(c.expectValid);
    if (c.expectValid)
      expect(result).toMatchObject({ deliveryId: c.headers["webhook-id"], timestamp: 1614265330 });
  });

  it("standard webhooks: the upstream signing literal is reproduced", async () => {
    setHmacSha256(backEnd);
    const c = standard.cases.find((x: { name: string }) => x.name === "sign-function-works");
    const headers = await standardWebhooks({ secrets: c.secret }).sign({
      id: c.headers["webhook-id"],
      timestamp: Number(c.headers["webhook-timestamp"]),
      body: c.payload,
    });
    expect(headers["webhook-signature"]).toBe(c.expectedSignature);
  });

  it.each(named(github.cases))("github: %s", async (_n, c: any) => {
    setHmacSha256(backEnd);
    const result = await verifyWith(
      githubSignature({ secrets: c.secret }),
      { "X-Hub-Signature-256": c.signature },
      c.body,
      0,
    );
    expect(result.ok).toBe(c.expectValid);
    if (c.expectValid) {
      const signed = await githubSignature({ secrets: c.secret }).sign({ body: c.body });
      expect(signed["X-Hub-Signature-256"]).toBe(c.signature);
    }
  });

  it.each(named(github.fallbackSecrets.cases.map((c: any, i: number) => ({ ...c, name: i }))))(
    "github: rotation case %i",
    async (_i, c: any) => {
      setHmacSha256(backEnd);
      const scheme = githubSignature({ secrets: [c.secret, ...c.additionalSecrets] });
      const result = await verifyWith(scheme, { "X-Hub-Signature-256": c.signature }, c.body, 0);
      expect(result.ok).toBe(c.expectValid);
    },
  );
});

describe("standard webhooks sign errors", () => {
  const standard = readVectors("standard-webhooks.json");
  for (const c of standard.signErrors) {
    it(c.name, async () => {
      const attempt = async () => {
        const scheme = standardWebhooks({ secrets: c.secret });
        // The vector's timestamps are strings; the API takes Unix seconds, so parse them the strict way.
        const timestamp = /^\d+$/.test(c.timestamp) ? Number(c.timestamp) : Number.NaN;
        return scheme.sign({ id: c.msgId, timestamp, body: c.payload });
      };
      await expect(attempt()).rejects.toThrow(TypeError);
    });
  }
});

describe("against the reference libraries", () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const body = JSON.stringify({ type: "order.paid", data: { id: "ord_1", note: "ünïcødé ♥" } });

  it("standardwebhooks signs, we verify", async () => {
    const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    const timestamp = new Date();
    const signature = new Webhook(secret).sign(id, timestamp, body);
    const headers = {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": signature,
    };
    expect(
      await verifyWith(standardWebhooks({ secrets: secret }), headers, body, nowSeconds()),
    ).toMatchObject({ ok: true });
    expect(
      (await verifyWith(standardWebhooks({ secrets: secret }), headers, `${body} `, nowSeconds())).ok,
    ).toBe(false);
  });

  it("we sign, standardwebhooks verifies (and rejects a tampered body)", async () => {
    const headers = await standardWebhooks({ secrets: secret }).sign({ id: "msg_1", body });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace("ord_1", "ord_2"), headers)).toThrow();
  });

  it("key rotation: a delivery signed with the old secret verifies while both are configured", async () => {
    const old = "whsec_YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh";
    const headers = await standardWebhooks({ secrets: old }).sign({ id: "msg_2", body });
    const rotating = standardWebhooks({ secrets: [secret, old] });
    expect((await verifyWith(rotating, headers, body, nowSeconds())).ok).toBe(true);
    expect((await verifyWith(standardWebhooks({ secrets: secret }), headers, body, nowSeconds())).ok).toBe(
      false,
    );
  });

  it("@octokit/webhooks-methods signs, we verify; we sign, it verifies", async () => {
    const ghSecret = "It's a Secret to Everybody";
    const theirs = await octokitSign(ghSecret, body);
    expect(
      (await verifyWith(githubSignature({ secrets: ghSecret }), { "x-hub-signature-256": theirs }, body, 0))
        .ok,
    ).toBe(true);
    const ours = await githubSignature({ secrets: ghSecret }).sign({ body });
    expect(ours["X-Hub-Signature-256"]).toBe(theirs);
    expect(await octokitVerify(ghSecret, body, ours["X-Hub-Signature-256"]!)).toBe(true);
    expect(await octokitVerify("other", body, ours["X-Hub-Signature-256"]!)).toBe(false);
  });
});

describe("stripe-style signatures", () => {
  const secret = "whsec_test_secret";
  const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';
  const t = 1_700_000_000;
  // Computed independently of our code, the way Stripe documents it.
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");

  it("verifies a header with several v1 entries and a v0 one", async () => {
    const header = `t=${t},v1=${"0".repeat(64)},v1=${expected},v0=abc`;
    expect(
      await verifyWith(stripeSignature({ secrets: secret }), { "Stripe-Signature": header }, body, t + 10),
    ).toMatchObject({
      ok: true,
      timestamp: t,
    });
  });

  it("signs what it verifies", async () => {
    const headers = await stripeSignature({ secrets: secret }).sign({ body, timestamp: t });
    expect(headers["Stripe-Signature"]).toBe(`t=${t},v1=${expected}`);
  });

  it.each([
    ["stale", `t=${t},v1=${expected}`, t + 301, "stale-timestamp"],
    ["from the future", `t=${t},v1=${expected}`, t - 301, "stale-timestamp"],
    ["wrong mac", `t=${t},v1=${"ab".repeat(32)}`, t, "bad-signature"],
    ["no timestamp", `v1=${expected}`, t, "malformed-signature"],
    ["no v1", `t=${t},v0=${expected}`, t, "malformed-signature"],
    ["timestamp changed", `t=${t + 1},v1=${expected}`, t, "bad-signature"],
  ])("rejects %s", async (_name, header, now, reason) => {
    expect(
      await verifyWith(stripeSignature({ secrets: secret }), { "stripe-signature": header }, body, now),
    ).toMatchObject({
      ok: false,
      reason,
    });
  });

  it("has no header to read at all", async () => {
    expect(await verifyWith(stripeSignature({ secrets: secret }), {}, body, t)).toMatchObject({
      reason: "missing-signature",
    });
  });
});

describe("generic HMAC header", () => {
  const body = '{"event":"x"}';
  const scheme = hmacHeader({
    secrets: "c2VjcmV0LWJ5dGVz",
    secretEncoding: "base64",
    header: "X-Signature",
    encoding: "base64",
    timestampHeader: "X-Timestamp",
    deliveryIdHeader: "X-Delivery",
  });
  const mac = createHmac("sha256", Buffer.from("c2VjcmV0LWJ5dGVz", "base64"))
    .update(`1700000000.${body}`)
    .digest("base64");

  it("verifies base64 MACs over timestamp.body and reports the delivery id", async () => {
    const headers = { "X-Signature": mac, "X-Timestamp": "1700000000", "X-Delivery": "d-1" };
    expect(await verifyWith(scheme, headers, body, 1_700_000_000)).toEqual({
      ok: true,
      deliveryId: "d-1",
      timestamp: 1_700_000_000,
    });
    expect(await scheme.sign({ body, timestamp: 1_700_000_000, id: "d-1" })).toEqual(headers);
  });

  it.each([
    ["missing timestamp", { "X-Signature": mac }, "missing-signature"],
    ["non-numeric timestamp", { "X-Signature": mac, "X-Timestamp": "1e9" }, "malformed-signature"],
    ["not base64", { "X-Signature": "%%%", "X-Timestamp": "1700000000" }, "malformed-signature"],
    ["other timestamp", { "X-Signature": mac, "X-Timestamp": "1700000001" }, "bad-signature"],
  ])("rejects %s", async (_name, headers, reason) => {
    expect(await verifyWith(scheme, headers, body, 1_700_000_000)).toMatchObject({ ok: false, reason });
  });

  it("needs a secret, and the prefix when one is configured", async () => {
    expect(() => hmacHeader({ secrets: [], header: "X" })).toThrow(/secret/);
    const prefixed = hmacHeader({ secrets: "s", header: "X-Sig", prefix: "sha256=" });
    const hex = createHmac("sha256", "s").update(body).digest("hex");
    expect((await verifyWith(prefixed, { "X-Sig": hex }, body, 0)).ok).toBe(false);
    expect((await verifyWith(prefixed, { "X-Sig": `sha256=${hex}` }, body, 0)).ok).toBe(true);
  });
});

describe("generic HMAC header with SHA-1 (Intercom's X-Hub-Signature, Vercel's x-vercel-signature)", () => {
  const body = '{"type":"notification_event","topic":"conversation.user.created"}';
  const intercom = hmacHeader({
    secrets: "client-secret",
    header: "X-Hub-Signature",
    prefix: "sha1=",
    algorithm: "sha1",
  });
  const sha1 = createHmac("sha1", "client-secret").update(body).digest("hex");

  it("verifies and signs HMAC-SHA1 as the provider documents it; a SHA-256 MAC does not pass", async () => {
    expect(await verifyWith(intercom, { "X-Hub-Signature": `sha1=${sha1}` }, body, 0)).toEqual({ ok: true });
    expect(await intercom.sign({ body })).toEqual({ "X-Hub-Signature": `sha1=${sha1}` });
    const sha256 = createHmac("sha256", "client-secret").update(body).digest("hex");
    expect(await verifyWith(intercom, { "X-Hub-Signature": `sha1=${sha256}` }, body, 0)).toMatchObject({
      ok: false,
    });
    expect(
      await verifyWith(intercom, { "X-Hub-Signature": `sha1=${sha1}` }, body.replace("created", "x"), 0),
    ).toMatchObject({ ok: false, reason: "bad-signature" });
  });

  it('from the configuration, as { type: "hmac", algorithm: "sha1" }', async () => {
    const vercel = resolveSignatureScheme(
      { type: "hmac", header: "x-vercel-signature", algorithm: "sha1" },
      "vercel-secret",
    );
    const mac = createHmac("sha1", "vercel-secret").update(body).digest("hex");
    expect(await verifyWith(vercel, { "x-vercel-signature": mac }, body, 0)).toEqual({ ok: true });
  });
});

describe("custom verifier and configuration", () => {
  it("passes booleans and full results through", async () => {
    const scheme = customSignature({ verify: ({ headers }) => headers("x-token") === "let-me-in" });
    expect((await verifyWith(scheme, { "x-token": "let-me-in" }, "{}", 0)).ok).toBe(true);
    expect(await verifyWith(scheme, { "x-token": "nope" }, "{}", 0)).toMatchObject({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("builds schemes from their configuration names", async () => {
    expect(resolveSignatureScheme("github", "s").name).toBe("github");
    expect(resolveSignatureScheme({ type: "stripe" }, ["a", "b"]).name).toBe("stripe");
    expect(resolveSignatureScheme({ type: "hmac", header: "X-Sig" }, "s").name).toBe("hmac-sha256");
    expect(() => resolveSignatureScheme("standard-webhooks", undefined)).toThrow(/secret/);
    expect(() => resolveSignatureScheme({ type: "nope" } as never, "s")).toThrow(/unknown signature scheme/);
  });
});

describe.each(backEnds)("hex MAC headers (%s)", (_name, backEnd) => {
  const body = '{"zen":"Keep it logically awesome."}';
  const hex = createHmac("sha256", "s").update(body).digest("hex");
  const github = githubSignature({ secrets: ["other", "s"] });
  const timed = hmacHeader({ secrets: "s", header: "X-Sig", prefix: "v1=", timestampHeader: "X-Timestamp" });
  const timedHex = createHmac("sha256", "s").update(`1700000000.${body}`).digest("hex");
  const reason = async (scheme: SignatureScheme, headers: Record<string, string>, now = 0) => {
    setHmacSha256(backEnd);
    const result = await verifyWith(scheme, headers, body, now);
    return result.ok ? "ok" : result.reason;
  };

  it.each([
    ["the MAC in lower case", `sha256=${hex}`, "ok"],
    ["the MAC in upper case", `sha256=${hex.toUpperCase()}`, "ok"],
    ["another MAC", `sha256=${"0".repeat(64)}`, "bad-signature"],
    ["a MAC one byte short", `sha256=${hex.slice(2)}`, "bad-signature"],
    ["a MAC one byte long", `sha256=${hex}00`, "bad-signature"],
    ["an odd number of digits", `sha256=${hex.slice(1)}`, "malformed-signature"],
    ["a non-hex digit where the MAC has its own", `sha256=${hex.slice(0, 63)}g`, "malformed-signature"],
    ["a non-hex digit in a MAC of the right length", `sha256=${"zz".repeat(32)}`, "malformed-signature"],
    ["no digits", "sha256=", "malformed-signature"],
  ])("github: %s is %s", async (_case, header, expected) => {
    expect(await reason(github, { "X-Hub-Signature-256": header })).toBe(expected);
  });

  it("a malformed MAC is refused as such before a missing or malformed timestamp", async () => {
    expect(await reason(timed, { "X-Sig": "v1=xyz" })).toBe("malformed-signature");
    expect(await reason(timed, { "X-Sig": `v1=${timedHex}` })).toBe("missing-signature");
    expect(
      await reason(timed, { "X-Sig": `v1=${timedHex}`, "X-Timestamp": "1700000000" }, 1_700_000_000),
    ).toBe("ok");
    expect(await reason(timed, { "X-Sig": `v1=${"g".repeat(64)}`, "X-Timestamp": "1700000000" })).toBe(
      "malformed-signature",
    );
  });
});
