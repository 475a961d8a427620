/**
 * The runtime `OperationSpec` of each operation, printed as a literal: only what serialization, auth,
 * `Accept` and validation need, with parameters at their location's default left out.
 */
import type {
  IRHttpOperation,
  IRMediaType,
  IRParameter,
  PaginationRule,
  ParameterLocation,
} from "@contract/core";
import { PARAMETER_LOCATIONS } from "@contract/core";

type Literal = Record<string, unknown>;

/**
 * A plain object whose keys come from the spec: null prototype, so that a parameter or property
 * named `__proto__` is an entry and not a prototype change.
 */
const entries = (): Literal => Object.create(null) as Literal;

const DEFAULT_STYLE: Record<ParameterLocation, string> = {
  path: "simple",
  query: "form",
  header: "simple",
  cookie: "form",
};

export function operationSpec(op: IRHttpOperation, pagination?: PaginationRule): Literal {
  const spec: Literal = { id: op.id, method: op.method, path: op.path };
  const params = parameterEncodings(op);
  if (params) spec.params = params;
  const body = bodySpec(op.requestBody?.content ?? []);
  if (body) spec.body = body;
  const accept = acceptHeader(op);
  if (accept) spec.accept = accept;
  spec.responses = Object.fromEntries(op.responses.map((r) => [r.status, r.content.map((c) => c.mediaType)]));
  if (op.security.length > 0) spec.security = op.security.map((alternative) => Object.keys(alternative));
  if (pagination) spec.pagination = pagination;
  return spec;
}

function parameterEncodings(op: IRHttpOperation): Literal | undefined {
  const out = entries();
  for (const location of PARAMETER_LOCATIONS) {
    const encodings = entries();
    for (const p of op.parameters[location]) {
      const e = parameterEncoding(p);
      if (e) encodings[p.name] = e;
    }
    if (Object.keys(encodings).length > 0) out[location] = encodings;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function parameterEncoding(p: IRParameter): Literal | undefined {
  const e: Literal = {};
  const defaultStyle = DEFAULT_STYLE[p.in];
  const defaultExplode = p.style === "form" || p.style === "cookie";
  if (p.style !== defaultStyle) e.style = p.style;
  if (p.explode !== defaultExplode || p.style !== defaultStyle) e.explode = p.explode;
  if (p.allowReserved) e.allowReserved = true;
  if (p.content) e.contentType = p.content.mediaType;
  return Object.keys(e).length > 0 ? e : undefined;
}

/** `application/json` first, as the media type a caller may leave implicit. */
export function orderedBodyMedia(content: IRMediaType[]): IRMediaType[] {
  const json = content.filter((c) => c.mediaType === "application/json");
  return [...json, ...content.filter((c) => c.mediaType !== "application/json")];
}

function bodySpec(content: IRMediaType[]): Literal | undefined {
  if (content.length === 0) return undefined;
  const ordered = orderedBodyMedia(content);
  const body: Literal = { mediaTypes: ordered.map((c) => c.mediaType) };
  const encoding = entries();
  for (const media of ordered) {
    if (!media.encoding) continue;
    const byProperty = entries();
    for (const [property, e] of Object.entries(media.encoding)) {
      const out: Literal = {};
      if (e.contentType) out.contentType = e.contentType;
      if (e.style) out.style = e.style;
      if (e.explode !== undefined) out.explode = e.explode;
      if (e.allowReserved) out.allowReserved = true;
      byProperty[property] = out;
    }
    encoding[media.mediaType] = byProperty;
  }
  if (Object.keys(encoding).length > 0) body.encoding = encoding;
  return body;
}

function acceptHeader(op: IRHttpOperation): string | undefined {
  const types = new Set<string>();
  for (const r of op.responses) for (const c of r.content) types.add(c.mediaType);
  return types.size > 0 ? [...types].join(", ") : undefined;
}

/** Prints a JSON-compatible value as a one-line TypeScript literal (JSON.stringify escapes every string). */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => literal(v)).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${literalKey(k)}: ${literal(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** Names `Object.prototype` already has (`toString`, `constructor`...), `__proto__` aside. */
const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype).filter((n) => n !== "__proto__"));

/**
 * A key of a literal that a `Record<string, T>` types: a spec name such as a security scheme called
 * `toString` is typed by Object's `toString` method rather than by `T` when written as a plain key,
 * so its string values widen to `string` and no longer match `T`'s literal types. A computed key of
 * type `string` is typed by the index signature.
 */
function literalKey(key: string): string {
  return OBJECT_MEMBERS.has(key) ? `[${JSON.stringify(key)} as string]` : propertyKey(key);
}

/**
 * An object-literal key. `__proto__` must be computed: written plainly (even quoted) it would set the
 * prototype instead of creating a property.
 */
export function propertyKey(key: string): string {
  if (key === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}
