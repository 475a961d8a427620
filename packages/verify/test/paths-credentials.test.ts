import { type LoadedSpec, loadSpecFromString } from "@contract/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPaths } from "../src/index.js";
import { KEY, KEYS_SPEC, type KeysServer, startKeysServer } from "./keys-server.js";

let spec: LoadedSpec;
let server: KeysServer;

beforeAll(async () => {
  spec = await loadSpecFromString(KEYS_SPEC, { path: "/virtual/keys.yaml" });
  server = await startKeysServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.ignoresCredentials = false;
  server.crashes = false;
  server.log.length = 0;
});

const credentials = { queryKey: KEY, cookieKey: KEY, headerKey: KEY };
const run = () =>
  verifyPaths(spec, { baseUrl: server.url, seed: 3, samples: 1, concurrency: 1, credentials });

describe("verifyPaths with apiKey credentials", () => {
  it("sends each key where its scheme says, and each required one is also left out once", async () => {
    const report = await run();
    expect(report.findings).toEqual([]);
    const seen = (path: string) => server.log.filter((r) => r.path === path).map((r) => r.key);
    // One call with the key in the scheme's query parameter / cookie / header, one without it.
    expect(seen("/by-query")).toEqual([KEY, undefined]);
    expect(seen("/by-cookie")).toEqual([KEY, undefined]);
    expect(seen("/by-header")).toEqual([KEY, undefined]);
    // Security with an `{}` alternative is optional: no call without credentials is expected to fail.
    expect(seen("/open")).toEqual([KEY]);
  });

  it("a provider that answers without credentials: accepted-without-credentials at the requirement", async () => {
    server.ignoresCredentials = true;
    const report = await run();
    expect(report.findings.map((f) => `${f.rule} ${f.operation} ${f.status} ${f.specPointer}`)).toEqual([
      "accepted-without-credentials byCookie 200 /paths/~1by-cookie/get/security",
      "accepted-without-credentials byHeader 200 /paths/~1by-header/get/security",
      "accepted-without-credentials byQuery 200 /security",
    ]);
    // The cookie request still carries the declared cookie parameter, only the key is gone.
    const cookie = report.findings.find((f) => f.operation === "byCookie")?.request?.headers.cookie;
    expect(cookie).toBe("theme=dark");
  });

  it("hides the key in reported URLs, cookies and headers (curl lines included)", async () => {
    server.crashes = true;
    const report = await run();
    const sent = (operation: string) =>
      report.findings.find((f) => f.operation === operation && f.rule === "server-error")?.request;
    expect(sent("byQuery")?.url).toBe(`${server.url}/by-query?api_key=<redacted>`);
    expect(sent("byCookie")?.headers.cookie).toBe("theme=dark; session=<redacted>");
    expect(sent("byHeader")?.headers["x-api-key"]).toBe("<redacted>");
    const text = JSON.stringify(report);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(encodeURIComponent(KEY));
  });
});
