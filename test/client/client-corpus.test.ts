/**
 * A client for every real API description of the test fixtures generates and compiles under strict tsc, all
 * in one tsc program (GitHub's REST API included). Each folder also holds a one-call consumer, so
 * that the method types are instantiated and not only declared.
 */
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { nameOperations } from "@contract/codegen";
import { FERRIES, fixture, fixturesIn, GITHUB } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";
import { generateInto, typecheck } from "./helpers/generate.js";
import { tmpRoot } from "./helpers/paths.js";

// Real API descriptions with paths (the webhook-only GitHub documents have no operations to call).
const specs = [
  ...fixturesIn("apis-guru"),
  FERRIES,
  GITHUB.rest,
  ...fixturesIn("oai/examples/v3.0"),
  ...fixturesIn("oai/examples/v3.1"),
  ...fixturesIn("oai/examples/v3.2"),
  "redocly-museum/openapi.yaml",
];

describe("clients for the real specs", () => {
  it(`generate and compile under strict tsc (${specs.length} specs, one program)`, async () => {
    const files: string[] = [];
    let operations = 0;
    for (const spec of specs) {
      const name = `corpus-${spec.replace(/[^A-Za-z0-9]+/g, "-")}`;
      const generated = await generateInto(name, fixture(spec));
      const named = nameOperations(generated.ir.operations, false);
      operations += named.length;
      const first = named[0];
      // One call per client: `request` typed from `paths`, plus the first method, args left to inference.
      const consumer = [
        'import { createClient } from "./client.js";',
        "export async function run() {",
        "  const client = createClient({ baseUrl: 'http://127.0.0.1:1' });",
        first
          ? `  const result = await client.${first.name}(undefined as never);`
          : "  const result = { ok: false };",
        "  return result.ok;",
        "}",
        "",
      ].join("\n");
      await writeFile(path.join(generated.dir, "consumer.ts"), consumer);
      files.push(path.join(generated.dir, "client.ts"), path.join(generated.dir, "consumer.ts"));
    }
    expect(operations).toBeGreaterThan(1500);
    const result = await typecheck(tmpRoot, files);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  }, 300_000);
});
