/** `contract check --suggest-links`: printed, in JSON too, and never a reason to fail. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { captureIO } from "./capture-io.js";

const SPEC = `openapi: 3.1.0
info: {title: Shop, version: 1.0.0}
paths:
  /orders/{order_id}:
    get:
      operationId: getOrder
      parameters:
        - {name: order_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
webhooks:
  order.paid:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                order: {$ref: '#/components/schemas/Order'}
      responses:
        '200': {description: Received}
components:
  schemas:
    Order:
      type: object
      properties:
        id: {type: string}
        total: {type: number}
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-suggest-"));
  writeFileSync(join(dir, "shop.yaml"), SPEC);
  // A spec with an error: suggestions are printed, and the exit code is the check's alone.
  writeFileSync(join(dir, "broken.yaml"), SPEC.replace("required: true, ", ""));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(...args: string[]) {
  const io = captureIO(dir);
  const code = await runCli(["check", ...args], io);
  return { code, out: io.out };
}

describe("contract check --suggest-links", () => {
  it("prints the webhook's location and the YAML to add, and still exits 0", async () => {
    const { code, out } = await check("shop.yaml", "--suggest-links");
    expect(code).toBe(0);
    expect(out).toContain("shop.yaml:17:5 suggestion link webhook order.paid → GET /orders/{order_id}");
    expect(out).toContain("add under #/webhooks/order.paid/post/responses/200/links:");
    const yaml = out.slice(out.indexOf("links:\n") + "links:\n".length).split("\n\n")[0] ?? "";
    expect(parse(yaml)).toMatchObject({
      order: { operationId: "getOrder", parameters: { order_id: "$request.body#/order/id" } },
    });
  });

  it("prints nothing about links without the flag", async () => {
    const { out } = await check("shop.yaml");
    expect(out).not.toContain("suggestion");
  });

  it("leaves the exit code to the findings", async () => {
    const { code, out } = await check("broken.yaml", "--suggest-links");
    expect(code).toBe(1);
    expect(out).toContain("suggestion link");
  });

  it("lists suggestions per spec in --format json", async () => {
    const { out } = await check("shop.yaml", "--suggest-links", "--format", "json");
    const [result] = JSON.parse(out).results;
    expect(result.linkSuggestions).toHaveLength(1);
    expect(result.linkSuggestions[0]).toMatchObject({
      webhook: "order.paid",
      file: "shop.yaml",
      line: 17,
      match: "same-ref",
      link: { operationId: "getOrder", parameters: { order_id: "$request.body#/order/id" } },
    });
  });

  it("writes nothing into the spec", async () => {
    await check("shop.yaml", "--suggest-links");
    expect(readFileSync(join(dir, "shop.yaml"), "utf8")).toBe(SPEC);
  });
});
