/**
 * Bugs the fuzzer found whose symptom is generated code that does not compile: each as a minimal
 * spec, generated and type-checked in one strict program.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { afterAll, describe, expect, it } from "vitest";
import { fuzzRoot, typecheckOutputs } from "./harness.js";

const work = join(fuzzRoot, `regressions-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SPECS: Record<string, string> = {
  // A security scheme, an operation and a parameter named like Object.prototype members: as plain
  // keys of the client's spec literal they were typed by Object's methods, widening "apiKey" to string.
  "object-member-names.yaml": `openapi: 3.1.0
info: {title: t, version: "1"}
security: [{toString: []}]
paths:
  /a/{constructor}:
    get:
      operationId: valueOf
      parameters:
        - {name: constructor, in: path, required: true, schema: {type: string}}
        - {name: hasOwnProperty, in: query, schema: {type: string}}
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    toString: {type: apiKey, in: cookie, name: session}
`,
  // operationIds with a percent sign: openapi-typescript percent-decodes its own reference to the
  // operations entry ("%2F1" → operations["/1"], a missing member) or throws on it ("a%zz": URI malformed).
  "percent-operation-ids.yaml": `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: "%2F487"
      responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
  /b:
    get:
      operationId: "a%zz"
      responses: {"200": {description: ok}}
`,
  // Boolean schemas in allOf/anyOf/oneOf (valid 2020-12): openapi-typescript's discriminator scan
  // threw "Cannot use 'in' operator to search for '$ref' in true".
  "boolean-subschemas.yaml": `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}}
components:
  schemas:
    A:
      allOf:
        - {type: object, properties: {x: {type: string}}}
        - true
      anyOf: [true, {type: object}]
    B:
      oneOf: [false, {type: string}]
`,
  // Webhook names with a comment terminator or a line separator: the handler stub's doc comment
  // (and its TODO line comment) ended early and the rest of the name became code.
  "webhook-names-in-comments.yaml": `openapi: 3.1.0
info: {title: t, version: "1"}
webhooks:
  "*/":
    post:
      requestBody: {content: {application/json: {schema: {type: string}}}}
      responses: {"200": {description: ok}}
  "a\u2028b":
    post:
      requestBody: {content: {application/json: {schema: {type: string}}}}
      responses: {"200": {description: ok}}
`,
  // One path item under paths and webhooks: its operations were declared twice in types.ts.
  "shared-path-item.yaml": `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets: {$ref: "#/components/pathItems/Pets"}
webhooks:
  petAdopted: {$ref: "#/components/pathItems/Pets"}
components:
  pathItems:
    Pets:
      post:
        operationId: addPet
        requestBody:
          content:
            application/json:
              schema: {type: string}
        responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
`,
};

describe("fuzzer regressions: the generated code compiles", () => {
  it("for every spec, in one strict TypeScript program", { timeout: 120_000 }, async () => {
    mkdirSync(work, { recursive: true });
    const outs: string[] = [];
    for (const [name, text] of Object.entries(SPECS)) {
      writeFileSync(join(work, name), text);
      const out = join(work, name.replace(/\.yaml$/, ""));
      let printed = "";
      const io = {
        cwd: work,
        color: false,
        stdout: (t: string) => {
          printed += t;
        },
        stderr: (t: string) => {
          printed += t;
        },
      };
      expect(await runCli(["gen", name, "--out", out], io), printed).toBe(0);
      outs.push(out);
    }
    expect(typecheckOutputs(outs)).toEqual([]);
  });
});
