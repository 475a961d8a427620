/**
 * normalize: bundled OpenAPI 3.1 document → ContractIR. Operations under `paths` and webhooks
 * under `webhooks` go through the same code; only where they hang in the document differs.
 */
import {
  type ContractIR,
  HTTP_METHODS,
  type IREncoding,
  type IRHttpOperation,
  type IRMediaType,
  type IROperationBase,
  type IRParameter,
  type IRRequestBody,
  type IRResponse,
  type IRSchema,
  type IRSecurityRequirement,
  type IRSecurityScheme,
  type IRServer,
  type IRWebhook,
  PARAMETER_LOCATIONS,
  type ParameterLocation,
  type ParameterStyle,
} from "../ir.js";
import type { JsonSchema, OpenApiDocument } from "../openapi.js";
import { joinPointer } from "../pointer.js";
import { withQueryKeyParameters } from "./query-in-path-key.js";
import { resolveObject } from "./refs.js";

type Obj = Record<string, unknown>;

const asObject = (v: unknown): Obj | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function buildIR(input: OpenApiDocument): ContractIR {
  const document = withQueryKeyParameters(input);
  const operations: IRHttpOperation[] = [];
  const webhooks: IRWebhook[] = [];

  for (const [path, item, pointer] of entries(document, "paths")) {
    for (const op of operationsOfPathItem(document, item, pointer)) {
      operations.push({ kind: "operation", path, ...op, id: op.operationId ?? `${op.method} ${path}` });
    }
  }
  for (const [name, item, pointer] of entries(document, "webhooks")) {
    const ops = operationsOfPathItem(document, item, pointer);
    for (const op of ops) {
      const fallback = ops.length === 1 ? name : `${name} ${op.method}`;
      webhooks.push({ kind: "webhook", name, ...op, id: op.operationId ?? fallback });
    }
  }

  return {
    title: asString(document.info?.title) ?? "API",
    version: asString(document.info?.version) ?? "0.0.0",
    servers: servers(document),
    securitySchemes: securitySchemes(document),
    operations,
    webhooks,
    schemas: componentSchemas(document),
    document,
  };
}

function* entries(document: OpenApiDocument, key: "paths" | "webhooks"): Generator<[string, Obj, string]> {
  const container = asObject(document[key]);
  if (!container) return;
  for (const [name, value] of Object.entries(container)) {
    if (name.startsWith("x-")) continue;
    const resolved = resolveObject(document, value, joinPointer("", key, name));
    if (resolved) yield [name, resolved.value, resolved.pointer];
  }
}

type OperationCore = Omit<IROperationBase, "id"> & { operationId?: string };

function operationsOfPathItem(document: OpenApiDocument, item: Obj, itemPointer: string): OperationCore[] {
  const shared = parameterList(document, item.parameters, joinPointer(itemPointer, "parameters"));
  const out: OperationCore[] = [];
  for (const method of HTTP_METHODS) {
    const opPointer = joinPointer(itemPointer, method);
    const resolved = resolveObject(document, item[method], opPointer);
    if (!resolved) continue;
    const op = resolved.value;
    const own = parameterList(document, op.parameters, joinPointer(resolved.pointer, "parameters"));
    out.push({
      method,
      operationId: asString(op.operationId),
      summary: asString(op.summary) ?? asString(item.summary),
      description: asString(op.description) ?? asString(item.description),
      deprecated: op.deprecated === true,
      tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === "string") : [],
      parameters: groupParameters(shared, own),
      requestBody: requestBody(document, op.requestBody, joinPointer(resolved.pointer, "requestBody")),
      responses: responses(document, op.responses, joinPointer(resolved.pointer, "responses")),
      security: securityRequirements(op.security) ?? securityRequirements(document.security) ?? [],
      pointer: resolved.pointer,
    });
  }
  return out;
}

/** Operation parameters override path-item parameters with the same name and location. */
function groupParameters(
  shared: IRParameter[],
  own: IRParameter[],
): Record<ParameterLocation, IRParameter[]> {
  const byKey = new Map<string, IRParameter>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}\0${p.name}`, p);
  const grouped = Object.fromEntries(PARAMETER_LOCATIONS.map((l) => [l, [] as IRParameter[]])) as Record<
    ParameterLocation,
    IRParameter[]
  >;
  for (const p of byKey.values()) grouped[p.in].push(p);
  return grouped;
}

function parameterList(document: OpenApiDocument, list: unknown, pointer: string): IRParameter[] {
  if (!Array.isArray(list)) return [];
  const out: IRParameter[] = [];
  list.forEach((raw, index) => {
    const resolved = resolveObject(document, raw, joinPointer(pointer, index));
    if (!resolved) return;
    const p = resolved.value;
    const location = asString(p.in);
    const name = asString(p.name);
    if (!name || !location || !(PARAMETER_LOCATIONS as readonly string[]).includes(location)) return;
    out.push(parameter(document, name, location as ParameterLocation, p, resolved.pointer));
  });
  return out;
}

const DEFAULT_STYLE: Record<ParameterLocation, ParameterStyle> = {
  path: "simple",
  query: "form",
  header: "simple",
  cookie: "form",
};

function parameter(
  document: OpenApiDocument,
  name: string,
  location: ParameterLocation,
  p: Obj,
  pointer: string,
): IRParameter {
  const style = (asString(p.style) as ParameterStyle | undefined) ?? DEFAULT_STYLE[location];
  const content = mediaTypes(document, p.content, joinPointer(pointer, "content"))[0];
  return {
    name,
    in: location,
    // Path parameters are always required, whatever the document says (the validator reports it).
    required: location === "path" ? true : p.required === true,
    deprecated: p.deprecated === true,
    description: asString(p.description),
    style,
    explode: typeof p.explode === "boolean" ? p.explode : style === "form" || style === "cookie",
    allowReserved: p.allowReserved === true,
    ...(p.schema !== undefined
      ? { schema: p.schema as JsonSchema, schemaPointer: joinPointer(pointer, "schema") }
      : {}),
    ...(content ? { content } : {}),
    pointer,
  };
}

function mediaTypes(document: OpenApiDocument, content: unknown, pointer: string): IRMediaType[] {
  const map = asObject(content);
  if (!map) return [];
  const out: IRMediaType[] = [];
  for (const [mediaType, raw] of Object.entries(map)) {
    const resolved = resolveObject(document, raw, joinPointer(pointer, mediaType));
    const m = resolved?.value ?? {};
    const at = resolved?.pointer ?? joinPointer(pointer, mediaType);
    const encoding = encodingMap(document, m.encoding, joinPointer(at, "encoding"));
    out.push({
      mediaType,
      ...(m.schema !== undefined
        ? { schema: m.schema as JsonSchema, schemaPointer: joinPointer(at, "schema") }
        : {}),
      ...(encoding ? { encoding } : {}),
      pointer: at,
    });
  }
  return out;
}

function encodingMap(
  document: OpenApiDocument,
  raw: unknown,
  pointer: string,
): Record<string, IREncoding> | undefined {
  const map = asObject(raw);
  if (!map) return undefined;
  const out: Record<string, IREncoding> = {};
  for (const [property, value] of Object.entries(map)) {
    const e = asObject(value);
    if (!e) continue;
    out[property] = {
      contentType: asString(e.contentType),
      style: asString(e.style) as ParameterStyle | undefined,
      explode: typeof e.explode === "boolean" ? e.explode : undefined,
      allowReserved: e.allowReserved === true,
      headers: headerList(document, e.headers, joinPointer(pointer, property, "headers")),
    };
  }
  return out;
}

function headerList(document: OpenApiDocument, raw: unknown, pointer: string): IRParameter[] {
  const map = asObject(raw);
  if (!map) return [];
  const out: IRParameter[] = [];
  for (const [name, value] of Object.entries(map)) {
    const resolved = resolveObject(document, value, joinPointer(pointer, name));
    if (resolved) out.push(parameter(document, name, "header", resolved.value, resolved.pointer));
  }
  return out;
}

function requestBody(document: OpenApiDocument, raw: unknown, pointer: string): IRRequestBody | undefined {
  const resolved = resolveObject(document, raw, pointer);
  if (!resolved) return undefined;
  const body = resolved.value;
  return {
    required: body.required === true,
    description: asString(body.description),
    content: mediaTypes(document, body.content, joinPointer(resolved.pointer, "content")),
    pointer: resolved.pointer,
  };
}

function responses(document: OpenApiDocument, raw: unknown, pointer: string): IRResponse[] {
  const map = asObject(raw);
  if (!map) return [];
  const out: IRResponse[] = [];
  for (const [status, value] of Object.entries(map)) {
    if (status.startsWith("x-")) continue;
    const resolved = resolveObject(document, value, joinPointer(pointer, status));
    if (!resolved) continue;
    const r = resolved.value;
    out.push({
      status,
      description: asString(r.description),
      headers: headerList(document, r.headers, joinPointer(resolved.pointer, "headers")),
      content: mediaTypes(document, r.content, joinPointer(resolved.pointer, "content")),
      pointer: resolved.pointer,
    });
  }
  return out;
}

function securityRequirements(raw: unknown): IRSecurityRequirement[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.map((req) => {
    const out: IRSecurityRequirement = {};
    for (const [name, scopes] of Object.entries(asObject(req) ?? {})) {
      out[name] = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
    }
    return out;
  });
}

function servers(document: OpenApiDocument): IRServer[] {
  const list = Array.isArray(document.servers) ? document.servers : [];
  return list.flatMap((raw) => {
    const s = asObject(raw);
    const url = asString(s?.url);
    if (!s || url === undefined) return [];
    const variables: IRServer["variables"] = {};
    for (const [name, v] of Object.entries(asObject(s.variables) ?? {})) {
      const variable = asObject(v) ?? {};
      const values = Array.isArray(variable.enum) ? variable.enum.map(String) : undefined;
      variables[name] = {
        default: String(variable.default ?? ""),
        ...(values ? { enum: values } : {}),
        ...(asString(variable.description) ? { description: asString(variable.description) } : {}),
      };
    }
    return [{ url, description: asString(s.description), variables }];
  });
}

function securitySchemes(document: OpenApiDocument): IRSecurityScheme[] {
  const map = asObject(document.components?.securitySchemes) ?? {};
  const out: IRSecurityScheme[] = [];
  for (const [name, value] of Object.entries(map)) {
    const resolved = resolveObject(document, value, joinPointer("", "components", "securitySchemes", name));
    if (!resolved) continue;
    const s = resolved.value;
    const type = asString(s.type) as IRSecurityScheme["type"] | undefined;
    if (!type) continue;
    out.push({
      name,
      type,
      ...(asString(s.scheme) ? { scheme: asString(s.scheme)!.toLowerCase() } : {}),
      ...(asString(s.in) ? { in: asString(s.in) as IRSecurityScheme["in"] } : {}),
      ...(asString(s.name) ? { paramName: asString(s.name) } : {}),
      pointer: resolved.pointer,
    });
  }
  return out;
}

function componentSchemas(document: OpenApiDocument): IRSchema[] {
  const map = asObject(document.components?.schemas) ?? {};
  return Object.entries(map).map(([name, schema]) => ({
    name,
    schema: schema as JsonSchema,
    pointer: joinPointer("", "components", "schemas", name),
  }));
}
