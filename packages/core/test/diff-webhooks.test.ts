/**
 * Webhooks flip the roles: the provider sends the payload (the consumer reads it, like a response)
 * and the consumer sends the acknowledgement (like a request).
 */
import { describe, expect, it } from "vitest";
import { diff, summary, withWebhooks } from "./diff-helpers.js";

const hook = (extra: Record<string, unknown> = {}) => ({
  post: {
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { action: { type: "string", enum: ["created"] }, id: { type: "integer" } },
            required: ["action", "id"],
          },
        },
      },
    },
    responses: { "200": { description: "ok" } },
    ...extra,
  },
});
const W = "/webhooks/pet";

describe("webhooks", () => {
  it("removing a webhook is breaking, a deprecated one a warning, adding one info", () => {
    const base = withWebhooks({ pet: hook(), toy: hook({ deprecated: true }) });
    const head = withWebhooks({ store: hook() });
    expect(summary(diff(base, head))).toEqual([
      { code: "webhook-removed", severity: "breaking", base: `${W}/post`, head: "/webhooks" },
      {
        code: "deprecated-webhook-removed",
        severity: "warning",
        base: "/webhooks/toy/post",
        head: "/webhooks",
      },
      { code: "webhook-added", severity: "info", base: "/webhooks", head: "/webhooks/store/post" },
    ]);
  });

  it("judges the payload like a response: a property removed breaks consumers", () => {
    const base = withWebhooks({ pet: hook() });
    const head = structuredClone(base);
    const schema = (head.webhooks!.pet!.post as any).requestBody.content["application/json"].schema;
    delete schema.properties.id;
    schema.required = ["action"];
    const p = `${W}/post/requestBody/content/application~1json/schema`;
    expect(summary(diff(base, head))).toEqual([
      {
        code: "webhook-payload-property-removed",
        severity: "breaking",
        base: `${p}/properties/id`,
        head: `${p}/properties`,
      },
    ]);
  });

  it("judges the payload like a response: a new required property or a tighter type is fine", () => {
    const base = withWebhooks({ pet: hook() });
    const head = structuredClone(base);
    const schema = (head.webhooks!.pet!.post as any).requestBody.content["application/json"].schema;
    schema.properties.name = { type: "string" };
    schema.required.push("name");
    schema.properties.id.minimum = 1;
    expect(summary(diff(base, head)).map((c) => [c.code, c.severity])).toEqual([
      ["webhook-payload-minimum-tightened", "info"],
      ["webhook-payload-required-property-added", "info"],
    ]);
  });

  it("new payload enum values are a warning, a loosened payload property breaking", () => {
    const base = withWebhooks({ pet: hook() });
    const head = structuredClone(base);
    const schema = (head.webhooks!.pet!.post as any).requestBody.content["application/json"].schema;
    schema.properties.action.enum.push("deleted");
    schema.properties.id.type = ["integer", "null"];
    expect(summary(diff(base, head)).map((c) => [c.code, c.severity])).toEqual([
      ["webhook-payload-became-nullable", "breaking"],
      ["webhook-payload-enum-value-added", "warning"],
    ]);
  });

  it("judges the acknowledgement like a request: the consumer must now send more", () => {
    const ack = (required: string[]) =>
      withWebhooks({
        pet: hook({
          responses: {
            "200": {
              description: "ok",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { received: { type: "boolean" } }, required },
                },
              },
            },
          },
        }),
      });
    const p = `${W}/post/responses/200/content/application~1json/schema/properties/received`;
    expect(summary(diff(ack([]), ack(["received"])))).toEqual([
      { code: "webhook-response-property-became-required", severity: "breaking", base: p, head: p },
    ]);
  });

  it("an acknowledgement status the consumer returns today no longer accepted", () => {
    const base = withWebhooks({ pet: hook() });
    const head = withWebhooks({ pet: hook({ responses: { "204": { description: "done" } } }) });
    expect(summary(diff(base, head)).map((c) => [c.code, c.severity])).toEqual([
      ["webhook-response-success-status-removed", "breaking"],
      ["webhook-response-status-added", "info"],
    ]);
  });

  it("delivery headers: one the consumer reads removed is breaking, a new one info", () => {
    const sig = { name: "X-Signature", in: "header", required: true, schema: { type: "string" } };
    const id = { name: "X-Delivery", in: "header", required: true, schema: { type: "string" } };
    const base = withWebhooks({ pet: hook({ parameters: [sig] }) });
    const head = withWebhooks({ pet: hook({ parameters: [id] }) });
    expect(summary(diff(base, head))).toEqual([
      {
        code: "webhook-payload-header-removed",
        severity: "breaking",
        base: `${W}/post/parameters/0`,
        head: `${W}/post/parameters`,
      },
      {
        code: "webhook-payload-required-header-added",
        severity: "info",
        base: `${W}/post/parameters`,
        head: `${W}/post/parameters/0`,
      },
    ]);
  });

  it("a payload body that disappears breaks consumers", () => {
    const base = withWebhooks({ pet: hook() });
    const head = withWebhooks({ pet: { post: { responses: { "200": { description: "ok" } } } } });
    expect(summary(diff(base, head))).toEqual([
      {
        code: "webhook-payload-body-removed",
        severity: "breaking",
        base: `${W}/post/requestBody`,
        head: `${W}/post/requestBody`,
      },
    ]);
  });

  it("deprecating a webhook and changing its security are info", () => {
    const schemes = { components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "k" } } } };
    const base = withWebhooks({ pet: hook() }, schemes);
    const head = withWebhooks({ pet: hook({ deprecated: true, security: [{ key: [] }] }) }, schemes);
    expect(summary(diff(base, head)).map((c) => [c.code, c.severity])).toEqual([
      ["webhook-deprecated", "info"],
      ["webhook-security-changed", "info"],
    ]);
  });

  it("names the webhook in messages and targets", () => {
    const [change] = diff(withWebhooks({ "pet.created": hook() }), withWebhooks({}));
    expect(change?.message).toBe("webhook pet.created removed");
    expect(change?.affects).toEqual([
      { kind: "webhook", label: "webhook pet.created", method: "post", name: "pet.created" },
    ]);
  });
});
