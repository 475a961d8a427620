/**
 * Required response headers are required whether or not they have a schema: one with only a
 * description, one described by `content`, one by `$ref` to components/headers. A provider on
 * 127.0.0.1 that sends them passes; one that leaves them out gets `missing-response-header` for
 * each, at the header's own pointer with its file:line:col. A declared `Content-Type` header is
 * ignored, as OpenAPI says.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type LoadedSpec, loadSpecFromString } from "@contract/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPaths } from "../src/index.js";

const SPEC_PATH = "/virtual/headers.yaml";
const SPEC = `openapi: 3.1.0
info: { title: Headers, version: "1" }
paths:
  /report:
    get:
      operationId: getReport
      responses:
        "200":
          description: The report.
          headers:
            X-Trace:
              description: Any text; no schema.
              required: true
            X-Quota:
              required: true
              content:
                application/json:
                  schema: { type: object }
            X-Version:
              $ref: "#/components/headers/Version"
            X-Optional:
              description: Not required.
            Content-Type:
              description: Ignored by OpenAPI, even when required.
              required: true
components:
  headers:
    Version:
      description: No schema either.
      required: true
`;

let spec: LoadedSpec;
let server: Server;
let url = "";
let sendsHeaders = true;

beforeAll(async () => {
  spec = await loadSpecFromString(SPEC, { path: SPEC_PATH });
  server = createServer((_req, res) => {
    const headers: Record<string, string> = sendsHeaders
      ? { "x-trace": "abc", "x-quota": '{"left":3}', "x-version": "2" }
      : {};
    res.writeHead(200, headers).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const run = () => verifyPaths(spec, { baseUrl: url, samples: 1, concurrency: 1 });

describe("verifyPaths: required response headers without a schema", () => {
  it("a provider that sends them passes", async () => {
    sendsHeaders = true;
    expect((await run()).findings).toEqual([]);
  });

  it("a provider that leaves them out: missing-response-header for each, at the header", async () => {
    sendsHeaders = false;
    const report = await run();
    expect(report.findings.map((f) => `${f.rule} ${f.specPointer}`).sort()).toEqual([
      "missing-response-header /components/headers/Version",
      "missing-response-header /paths/~1report/get/responses/200/headers/X-Quota",
      "missing-response-header /paths/~1report/get/responses/200/headers/X-Trace",
    ]);
    const trace = report.findings.find((f) => f.specPointer?.endsWith("X-Trace"));
    expect(trace).toMatchObject({
      status: 200,
      severity: "error",
      specLocation: { file: SPEC_PATH, line: 11 },
    });
    expect(trace?.message).toContain("X-Trace");
  });
});
