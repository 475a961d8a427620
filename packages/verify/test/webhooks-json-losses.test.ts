/**
 * `verify --webhooks` sends the spec's examples as valid deliveries. YAML reads `.nan` as a number,
 * which passes `type: number` in memory but is sent as `null`: a receiver is right to refuse that,
 * so such an example must not be sent as valid (a finding against a correct receiver otherwise).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadSpecFromString } from "@contract/core";
import { afterAll, describe, expect, it } from "vitest";
import { checkReceiver, webhookContract } from "../src/index.js";

const SECRET = "whsec_ZGlyZWN0aW9ucy10ZXN0LXNlY3JldC1mb3Itd2ViaG9va3M=";
const SPEC = `openapi: 3.1.0
info: { title: Readings, version: "1" }
webhooks:
  reading.taken:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [celsius]
              properties:
                celsius: { type: number }
            examples:
              broken: { value: { celsius: .nan } }
              fine: { value: { celsius: 21.5 } }
      responses:
        "204": { description: OK. }
`;

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

describe("verify --webhooks judges examples as they are sent", () => {
  it("an example JSON would change is noted, not sent as a valid delivery", async () => {
    const bodies: string[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        bodies.push(body);
        // A strict receiver: a reading without a number is refused.
        const celsius = (JSON.parse(body || "{}") as { celsius?: unknown }).celsius;
        response.writeHead(typeof celsius === "number" ? 204 : 400).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const loaded = await loadSpecFromString(SPEC, { path: "/virtual/readings.yaml" });
    const report = await checkReceiver({
      contract: webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) }),
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
      secret: SECRET,
      signature: "standard-webhooks",
      synthesized: 0,
    });
    expect(bodies).toContain(JSON.stringify({ celsius: 21.5 }));
    expect(bodies).not.toContain(JSON.stringify({ celsius: null }));
    // (This receiver checks no signature: the findings about that are beside the point here.)
    expect(report.findings.filter((f) => f.message.includes('example "broken"'))).toEqual([]);
    expect(JSON.stringify(report)).toContain("/celsius: NaN is sent as null");
  });
});
