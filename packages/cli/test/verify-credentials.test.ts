/**
 * `contract verify --base-url … --credential scheme=value`: the value reaches the provider in the
 * query parameter the apiKey scheme names, a provider that ignores it is reported, and a scheme the
 * spec lacks is a usage error. Bearer and basic values reach `Authorization` as RFC 6750 and 7617
 * write them (basic's `user:password` split at the first colon, `=` kept in the value).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/program.js";
import { captureIO } from "./capture-io.js";

const SPEC = `openapi: 3.1.0
info: { title: Keyed, version: "1" }
security: [{ queryKey: [] }]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200": { description: OK. }
        "401": { description: No key. }
components:
  securitySchemes:
    queryKey: { type: apiKey, in: query, name: api_key }
`;

const HTTP_SPEC = `openapi: 3.1.0
info: { title: Http auth, version: "1" }
paths:
  /me:
    get:
      operationId: me
      security: [{ bearerAuth: [] }]
      responses:
        "200": { description: OK. }
        "401": { description: No token. }
  /admin:
    get:
      operationId: admin
      security: [{ basicAuth: [] }]
      responses:
        "200": { description: OK. }
        "401": { description: No credentials. }
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
    basicAuth: { type: http, scheme: basic }
`;
const BASIC = `Basic ${Buffer.from("ops:p=ss:word").toString("base64")}`;

let dir = "";
let server: Server;
let url = "";
let checksKey = true;
const keysSeen: Array<string | null> = [];
const authorizations: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "contract-verify-credentials-"));
  await writeFile(join(dir, "openapi.yaml"), SPEC);
  await writeFile(join(dir, "http.yaml"), HTTP_SPEC);
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/me" || path === "/admin") {
      authorizations.push(`${path} ${req.headers.authorization}`);
      const expected = path === "/me" ? "Bearer t0ken=" : BASIC;
      res.writeHead(req.headers.authorization === expected ? 200 : 401);
      return res.end();
    }
    const key = new URL(req.url ?? "/", "http://localhost").searchParams.get("api_key");
    keysSeen.push(key);
    res.writeHead(key === "s3cret" || !checksKey ? 200 : 401);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const verify = async (...flags: string[]) => {
  const io = captureIO(dir);
  const code = await runCli(["verify", "openapi.yaml", "--base-url", url, "--format", "json", ...flags], io);
  return { code, io };
};

describe("contract verify --credential", () => {
  it("sends the key in the scheme's query parameter, and once without it", async () => {
    checksKey = true;
    keysSeen.length = 0;
    const { code, io } = await verify("--credential", "queryKey=s3cret");
    expect(code, io.out + io.err).toBe(0);
    expect(keysSeen).toContain("s3cret");
    expect(keysSeen).toContain(null);
  });

  it("reads the value from $CONTRACT_CREDENTIAL_<SCHEME> and reports a provider that ignores it", async () => {
    checksKey = false;
    process.env.CONTRACT_CREDENTIAL_QUERYKEY = "s3cret";
    try {
      const { code, io } = await verify("--credential", "queryKey");
      expect(code, io.err).toBe(1);
      const report = JSON.parse(io.out) as { findings: Array<{ rule: string }> };
      expect(report.findings.map((f) => f.rule)).toEqual(["accepted-without-credentials"]);
      expect(io.out).not.toContain("s3cret");
    } finally {
      delete process.env.CONTRACT_CREDENTIAL_QUERYKEY;
    }
  });

  it("sends bearer and basic credentials in Authorization, and once without", async () => {
    authorizations.length = 0;
    const io = captureIO(dir);
    const args = ["verify", "http.yaml", "--base-url", url, "--format", "json"];
    const code = await runCli(
      [...args, "--credential", "bearerAuth=t0ken=", "--credential", "basicAuth=ops:p=ss:word"],
      io,
    );
    expect(code, io.out).toBe(0);
    // Three samples with the credential, one call without it, per operation.
    expect(authorizations.filter((a) => a.endsWith("undefined")).sort()).toEqual([
      "/admin undefined",
      "/me undefined",
    ]);
    expect(new Set(authorizations.filter((a) => !a.endsWith("undefined")))).toEqual(
      new Set([`/admin ${BASIC}`, "/me Bearer t0ken="]),
    );
  });

  it("takes values given with their scheme name (`Bearer …`, `basic <base64>`) as the credential after it", async () => {
    authorizations.length = 0;
    const io = captureIO(dir);
    const args = ["verify", "http.yaml", "--base-url", url, "--format", "json"];
    const code = await runCli(
      [
        ...args,
        "--credential",
        "bearerAuth=Bearer t0ken=",
        "--credential",
        `basicAuth=basic ${BASIC.slice(6)}`,
      ],
      io,
    );
    expect(code, io.out).toBe(0);
    expect(new Set(authorizations.filter((a) => !a.endsWith("undefined")))).toEqual(
      new Set([`/admin ${BASIC}`, "/me Bearer t0ken="]),
    );
  });

  it("a `Basic` value that is not base64 of user:password is a usage error", async () => {
    const io = captureIO(dir);
    const args = ["verify", "http.yaml", "--base-url", url, "--credential", "basicAuth=Basic ops:secret"];
    const code = await runCli(args, io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/--credential basicAuth: .*base64 of user:password/);
    expect(io.err).not.toContain("ops:secret");
  });

  it("a scheme the spec does not have is a usage error", async () => {
    const { code, io } = await verify("--credential", "bearerAuth=x");
    expect(code).toBe(2);
    expect(io.err).toContain("no such security scheme");
  });
});
