/** `gen` signs and verifies the way the spec says (x-fern-webhook-signature, x-speakeasy-webhooks) unless the config chooses. */
import { buildIR, type OpenApiDocument } from "@contract/core";
import { describe, expect, it } from "vitest";
import { senderGenerator } from "../src/generators/sender/index.js";
import { generateWebhookFiles } from "../src/generators/webhooks/index.js";

const spec = (extensions: object): OpenApiDocument =>
  ({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    ...extensions,
    webhooks: {
      "pet.created": {
        post: {
          requestBody: { content: { "application/json": { schema: { type: "object" } } } },
          responses: { "200": { description: "ok" } },
        },
      },
    },
  }) as unknown as OpenApiDocument;

const context = (document: OpenApiDocument) => ({ ir: buildIR(document), generatorVersion: "0.0.0-test" });

async function generated(document: OpenApiDocument, signature?: unknown) {
  const files = await generateWebhookFiles(context(document), {
    validatorsModule: false,
    ...(signature !== undefined ? { signature } : {}),
  });
  const sender = await senderGenerator.generate(context(document), {
    validatorsModule: false,
    ...(signature !== undefined ? { signature } : {}),
  } as never);
  return {
    webhooks: files.find((f) => f.path === "webhooks.ts")!.contents as string,
    sender: sender.find((f) => f.path === "sender.ts")!.contents as string,
  };
}

describe("the spec's signature extension", () => {
  it("x-fern-webhook-signature (hmac, timestamp + body) becomes the receiver's and sender's scheme", async () => {
    const { webhooks, sender } = await generated(
      spec({
        "x-fern-webhook-signature": {
          type: "hmac",
          header: "x-webhook-signature",
          algorithm: "sha256",
          encoding: "hex",
          "payload-format": { components: ["timestamp", "body"], delimiter: "." },
          timestamp: { header: "x-webhook-timestamp" },
        },
      }),
    );
    const expected =
      '{"type":"hmac","header":"x-webhook-signature","encoding":"hex","timestampHeader":"x-webhook-timestamp","timestampSeparator":"."}';
    expect(webhooks.replace(/\s/g, "")).toContain(`signature:${expected}`);
    expect(sender.replace(/\s/g, "")).toContain(`signature:${expected}`);
  });

  it("x-speakeasy-webhooks becomes the scheme; a scheme chosen in the config wins", async () => {
    const document = spec({
      "x-speakeasy-webhooks": {
        security: {
          type: "signature",
          headerName: "x-signature",
          signatureTextEncoding: "base64",
          algorithm: "hmac-sha256",
        },
      },
    });
    expect((await generated(document)).webhooks.replace(/\s/g, "")).toContain(
      'signature:{"type":"hmac","header":"x-signature","encoding":"base64"}',
    );
    const chosen = await generated(document, "github");
    expect(chosen.webhooks.replace(/\s/g, "")).toContain('signature:"github"');
    expect(chosen.webhooks).not.toContain("x-signature");
  });

  it("a scheme the toolkit cannot run (asymmetric) leaves the default", async () => {
    const { webhooks } = await generated(
      spec({
        "x-fern-webhook-signature": {
          type: "asymmetric",
          header: "x-sig",
          "asymmetric-algorithm": "rsa-sha256",
        },
      }),
    );
    expect(webhooks).not.toMatch(/^\s*signature:/m);
  });
});
