/**
 * HTTP credentials in `verifyPaths`: a bearer token (http bearer, and oauth2, which sends one too)
 * and basic `user:password` reach a provider on 127.0.0.1 in `Authorization` exactly as RFC 6750
 * and RFC 7617 write them, whatever case the spec writes the scheme name in; each operation that
 * requires them is called once without them; and no form of a credential (the token, the
 * `user:password` text or its base64) appears in the report.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type LoadedSpec, loadSpecFromString } from "@contract/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CredentialError, verifyPaths } from "../src/index.js";

const TOKEN = "tok.en-123_~+/=";
const USER = "ada";
// A colon in the password: only the first one separates the user (RFC 7617).
const PASSWORD = "pa:ss wörd";
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`, "utf8").toString("base64")}`;

const SPEC = `openapi: 3.1.0
info: { title: Auth, version: "1" }
paths:
  /bearer:
    get:
      operationId: withBearer
      security: [{ bearerAuth: [] }]
      responses:
        "200": { description: OK. }
        "401": { description: No token. }
  /shouted:
    get:
      operationId: withShoutedSchemes
      security: [{ upperBearer: [] }, { upperBasic: [] }]
      responses:
        "200": { description: OK. }
        "401": { description: No token. }
  /basic:
    get:
      operationId: withBasic
      security: [{ basicAuth: [] }]
      responses:
        "200": { description: OK. }
        "401": { description: No credentials. }
  /oauth:
    get:
      operationId: withOauth
      security: [{ oauth: [read] }]
      responses:
        "200": { description: OK. }
        "401": { description: No token. }
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer, bearerFormat: JWT }
    upperBearer: { type: http, scheme: Bearer }
    upperBasic: { type: http, scheme: Basic }
    basicAuth: { type: http, scheme: basic }
    oauth:
      type: oauth2
      flows:
        clientCredentials: { tokenUrl: "https://auth.example.com/token", scopes: { read: Read. } }
`;

/** The `Authorization` value each path accepts. */
const EXPECTED: Record<string, string> = {
  "/bearer": `Bearer ${TOKEN}`,
  "/shouted": `Bearer ${TOKEN}`,
  "/basic": BASIC,
  "/oauth": `Bearer ${TOKEN}`,
};

let spec: LoadedSpec;
let server: Server;
let url = "";
/** Per request: the path and its Authorization header (undefined: none). */
const seen: Array<{ path: string; authorization: string | undefined }> = [];
let crashes = false;

beforeAll(async () => {
  spec = await loadSpecFromString(SPEC, { path: "/virtual/auth.yaml" });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const authorization = req.headers.authorization;
    seen.push({ path, authorization });
    if (crashes) return res.writeHead(500).end();
    const expected = EXPECTED[path];
    if (expected === undefined) return res.writeHead(404).end();
    res.writeHead(authorization === expected ? 200 : 401, { "www-authenticate": "Bearer" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seen.length = 0;
  crashes = false;
});

const credentials = {
  bearerAuth: TOKEN,
  upperBearer: TOKEN,
  basicAuth: `${USER}:${PASSWORD}`,
  oauth: TOKEN,
};
const run = (only: Record<string, string> = credentials) =>
  verifyPaths(spec, { baseUrl: url, seed: 1, samples: 1, concurrency: 1, credentials: only });

describe("verifyPaths with HTTP credentials", () => {
  it("sends Bearer <token> and Basic base64(user:password) in Authorization, and once without", async () => {
    const report = await run();
    expect(report.findings).toEqual([]);
    const sent = (path: string) => seen.filter((s) => s.path === path).map((s) => s.authorization);
    expect(sent("/bearer")).toEqual([`Bearer ${TOKEN}`, undefined]);
    expect(sent("/shouted")).toEqual([`Bearer ${TOKEN}`, undefined]);
    expect(sent("/basic")).toEqual([BASIC, undefined]);
    expect(sent("/oauth")).toEqual([`Bearer ${TOKEN}`, undefined]);
  });

  it("a scheme written `Basic` sends base64, not the user:password text", async () => {
    const report = await run({ upperBasic: `${USER}:${PASSWORD}` });
    expect(report.findings).toEqual([]);
    expect(seen.filter((s) => s.path === "/shouted").map((s) => s.authorization)).toEqual([BASIC, undefined]);
  });

  it("no form of a credential appears in the report (curl lines included)", async () => {
    crashes = true;
    const report = await run();
    const shown = report.findings
      .filter((f) => f.rule === "server-error")
      .map((f) => `${f.operation} ${f.request?.headers.authorization}`);
    expect(new Set(shown)).toEqual(
      new Set([
        "withBearer Bearer <redacted>",
        "withShoutedSchemes Bearer <redacted>",
        "withBasic Basic <redacted>",
        "withOauth Bearer <redacted>",
        // The calls made without credentials carry none.
        "withBearer undefined",
        "withShoutedSchemes undefined",
        "withBasic undefined",
        "withOauth undefined",
      ]),
    );
    const text = JSON.stringify(report);
    for (const secret of [TOKEN, PASSWORD, BASIC.slice("Basic ".length)]) expect(text).not.toContain(secret);
  });

  it("a value given with its scheme name (`Bearer <token>`, `Basic <base64>`, any case) is sent once, not twice", async () => {
    const report = await run({
      bearerAuth: `Bearer ${TOKEN}`,
      upperBearer: `bearer ${TOKEN}`,
      basicAuth: BASIC,
      oauth: `BEARER  ${TOKEN}`,
    });
    expect(report.findings).toEqual([]);
    const sent = (path: string) => seen.filter((s) => s.path === path).map((s) => s.authorization);
    expect(sent("/bearer")).toEqual([`Bearer ${TOKEN}`, undefined]);
    expect(sent("/shouted")).toEqual([`Bearer ${TOKEN}`, undefined]);
    expect(sent("/basic")).toEqual([BASIC, undefined]);
    expect(sent("/oauth")).toEqual([`Bearer ${TOKEN}`, undefined]);
    const text = JSON.stringify(report);
    for (const secret of [TOKEN, BASIC.slice("Basic ".length)]) expect(text).not.toContain(secret);
  });

  it("`Basic` followed by anything but base64 of user:password is refused before any request", async () => {
    for (const value of ["Basic not base64!", `Basic ${Buffer.from("no colon").toString("base64")}`]) {
      await expect(run({ basicAuth: value })).rejects.toThrow(CredentialError);
      await expect(run({ basicAuth: value })).rejects.toThrow(/basicAuth: .*base64 of user:password/);
    }
    expect(seen).toEqual([]);
  });
});
