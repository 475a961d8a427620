/** Builders of tiny specs for diff tests: one operation or webhook carrying the schema under test. */
import { type Change, diffSpecs, type OpenApiDocument } from "@contract/core";

export type Doc = OpenApiDocument;

const info = { title: "t", version: "1" };

/** The four places a schema can sit, with the pointer of that schema in the document. */
export const PLACES = {
  request: {
    prefix: "request",
    role: "input",
    pointer: "/paths/~1pets/post/requestBody/content/application~1json/schema",
    wrap: (schema: unknown, components: Record<string, unknown> = {}): Doc => ({
      openapi: "3.1.0",
      info,
      paths: {
        "/pets": {
          post: {
            operationId: "createPet",
            requestBody: { required: true, content: { "application/json": { schema } } },
            responses: { "201": { description: "created" } },
          },
        },
      },
      components: { schemas: components },
    }),
  },
  response: {
    prefix: "response",
    role: "output",
    pointer: "/paths/~1pets/get/responses/200/content/application~1json/schema",
    wrap: (schema: unknown, components: Record<string, unknown> = {}): Doc => ({
      openapi: "3.1.0",
      info,
      paths: {
        "/pets": {
          get: {
            operationId: "listPets",
            responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
          },
        },
      },
      components: { schemas: components },
    }),
  },
  "webhook-payload": {
    prefix: "webhook-payload",
    role: "output",
    pointer: "/webhooks/pet.created/post/requestBody/content/application~1json/schema",
    wrap: (schema: unknown, components: Record<string, unknown> = {}): Doc => ({
      openapi: "3.1.0",
      info,
      webhooks: {
        "pet.created": {
          post: {
            operationId: "petCreated",
            requestBody: { required: true, content: { "application/json": { schema } } },
            responses: { "200": { description: "ok" } },
          },
        },
      },
      components: { schemas: components },
    }),
  },
  "webhook-response": {
    prefix: "webhook-response",
    role: "input",
    pointer: "/webhooks/pet.created/post/responses/200/content/application~1json/schema",
    wrap: (schema: unknown, components: Record<string, unknown> = {}): Doc => ({
      openapi: "3.1.0",
      info,
      webhooks: {
        "pet.created": {
          post: {
            operationId: "petCreated",
            requestBody: { content: { "application/json": { schema: { type: "object" } } } },
            responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
          },
        },
      },
      components: { schemas: components },
    }),
  },
} as const;

export function diff(base: Doc, head: Doc): Change[] {
  return diffSpecs({ document: base }, { document: head }).changes;
}

/** The fields a table test asserts on: code, severity and the pointer on each side. */
export function summary(changes: Change[]) {
  return changes.map((c) => ({
    code: c.code,
    severity: c.severity,
    base: c.base?.pointer,
    head: c.head?.pointer,
  }));
}

/** A minimal document around one path item. */
export function withPaths(paths: Record<string, unknown>, extra: Partial<Doc> = {}): Doc {
  return { openapi: "3.1.0", info, paths: paths as Doc["paths"], ...extra };
}

export function withWebhooks(webhooks: Record<string, unknown>, extra: Partial<Doc> = {}): Doc {
  return { openapi: "3.1.0", info, webhooks: webhooks as Doc["webhooks"], ...extra };
}
