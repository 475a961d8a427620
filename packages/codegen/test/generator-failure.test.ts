/** The generator boundary: whatever a generator throws becomes a diagnostic about the spec. */
import { ContractError } from "@contract/core";
import { describe, expect, it } from "vitest";
import { defineGenerator } from "../src/generators/define.js";
import { generateContract } from "../src/pipeline.js";

const document = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} };

function throwing(error: unknown) {
  return defineGenerator({
    name: "broken",
    description: "throws",
    enabledByDefault: true,
    optionsSchema: {},
    generate() {
      throw error;
    },
  });
}

async function failure(error: unknown): Promise<ContractError> {
  const result = await generateContract({ document } as never, { registry: [throwing(error)] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(ContractError);
  return result as ContractError;
}

describe("generator boundary", () => {
  it("a TypeError becomes a generator-failed diagnostic, the error kept as cause", async () => {
    const cause = new TypeError("Cannot read properties of undefined (reading 'x')");
    const error = await failure(cause);
    expect(error.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "generator-failed", pointer: "" }),
    ]);
    expect(error.diagnostics[0]?.message).toMatch(/broken generator.*reading 'x'/);
    expect(error.cause).toBe(cause);
  });

  it("keeps the pointer an error carries", async () => {
    const error = await failure(Object.assign(new Error("bad"), { pointer: "/components/schemas/A" }));
    expect(error.diagnostics[0]?.pointer).toBe("/components/schemas/A");
  });

  it("a stack overflow is worded, not quoted", async () => {
    const error = await failure(new RangeError("Maximum call stack size exceeded"));
    expect(error.diagnostics[0]?.message).not.toMatch(/call stack/);
    expect(error.diagnostics[0]?.message).toMatch(/nests too deeply/);
  });
});
