/**
 * Against a server nobody here wrote: Prism (mock mode) serving specs of the test fixtures. Every
 * operation is called through the generated client with `validateResponses` on, with arguments
 * taken from the spec's examples.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { nameOperations } from "@contract/codegen";
import { FERRIES, fixture } from "@contract/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleArgs } from "./helpers/example-args.js";
import { type GeneratedClient, generateInto } from "./helpers/generate.js";
import { repoRoot } from "./helpers/paths.js";

const prismBin = path.join(repoRoot, "test/node_modules/.bin/prism");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startPrism(specFile: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(prismBin, ["mock", "-h", "127.0.0.1", "-p", String(port), specFile], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${log}`)), 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`Prism exited with ${code}:\n${log}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

const cases = [
  {
    name: "redocly-museum",
    spec: "redocly-museum/openapi.yaml",
    auth: { MuseumPlaceholderAuth: { username: "u", password: "p" } },
  },
  { name: "ferries", spec: FERRIES, auth: { OAuth2: "mock-token" } },
];

for (const c of cases) {
  describe(`Prism mock of ${c.spec}`, () => {
    const specFile = fixture(c.spec);
    let prism: Awaited<ReturnType<typeof startPrism>>;
    let generated: GeneratedClient;
    let client: any;

    beforeAll(async () => {
      [prism, generated] = await Promise.all([
        startPrism(specFile),
        generateInto(`prism-${c.name}`, specFile, { withAjvValidators: true }),
      ]);
      const mod = await import(pathToFileURL(path.join(generated.dir, "client.ts")).href);
      client = mod.createClient({ baseUrl: prism.url, auth: c.auth, validateResponses: true, retry: false });
    });
    afterAll(() => {
      prism?.process.kill();
    });

    it("calls every operation and every response validates", async () => {
      const named = nameOperations(generated.ir.operations, false);
      expect(named.length).toBeGreaterThan(5);
      const outcomes: string[] = [];
      for (const { name, op } of named) {
        const args = exampleArgs(generated.ir.document, op);
        try {
          const result = await client[name](args);
          outcomes.push(
            `${op.method.toUpperCase()} ${op.path} → ${result.status}${result.ok ? "" : ` ${JSON.stringify(result.error)}`}`,
          );
        } catch (error) {
          outcomes.push(`${op.method.toUpperCase()} ${op.path} → threw ${(error as Error).message}`);
        }
      }
      expect(outcomes.filter((o) => !/→ 2\d\d$/.test(o))).toEqual([]);
      expect(outcomes).toHaveLength(named.length);
    });

    it("rejects a mock response once it is tampered with (validation is really on)", async () => {
      const named = nameOperations(generated.ir.operations, false);
      const target = named.find(
        ({ op }) => op.method === "get" && op.responses.some((r) => r.status === "200"),
      );
      expect(target).toBeDefined();
      const { name, op } = target as (typeof named)[number];
      const tampering = (
        await import(pathToFileURL(path.join(generated.dir, "client.ts")).href)
      ).createClient({
        baseUrl: prism.url,
        auth: c.auth,
        validateResponses: true,
        retry: false,
        middleware: [{ onResponse: () => Response.json(12345) }],
      });
      await expect(tampering[name](exampleArgs(generated.ir.document, op))).rejects.toMatchObject({
        name: "ResponseValidationError",
        operationId: op.id,
        status: 200,
      });
    });
  });
}
