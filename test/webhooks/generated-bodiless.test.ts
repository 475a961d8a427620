/**
 * Webhooks sent without a body (an event told by its headers alone, as Google's Calendar and Drive
 * watch channels send them): the spec declares no requestBody, the generated receiver routes by a
 * header and hands the handler no payload. Served through the node:http adapter on 127.0.0.1.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCli } from "@contract/cli";
import { toNodeListener } from "@contract/runtime/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";
import { listenLocal } from "../lib/listen.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = join(repoRoot, "test", ".out", `webhooks-bodiless-${process.pid}`);
const TOKEN = "calendar-channel-token";

const SPEC = `openapi: 3.1.0
info: { title: Calendar watch channel, version: "1" }
paths: {}
webhooks:
  sync:
    post:
      parameters:
        - { name: X-Goog-Resource-State, in: header, required: true, schema: { const: sync } }
      responses: { "200": { description: the channel is set up } }
  exists:
    post:
      parameters:
        - { name: X-Goog-Resource-State, in: header, required: true, schema: { const: exists } }
        - { name: X-Goog-Channel-ID, in: header, required: true, schema: { type: string } }
      responses: { "200": { description: a watched resource changed } }
`;

let url: string;
let server: Server;
const handled: Array<{ webhook: string; payload: unknown }> = [];

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "spec.yaml"), SPEC);
  const config = {
    contracts: [
      {
        spec: "spec.yaml",
        out: "gen",
        generators: {
          webhooks: {
            route: { by: "header", header: "X-Goog-Resource-State" },
            signature: { type: "token", header: "X-Goog-Channel-Token" },
          },
        },
      },
    ],
  };
  await writeFile(join(dir, "contract.config.json"), JSON.stringify(config));
  const io = captureIO(dir);
  expect(await runCli(["gen"], io), io.out).toBe(0);
  const generated = await import(pathToFileURL(join(dir, "gen", "webhooks.ts")).href);
  const receiver = generated.createWebhookReceiver({
    secret: TOKEN,
    handlers: {
      sync: (event: { webhook: string; payload: unknown }) => void handled.push(event),
      exists: (event: { webhook: string; payload: unknown }) => void handled.push(event),
    },
    onError: () => {},
  });
  ({ server, url } = await listenLocal(toNodeListener(receiver)));
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const notify = (state: string, token = TOKEN, extra: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: {
      "x-goog-channel-token": token,
      "x-goog-channel-id": "01234567-89ab-cdef-0123456789ab",
      "x-goog-message-number": "1",
      "x-goog-resource-state": state,
      ...extra,
    },
  });

describe("a generated receiver of webhooks without a body", () => {
  it("routes an empty delivery by its header to the handler, with no payload", async () => {
    handled.length = 0;
    expect((await notify("sync")).status).toBe(200);
    expect(
      (await notify("exists", TOKEN, { "content-type": "application/json; charset=UTF-8" })).status,
    ).toBe(200);
    expect(handled.map((e) => [e.webhook, e.payload])).toEqual([
      ["sync", undefined],
      ["exists", undefined],
    ]);
  });

  it("still refuses another token (401) and an unknown state (404), handler not called", async () => {
    handled.length = 0;
    expect((await notify("exists", "another-token")).status).toBe(401);
    expect((await notify("not_exists")).status).toBe(404);
    expect(handled).toEqual([]);
  });
});
