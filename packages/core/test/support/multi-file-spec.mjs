/**
 * Writes a multi-file OpenAPI 3.1 spec of about `files` files into `dir`, for tests and for the
 * `pnpm bench` comparison of `contract check` with `redocly lint`. Plain ESM (no build step) so
 * the benchmark runner can import it as it is.
 *
 * Shape, per resource i: `schemas/r<i>.yaml` (an object schema whose `parent` refers to the next
 * resource's file within a ring of RING files, so the schema files form cycles across files),
 * `paths/r<i>.yaml` (a
 * collection path item: list + create) and `paths/r<i>-item.json` (an item path item in JSON:
 * get, put, delete). Shared files hold a tag schema, an enum, a parameter and an error response.
 * The entry lists every schema under `components.schemas`, every path item under `paths`, and a
 * few webhooks whose payloads refer to the schema files.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

const SHARED_FILES = 5;
/**
 * Resources per ring of `parent` refs. Real specs have short cycles; one ring through all files
 * would only measure how deep a tool can recurse (`redocly lint` overflows its stack on it).
 */
const RING = 8;

/**
 * @param {string} dir folder to write into (created if missing)
 * @param {{ files?: number, webhooks?: number }} [options]
 * @returns {Promise<{ entry: string, files: number, resources: number, operations: number, webhooks: number }>}
 */
export async function writeMultiFileSpec(dir, options = {}) {
  const target = options.files ?? 2000;
  const resources = Math.max(1, Math.floor((target - 1 - SHARED_FILES) / 3));
  const webhookCount = Math.min(options.webhooks ?? 50, resources);
  /** @type {Map<string, string>} */
  const files = new Map();

  files.set(
    "schemas/common/tag.yaml",
    yaml([
      "type: object",
      "required: [name]",
      "properties:",
      "  name: { type: string, maxLength: 64 }",
      "  color: { type: string, pattern: '^#[0-9a-f]{6}$' }",
    ]),
  );
  files.set(
    "schemas/common/enums.yaml",
    yaml(["Status:", "  type: string", "  enum: [active, archived, deleted]"]),
  );
  files.set(
    "schemas/common/error.yaml",
    yaml([
      "type: object",
      "required: [code, message]",
      "properties:",
      "  code: { type: integer }",
      "  message: { type: string }",
    ]),
  );
  files.set(
    "parameters/common.yaml",
    yaml([
      "limit:",
      "  name: limit",
      "  in: query",
      "  schema: { type: integer, minimum: 1, maximum: 100, default: 20 }",
      "cursor:",
      "  name: cursor",
      "  in: query",
      "  schema: { type: string }",
    ]),
  );
  files.set(
    "responses/error.yaml",
    yaml([
      "description: Error",
      "content:",
      "  application/json:",
      "    schema:",
      "      $ref: ../schemas/common/error.yaml",
    ]),
  );

  for (let i = 0; i < resources; i++) {
    const ringStart = i - (i % RING);
    const ringSize = Math.min(RING, resources - ringStart);
    const next = ringStart + ((i - ringStart + 1) % ringSize);
    files.set(
      `schemas/r${i}.yaml`,
      yaml([
        "type: object",
        `title: Resource ${i}`,
        "required: [id, name]",
        "properties:",
        "  id: { type: string, format: uuid, readOnly: true }",
        "  name: { type: string, minLength: 1 }",
        "  count: { type: [integer, 'null'], minimum: 0 }",
        "  status:",
        "    $ref: ./common/enums.yaml#/Status",
        "  tags:",
        "    type: array",
        "    items:",
        "      $ref: ./common/tag.yaml",
        "  parent:",
        `    $ref: ./r${next}.yaml`,
      ]),
    );
    files.set(
      `paths/r${i}.yaml`,
      yaml([
        "get:",
        `  operationId: listR${i}`,
        `  summary: List resource ${i}`,
        "  parameters:",
        "    - $ref: ../parameters/common.yaml#/limit",
        "    - $ref: ../parameters/common.yaml#/cursor",
        "  responses:",
        "    '200':",
        "      description: A page",
        "      content:",
        "        application/json:",
        "          schema:",
        "            type: array",
        "            items:",
        `              $ref: ../schemas/r${i}.yaml`,
        "    '400':",
        "      $ref: ../responses/error.yaml",
        "post:",
        `  operationId: createR${i}`,
        `  summary: Create resource ${i}`,
        "  requestBody:",
        "    required: true",
        "    content:",
        "      application/json:",
        "        schema:",
        `          $ref: ../schemas/r${i}.yaml`,
        "  responses:",
        "    '201':",
        "      description: Created",
        "      content:",
        "        application/json:",
        "          schema:",
        `            $ref: ../schemas/r${i}.yaml`,
        "    '400':",
        "      $ref: ../responses/error.yaml",
      ]),
    );
    const schemaRef = { $ref: `../schemas/r${i}.yaml` };
    const errorRef = { $ref: "../responses/error.yaml" };
    const ok = (description) => ({ description, content: { "application/json": { schema: schemaRef } } });
    files.set(
      `paths/r${i}-item.json`,
      `${JSON.stringify(
        {
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          ],
          get: {
            operationId: `getR${i}`,
            summary: `Get resource ${i}`,
            responses: { 200: ok("The resource"), 400: errorRef },
          },
          put: {
            operationId: `updateR${i}`,
            summary: `Replace resource ${i}`,
            requestBody: { required: true, content: { "application/json": { schema: schemaRef } } },
            responses: { 200: ok("Replaced"), 400: errorRef },
          },
          delete: {
            operationId: `deleteR${i}`,
            summary: `Delete resource ${i}`,
            responses: { 204: { description: "Deleted" }, 400: errorRef },
          },
        },
        null,
        2,
      )}\n`,
    );
  }

  const entry = [
    "openapi: 3.1.0",
    "info:",
    "  title: Generated multi-file API",
    "  version: 1.0.0",
    "  description: A large spec split over many files.",
    "  license: { name: MIT, identifier: MIT }",
    "servers:",
    "  - url: https://api.example.com",
    "security: []",
    "paths:",
  ];
  for (let i = 0; i < resources; i++) {
    entry.push(
      `  /r${i}:`,
      `    $ref: paths/r${i}.yaml`,
      `  /r${i}/{id}:`,
      `    $ref: paths/r${i}-item.json`,
    );
  }
  entry.push("webhooks:");
  for (let i = 0; i < webhookCount; i++) {
    entry.push(
      `  r${i}Created:`,
      "    post:",
      `      operationId: onR${i}Created`,
      `      summary: Resource ${i} created`,
      "      requestBody:",
      "        content:",
      "          application/json:",
      "            schema:",
      `              $ref: schemas/r${i}.yaml`,
      "      responses:",
      "        '200':",
      "          description: Received",
    );
  }
  entry.push("components:", "  schemas:");
  for (let i = 0; i < resources; i++) entry.push(`    R${i}:`, `      $ref: schemas/r${i}.yaml`);
  files.set("openapi.yaml", yaml(entry));

  await mkdir(dir, { recursive: true });
  const folders = new Set([...files.keys()].map((f) => dirname(join(dir, f))));
  await Promise.all([...folders].map((f) => mkdir(f, { recursive: true })));
  await Promise.all([...files].map(([name, text]) => writeFile(join(dir, name), text)));
  return {
    entry: join(dir, "openapi.yaml"),
    files: files.size,
    resources,
    operations: resources * 5,
    webhooks: webhookCount,
  };
}

/** @param {string[]} lines */
function yaml(lines) {
  return `${lines.join("\n")}\n`;
}
