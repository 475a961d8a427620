/**
 * The webhooks generator: webhooks.ts and stubs compile under strict tsc against the real runtime
 * (for the example shop with its real validators.js, and for GitHub's 261 webhooks), and stub
 * regeneration never changes a byte the user wrote.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIR, type Diagnostic, loadSpec, type OpenApiDocument } from "@contract/core";
import { fixture } from "@contract/test-fixtures";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import type { GeneratedFile } from "../src/generator.js";
import { clientGenerator } from "../src/generators/client/index.js";
import { typesGenerator } from "../src/generators/types/index.js";
import { validatorsGenerator } from "../src/generators/validators/index.js";
import {
  generateWebhookFiles,
  type ScaffoldUpdate,
  type WebhooksOptions,
} from "../src/generators/webhooks/index.js";
import { strictDiagnostics, writeAll } from "./support/compile-contract.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const shopSpec = join(repoRoot, "examples/shop/openapi.yaml");
const context = (document: OpenApiDocument, more: object = {}) => ({
  ir: buildIR(document),
  generatorVersion: "0.0.0-test",
  ...more,
});

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

/** Type-checks `roots` (generated and test files) as users compile generated code. */
const typeCheck = (roots: string[]): string[] => strictDiagnostics(roots, repoRoot);

const asRecord = (files: GeneratedFile[]) => Object.fromEntries(files.map((f) => [f.path, f.contents]));

describe("generated webhooks.ts and stubs compile (strict tsc)", () => {
  it("the shop example, with its generated validators and typed usage", { timeout: 120_000 }, async () => {
    const document = (await loadSpec(shopSpec)).document;
    const ctx = context(document);
    const options: WebhooksOptions = {
      signature: "standard-webhooks",
      route: { by: "body", field: "type" },
      drift: "reject",
    };
    const files = [
      ...(await typesGenerator.generate(ctx, {})),
      ...(await clientGenerator.generate(ctx, {})),
      ...(await validatorsGenerator.generate(ctx, {})),
      ...(await generateWebhookFiles(ctx, options)),
    ];
    const record = asRecord(files);
    expect(Object.keys(record).sort()).toEqual([
      "client.ts",
      "handlers/index.ts",
      "handlers/order-cancelled.ts",
      "handlers/order-paid.ts",
      "handlers/order-shipped.ts",
      "types.ts",
      "validators.d.ts",
      "validators.js",
      "webhooks.ts",
    ]);
    expect(files.filter((f) => f.path.startsWith("handlers/")).every((f) => f.ownership === "scaffold")).toBe(
      true,
    );
    expect(record["webhooks.ts"]).toContain(
      'NonNullable<webhooks["order.paid"]["post"]["requestBody"]>["content"]["application/json"]',
    );
    expect(record["webhooks.ts"]).toContain('"by": "body"');

    const folder = await mkdtemp(join(tmpdir(), "contract-webhooks-"));
    folders.push(folder);
    await writeAll(folder, {
      ...record,
      // What a user writes: the typed payload in handlers, misuse caught by the compiler.
      "usage.ts": `import { type Client, createClient } from "./client.js";
import { createWebhookReceiver, type WebhookEvent, type WebhookHandlers } from "./webhooks.js";
import { handlers } from "./handlers/index.js";

const client = createClient({ baseUrl: "http://127.0.0.1:4010/v1" });
export const receiver = createWebhookReceiver({ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", handlers, client });
// Handlers typed for the default client also take a throwing one (its results are narrower).
export const throwing = createWebhookReceiver({ secret: "s", handlers, client: createClient({ throwOnError: true }) });
// Handlers that expect success results only need a client that throws on the others.
declare const successOnly: WebhookHandlers<true>;
export const strict = createWebhookReceiver({ secret: "s", handlers: successOnly, client: createClient({ throwOnError: true }) });
// @ts-expect-error a client that does not throw would hand them error results
createWebhookReceiver({ secret: "s", handlers: successOnly, client });

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Followed<L> = L extends () => Promise<infer R> ? R : never;

// A link resolves to exactly what the client's method resolves to, throwing client or not.
export const exact: Equal<
  Followed<WebhookEvent<"order.paid">["links"]["order"]>,
  Awaited<ReturnType<Client["getOrder"]>>
> = true;
export const exactThrowing: Equal<
  Followed<WebhookEvent<"order.paid", true>["links"]["payment"]>,
  Awaited<ReturnType<Client<true>["getPayment"]>>
> = true;

export async function followed(event: WebhookEvent<"order.paid">): Promise<string | undefined> {
  const order = await event.links.order();
  // @ts-expect-error a link takes no arguments: its values come from the delivery
  void event.links.order({ path: { orderId: "ord_1" } });
  // @ts-expect-error a link the contract does not declare
  void event.links.customer;
  return order.ok ? order.data.id : undefined;
}

createWebhookReceiver({
  secret: "s",
  client: createClient({ throwOnError: true }),
  handlers: {
    "order.shipped": async (event) => {
      const order = await event.links.order();
      const status: "pending" | "paid" | "shipped" | "cancelled" = order.data.status;
      void status;
    },
  },
});

// Without a client, a link cannot be called: a type error, not a run-time surprise.
createWebhookReceiver({
  secret: "s",
  handlers: {
    "order.paid": async (event) => {
      // @ts-expect-error the receiver has no client to follow links with
      await event.links.order();
      const amount: number = event.payload.data.amount;
      void amount;
    },
  },
});
// @ts-expect-error handlers typed for a client need a receiver that has one
createWebhookReceiver({ secret: "s", handlers });

export function amountOf(event: WebhookEvent<"order.paid">): number {
  return event.payload.data.amount;
}

createWebhookReceiver({
  secret: "s",
  handlers: {
    "order.paid": (event) => {
      const currency: string = event.payload.data.currency;
      // @ts-expect-error the payload has no such field
      void event.payload.data.nonexistent;
      void currency;
    },
    // @ts-expect-error not a webhook of this contract
    "order.teleported": () => {},
  },
});
`,
    });
    expect(typeCheck([join(folder, "usage.ts")])).toEqual([]);
  });

  it("GitHub's 261 webhooks: one keyed map, 261 stubs", { timeout: 120_000 }, async () => {
    const document = (await loadSpec(fixture("github/octokit-openapi-webhooks-12.1.0.api.github.com.json")))
      .document;
    const ctx = context(document);
    const files = [
      ...(await typesGenerator.generate(ctx, {})),
      ...(await generateWebhookFiles(ctx, { validatorsModule: false, signature: "github" })),
    ];
    const record = asRecord(files);
    const stubs = Object.keys(record).filter((p) => p.startsWith("handlers/") && p !== "handlers/index.ts");
    expect(stubs).toHaveLength(261);
    expect(new Set(stubs.map((s) => s.toLowerCase())).size).toBe(261);
    const folder = await mkdtemp(join(tmpdir(), "contract-webhooks-"));
    folders.push(folder);
    await writeAll(folder, {
      ...record,
      "usage.ts": `import { createWebhookReceiver } from "./webhooks.js";
import { handlers } from "./handlers/index.js";
createWebhookReceiver({
  secret: "s",
  handlers: {
    ...handlers,
    "issues-opened": (event) => {
      const title: string = event.payload.issue.title;
      void title;
    },
  },
});
`,
    });
    expect(typeCheck([join(folder, "usage.ts")])).toEqual([]);
  });
});

describe("names from the spec cannot inject code", () => {
  it("hostile webhook names and summaries give valid, inert TypeScript", { timeout: 120_000 }, async () => {
    const body = (summary: string) => ({
      post: {
        summary,
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } },
          },
        },
        responses: { "200": { description: "ok" } },
      },
    });
    const document = {
      openapi: "3.1.0",
      info: { title: "hostile", version: "1" },
      webhooks: {
        'x"; throw new Error("pwned"); "': body("*/ throw new Error('pwned'); /*"),
        "Account categories updated": body("line one\nline two \u2028 */"),
        "/leading/slash": body("ok"),
        "123 starts with digits": body("ok"),
        delete: body("a reserved word"),
        "order.paid": body("dots"),
        "order-paid": body("same slug as order.paid"),
      },
    } as unknown as OpenApiDocument;
    const ctx = context(document);
    const files = [
      ...(await typesGenerator.generate(ctx, {})),
      ...(await generateWebhookFiles(ctx, { validatorsModule: false })),
    ];
    const record = asRecord(files);
    const handlerFiles = Object.keys(record).filter((p) => p.startsWith("handlers/"));
    expect(handlerFiles).toContain("handlers/order-paid.ts");
    expect(handlerFiles).toContain("handlers/order-paid-2.ts");
    expect(handlerFiles.every((p) => /^handlers\/[a-z0-9-]+\.ts$/.test(p))).toBe(true);
    const folder = await mkdtemp(join(tmpdir(), "contract-webhooks-"));
    folders.push(folder);
    await writeAll(folder, record);
    expect(typeCheck([join(folder, "handlers/index.ts")])).toEqual([]);
    // Names only appear escaped inside string literals; summaries cannot close their comment.
    for (const [path, text] of Object.entries(record)) {
      if (path === "types.ts") continue;
      expect(text).not.toContain('throw new Error("pwned")');
      expect(text).not.toContain("*/ throw");
    }
    expect(record["webhooks.ts"]).toContain(JSON.stringify('x"; throw new Error("pwned"); "'));
  });
});

describe("stub regeneration never changes user bytes", () => {
  /** The writer's scaffold rule: create when absent; replace only over exactly `replaces`. */
  function apply(disk: Map<string, string>, files: GeneratedFile[]) {
    for (const file of files) {
      const current = disk.get(file.path);
      if (file.ownership === "generated") disk.set(file.path, file.contents);
      else if (current === undefined) disk.set(file.path, file.contents);
      else if ((file as ScaffoldUpdate).replaces === current) disk.set(file.path, file.contents);
    }
  }

  it("adds a new webhook, reports a removed one, keeps every edited byte, and still compiles", {
    timeout: 120_000,
  }, async () => {
    const v1 = (await loadSpec(shopSpec)).document;
    const disk = new Map<string, string>();
    const options: WebhooksOptions = { validatorsModule: false };
    apply(disk, await generateWebhookFiles(context(v1), options));
    expect(disk.get("handlers/index.ts")).toContain('"order.cancelled": handleOrderCancelled,');

    // The user implements a handler (renaming its parameter), and edits the index.
    const paidStub = disk.get("handlers/order-paid.ts")!;
    const edited = paidStub
      .replace("(event: WebhookEvent", "(delivery: WebhookEvent")
      .replace(
        / {2}\/\/ TODO[^\n]*\n {2}void event;\n/,
        "  console.log(delivery.payload.data.order_id); // mine\n",
      );
    expect(edited).not.toBe(paidStub);
    disk.set("handlers/order-paid.ts", edited);
    const userIndex = disk
      .get("handlers/index.ts")!
      .replace("export const handlers", "// Registered by hand, keep this comment.\nexport const handlers")
      .replace(
        '  "order.shipped": handleOrderShipped,\n',
        '  "order.shipped": handleOrderShipped, // shipping team\n',
      );
    disk.set("handlers/index.ts", userIndex);
    const before = new Map(disk);

    // v2: `order.cancelled` removed, `order.refunded` added.
    const v2 = structuredClone(v1) as any;
    v2.webhooks["order.refunded"] = structuredClone(v2.webhooks["order.cancelled"]);
    v2.webhooks["order.refunded"].post.operationId = "orderRefunded";
    v2.webhooks["order.refunded"].post.summary = "An order was refunded */ injected();";
    delete v2.webhooks["order.cancelled"];
    const warnings: Diagnostic[] = [];
    const regenerated = await generateWebhookFiles(
      context(v2, {
        readExisting: (path: string) => disk.get(path),
        report: (d: Diagnostic) => warnings.push(d),
      }),
      options,
    );
    apply(disk, regenerated);

    // Every stub the user had is byte-identical (including the one for the removed webhook).
    for (const path of [
      "handlers/order-paid.ts",
      "handlers/order-cancelled.ts",
      "handlers/order-shipped.ts",
    ]) {
      expect(disk.get(path)).toBe(before.get(path));
    }
    expect(regenerated.map((f) => f.path)).not.toContain("handlers/order-paid.ts");
    // The new webhook got a stub.
    const refunded = disk.get("handlers/order-refunded.ts")!;
    expect(refunded).toContain(
      'export async function handleOrderRefunded(event: WebhookEvent<"order.refunded">)',
    );
    expect(refunded).not.toContain("*/ injected");
    // The index gained exactly one import line and one entry; removing them gives the user's bytes back.
    const index = disk.get("handlers/index.ts")!;
    const importLine = 'import { handleOrderRefunded } from "./order-refunded.js";\n';
    const entryLine = '  "order.refunded": handleOrderRefunded,\n';
    expect(index).toContain(importLine);
    expect(index).toContain(entryLine);
    expect(index.replace(importLine, "").replace(entryLine, "")).toBe(userIndex);
    // The removed webhook is reported, not deleted.
    expect(warnings).toEqual([
      expect.objectContaining({ severity: "warning", code: "webhook-handler-orphaned" }),
    ]);
    expect(warnings[0]!.message).toContain("order.cancelled");
    expect(index).toContain('"order.cancelled": handleOrderCancelled');

    // A third run with nothing new changes nothing at all.
    const third = await generateWebhookFiles(
      context(v2, { readExisting: (path: string) => disk.get(path) }),
      options,
    );
    const snapshot = new Map(disk);
    apply(disk, third);
    expect(disk).toEqual(snapshot);
    expect(third.find((f) => f.path === "handlers/index.ts")).not.toHaveProperty("replaces");

    // The orphaned registration is the user's to remove; once removed, it all compiles.
    disk.set(
      "handlers/index.ts",
      index
        .replace('  "order.cancelled": handleOrderCancelled,\n', "")
        .replace(/import \{ handleOrderCancelled \}[^\n]*\n/, ""),
    );
    const folder = await mkdtemp(join(tmpdir(), "contract-webhooks-"));
    folders.push(folder);
    const v2ctx = context(v2);
    await writeAll(folder, {
      ...Object.fromEntries(disk),
      ...asRecord(await typesGenerator.generate(v2ctx, {})),
      ...asRecord(await clientGenerator.generate(v2ctx, {})),
    });
    expect(typeCheck([join(folder, "handlers/index.ts")])).toEqual([]);
  });

  it("an index without a handlers object is left alone, with a warning", async () => {
    const v1 = (await loadSpec(shopSpec)).document;
    const custom = "export default {};\n";
    const warnings: Diagnostic[] = [];
    const files = await generateWebhookFiles(
      context(v1, {
        readExisting: (p: string) => (p === "handlers/index.ts" ? custom : undefined),
        report: (d: Diagnostic) => warnings.push(d),
      }),
      { validatorsModule: false },
    );
    const index = files.find((f) => f.path === "handlers/index.ts") as ScaffoldUpdate;
    expect(index.contents).toBe(custom);
    expect(index.replaces).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(["webhook-index-unmergeable"]);
  });

  it("puts handlers next to the output folder only when its path is known, never around it", async () => {
    const v1 = (await loadSpec(shopSpec)).document;
    await expect(generateWebhookFiles(context(v1), { handlersDir: "../src/handlers" })).rejects.toThrow(
      /leaves the output folder/,
    );
    const beside = await generateWebhookFiles(
      { ...context(v1), outDir: "/app/src/generated" },
      { handlersDir: "../handlers" },
    );
    const index = beside.find((f) => f.path === "../handlers/index.ts");
    expect(index?.contents).toContain('from "../generated/webhooks.js"');
    expect(
      beside.filter((f) => f.ownership === "scaffold").every((f) => f.path.startsWith("../handlers/")),
    ).toBe(true);
    for (const around of ["..", "../..", "/abs"]) {
      await expect(
        generateWebhookFiles({ ...context(v1), outDir: "/app/src/generated" }, { handlersDir: around }),
      ).rejects.toThrow(/handlersDir/);
    }
  });
});

describe("webhook names that collide with the index or Object.prototype", () => {
  const body = {
    post: {
      requestBody: {
        content: { "application/json": { schema: { type: "object" } } },
      },
      responses: { "200": { description: "ok" } },
    },
  };
  const names = ["index", "__proto__", "constructor", "toString", "order.paid"];
  // Parsed from JSON, as a spec is: `__proto__` is then an own key (in an object literal it would not be).
  const parsed = {
    openapi: "3.1.0",
    info: { title: "names", version: "1" },
    webhooks: JSON.parse(`{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(body)}`).join(",")}}`),
  } as unknown as OpenApiDocument;

  it("a webhook named index gets its own stub; __proto__ is registered as an own key", {
    timeout: 120_000,
  }, async () => {
    const ctx = context(parsed);
    const files = await generateWebhookFiles(ctx, { validatorsModule: false });
    const paths = files.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toContain("handlers/index.ts");
    expect(paths).toContain("handlers/index-2.ts");
    const index = files.find((f) => f.path === "handlers/index.ts")!.contents;
    expect(index).toContain('["__proto__"]: ');
    expect(index).not.toMatch(/^\s*"__proto__":/m);
    // Evaluated, every webhook is an own key of `handlers`.
    const js = ts.transpileModule(index.replace(/^import .*$/gm, ""), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const identifiers = [...index.matchAll(/import \{ (\w+) \}/g)].map((m) => m[1]!);
    const exports: { handlers?: Record<string, unknown> } = {};
    new Function("exports", ...identifiers, js)(exports, ...identifiers.map((id) => () => id));
    expect(names.filter((name) => !Object.hasOwn(exports.handlers!, name))).toEqual([]);
  });

  it('regeneration recognises a registered ["__proto__"] and adds new keys the same way', async () => {
    const ctx = context(parsed);
    const first = await generateWebhookFiles(ctx, { validatorsModule: false });
    const index = first.find((f) => f.path === "handlers/index.ts")!.contents;
    const withoutProto = index.replace(/^.*\["__proto__"\].*\n/m, "");
    const again = await generateWebhookFiles(
      context(parsed, {
        readExisting: (p: string) => (p === "handlers/index.ts" ? withoutProto : undefined),
      }),
      { validatorsModule: false },
    );
    const merged = again.find((f) => f.path === "handlers/index.ts")!.contents;
    expect(merged).toContain('["__proto__"]: ');
    const unchanged = await generateWebhookFiles(
      context(parsed, { readExisting: (p: string) => (p === "handlers/index.ts" ? index : undefined) }),
      { validatorsModule: false },
    );
    expect(unchanged.find((f) => f.path === "handlers/index.ts")!.contents).toBe(index);
  });
});
