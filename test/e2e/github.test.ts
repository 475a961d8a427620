/**
 * The GitHub example: a receiver generated from GitHub's own webhooks contract (the
 * @octokit/openapi-webhooks package), fed GitHub's real example deliveries through
 * `contract trigger --payload` with the GitHub signature scheme. The webhook's declared headers
 * (`X-GitHub-Event`, `X-GitHub-Delivery`…) come from the spec, so routing works as with GitHub.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const CONFIG = "examples/github/contract.config.json";
const SECRET = "It's a Secret to Everybody";

/** Shapes of the example's modules, spelled out: they import code that exists only after `contract gen`. */
interface GithubReceiver {
  url: string;
  received: Array<{ webhook: string; deliveryId?: string; summary: string; valid: boolean }>;
  driftReports: string[];
  close(): Promise<void>;
}
interface ExampleDelivery {
  event: string;
  webhook: string;
  payload: Record<string, unknown>;
}
const exampleModule = (path: string) => new URL(`../../examples/github/src/${path}`, import.meta.url).href;

let receiver: GithubReceiver;
let deliveries: ExampleDelivery[];
let folder: string;

beforeAll(async () => {
  const io = captureIO(repo);
  const code = await runCli(["gen", "--config", CONFIG], io);
  expect(code, io.out).toBe(0);
  const { startGithubReceiver } = await import(exampleModule("receiver.ts"));
  const { exampleDeliveries } = await import(exampleModule("examples.ts"));
  receiver = await startGithubReceiver({ secret: SECRET });
  deliveries = exampleDeliveries();
  folder = await mkdtemp(join(tmpdir(), "contract-github-e2e-"));
}, 300_000);

afterAll(async () => {
  await receiver?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/**
 * GitHub's spec gives every webhook the same `X-GitHub-Event` example (`issues`), so the event
 * name that came with the example payload is passed explicitly, as GitHub itself sends it.
 */
async function trigger(webhook: string, event: string, payload: unknown, secret = SECRET) {
  const file = join(folder, `${webhook}.json`);
  await writeFile(file, JSON.stringify(payload));
  const io = captureIO(repo);
  const args = [
    "trigger",
    webhook,
    "--url",
    receiver.url,
    "--secret",
    secret,
    "--payload",
    file,
    "--config",
    CONFIG,
    "--header",
    `X-GitHub-Event: ${event}`,
  ];
  const code = await runCli(args, io);
  return { code, output: io.out };
}

describe("GitHub's real example deliveries through contract trigger", () => {
  it("has GitHub's example payloads for the handled webhooks", () => {
    expect(deliveries.length).toBeGreaterThan(300);
  });

  for (const webhook of [
    "push",
    "issues-opened",
    "pull-request-opened",
    "release-published",
    "star-created",
    "ping",
  ]) {
    it(`${webhook}: signed the GitHub way, routed by X-GitHub-Event + action, handled`, async () => {
      const delivery = deliveries.find((d) => d.webhook === webhook);
      expect(delivery, webhook).toBeDefined();
      const before = receiver.received.length;
      const result = await trigger(webhook, delivery?.event ?? "", delivery?.payload);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/x-hub-signature-256: sha256=[0-9a-f]{64}/);
      expect(result.output).toContain(`x-github-event: ${delivery?.event}`);
      const got = receiver.received.slice(before);
      expect(got.map((r) => r.webhook)).toEqual([webhook]);
      // The scheme puts the message id in X-GitHub-Delivery: the receiver's dedupe key.
      expect(result.output).toContain(`x-github-delivery: ${got[0]?.deliveryId}`);
    });
  }

  it("the same payload triggered twice is two messages (a fresh X-GitHub-Delivery each time)", async () => {
    const delivery = deliveries.find((d) => d.webhook === "star-created");
    const before = receiver.received.length;
    expect((await trigger("star-created", "star", delivery?.payload)).code).toBe(0);
    expect((await trigger("star-created", "star", delivery?.payload)).code).toBe(0);
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(2);
    expect(got[0]?.deliveryId).not.toBe(got[1]?.deliveryId);
  });

  it("a delivery signed with another secret is refused with 401 and handled by nobody", async () => {
    const delivery = deliveries.find((d) => d.webhook === "push");
    const before = receiver.received.length;
    const result = await trigger("push", "push", delivery?.payload, "not the secret");
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/← 401/);
    expect(receiver.received.length).toBe(before);
  });
});
