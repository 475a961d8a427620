/**
 * A webhook travels from provider to consumer as a request: both webhook checks read its schema as
 * the generated receiver's validators do, where a required `readOnly` property may be absent and a
 * required `writeOnly` one may not.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadSpecFromString } from "@contract/core";
import { resolveSignatureScheme } from "@contract/runtime/webhooks";
import { afterAll, describe, expect, it } from "vitest";
import { checkReceiver, createDeliveryChecker, webhookContract } from "../src/index.js";

const SECRET = "whsec_ZGlyZWN0aW9ucy10ZXN0LXNlY3JldC1mb3Itd2ViaG9va3M=";
const SPEC = `openapi: 3.1.0
info: { title: Hooks, version: "1" }
webhooks:
  account.created:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, password, name]
              properties:
                id: { type: string, readOnly: true }
                password: { type: string, writeOnly: true }
                name: { type: string }
            example: { password: s3cret, name: Ada }
      responses:
        "200": { description: OK. }
`;

const contractOf = async () => {
  const loaded = await loadSpecFromString(SPEC, { path: "/virtual/hooks.yaml" });
  return webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
};

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

describe("webhook payloads are checked in the request direction", () => {
  it("verify --listen: a required readOnly property may be absent, a required writeOnly one may not", async () => {
    const check = createDeliveryChecker({
      contract: await contractOf(),
      secret: SECRET,
      signature: "standard-webhooks",
      // The path names the webhook: a payload the schema refuses is still held against it.
      route: { by: "path", pattern: "/hooks/{webhook}" },
    });
    const scheme = resolveSignatureScheme("standard-webhooks", SECRET);
    const deliver = async (payload: unknown) => {
      const body = JSON.stringify(payload);
      const signed = await scheme.sign({ body, id: "msg_1" });
      const headers = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
      const verdict = await check({
        method: "POST",
        url: "http://127.0.0.1/hooks/account.created",
        headers: { ...headers, "content-type": "application/json" },
        body: new TextEncoder().encode(body),
      });
      return verdict.findings.map((f) => `${f.rule} ${f.message}`);
    };
    expect(await deliver({ password: "s3cret", name: "Ada" })).toEqual([]);
    expect(await deliver({ id: "acc_1", name: "Ada" })).toEqual([
      "payload-schema (root) must have required property 'password'",
    ]);
  });

  it("verify --webhooks: the spec's example without the readOnly property is sent as a valid delivery", async () => {
    const bodies: string[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        bodies.push(body);
        response.writeHead(204).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const report = await checkReceiver({
      contract: await contractOf(),
      url,
      secret: SECRET,
      signature: "standard-webhooks",
      synthesized: 0,
    });
    expect(report.skipped.filter((s) => s.operation === "account.created")).toEqual([]);
    expect(bodies).toContain(JSON.stringify({ password: "s3cret", name: "Ada" }));
  });
});
