/**
 * Reads parameters out of a request by their `style` and `explode` (the reverse of the client's
 * serializer in @contract/runtime/client): text, list of texts or record of texts, which `coerce`
 * then types by the schema. `undefined` means the parameter is absent.
 */
import type { IRParameter } from "../ir.js";
import { coerce, shapeOf } from "./coerce.js";

export interface RawRequestParts {
  /** Raw path template variables, still percent-encoded. */
  path: Record<string, string>;
  /** Query pairs in order: names decoded, values still percent-encoded (an encoded `,` is no delimiter). */
  query: [string, string][];
  /** Header values by lower-case name. */
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string>;
}

type Raw = string | string[] | Record<string, string> | Record<string, unknown>;

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export function readParameter(parameter: IRParameter, parts: RawRequestParts, document: unknown): unknown {
  const raw = rawParameter(parameter, parts, document);
  if (raw === undefined) return undefined;
  if (parameter.content) {
    const text = Array.isArray(raw) ? raw.join(",") : String(raw);
    if (/json/i.test(parameter.content.mediaType)) {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    return text;
  }
  return coerce(raw, parameter.schema, document);
}

function rawParameter(p: IRParameter, parts: RawRequestParts, document: unknown): Raw | undefined {
  const kind = kindOf(p, document);
  switch (p.in) {
    case "path": {
      const text = parts.path[p.name];
      return text === undefined ? undefined : fromPath(p, text, kind);
    }
    case "header": {
      const value = parts.headers[p.name.toLowerCase()];
      if (value === undefined) return undefined;
      return fromSimple(Array.isArray(value) ? value.join(",") : value, kind, p.explode, (t) => t);
    }
    case "cookie": {
      const value = parts.cookies[p.name];
      return value === undefined ? undefined : fromSimple(value, kind, false, decode);
    }
    case "query":
      return fromQuery(p, parts.query, kind, document);
  }
}

type Kind = "scalar" | "array" | "object";

function kindOf(p: IRParameter, document: unknown): Kind {
  if (p.content) return "scalar";
  const types = shapeOf(p.schema, document).types;
  if (types.has("array") && !types.has("string")) return "array";
  if (types.has("object") && !types.has("string")) return "object";
  return "scalar";
}

/** `a,b,c` → list; `k,v,k2,v2` (or `k=v,k2=v2` exploded) → record. */
function fromSimple(text: string, kind: Kind, explode: boolean, dec: (t: string) => string): Raw {
  if (kind === "scalar") return dec(text);
  const items = text === "" ? [] : text.split(",");
  if (kind === "array") return items.map(dec);
  return pairsToRecord(items, explode, "=", dec);
}

function pairsToRecord(items: string[], explode: boolean, sep: string, dec: (t: string) => string): Raw {
  const out: Record<string, string> = {};
  if (explode) {
    for (const item of items) {
      const at = item.indexOf(sep);
      if (at === -1) out[dec(item)] = "";
      else out[dec(item.slice(0, at))] = dec(item.slice(at + 1));
    }
  } else {
    for (let i = 0; i + 1 < items.length; i += 2) out[dec(items[i] as string)] = dec(items[i + 1] as string);
  }
  return out;
}

function fromPath(p: IRParameter, text: string, kind: Kind): Raw {
  if (p.style === "label") {
    const body = text.startsWith(".") ? text.slice(1) : text;
    if (kind === "scalar") return decode(body);
    const items = body === "" ? [] : body.split(p.explode ? "." : ",");
    if (kind === "array") return items.map(decode);
    return pairsToRecord(p.explode ? items : body.split(","), p.explode, "=", decode);
  }
  if (p.style === "matrix") {
    const pieces = text.split(";").filter((s) => s !== "");
    if (kind === "object" && p.explode) return pairsToRecord(pieces, true, "=", decode);
    const values = pieces.map((piece) => {
      const at = piece.indexOf("=");
      return at === -1 ? "" : piece.slice(at + 1);
    });
    if (kind === "scalar") return decode(values[0] ?? "");
    if (kind === "array") return p.explode ? values.map(decode) : (values[0] ?? "").split(",").map(decode);
    return pairsToRecord((values[0] ?? "").split(","), false, "=", decode);
  }
  return fromSimple(text, kind, p.explode, decode);
}

// Delimiters as they appear before decoding: a space may come as `%20` or `+`, a pipe as `%7C`.
const DELIMITERS: Partial<Record<IRParameter["style"], RegExp>> = {
  form: /,/,
  spaceDelimited: /%20|\+| /,
  pipeDelimited: /\||%7C/i,
};

/** Query text: `+` is a space (HTML forms), then percent-decoding. */
const decodeQuery = (text: string): string => decode(text.replace(/\+/g, " "));

function fromQuery(
  p: IRParameter,
  query: [string, string][],
  kind: Kind,
  document: unknown,
): Raw | undefined {
  if (p.style === "deepObject") return deepObject(p.name, query);
  if (kind === "object" && p.explode) {
    // Exploded objects spread their properties over the query: take the ones the schema declares.
    const properties = shapeOf(p.schema, document).properties;
    const out: Record<string, string> = {};
    for (const [name, value] of query) if (name in properties) out[name] = decodeQuery(value);
    return Object.keys(out).length > 0 ? out : undefined;
  }
  const values = query.filter(([name]) => name === p.name).map(([, value]) => value);
  if (values.length === 0) return undefined;
  if (kind === "scalar") return decodeQuery(values[0] as string);
  const delimiter = DELIMITERS[p.style] ?? /,/;
  const items = p.explode ? values : values.flatMap((v) => (v === "" ? [] : v.split(delimiter)));
  if (kind === "array") return items.map(decodeQuery);
  return pairsToRecord(items, false, "=", decodeQuery);
}

/** `filter[status]=a&filter[tag][name]=b` → `{ status: "a", tag: { name: "b" } }`. */
function deepObject(name: string, query: [string, string][]): Record<string, unknown> | undefined {
  const prefix = `${name}[`;
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of query) {
    if (!key.startsWith(prefix)) continue;
    const path = [...key.slice(name.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "");
    if (path.length === 0) continue;
    out ??= {};
    let node = out;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      if (next === null || typeof next !== "object" || Array.isArray(next)) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    }
    const last = path[path.length - 1] as string;
    const existing = node[last];
    // A repeated key is a list (the client sends arrays inside deep objects that way).
    const text = decodeQuery(value);
    node[last] =
      existing === undefined ? text : Array.isArray(existing) ? [...existing, text] : [existing, text];
  }
  return out;
}
