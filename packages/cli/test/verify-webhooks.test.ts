/**
 * `contract verify --listen` and `--webhooks` as a provider's or consumer's test suite runs them:
 * the first stdout line names the port, deliveries come in, the run ends after --max-requests (in
 * process) or on SIGTERM (the built bin), and the report and exit code say what was found.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createWebhookSender } from "@contract/runtime/sender";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/program.js";
import { captureIO } from "./capture-io.js";

const BIN = fileURLToPath(new URL("../bin/contract.js", import.meta.url));
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const SPEC = "examples/shop/openapi.yaml";
const SECRET = "whsec_Y2xpLXZlcmlmeS13ZWJob29rcy1zZWNyZXQ=";
const SHIPPED = {
  type: "order.shipped",
  id: "evt_1",
  created_at: "2026-11-28T10:00:00Z",
  data: { order_id: "ord_1", carrier: "post", tracking_number: "T1" },
};

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

function sender(url: string) {
  return createWebhookSender<Record<string, unknown>>(
    { webhooks: [{ name: "order.shipped", methods: ["post"], mediaTypes: ["application/json"] }] },
    {
      secret: SECRET,
      signature: "standard-webhooks",
      endpoints: url,
      allowPrivateTargets: true,
      retry: false,
    },
  );
}

const portOf = (firstLine: string) => {
  const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+)\/)$/.exec(firstLine);
  if (!match) throw new Error(`unexpected first line ${JSON.stringify(firstLine)}`);
  return match[1] as string;
};

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("contract verify --listen", () => {
  it("in process: port on the first line, one valid delivery, JSON report, exit 0", async () => {
    const io = captureIO(repo);
    const run = runCli(
      ["verify", SPEC, "--listen", "0", "--max-requests", "1", "--secret", SECRET, "--format", "json"],
      io,
    );
    const firstLine = await waitFor(() => (io.out.includes("\n") ? io.out.split("\n")[0] : undefined));
    const result = await sender(portOf(firstLine)).send("order.shipped", SHIPPED);
    expect(result.status).toBe(200);
    expect(await run).toBe(0);
    const report = JSON.parse(io.out.slice(firstLine.length + 1));
    expect(report).toMatchObject({ findings: [], exchanges: 1, checked: ["order.shipped"] });
  });

  it("the built bin: stops on SIGTERM, prints the findings, exits 1", async () => {
    const child = spawn(process.execPath, [BIN, "verify", SPEC, "--listen", "0", "--secret", SECRET], {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
    const firstLine = await waitFor(() => (stdout.includes("\n") ? stdout.split("\n")[0] : undefined));
    const { tracking_number: _, ...data } = SHIPPED.data;
    await sender(portOf(firstLine)).send("order.shipped", { ...SHIPPED, data });
    child.kill("SIGTERM");
    expect(await exit).toBe(1);
    expect(stdout).toContain(
      "payload-schema  order.shipped: /data must have required property 'tracking_number'",
    );
    expect(stdout).toMatch(
      /spec: #\/components\/schemas\/OrderShippedEvent\/.*\/required \(examples\/shop\/openapi\.yaml:\d+:\d+\)/,
    );
    expect(stdout).toContain("1 webhook checked, 1 delivery: 1 error, 0 warnings");
  });
});

describe("contract verify --webhooks", () => {
  it("a receiver that answers 200 to everything: exit 1, accepted-unsigned among the findings", async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200).end("ok"));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const io = captureIO(repo);
    const code = await runCli(
      ["verify", SPEC, "--webhooks", "--url", url, "--secret", SECRET, "--webhook", "order.shipped"],
      io,
    );
    expect(code, io.err).toBe(1);
    expect(io.out).toContain("✗ accepted-unsigned  order.shipped:");
    expect(io.out).toContain("spec: #/webhooks/order.shipped/post (examples/shop/openapi.yaml:");
    expect(io.out).toContain("! accepted-invalid-payload  order.shipped:");
  });

  it("bad flags exit 2 with a message", async () => {
    const io = captureIO(repo);
    expect(await runCli(["verify", SPEC, "--webhooks", "--secret", SECRET], io)).toBe(2);
    expect(io.err).toContain("--webhooks needs --url");
    const unknown = captureIO(repo);
    expect(
      await runCli(["verify", SPEC, "--listen", "0", "--secret", SECRET, "--webhook", "order.lost"], unknown),
    ).toBe(2);
    expect(unknown.err).toContain('no webhook "order.lost"');
  });

  it("a secret the scheme cannot use is a usage error, not an internal one, in both directions", async () => {
    for (const mode of [
      ["--listen", "0", "--duration", "1"],
      ["--webhooks", "--url", "http://127.0.0.1:9/"],
    ]) {
      const io = captureIO(repo);
      expect(await runCli(["verify", SPEC, ...mode, "--secret", "not base64!"], io)).toBe(2);
      expect(io.err).toBe(
        "error: standard-webhooks: the secret must be base64 (optionally whsec_-prefixed)\n",
      );
      expect(io.out).toBe("");
    }
  });
});
