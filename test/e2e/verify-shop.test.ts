/**
 * `contract verify --base-url` against the shop example's real provider: it keeps its contract,
 * so verify finds nothing; the same provider behind a proxy that breaks one answer is caught.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "@contract/cli";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const API_TOKEN = "verify-token";
const SPEC = "examples/shop/openapi.yaml";

interface Provider {
  url: string;
  close(): Promise<void>;
}

const exampleModule = (path: string) => new URL(`../../examples/shop/src/${path}`, import.meta.url).href;

let provider: Provider;
let faulty: Server;
let faultyUrl = "";
let scratch = "";

/** A proxy to the provider that drops `total` from every order it returns. */
function startFaultyProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", target);
    const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (answer) => {
      let text = "";
      answer.on("data", (c) => (text += c));
      answer.on("end", () => {
        const headers = { ...answer.headers };
        delete headers["content-length"];
        if (req.method === "POST" && url.pathname.endsWith("/orders") && answer.statusCode === 201) {
          const order = JSON.parse(text) as Record<string, unknown>;
          delete order.total;
          text = JSON.stringify(order);
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(text);
      });
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  const io = captureIO(repo);
  expect(await runCli(["gen", "--config", "examples/shop/contract.config.json"], io), io.out).toBe(0);
  const { startProvider } = await import(exampleModule("provider/app.ts"));
  provider = await startProvider({
    apiToken: API_TOKEN,
    webhookSecret: "whsec_dmVyaWZ5LXNob3Atc2VjcmV0",
    // verify never pays an order, so no webhook is sent; nothing listens here.
    webhookUrl: "http://127.0.0.1:9/webhooks",
  });
  faulty = await startFaultyProxy(provider.url);
  faultyUrl = `http://127.0.0.1:${(faulty.address() as AddressInfo).port}/v1`;
  scratch = await mkdtemp(join(tmpdir(), "contract-verify-"));
}, 120_000);

afterAll(async () => {
  await Promise.all([provider?.close(), new Promise((r) => (faulty ? faulty.close(r) : r(undefined)))]);
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("contract verify --base-url on the shop example", () => {
  it("finds nothing against the real provider (exit 0)", async () => {
    const io = captureIO(repo);
    const code = await runCli(
      ["verify", SPEC, "--base-url", provider.url, "-H", `Authorization: Bearer ${API_TOKEN}`],
      io,
    );
    expect(io.out).toMatch(/5 checked, 0 skipped, \d+ exchanges: no findings\n$/);
    expect(code).toBe(0);
  });

  it("without the token every answer is a declared 401, still nothing found", async () => {
    const io = captureIO(repo);
    const code = await runCli(["verify", SPEC, "--base-url", provider.url, "--operation", "listOrders"], io);
    expect(io.out).toContain("no findings");
    expect(code).toBe(0);
  });

  it("a provider that drops a required field: exit 1, JUnit report names it", async () => {
    const io = captureIO(repo);
    const output = join(scratch, "verify.xml");
    const code = await runCli(
      [
        "verify",
        SPEC,
        "--base-url",
        faultyUrl,
        "-H",
        `Authorization: Bearer ${API_TOKEN}`,
        "--tag",
        "orders",
        "--format",
        "junit",
        "--output",
        output,
      ],
      io,
    );
    expect(code).toBe(1);
    const xml = await readFile(output, "utf8");
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml).testsuites
      .testsuite;
    const cases = suite.testcase as Array<{ name: string; failure?: unknown }>;
    const failing = cases.filter((c) => c.failure !== undefined).map((c) => c.name);
    expect(failing).toEqual(["createOrder"]);
    const failures = [cases.find((c) => c.name === "createOrder")?.failure].flat() as Array<{
      type: string;
      message: string;
      "#text": string;
    }>;
    expect(failures[0]?.type).toBe("response-schema");
    expect(failures[0]?.message).toBe('missing required property "total"');
    expect(failures[0]?.["#text"]).toContain("spec: #/components/schemas/Order/required");
  });

  it("json format with the same fault: the finding's pointers and curl", async () => {
    const io = captureIO(repo);
    const code = await runCli(
      [
        "verify",
        SPEC,
        "--base-url",
        faultyUrl,
        "-H",
        `Authorization: Bearer ${API_TOKEN}`,
        "--operation",
        "createOrder",
        "--format",
        "json",
      ],
      io,
    );
    expect(code).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.findings[0]).toMatchObject({
      rule: "response-schema",
      operation: "createOrder",
      status: 201,
      instancePointer: "",
      specPointer: "/components/schemas/Order/required",
    });
    // The token given with -H is hidden: reports end up in CI logs.
    expect(report.findings[0].request.curl).toContain(`-H 'authorization: <redacted>'`);
    expect(io.out).not.toContain(API_TOKEN);
  });

  it("auth from $CONTRACT_VERIFY_AUTH (the 201 that shows the fault needs it); github annotations on the spec", async () => {
    const io = captureIO(repo);
    process.env.CONTRACT_VERIFY_AUTH = `Bearer ${API_TOKEN}`;
    let code: number;
    try {
      code = await runCli(
        ["verify", SPEC, "--base-url", faultyUrl, "--operation", "createOrder", "--format", "github"],
        io,
      );
    } finally {
      delete process.env.CONTRACT_VERIFY_AUTH;
    }
    expect(code).toBe(1);
    const lines = io.out.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    const specText = await readFile(join(repo, SPEC), "utf8");
    const orderRequired =
      specText.split("\n").findIndex((l) => l.includes("required: [id, status, items, total, created_at]")) +
      1;
    for (const line of lines) {
      expect(line).toMatch(
        new RegExp(
          `^::error file=examples/shop/openapi.yaml,line=${orderRequired},col=\\d+,title=response-schema createOrder::`,
        ),
      );
    }
    expect(io.out).toContain("authorization: <redacted>");
    expect(io.out).not.toContain(API_TOKEN);
  });

  it("bad flags and an unreachable provider exit 2", async () => {
    const io = captureIO(repo);
    expect(await runCli(["verify", SPEC, "--base-url", "not a url"], io)).toBe(2);
    expect(await runCli(["verify", SPEC, "--base-url", provider.url, "--format", "xml"], io)).toBe(2);
    expect(
      await runCli(["verify", SPEC, "--base-url", "http://127.0.0.1:9/v1", "--operation", "listOrders"], io),
    ).toBe(2);
    expect(io.out).toContain("nothing answered");
  });
});
