/**
 * Broken webhook links stop both `check` and `gen` with a located error (file:line:col, rule code,
 * JSON pointer): an unknown target, a missing required parameter, a pointer to a field the payload
 * does not have, a value of the wrong type, an expression a delivery has no value for.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "./capture-io.js";

let dir: string;

/** A spec whose `order.paid` webhook declares one link, `order`, with the given body (YAML lines). */
const spec = (link: string) => `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters: [{name: orderId, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
webhooks:
  order.paid:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [order_id, count]
              properties:
                order_id: {type: string}
                count: {type: integer}
      responses:
        "200":
          description: ok
          links:
            order:
${link}
`;

const CASES = [
  {
    code: "link-target-unknown",
    link: "              operationId: getOrders\n              parameters: {orderId: $request.body#/order_id}",
    line: 27,
    pointer: "#/webhooks/order.paid/post/responses/200/links/order/operationId",
  },
  {
    code: "link-parameter-missing",
    link: "              operationId: getOrder",
    line: 26,
    pointer: "#/webhooks/order.paid/post/responses/200/links/order",
  },
  {
    code: "link-pointer-unknown",
    link: "              operationId: getOrder\n              parameters: {orderId: $request.body#/orderId}",
    line: 28,
    pointer: "#/webhooks/order.paid/post/responses/200/links/order/parameters/orderId",
  },
  {
    code: "link-type-mismatch",
    link: "              operationId: getOrder\n              parameters: {orderId: $request.body#/count}",
    line: 28,
    pointer: "#/webhooks/order.paid/post/responses/200/links/order/parameters/orderId",
  },
  {
    code: "link-expression-invalid",
    link: "              operationId: getOrder\n              parameters: {orderId: $response.body#/id}",
    line: 28,
    pointer: "#/webhooks/order.paid/post/responses/200/links/order/parameters/orderId",
  },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-gen-links-"));
  writeFileSync(
    join(dir, "good.yaml"),
    spec("              operationId: getOrder\n              parameters: {orderId: $request.body#/order_id}"),
  );
  for (const c of CASES) writeFileSync(join(dir, `${c.code}.yaml`), spec(c.link));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = captureIO(dir);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe("webhook links in check and gen", () => {
  it("a sound link passes check, and gen writes webhooks.ts with it", async () => {
    expect((await run("check", "good.yaml")).code).toBe(0);
    const out = join(dir, "out-good");
    const result = await run("gen", "good.yaml", "--out", out);
    expect(result.code, result.err).toBe(0);
    expect(existsSync(join(out, "webhooks.ts"))).toBe(true);
  });

  it.each(CASES)("$code: check fails, located; gen refuses", async ({ code, line, pointer }) => {
    const checked = await run("check", `${code}.yaml`);
    expect(checked.code).toBe(1);
    const text = checked.out + checked.err;
    expect(text).toMatch(new RegExp(`${code}\\.yaml:${line}:\\d+ error ${code} `));
    expect(text).toContain(`at ${pointer}`);

    const out = join(dir, `out-${code}`);
    const generated = await run("gen", `${code}.yaml`, "--out", out);
    expect(generated.code).toBe(1);
    expect(generated.err).toContain(code);
    expect(existsSync(join(out, "webhooks.ts"))).toBe(false);
  });
});
