/**
 * The generated client's types under strict tsc: realistic calls compile, and each misuse in
 * type-checks/*.ts is an error (an unneeded `@ts-expect-error` fails the compile).
 */
import { copyFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { generateInto, typecheck } from "./helpers/generate.js";
import { fixturesDir } from "./helpers/paths.js";

const spec = path.join(fixturesDir, "petstore.yaml");
const checks = path.join(path.dirname(fixturesDir), "type-checks");

describe("generated client types", () => {
  it("compiles usage and rejects every misuse under strict tsc", async () => {
    const flat = await generateInto("types-flat", spec, { withAjvValidators: true });
    const grouped = await generateInto("types-grouped", spec, { groupByTag: true });
    await copyFile(path.join(checks, "petstore-usage.ts"), path.join(flat.dir, "usage.ts"));
    await copyFile(path.join(checks, "grouped-usage.ts"), path.join(grouped.dir, "usage.ts"));
    const result = await typecheck(flat.dir, [
      "client.ts",
      "usage.ts",
      path.join(grouped.dir, "client.ts"),
      path.join(grouped.dir, "usage.ts"),
    ]);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  it("fails the compile when a misuse is not caught (the checks can fail)", async () => {
    const flat = await generateInto("types-negative", spec, {});
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      path.join(flat.dir, "usage.ts"),
      'import { createClient } from "./client.js";\n// @ts-expect-error\nawait createClient().getPetById({ path: { petId: 1 } });\n',
    );
    const result = await typecheck(flat.dir, ["client.ts", "usage.ts"]);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/TS2578: Unused '@ts-expect-error' directive/);
  });
});
