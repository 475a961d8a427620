/**
 * Receiver conformance with GitHub's scheme and description: a runtime receiver configured as for
 * GitHub (routing by `X-GitHub-Event` and `action`) passes; GitHub signs no timestamp, so no stale
 * delivery is sent and the report says why; the unsigned delivery carries no signature header even
 * though the description declares one with an example value.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { OpenApiDocument } from "@contract/core";
import { buildIR } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import { createReceiver, type SignatureScheme } from "@contract/runtime/webhooks";
import { fixture, GITHUB, GITHUB_SECRET } from "@contract/test-fixtures";
import { checkReceiver, webhookContract } from "@contract/verify";
import { verify } from "@octokit/webhooks-methods";
import { afterAll, describe, expect, it } from "vitest";
import { githubReceiverDefinition } from "../webhooks/github-receiver.js";

const SECRET = GITHUB_SECRET;
const WEBHOOKS = ["issues-opened", "ping", "star-created"];
const spec = JSON.parse(readFileSync(fixture(GITHUB.webhooks), "utf8")) as OpenApiDocument;
const contract = webhookContract({ document: spec });
const servers: Server[] = [];

afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

interface Seen {
  status: number;
  body: string;
  signature: string | undefined;
}

async function githubReceiver(signature: "github" | SignatureScheme): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const ir = buildIR(spec);
  const receiver = createReceiver(githubReceiverDefinition(ir), {
    secret: SECRET,
    signature,
    handlers: Object.fromEntries(WEBHOOKS.map((name) => [name, () => {}])),
    drift: "reject",
    onError: () => {},
    onValidationError: () => {},
  });
  const node = toNodeListener(receiver);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("finish", () =>
      seen.push({
        status: res.statusCode,
        body: Buffer.concat(chunks).toString("utf8"),
        signature: req.headers["x-hub-signature-256"] as string | undefined,
      }),
    );
    void node(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen };
}

/** The event header GitHub sends, which the description only shows with one example for all webhooks. */
const eventHeader = (webhook: string) => ({ "x-github-event": webhook.replace(/-(opened|created)$/, "") });

describe("verify --webhooks with GitHub's scheme", () => {
  it.each(WEBHOOKS)("a GitHub-configured receiver passes for %s", async (webhook) => {
    const { url, seen } = await githubReceiver("github");
    const report = await checkReceiver({
      contract,
      url,
      secret: SECRET,
      signature: "github",
      webhooks: [webhook],
      headers: eventHeader(webhook),
    });
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual([webhook]);
    // What the receiver acknowledged was signed as @octokit/webhooks-methods signs.
    const acknowledged = seen.filter((s) => s.status >= 200 && s.status < 300);
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);
    for (const delivery of acknowledged)
      expect(await verify(SECRET, delivery.body, delivery.signature ?? "")).toBe(true);
    expect(report.skipped.map((s) => s.reason)).toContainEqual(
      expect.stringContaining("no stale delivery: the github scheme signs no timestamp"),
    );
  });

  it("a receiver that checks no signature: the unsigned delivery had no signature header at all", async () => {
    const none: SignatureScheme = {
      name: "none",
      verify: async () => ({ ok: true }),
      sign: async () => ({}),
    };
    const { url } = await githubReceiver(none);
    const report = await checkReceiver({
      contract,
      url,
      secret: SECRET,
      signature: "github",
      webhooks: ["ping"],
      headers: eventHeader("ping"),
    });
    expect(report.findings.map((f) => f.rule).sort()).toEqual([
      "accepted-tampered",
      "accepted-unsigned",
      "accepted-wrong-secret",
    ]);
    const unsigned = report.findings.find((f) => f.rule === "accepted-unsigned");
    expect(unsigned?.request?.headers).not.toHaveProperty("x-hub-signature-256");
  });
});
