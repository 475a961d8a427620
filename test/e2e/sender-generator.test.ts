/**
 * The sender generator on names nobody would pick (dots, spaces, a leading slash, a comment
 * terminator, `send` itself) and a webhook without a body: the generated `sender.ts` must compile
 * under strict tsc, expose one method per webhook, and deliver through those methods.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCli } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";
import { strictTscReport } from "../lib/strict-tsc.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const out = join(repo, "test/.out/sender-generator");
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

const spec = `openapi: 3.1.0
info: { title: hostile names, version: "1" }
webhooks:
  order.paid:
    post:
      summary: "Ends a comment */ globalThis.pwned = true; /*"
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [id], properties: { id: { type: string } } }
      responses: { "200": { description: ok } }
  Account categories updated:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { count: { type: integer } } }
      responses: { "200": { description: ok } }
  /leading/slash:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: string }
      responses: { "200": { description: ok } }
  send:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: boolean }
      responses: { "200": { description: ok } }
  no body:
    post:
      responses: { "200": { description: ok } }
`;

const config = {
  contracts: [
    {
      name: "hostile",
      spec: "./spec.yaml",
      out: "./generated",
      generators: { types: true, validators: true, sender: true },
    },
  ],
};

let server: Server;
const seen: Array<{ body: string }> = [];

beforeAll(async () => {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "spec.yaml"), spec);
  await writeFile(join(out, "contract.config.json"), JSON.stringify(config));
  const io = captureIO(out);
  expect(await runCli(["gen"], io), io.out).toBe(0);
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      seen.push({ body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await rm(out, { recursive: true, force: true });
});

describe("generated sender.ts", () => {
  it("compiles under strict tsc, and a misuse does not", async () => {
    await writeFile(
      join(out, "use.ts"),
      `import { createWebhookSender } from "./generated/sender.js";
const sender = createWebhookSender({ secret: "whsec_x", endpoints: "http://127.0.0.1:1/" });
void sender.sendOrderPaid({ id: "1" });
void sender.sendAccountCategoriesUpdated({ count: 2 });
void sender.sendLeadingSlash("x");
void sender.sendSend(true);
void sender.sendNoBody(undefined);
void sender.send("order.paid", { id: "2" });
// @ts-expect-error: id is required
void sender.sendOrderPaid({});
// @ts-expect-error: a boolean webhook takes no string
void sender.send("send", "yes");
`,
    );
    expect(await strictTscReport(out, ["use.ts"])).toBe("");
  }, 120_000);

  it("has one method per webhook that delivers it; comment terminators stay inside comments", async () => {
    const generated = await import(pathToFileURL(join(out, "generated/sender.ts")).href);
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
    const sender = generated.createWebhookSender({
      secret: SECRET,
      endpoints: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      allowPrivateTargets: true,
    });
    expect(Object.keys(sender).sort()).toEqual(
      [
        "send",
        "sendAccountCategoriesUpdated",
        "sendLeadingSlash",
        "sendNoBody",
        "sendOrderPaid",
        "sendSend",
        "signature",
      ].sort(),
    );
    expect((await sender.sendLeadingSlash("x")).ok).toBe(true);
    expect((await sender.sendNoBody(undefined)).ok).toBe(true);
    await expect(sender.sendOrderPaid({})).rejects.toThrow(/must have required property 'id'/);
    expect(seen.map((s) => s.body)).toEqual(['"x"', ""]);
  });
});
