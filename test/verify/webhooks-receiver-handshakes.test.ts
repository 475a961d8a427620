/**
 * Handshakes in `verify --webhooks`: for each provider whose scheme has one (Slack url_verification,
 * Zoom endpoint.url_validation, Discord PING, Meta hub.challenge, Dropbox challenge, Microsoft Graph
 * validationToken, Twitch webhook_callback_verification, Okta's verification GET), the runtime receiver on 127.0.0.1 passes; a plain node:http server that answers
 * 200 "ok" to everything fails each handshake, accepts the unsigned ones and Meta's wrong verify
 * token; receivers wrong in one way each (a wrong Zoom HMAC, a Meta echo that ignores the token, a
 * Dropbox echo without nosniff) give the one finding that names it, located at the spec's webhooks.
 */
import { createHmac } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { RequestListener, Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { buildIR, type LoadedSpec, loadSpecFromString } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import { createReceiver, type SignatureConfig } from "@contract/runtime/webhooks";
import { checkReceiver, type Finding, type WebhookContract, webhookContract } from "@contract/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";
import { listenLocal } from "../lib/listen.js";
import { ajvWebhookLookup, webhookDescriptors } from "../webhooks/ajv-lookup.js";
import { DISCORD_PRIVATE, DISCORD_PUBLIC, SPEC, SPEC_PATH, VERIFY_TOKEN } from "./handshake-fixture.js";

const SECRET = "handshake-signing-secret";

type Provider = "slack" | "zoom" | "discord" | "meta" | "dropbox" | "microsoft-graph" | "twitch" | "okta";
/** The handshake each provider sends, as findings name it. */
const HANDSHAKE: Record<Provider, string> = {
  slack: "slack url_verification",
  zoom: "zoom endpoint.url_validation",
  discord: "discord PING",
  meta: "meta hub.challenge",
  dropbox: "dropbox challenge",
  "microsoft-graph": "microsoft-graph validationToken",
  twitch: "twitch webhook_callback_verification",
  okta: "okta verification",
};
/** The secret verify signs with, and the one the receiver verifies with (Discord: a key pair). */
const KEYS: Record<Provider, { sign: string; verify: string }> = {
  slack: { sign: SECRET, verify: SECRET },
  zoom: { sign: SECRET, verify: SECRET },
  discord: { sign: DISCORD_PRIVATE, verify: DISCORD_PUBLIC },
  meta: { sign: SECRET, verify: SECRET },
  dropbox: { sign: SECRET, verify: SECRET },
  "microsoft-graph": { sign: SECRET, verify: SECRET },
  twitch: { sign: SECRET, verify: SECRET },
  okta: { sign: SECRET, verify: SECRET },
};
const PROVIDERS = Object.keys(HANDSHAKE) as Provider[];

let loaded: LoadedSpec;
let contract: WebhookContract;
const servers: Server[] = [];

beforeAll(async () => {
  loaded = await loadSpecFromString(SPEC, { path: SPEC_PATH });
  contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
});
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function serve(listener: RequestListener): Promise<string> {
  const { server, url } = await listenLocal(listener);
  servers.push(server);
  return `${url}hooks`;
}

/** The runtime's receiver for `provider`, as a consumer configures it. */
function runtimeReceiver(provider: Provider): Promise<string> {
  const ir = buildIR(loaded.document);
  const receiver = createReceiver(
    { webhooks: webhookDescriptors(ir), validators: ajvWebhookLookup(ir), signature: provider },
    {
      secret: KEYS[provider].verify,
      ...(provider === "meta" ? { verifyToken: VERIFY_TOKEN } : {}),
      handlers: { "message.created": () => {} },
      onError: () => {},
      onValidationError: () => {},
    },
  );
  return serve(toNodeListener(receiver));
}

/** The runtime's receiver for an HMAC scheme signed with SECRET (handshakes of their own, no key pair). */
function hmacReceiver(signature: SignatureConfig): Promise<string> {
  const ir = buildIR(loaded.document);
  const receiver = createReceiver(
    { webhooks: webhookDescriptors(ir), validators: ajvWebhookLookup(ir), signature },
    {
      secret: SECRET,
      handlers: { "message.created": () => {} },
      onError: () => {},
      onValidationError: () => {},
    },
  );
  return serve(toNodeListener(receiver));
}
const checkHmac = (signature: SignatureConfig, url: string) =>
  checkReceiver({ contract, url, secret: SECRET, signature });

const verify = (provider: Provider, url: string, extra: Partial<Parameters<typeof checkReceiver>[0]> = {}) =>
  checkReceiver({
    contract,
    url,
    secret: KEYS[provider].sign,
    signature: provider as SignatureConfig,
    ...(provider === "meta" ? { verifyToken: VERIFY_TOKEN } : {}),
    ...extra,
  });

const ofHandshake = (provider: Provider, findings: Finding[]) =>
  findings.filter((f) => f.operation === HANDSHAKE[provider]);
const ofHandshakeNamed = (name: string, findings: Finding[]) => findings.filter((f) => f.operation === name);
const rules = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.severity}`).sort();

describe("verify --webhooks sends the provider's handshakes", () => {
  it.each(PROVIDERS)("%s: the runtime receiver answers them as the provider expects", async (provider) => {
    const url = await runtimeReceiver(provider);
    const report = await verify(provider, url);
    expect(report.checked).toContain(HANDSHAKE[provider]);
    // Microsoft Graph deliveries must repeat the clientState, which synthesized payloads do not:
    // only its handshake is held to no finding.
    if (provider === "microsoft-graph") expect(ofHandshake(provider, report.findings)).toEqual([]);
    else expect(report.findings).toEqual([]);
  });

  it.each(PROVIDERS)(
    "%s: a server that answers 200 'ok' to everything fails the handshake",
    async (provider) => {
      const url = await serve((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok"));
      const report = await verify(provider, url);
      const found = ofHandshake(provider, report.findings);
      const signed = ["slack", "zoom", "discord", "twitch", "okta"].includes(provider);
      expect(rules(found)).toEqual(
        [
          "handshake-failed error",
          ...(signed ? ["accepted-unsigned-handshake error"] : []),
          ...(provider === "meta" ? ["accepted-wrong-verify-token error"] : []),
        ].sort(),
      );
      const failed = found.find((f) => f.rule === "handshake-failed");
      expect(failed).toMatchObject({
        subject: "webhook-receiver",
        status: 200,
        specPointer: "/webhooks",
        specLocation: { file: SPEC_PATH, line: 3 },
      });
      expect(failed?.request?.curl).toContain(url);
      // Okta's secret travels as is (no signature): no report shows it.
      expect(JSON.stringify(report)).not.toContain(SECRET);
    },
  );

  it("the requests are the providers' documented ones: Slack's signed JSON, Meta's and Dropbox's GET query", async () => {
    const seen: Array<{ method: string; url: string; headers: Record<string, unknown>; body: string }> = [];
    const url = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(400).end();
      });
    });
    await verify("slack", url, { synthesized: 0 });
    const challenge = seen.find((s) => s.body.includes("url_verification") && s.headers["x-slack-signature"]);
    expect(JSON.parse(challenge?.body ?? "{}")).toMatchObject({ type: "url_verification" });
    expect(challenge?.headers["content-type"]).toBe("application/json");
    expect(challenge?.headers["x-slack-request-timestamp"]).toMatch(/^\d+$/);
    seen.length = 0;
    await verify("meta", url, { synthesized: 0 });
    const gets = seen.filter((s) => s.method === "GET").map((s) => new URL(s.url, "http://h").searchParams);
    expect(gets.map((q) => [q.get("hub.mode"), q.get("hub.verify_token")?.startsWith("wrong-")])).toEqual([
      ["subscribe", false],
      ["subscribe", true],
    ]);
    expect(gets[0]?.get("hub.verify_token")).toBe(VERIFY_TOKEN);
    expect(gets[0]?.get("hub.challenge")).toMatch(/^\d+$/);
  });
});

describe("verify --webhooks: Xero's intent to receive, Trello's and Mandrill's HEAD check", () => {
  const NAMES = {
    xero: "xero intent to receive",
    trello: "trello HEAD check",
    mandrill: "mandrill HEAD check",
  };

  it.each(Object.keys(NAMES) as Array<keyof typeof NAMES>)(
    "%s: the runtime receiver answers it, and every delivery passes",
    async (signature) => {
      const report = await checkHmac(signature, await hmacReceiver(signature));
      expect(report.checked).toContain(NAMES[signature]);
      expect(report.findings).toEqual([]);
    },
  );

  it("xero: a receiver that answers 200 to anything accepts the unsigned intent to receive", async () => {
    const url = await serve((_req, res) => res.writeHead(200).end());
    const report = await checkHmac("xero", url);
    expect(rules(ofHandshakeNamed(NAMES.xero, report.findings))).toEqual([
      "accepted-unsigned-handshake error",
    ]);
  });

  it.each(["trello", "mandrill"] as const)(
    "%s: a receiver that answers HEAD with 405 fails the check",
    async (signature) => {
      const url = await serve((req, res) => res.writeHead(req.method === "HEAD" ? 405 : 401).end());
      const report = await checkHmac(signature, url);
      expect(rules(ofHandshakeNamed(NAMES[signature], report.findings))).toEqual(["handshake-failed error"]);
    },
  );
});

describe("verify --webhooks: X's challenge-response check, LINE's verification, WooCommerce's ping", () => {
  const NAMES = {
    x: "x challenge-response check",
    line: "line verification",
    woocommerce: "woocommerce ping",
  };
  type Named = keyof typeof NAMES;
  const macOf = (text: string) => createHmac("sha256", SECRET).update(text).digest("base64");

  it.each(Object.keys(NAMES) as Named[])(
    "%s: the runtime receiver answers it, and every delivery passes",
    async (signature) => {
      const report = await checkHmac(signature, await hmacReceiver(signature));
      expect(report.checked).toContain(NAMES[signature]);
      expect(report.findings).toEqual([]);
    },
  );

  it("x: a receiver that signs every crc_token is a signing oracle for forged deliveries", async () => {
    const url = await serve((req, res) => {
      const token = new URL(req.url ?? "/", "http://h").searchParams.get("crc_token");
      if (req.method !== "GET" || token === null) return res.writeHead(401).end();
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ response_token: `sha256=${macOf(token)}` }));
    });
    const found = ofHandshakeNamed(NAMES.x, (await checkHmac("x", url)).findings);
    expect(rules(found)).toEqual(["handshake-signing-oracle error"]);
    expect(found[0]?.request?.url).toContain("crc_token=%7B");
  });

  it("x: a receiver that answers 200 'ok' fails the check, and is no oracle", async () => {
    const url = await serve((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok"));
    const found = ofHandshakeNamed(NAMES.x, (await checkHmac("x", url)).findings);
    expect(rules(found)).toEqual(["handshake-failed error"]);
    expect(found[0]?.message).toContain("response_token");
  });

  it("line: a receiver that answers 200 to anything accepts the unsigned verification", async () => {
    const url = await serve((_req, res) => res.writeHead(200).end());
    expect(rules(ofHandshakeNamed(NAMES.line, (await checkHmac("line", url)).findings))).toEqual([
      "accepted-unsigned-handshake error",
    ]);
  });

  it("woocommerce: a receiver that refuses the unsigned ping fails it (WooCommerce then does not save the webhook)", async () => {
    const url = await serve((req, res) =>
      res.writeHead(req.headers["x-wc-webhook-signature"] ? 200 : 401).end(),
    );
    expect(
      rules(ofHandshakeNamed(NAMES.woocommerce, (await checkHmac("woocommerce", url)).findings)),
    ).toEqual(["handshake-failed error"]);
  });
});

describe("verify --webhooks: Google's watch channel sync message", () => {
  const SYNC = "google-watch sync";

  it("the runtime receiver answers it, every delivery passes, and no report shows the token", async () => {
    const report = await checkHmac("google-watch", await hmacReceiver("google-watch"));
    expect(report.checked).toContain(SYNC);
    expect(report.findings).toEqual([]);
    const lax = await serve((_req, res) => res.writeHead(200).end());
    const laxReport = await checkHmac("google-watch", lax);
    expect(rules(ofHandshakeNamed(SYNC, laxReport.findings))).toEqual(["accepted-unsigned-handshake error"]);
    expect(JSON.stringify(laxReport)).not.toContain(SECRET);
  });

  it("204 is an answer Google takes; 500 is not", async () => {
    const withStatus = (status: number) =>
      serve((req, res) => res.writeHead(req.headers["x-goog-channel-token"] === SECRET ? status : 401).end());
    expect(ofHandshakeNamed(SYNC, (await checkHmac("google-watch", await withStatus(204))).findings)).toEqual(
      [],
    );
    expect(
      rules(ofHandshakeNamed(SYNC, (await checkHmac("google-watch", await withStatus(500))).findings)),
    ).toEqual(["server-error error"]);
  });
});

describe("verify --webhooks: receivers that get one handshake wrong", () => {
  it("a Zoom receiver whose encryptedToken uses another key: handshake-failed naming the expected answer", async () => {
    const url = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
        const plainToken = body.payload?.plainToken;
        if (body.event !== "endpoint.url_validation" || !req.headers["x-zm-signature"])
          return res.writeHead(401).end();
        const encryptedToken = createHmac("sha256", "another-key").update(plainToken).digest("hex");
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ plainToken, encryptedToken }));
      });
    });
    const report = await verify("zoom", url, { synthesized: 0 });
    const found = ofHandshake("zoom", report.findings);
    expect(rules(found)).toEqual(["handshake-failed error"]);
    expect(found[0]?.message).toContain(
      createHmac("sha256", SECRET)
        .update(JSON.parse(found[0]?.request?.body ?? "{}").payload.plainToken)
        .digest("hex"),
    );
  });

  it("a Meta receiver that echoes hub.challenge whatever the token: accepted-wrong-verify-token; the token is hidden", async () => {
    const url = await serve((req, res) => {
      const challenge = new URL(req.url ?? "/", "http://h").searchParams.get("hub.challenge");
      if (req.method === "GET" && challenge !== null) return res.writeHead(200).end(challenge);
      res.writeHead(401).end();
    });
    const report = await verify("meta", url, { synthesized: 0 });
    expect(rules(ofHandshake("meta", report.findings))).toEqual(["accepted-wrong-verify-token error"]);

    // The receiver that fails the right token too: the finding shows the request without the token.
    const refusing = await serve((_req, res) => res.writeHead(403).end());
    const refused = await verify("meta", refusing, { synthesized: 0 });
    const failed = ofHandshake("meta", refused.findings);
    expect(rules(failed)).toEqual(["handshake-failed error"]);
    expect(failed[0]?.request?.url).toContain("hub.verify_token=%3Credacted%3E");
    expect(JSON.stringify(refused)).not.toContain(VERIFY_TOKEN);
  });

  it("Meta without a verify token: only the wrong-token request is sent, and the report says why", async () => {
    const url = await runtimeReceiver("meta");
    const report = await checkReceiver({ contract, url, secret: SECRET, signature: "meta", synthesized: 0 });
    expect(report.findings).toEqual([]);
    expect(report.skipped.map((s) => s.reason)).toContainEqual(expect.stringContaining("--verify-token"));
  });

  it("a Dropbox receiver that echoes the challenge as HTML: handshake-unsafe-echo, a warning", async () => {
    const url = await serve((req, res) => {
      const challenge = new URL(req.url ?? "/", "http://h").searchParams.get("challenge");
      if (req.method === "GET" && challenge !== null)
        return res.writeHead(200, { "content-type": "text/html" }).end(challenge);
      res.writeHead(401).end();
    });
    const report = await verify("dropbox", url, { synthesized: 0 });
    expect(rules(ofHandshake("dropbox", report.findings))).toEqual(["handshake-unsafe-echo warning"]);
  });

  it("a Slack receiver that answers the challenge as plain text passes (Slack accepts it)", async () => {
    const url = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
        if (!req.headers["x-slack-signature"]) return res.writeHead(401).end();
        res.writeHead(200, { "content-type": "text/plain" }).end(body.challenge ?? "");
      });
    });
    const report = await verify("slack", url, { synthesized: 0 });
    expect(ofHandshake("slack", report.findings)).toEqual([]);
    expect(report.checked).toContain("slack url_verification");
  });
});

describe("contract verify --webhooks --signature meta --verify-token", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "contract-verify-handshakes-"));
    await writeFile(join(dir, "hooks.yaml"), SPEC);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const run = async (url: string, ...flags: string[]) => {
    const io = captureIO(dir);
    const args = ["verify", "hooks.yaml", "--webhooks", "--url", url, "--signature", "meta"];
    const code = await runCli([...args, "--secret", SECRET, "--format", "json", ...flags], io);
    return { code, report: JSON.parse(io.out) as { findings: Finding[]; checked: string[] } };
  };

  it("passes the token to the handshake; a receiver expecting another token fails it (exit 1)", async () => {
    const url = await runtimeReceiver("meta");
    const ok = await run(url, "--verify-token", VERIFY_TOKEN);
    expect(ok.report.findings).toEqual([]);
    expect(ok.code).toBe(0);
    const wrong = await run(url, "--verify-token", "not-the-dashboard-token");
    expect(wrong.code).toBe(1);
    expect(wrong.report.findings.map((f) => `${f.rule} ${f.operation} ${f.status}`)).toEqual([
      "handshake-failed meta hub.challenge 403",
    ]);
  });
});
