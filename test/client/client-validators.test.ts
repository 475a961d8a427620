/**
 * `validateResponses` with the real generated validators (validators.js + validators.d.ts from the
 * validators generator), not an in-process stand-in: the lookup keys both generators use must agree.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ResponseValidationError } from "@contract/runtime/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PetServer, startPetServer } from "./fixtures/pet-server.js";
import { type GeneratedClient, generateInto, typecheck } from "./helpers/generate.js";
import { fixturesDir } from "./helpers/paths.js";

let server: PetServer;
let generated: GeneratedClient;
let createClient: (options?: Record<string, unknown>) => any;

beforeAll(async () => {
  server = await startPetServer();
  generated = await generateInto("validators", path.join(fixturesDir, "petstore.yaml"), {
    withGeneratedValidators: true,
  });
  createClient = (await import(pathToFileURL(path.join(generated.dir, "client.ts")).href)).createClient;
});
afterAll(() => server?.close());

describe("client with the generated validators", () => {
  it("imports validatorFor from validators.js and compiles against validators.d.ts", async () => {
    expect(generated.clientSource).toContain('import { validatorFor } from "./validators.js";');
    const result = await typecheck(generated.dir, ["client.ts"]);
    expect(result.output).toBe("");
  });

  it("passes responses that match their schemas", async () => {
    const client = createClient({
      baseUrl: server.baseUrl,
      validateResponses: true,
      auth: { apiKeyHeader: "k1" },
    });
    expect((await client.listPets()).status).toBe(200);
    expect((await client.getReport({ path: { id: "r1" } })).status).toBe(202); // matched through 2XX
    expect((await client.getReport({ path: { id: "missing" } })).status).toBe(404); // through 4XX
  });

  it("rejects a body its schema refuses, with the failing pointer", async () => {
    const client = createClient({
      baseUrl: server.baseUrl,
      auth: { apiKeyHeader: "k1" },
      validateResponses: true,
      middleware: [{ onResponse: () => Response.json({ id: "r1", state: "lost" }, { status: 202 }) }],
    });
    const error = await client.getReport({ path: { id: "r1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ operationId: "getReport", status: 202 });
    expect((error as ResponseValidationError).errors.map((e) => e.pointer)).toContain("/state");
  });
});
