/**
 * One badly indented line in an otherwise valid YAML spec gives one diagnostic, at that line: the
 * parser's follow-on errors (up to a whole file's worth) are not reported.
 */
import { ContractError, loadSpecFromString } from "@contract/core";
import { describe, expect, it } from "vitest";

const SPEC = `openapi: 3.1.0
info:
  title: Shop
  version: 1.0.0
  description: |
    Orders and payments.
servers:
  - url: http://127.0.0.1:8080/v1
    description: local
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - name: limit
          in: query
          schema: {type: integer}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Order"
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: ok
components:
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id:
          type: string
        total:
          type: number
`;

async function diagnosticsOf(text: string) {
  try {
    await loadSpecFromString(text, { path: "/virtual/openapi.yaml" });
    return undefined;
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    return error.diagnostics;
  }
}

describe("a stray line in YAML", () => {
  it("the spec itself loads", async () => {
    expect(await diagnosticsOf(SPEC)).toBeUndefined();
  });

  const lines = SPEC.split("\n");
  const cases: Array<[number, string]> = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    cases.push([i + 1, ` ${line}`]);
    if (line.startsWith(" ")) cases.push([i + 1, line.slice(1)]);
  });

  it.each(cases)("line %i as %j: one diagnostic, at that line (or none)", async (lineNumber, stray) => {
    const copy = [...lines];
    copy[lineNumber - 1] = stray;
    const found = await diagnosticsOf(copy.join("\n"));
    if (found === undefined) return; // still valid YAML (e.g. a continuation line of a block scalar)
    expect(found).toHaveLength(1);
    expect(found[0]?.location?.line).toBe(lineNumber);
  });
});
