/**
 * Builds concrete HTTP requests for an operation: parameter values and a body taken from the
 * spec's examples or synthesized (seeded), serialized with the client runtime's serializers so
 * styles and explode behave exactly as in generated clients.
 */
import {
  checkAsSent,
  getAtPointer,
  type IRHttpOperation,
  type IRMediaType,
  type IRParameter,
  isJsonMediaType,
  mediaTypeEssence,
  payloadFor,
  synthesize,
} from "@contract/core";
import { serializeBody, serializeParameter } from "@contract/runtime/client";
import type { OperationCredentials } from "./credentials.js";
import type { SchemaValidator } from "./schema-check.js";

/** A request as sent, with the values it was built from (links and negative cases reuse them). */
export interface PlannedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** multipart/form-data fields (the body is built from them when sending). */
  form?: Array<[string, string]>;
  /** Parameter values by location and name, before serialization. */
  params: Record<IRParameter["in"], Record<string, unknown>>;
  /** The body value before serialization, and its media type. */
  bodyValue?: unknown;
  media?: IRMediaType;
}

export interface RequestContext {
  document: unknown;
  baseUrl: string;
  headers: Record<string, string>;
  validateRequest: SchemaValidator;
  /** The credentials an operation is called with (none when the run was given none for its schemes). */
  credentialsFor: (op: IRHttpOperation) => OperationCredentials | undefined;
}

const SUPPORTED_BODY = (m: string) =>
  isJsonMediaType(m) ||
  m === "application/x-www-form-urlencoded" ||
  m === "multipart/form-data" ||
  m.startsWith("text/");

/** The body media type this run can send, or undefined when none is supported. */
export function sendableMedia(op: IRHttpOperation): IRMediaType | undefined {
  return op.requestBody?.content.find((c) => SUPPORTED_BODY(mediaTypeEssence(c.mediaType)));
}

/** Values for every parameter: the parameter's example when it has one (first sample), else synthesized. */
export function parameterValues(
  op: IRHttpOperation,
  document: unknown,
  seed: string,
  sample: number,
): PlannedRequest["params"] {
  const params: PlannedRequest["params"] = { path: {}, query: {}, header: {}, cookie: {} };
  for (const list of Object.values(op.parameters)) {
    for (const p of list) {
      // Optional parameters are left out of every other sample, so both shapes get exercised.
      if (!p.required && sample % 2 === 1) continue;
      const value = sample === 0 ? parameterExample(document, p) : undefined;
      const schema = p.schema ?? p.content?.schema;
      if (value !== undefined) params[p.in][p.name] = value;
      else if (schema !== undefined)
        params[p.in][p.name] = synthesize(schema, document, { seed: `${seed}:${op.id}:${p.name}:${sample}` });
      else if (p.required) params[p.in][p.name] = "x";
    }
  }
  return params;
}

function parameterExample(document: unknown, p: IRParameter): unknown {
  const node = getAtPointer(document, p.pointer) as { example?: unknown; examples?: unknown } | undefined;
  if (node?.example !== undefined) return node.example;
  if (node?.examples && typeof node.examples === "object") {
    for (const e of Object.values(node.examples as Record<string, { value?: unknown }>))
      if (e?.value !== undefined) return e.value;
  }
  return undefined;
}

/** The body value for a sample: the spec's example for sample 0, synthesized (checked valid) otherwise. */
export function bodyValue(
  op: IRHttpOperation,
  media: IRMediaType,
  ctx: RequestContext,
  seed: string,
  sample: number,
): unknown {
  const schemaPointer = media.schemaPointer;
  const payload = payloadFor(ctx.document, media, {
    seed: `${seed}:${op.id}:body:${sample}`,
    synthesizeOnly: sample > 0,
    // Judged as sent: an example JSON would change (YAML's `.nan` becomes null) is passed over.
    check: checkAsSent(
      schemaPointer ? (v) => ctx.validateRequest(schemaPointer, v).map((p) => p.message) : () => [],
    ),
  });
  return payload.value;
}

/** Serializes values into a request against the base URL. */
export function buildRequest(
  op: IRHttpOperation,
  ctx: RequestContext,
  params: PlannedRequest["params"],
  media: IRMediaType | undefined,
  value: unknown,
  /** False for the request that checks the operation refuses callers without credentials. */
  withCredentials = true,
): PlannedRequest {
  const encodingOf = (p: IRParameter) => ({
    style: p.style,
    explode: p.explode,
    allowReserved: p.allowReserved,
    contentType: p.content?.mediaType,
  });
  const byName = (where: IRParameter["in"]) => new Map(op.parameters[where].map((p) => [p.name, p]));
  let path = op.path;
  for (const [name, p] of byName("path")) {
    const text = serializeParameter("path", name, params.path[name], encodingOf(p)) ?? "";
    path = path.split(`{${name}}`).join(text);
  }
  const query: string[] = [];
  for (const [name, p] of byName("query")) {
    const text = serializeParameter("query", name, params.query[name], encodingOf(p));
    if (text) query.push(text);
  }
  const headers: Record<string, string> = {};
  for (const [name, p] of byName("header")) {
    const text = serializeParameter("header", name, params.header[name], encodingOf(p));
    if (text !== undefined) headers[name.toLowerCase()] = text;
  }
  const cookies: string[] = [];
  for (const [name, p] of byName("cookie")) {
    const text = serializeParameter("cookie", name, params.cookie[name], encodingOf(p));
    if (text) cookies.push(text);
  }
  if (withCredentials) ctx.credentialsFor(op)?.apply({ headers, query, cookies });
  if (cookies.length > 0) headers.cookie = cookies.join("; ");
  for (const [name, v] of Object.entries(ctx.headers)) headers[name.toLowerCase()] = v;
  let body: string | undefined;
  let form: Array<[string, string]> | undefined;
  if (
    media !== undefined &&
    value !== undefined &&
    mediaTypeEssence(media.mediaType) === "multipart/form-data"
  ) {
    form = multipartFields(value);
  } else if (media !== undefined && value !== undefined) {
    const serialized = serializeBody(media.mediaType, value);
    body = typeof serialized.body === "string" ? serialized.body : String(serialized.body);
    if (serialized.contentType) headers["content-type"] = serialized.contentType;
  }
  // A path key may carry a query part of its own (`/search?q={q}`): the others follow it.
  const separator = path.includes("?") ? "&" : "?";
  const url = joinUrl(ctx.baseUrl, path) + (query.length > 0 ? `${separator}${query.join("&")}` : "");
  const planned: PlannedRequest = { method: op.method.toUpperCase(), url, headers, params };
  if (body !== undefined) planned.body = body;
  if (form !== undefined) planned.form = form;
  if (media !== undefined && value !== undefined) {
    planned.bodyValue = value;
    planned.media = media;
  }
  return planned;
}

/**
 * Simple multipart bodies only: one text field per property (objects and arrays as JSON, array
 * items repeated), which is what most upload forms besides files take.
 */
function multipartFields(value: unknown): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  if (typeof value !== "object" || value === null) return fields;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v])
      fields.push([
        name,
        typeof item === "string" ? item : typeof item === "object" ? JSON.stringify(item) : String(item),
      ]);
  }
  return fields;
}

/** `http://h/v1` + `/orders` → `http://h/v1/orders` (the base path is kept, unlike `new URL`). */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`);
}
