/**
 * Call arguments for any operation, taken from the spec's own examples (parameter, media type or
 * schema examples), else synthesized from the schema: what a mock server such as Prism accepts.
 */
import type { IRHttpOperation, IRMediaType, IRParameter } from "@contract/core";

type Json = Record<string, unknown>;

function deref(document: unknown, node: unknown, depth = 0): Json {
  let current = node as Json | undefined;
  while (current && typeof current.$ref === "string" && current.$ref.startsWith("#/") && depth++ < 32) {
    let target: unknown = document;
    for (const raw of current.$ref.slice(2).split("/")) {
      target = (target as Json)?.[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    current = {
      ...(target as Json),
      ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== "$ref")),
    };
  }
  return current ?? {};
}

function firstExample(document: unknown, holder: Json): unknown {
  if (holder.example !== undefined) return holder.example;
  if (Array.isArray(holder.examples) && holder.examples.length > 0) return holder.examples[0];
  if (holder.examples && typeof holder.examples === "object") {
    const first = Object.values(holder.examples as Json)[0];
    if (first !== undefined) return deref(document, first).value;
  }
  return undefined;
}

export function sampleFromSchema(document: unknown, raw: unknown, depth = 0): unknown {
  const schema = deref(document, raw);
  const example = firstExample(document, schema);
  if (example !== undefined) return example;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (depth > 8) return undefined;
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((s) => sampleFromSchema(document, s, depth + 1) as Json));
  }
  for (const key of ["oneOf", "anyOf"]) {
    const list = schema[key];
    if (Array.isArray(list) && list.length > 0) return sampleFromSchema(document, list[0], depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Json = {};
      const properties = (schema.properties ?? {}) as Json;
      for (const name of (schema.required ?? []) as string[]) {
        out[name] = sampleFromSchema(document, properties[name] ?? {}, depth + 1);
      }
      return out;
    }
    case "array":
      return [sampleFromSchema(document, schema.items ?? {}, depth + 1)];
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    default:
      return stringFor(schema.format);
  }
}

function stringFor(format: unknown): string {
  switch (format) {
    case "uuid":
      return "2b4a4b7e-9c1f-4a5e-8d3b-1f2e3d4c5b6a";
    case "date":
      return "2024-06-01";
    case "date-time":
      return "2024-06-01T10:00:00Z";
    case "email":
      return "someone@example.com";
    case "uri":
      return "https://example.com/";
    default:
      return "example";
  }
}

function parameterValue(document: unknown, p: IRParameter): unknown {
  const own = firstExample(document, p as unknown as Json);
  if (own !== undefined) return own;
  return sampleFromSchema(document, p.schema ?? p.content?.schema ?? {});
}

function bodyValue(document: unknown, media: IRMediaType): unknown {
  const raw = deref(document, media as unknown as Json);
  const example = firstExample(document, raw);
  return example !== undefined ? example : sampleFromSchema(document, media.schema ?? {});
}

/** Arguments for the generated method of `op`: required parameters, and the body of its default media type. */
export function exampleArgs(document: unknown, op: IRHttpOperation): Json {
  const args: Json = {};
  for (const location of ["path", "query", "header", "cookie"] as const) {
    const values: Json = {};
    for (const p of op.parameters[location]) {
      if (p.required) values[p.name] = parameterValue(document, p);
    }
    if (Object.keys(values).length > 0) args[location] = values;
  }
  const content = op.requestBody?.content ?? [];
  const media = content.find((c) => c.mediaType === "application/json") ?? content[0];
  if (media) {
    args.contentType = media.mediaType;
    args.body = bodyValue(document, media);
  }
  return args;
}
