/**
 * Headers `verify --webhooks` sends with each delivery: the header parameters a webhook declares,
 * filled from their examples, except `Accept`, `Content-Type` and `Authorization`, whose parameter
 * definitions OpenAPI says SHALL be ignored (the media types and security schemes say them).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadSpecFromString } from "@contract/core";
import { afterAll, describe, expect, it } from "vitest";
import { checkReceiver, webhookContract } from "../src/index.js";

const SECRET = "whsec_cmVjZWl2ZXItaGVhZGVycy10ZXN0LXNlY3JldA==";
const SPEC = `openapi: 3.1.0
info: { title: Hooks, version: "1" }
webhooks:
  ping:
    post:
      parameters:
        - { name: X-Event, in: header, required: true, example: ping, schema: { type: string } }
        - { name: Authorization, in: header, required: true, example: Bearer example-token, schema: { type: string } }
        - { name: Accept, in: header, example: application/vnd.example+json, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { type: object, required: [zen], properties: { zen: { type: string } } }
      responses:
        "200": { description: OK. }
`;

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

describe("checkReceiver: declared headers", () => {
  it("sends the declared headers' examples, but not Authorization's or Accept's", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      request.resume().on("end", () => response.writeHead(204).end());
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const loaded = await loadSpecFromString(SPEC, { path: "/virtual/hooks.yaml" });
    const contract = webhookContract({ document: loaded.document });
    const report = await checkReceiver({ contract, url, secret: SECRET, signature: "standard-webhooks" });
    expect(report.exchanges).toBeGreaterThan(0);
    expect(seen).toHaveLength(report.exchanges);
    for (const headers of seen) {
      expect(headers["x-event"]).toBe("ping");
      expect(headers.authorization).toBeUndefined();
      expect(headers.accept).not.toBe("application/vnd.example+json");
    }
  });
});
