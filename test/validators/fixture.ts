/** A small OpenAPI 3.1 document that exercises what the validators generator must get right. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the point is text that looks like code.
export const hostileName = 'Evil*/"\u2028</script>${x}';

export const fixtureDocument = {
  openapi: "3.1.0",
  info: { title: "fixture", version: "1" },
  paths: {
    "/users/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
      get: {
        operationId: "getUser",
        parameters: [{ name: "expand", in: "query", schema: { type: "boolean" } }],
        responses: {
          "200": {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/User" } } },
          },
          default: {
            description: "error",
            content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
          },
        },
      },
      put: {
        operationId: "putUser",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/User" } } },
        },
        responses: { "204": { description: "done" } },
      },
    },
  },
  webhooks: {
    "user.created": {
      post: {
        parameters: [
          { name: "X-Signature", in: "header", required: true, schema: { type: "string", minLength: 8 } },
        ],
        requestBody: {
          content: { "application/json": { schema: { $ref: "#/components/schemas/UserEvent" } } },
        },
        responses: { "200": { description: "ok" } },
      },
    },
  },
  components: {
    schemas: {
      User: {
        type: "object",
        description: "A user. */ not the end of a comment",
        required: ["id", "name", "password"],
        properties: {
          id: { type: "integer", readOnly: true },
          name: { type: "string", minLength: 1 },
          password: { type: "string", writeOnly: true },
          createdAt: { type: "string", format: "date-time" },
          friends: { type: "array", items: { $ref: "#/components/schemas/User" } },
          address: { $ref: "#/components/schemas/Address" },
          billing: { $ref: "#/components/schemas/Address" },
        },
        additionalProperties: false,
      },
      Address: {
        type: "object",
        required: ["city"],
        properties: { city: { type: "string" }, zip: { type: "string", pattern: "^[0-9]{5}$" } },
        xml: { name: "address" },
        example: { city: "Berlin" },
        externalDocs: { url: "https://example.com" },
      },
      UserEvent: {
        type: "object",
        required: ["user"],
        properties: {
          user: { $ref: "#/components/schemas/User" },
          // Two identical inline objects: shared into one definition.
          before: {
            type: "object",
            required: ["a", "b"],
            properties: { a: { type: "string" }, b: { type: "integer" }, c: { type: "boolean" } },
          },
          after: {
            type: "object",
            required: ["a", "b"],
            properties: { a: { type: "string" }, b: { type: "integer" }, c: { type: "boolean" } },
          },
        },
      },
      Pet: {
        oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
        discriminator: { propertyName: "kind" },
      },
      Cat: {
        type: "object",
        required: ["kind"],
        properties: { kind: { const: "cat" }, lives: { type: "integer" } },
      },
      Dog: { type: "object", required: ["kind"], properties: { kind: { const: "dog" } } },
      Dictionary: {
        type: "object",
        required: ["constructor"],
        properties: { constructor: { type: "string" }, toString: { type: "string" } },
        additionalProperties: { type: "number" },
      },
      Closed: { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
      Problem: { type: "object", required: ["title"], properties: { title: { type: "string" } } },
      [hostileName]: {
        type: "object",
        required: ['");process.exit(1);("'],
        properties: { '");process.exit(1);("': { const: "*/\u2028`" } },
      },
    },
  },
};
