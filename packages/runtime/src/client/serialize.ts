/**
 * Parameter serialization for every `style` × `explode` × location of the OpenAPI specification
 * (3.1.1 style table, which follows RFC 6570), with strict RFC 3986 percent-encoding.
 */

export type ParameterStyle =
  | "matrix"
  | "label"
  | "simple"
  | "form"
  | "spaceDelimited"
  | "pipeDelimited"
  | "deepObject"
  | "cookie";

export type ParameterLocation = "path" | "query" | "header" | "cookie";

/** How one parameter is serialized; anything left out takes the location's default. */
export interface ParameterEncoding {
  style?: ParameterStyle;
  explode?: boolean;
  allowReserved?: boolean;
  /** Parameters described with `content`: the value is serialized as this media type first. */
  contentType?: string;
}

const DEFAULT_STYLE: Record<ParameterLocation, ParameterStyle> = {
  path: "simple",
  query: "form",
  header: "simple",
  cookie: "form",
};

// encodeURIComponent leaves the sub-delimiters !'()* alone; RFC 3986 reserves them, so escape them too.
const HAS_SUB_DELIM = /[!'()*]/;
const SUB_DELIMS = /[!'()*]/g;
const escapeSubDelim = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
// With allowReserved, RFC 3986 reserved characters and existing %XX triplets go through untouched.
const RESERVED_ESCAPED = /%(3A|2F|3F|23|5B|5D|40|21|24|26|27|28|29|2A|2B|2C|3B|3D)/gi;
const ESCAPED_TRIPLET = /%25([0-9A-Fa-f]{2})/g;

/** Percent-encodes everything except RFC 3986 unreserved characters (and reserved ones when allowed). */
export function percentEncode(text: string, allowReserved = false): string {
  let out = encodeURIComponent(text);
  if (HAS_SUB_DELIM.test(out)) out = out.replace(SUB_DELIMS, escapeSubDelim);
  if (allowReserved) out = out.replace(RESERVED_ESCAPED, decodeURIComponent).replace(ESCAPED_TRIPLET, "%$1");
  return out;
}

type Encoder = (text: string) => string;
const identity: Encoder = (text) => text;
const strict: Encoder = (text) => percentEncode(text);
const reserved: Encoder = (text) => percentEncode(text, true);

/** Text of one scalar inside a parameter; nested structures have no spec-defined form, so they become JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const isPresent = (value: unknown) => value !== undefined && value !== null;

/**
 * Serializes one parameter value for its location:
 * - path: the text replacing `{name}` (with the `.`/`;name=` prefix of label/matrix);
 * - query: `name=value` pairs joined by `&` (`""` when there is nothing to send);
 * - header: the header value;
 * - cookie: `name=value` pairs joined by `; `.
 * Returns `undefined` when the parameter is absent.
 */
export function serializeParameter(
  location: ParameterLocation,
  name: string,
  value: unknown,
  encoding: ParameterEncoding | undefined,
): string | undefined {
  if (!isPresent(value)) return undefined;
  const style = encoding?.style ?? DEFAULT_STYLE[location];
  const explode = encoding?.explode ?? (style === "form" || style === "cookie");
  if (encoding?.contentType) value = contentText(value, encoding.contentType);
  // Header values are sent as written (fetch rejects what HTTP cannot carry); everything else is percent-encoded.
  const enc = location === "header" ? identity : encoding?.allowReserved ? reserved : strict;
  const encName = location === "header" ? identity : strict;
  const pairSep = location === "cookie" ? "; " : "&";
  if (Array.isArray(value))
    return serializeArray(style, explode, encName(name), value.filter(isPresent), enc, pairSep);
  if (typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => isPresent(v));
    if (style === "deepObject") return deepObject(encName(name), entries, enc);
    return serializeObject(style, explode, encName(name), entries, enc, pairSep);
  }
  return serializeScalar(style, encName(name), enc(scalarText(value)));
}

function contentText(value: unknown, contentType: string): string {
  return /json/i.test(contentType) ? JSON.stringify(value) : scalarText(value);
}

function serializeScalar(style: ParameterStyle, name: string, text: string): string {
  switch (style) {
    case "simple":
      return text;
    case "label":
      return `.${text}`;
    case "matrix":
      return text === "" ? `;${name}` : `;${name}=${text}`;
    default:
      return `${name}=${text}`;
  }
}

function serializeArray(
  style: ParameterStyle,
  explode: boolean,
  name: string,
  values: unknown[],
  enc: Encoder,
  pairSep: string,
): string {
  const items = values.map((v) => enc(scalarText(v)));
  switch (style) {
    case "simple":
      return items.join(",");
    case "label":
      return `.${items.join(explode ? "." : ",")}`;
    case "matrix":
      if (items.length === 0) return `;${name}`;
      return explode ? items.map((i) => `;${name}=${i}`).join("") : `;${name}=${items.join(",")}`;
    default: {
      if (explode) return items.map((i) => `${name}=${i}`).join(pairSep);
      return `${name}=${items.join(delimiter(style))}`;
    }
  }
}

function serializeObject(
  style: ParameterStyle,
  explode: boolean,
  name: string,
  entries: [string, unknown][],
  enc: Encoder,
  pairSep: string,
): string {
  const pairs = entries.map(([k, v]) => [enc(k), enc(scalarText(v))] as const);
  const flat = () => pairs.flat();
  const assigned = (sep: string, prefix = "") => pairs.map(([k, v]) => `${prefix}${k}=${v}`).join(sep);
  switch (style) {
    case "simple":
      return explode ? assigned(",") : flat().join(",");
    case "label":
      return explode ? assigned("", ".") : `.${flat().join(",")}`;
    case "matrix":
      return explode ? assigned("", ";") : `;${name}=${flat().join(",")}`;
    default:
      return explode ? assigned(pairSep) : `${name}=${flat().join(delimiter(style))}`;
  }
}

function delimiter(style: ParameterStyle): string {
  if (style === "spaceDelimited") return "%20";
  if (style === "pipeDelimited") return "|";
  return ",";
}

/** `name[key]=value`; nested objects nest brackets, arrays repeat the key (the spec leaves both open). */
function deepObject(name: string, entries: [string, unknown][], enc: Encoder): string {
  const out: string[] = [];
  const walk = (prefix: string, value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) if (isPresent(item)) walk(prefix, item);
    } else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
      for (const [k, v] of Object.entries(value)) if (isPresent(v)) walk(`${prefix}[${enc(k)}]`, v);
    } else {
      out.push(`${prefix}=${enc(scalarText(value))}`);
    }
  };
  for (const [k, v] of entries) walk(`${name}[${enc(k)}]`, v);
  return out.join("&");
}
