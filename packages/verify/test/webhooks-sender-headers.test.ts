/**
 * Required headers of a delivery (`verify --listen`): a header parameter the webhook declares as
 * required must come, except `Accept`, `Content-Type` and `Authorization`, whose parameter
 * definitions OpenAPI says SHALL be ignored (the media types and security schemes say them).
 */
import { loadSpecFromString } from "@contract/core";
import { resolveSignatureScheme } from "@contract/runtime/webhooks";
import { describe, expect, it } from "vitest";
import { createDeliveryChecker, webhookContract } from "../src/index.js";

const SECRET = "whsec_c2VuZGVyLWhlYWRlcnMtdGVzdC1zZWNyZXQ=";
const SPEC = `openapi: 3.1.0
info: { title: Hooks, version: "1" }
webhooks:
  ping:
    post:
      parameters:
        - { name: X-Event, in: header, required: true, schema: { type: string } }
        - { name: Authorization, in: header, required: true, schema: { type: string } }
        - { name: Accept, in: header, required: true, schema: { type: string } }
        - { name: Content-Type, in: header, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { type: object, required: [zen], properties: { zen: { type: string } } }
      responses:
        "200": { description: OK. }
`;

describe("createDeliveryChecker: required headers", () => {
  it("reports a missing required header, not the ones OpenAPI ignores", async () => {
    const loaded = await loadSpecFromString(SPEC, { path: "/virtual/hooks.yaml" });
    const contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
    const check = createDeliveryChecker({ contract, secret: SECRET, signature: "standard-webhooks" });
    const body = JSON.stringify({ zen: "Keep it logically awesome." });
    const signed = await resolveSignatureScheme("standard-webhooks", SECRET).sign({ body, id: "msg_1" });
    const headers = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
    const verdict = await check({
      method: "POST",
      url: "/",
      headers: { ...headers, "content-type": "application/json" },
      body: new TextEncoder().encode(body),
    });
    expect(verdict.findings.map((f) => `${f.rule} ${f.specPointer}`)).toEqual([
      "missing-header /webhooks/ping/post/parameters/0",
    ]);
  });
});
