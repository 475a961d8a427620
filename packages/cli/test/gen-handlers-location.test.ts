/**
 * Where `contract gen` puts the user-owned handler stubs: next to the output folder by default
 * (`<out>-handlers`), so that cleaning the output folder keeps them; a project whose stubs are at
 * the old default (`<out>/handlers`) keeps them there and is told how to move them, instead of
 * getting a second set.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers-gen.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const SPEC = [
  "openapi: 3.1.0",
  "info: { title: Hooks, version: '1' }",
  "webhooks:",
  "  order.paid:",
  "    post:",
  "      requestBody:",
  "        content:",
  "          application/json:",
  "            schema: { type: object, required: [id], properties: { id: { type: string } } }",
  "      responses: { '200': { description: ok } }",
  "",
].join("\n");

const config = (webhooks: object | true = true) =>
  JSON.stringify({
    contracts: [
      { name: "shop", spec: "api.yaml", out: "src/generated", generators: { types: true, webhooks } },
    ],
  });

describe("handler stubs location", { timeout: 120_000 }, () => {
  it("defaults to a folder next to the output folder, which a clean of the output folder keeps", async () => {
    await writeFile(join(dir, "api.yaml"), SPEC);
    await writeFile(join(dir, "contract.config.json"), config());
    const first = await run(["gen"], dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe("");
    expect(await readdir(join(dir, "src/generated"))).not.toContain("handlers");
    const handlers = join(dir, "src/generated-handlers");
    expect((await readdir(handlers)).sort()).toEqual(["index.ts", "order-paid.ts"]);
    expect(await readFile(join(handlers, "index.ts"), "utf8")).toContain('from "../generated/webhooks.js"');
    expect(await readFile(join(handlers, "order-paid.ts"), "utf8")).toContain(
      'from "../generated/webhooks.js"',
    );

    const mine = `${await readFile(join(handlers, "order-paid.ts"), "utf8")}// shipped by me\n`;
    await writeFile(join(handlers, "order-paid.ts"), mine);
    await rm(join(dir, "src/generated"), { recursive: true }); // the usual clean step
    const again = await run(["gen"], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/scaffolded/);
    expect(await readFile(join(handlers, "order-paid.ts"), "utf8")).toBe(mine);
    expect((await run(["gen", "--check"], dir)).code).toBe(0);
  });

  it("keeps using stubs found at the old default inside the output folder, with a notice, no second set", async () => {
    await writeFile(join(dir, "api.yaml"), SPEC);
    await writeFile(join(dir, "contract.config.json"), config());
    const legacy = join(dir, "src/generated/handlers");
    await mkdir(legacy, { recursive: true });
    const index =
      'import type { WebhookHandlers } from "../webhooks.js";\n\nexport const handlers: WebhookHandlers = {\n};\n';
    await writeFile(join(legacy, "index.ts"), index);

    const result = await run(["gen"], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("shop: handler stubs found in src/generated/handlers/");
    expect(result.stderr).toContain("move the folder to src/generated-handlers/");
    expect(result.stderr).toContain('"handlersDir": "handlers"');
    await expect(readdir(join(dir, "src/generated-handlers"))).rejects.toThrow(/ENOENT/);
    // The old index is extended in place, as before.
    expect((await readdir(legacy)).sort()).toEqual(["index.ts", "order-paid.ts"]);
    expect(await readFile(join(legacy, "index.ts"), "utf8")).toContain('"order.paid": handleOrderPaid');

    // Naming the folder keeps it there, silently.
    await writeFile(join(dir, "contract.config.json"), config({ handlersDir: "handlers" }));
    const named = await run(["gen"], dir);
    expect(named).toMatchObject({ code: 0, stderr: "" });
  });
});
