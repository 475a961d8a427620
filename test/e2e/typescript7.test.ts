/**
 * Generated code compiles under TypeScript 7 (the native compiler) as under 5.9: every generator's
 * output (types, client, validators' declarations, webhook receiver and handler stubs, sender) for the
 * shop example, Redocly's museum and GitHub's 261 webhooks, with a consumer that uses them, under the
 * repository's strict settings (strict, noUncheckedIndexedAccess, verbatimModuleSyntax) and the
 * runtime's built declarations, as a user's project sees them.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "@contract/cli";
import { fixture, GITHUB, GITHUB_ROUTE } from "@contract/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";
import { strictTscReport, TYPESCRIPT_7_TSC } from "../lib/strict-tsc.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const out = join(repo, "test/.out/typescript7");
const ALL = { types: true, client: true, validators: true, sender: true };

const config = {
  contracts: [
    {
      name: "shop",
      spec: join(repo, "examples/shop/openapi.yaml"),
      out: "./shop",
      generators: { ...ALL, webhooks: { route: { by: "body", field: "type" } } },
    },
    {
      name: "museum",
      spec: fixture("redocly-museum/openapi.yaml"),
      out: "./museum",
      generators: { ...ALL, webhooks: true },
    },
    {
      name: "github",
      spec: fixture(GITHUB.webhooks),
      out: "./github",
      generators: { types: true, validators: true, sender: true, webhooks: { route: GITHUB_ROUTE } },
    },
  ],
};

/** A consumer of the shop's client (with its pagination) and receiver, with misuses that must stay errors. */
const consumer = `import { paginateItems } from "@contract/runtime/client";
import { createClient } from "./shop/client.js";
import { createWebhookReceiver } from "./shop/webhooks.js";

const client = createClient({ baseUrl: "http://127.0.0.1:1" });
// listOrders' x-speakeasy-pagination says where a page's orders are: they come out typed.
for await (const order of paginateItems(client.listOrders, { query: { limit: 10 } })) {
  const id: string = order.id;
  // @ts-expect-error: an order's total is no string
  const total: string = order.total;
  void id;
  void total;
}
// @ts-expect-error: getOrder's spec describes no pagination
paginateItems(client.getOrder, { path: { orderId: "o_1" } });
const receiver = createWebhookReceiver({
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  handlers: {
    "order.paid": async (event) => {
      const orderId: string = event.payload.data.order_id;
      void orderId;
    },
  },
});
void client;
void receiver;
createWebhookReceiver({
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  // @ts-expect-error: no such webhook
  handlers: { "order.refunded": async () => {} },
});
`;

/** Every .ts file below `folder`, relative to it. */
async function typeScriptFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}

beforeAll(async () => {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "contract.config.json"), JSON.stringify(config));
  const io = captureIO(out);
  expect(await runCli(["gen"], io), io.out).toBe(0);
  await writeFile(join(out, "consumer.ts"), consumer);
}, 180_000);

afterAll(() => rm(out, { recursive: true, force: true }));

describe("TypeScript 7", () => {
  it("compiles every generator's output, the handler stubs and their consumer", async () => {
    const files = await typeScriptFiles(out);
    for (const name of ["shop", "museum", "github"])
      for (const generated of ["types.ts", "client.ts", "validators.d.ts", "webhooks.ts", "sender.ts"])
        if (name !== "github" || generated !== "client.ts")
          expect(files, `${name}/${generated}`).toContain(join(name, generated));
    expect(files.filter((f) => f.startsWith("github-handlers/")).length).toBeGreaterThan(200);
    expect(await strictTscReport(out, files, { tsc: TYPESCRIPT_7_TSC, packages: "built" })).toBe("");
  }, 120_000);

  it("reports a misuse of the generated types", async () => {
    await writeFile(
      join(out, "misuse.ts"),
      `import type { WebhookName } from "./shop/webhooks.js";\nexport const name: WebhookName = "order.refunded";\n`,
    );
    const report = await strictTscReport(out, ["misuse.ts"], { tsc: TYPESCRIPT_7_TSC, packages: "built" });
    expect(report).toMatch(/misuse\.ts\(2,14\): error TS2322/);
  }, 60_000);
});
