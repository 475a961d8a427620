/**
 * Handler stubs through the real command and writer: generated once, then the user's; a
 * regeneration with a new and a removed webhook adds a stub and one registration, and changes no
 * byte the user wrote.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers-gen.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const spec = (webhooks: string[]) =>
  [
    "openapi: 3.1.0",
    "info: { title: Hooks, version: '1' }",
    "webhooks:",
    ...webhooks.flatMap((name) => [
      `  ${name}:`,
      "    post:",
      "      requestBody:",
      "        content:",
      "          application/json:",
      "            schema: { type: object, required: [id], properties: { id: { type: string } } }",
      "      responses: { '200': { description: ok } }",
    ]),
    "",
  ].join("\n");

const generators = JSON.stringify({
  contracts: [
    { spec: "api.yaml", out: "out", generators: { types: true, validators: true, webhooks: true } },
  ],
});

describe("contract gen and user-owned handler stubs", { timeout: 120_000 }, () => {
  it("extends the handler index for new webhooks and never rewrites user bytes", async () => {
    await writeFile(join(dir, "contract.config.json"), generators);
    await writeFile(join(dir, "api.yaml"), spec(["order.paid", "order.cancelled"]));
    expect((await run(["gen"], dir)).code).toBe(0);
    const handlers = join(dir, "out-handlers"); // next to the output folder (the default)
    const stubs = (await readdir(handlers)).sort();
    expect(stubs).toContain("index.ts");
    expect(stubs.length).toBe(3);

    // The user fills in a stub and adds code of their own to the index.
    const paidStub = stubs.find((f) => f.includes("paid"))!;
    const userStub = `${await readFile(join(handlers, paidStub), "utf8")}\n// user code: ship it\n`;
    await writeFile(join(handlers, paidStub), userStub);
    const userIndex = `// my notes\n${await readFile(join(handlers, "index.ts"), "utf8")}`;
    await writeFile(join(handlers, "index.ts"), userIndex);

    // The spec gains order.shipped and loses order.cancelled.
    await writeFile(join(dir, "api.yaml"), spec(["order.paid", "order.shipped"]));
    const check = await run(["gen", "--check"], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/stale\s+\.\.\/out-handlers\/index\.ts/);

    const second = await run(["gen"], dir);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/warning webhook-handler-orphaned: .*order\.cancelled/);
    expect(await readFile(join(handlers, paidStub), "utf8")).toBe(userStub);
    const after = (await readdir(handlers)).sort();
    expect(after.length).toBe(4); // the cancelled stub stays: it is the user's
    const index = await readFile(join(handlers, "index.ts"), "utf8");
    // Every byte the user had is still there, in order; only the new registration was inserted.
    expect(stripInserted(index, userIndex)).toBe(userIndex);
    expect(index).toContain('"order.shipped"');

    // A third run has nothing left to do.
    const third = await run(["gen", "--check"], dir);
    expect(third).toMatchObject({ code: 0 });
  });
});

/** Removes from `text` the characters not in `original`, keeping order (a subsequence check). */
function stripInserted(text: string, original: string): string {
  let kept = "";
  let i = 0;
  for (const ch of text) {
    if (i < original.length && ch === original[i]) {
      kept += ch;
      i++;
    }
  }
  return kept;
}
