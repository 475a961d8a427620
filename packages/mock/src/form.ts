/**
 * Form bodies (`application/x-www-form-urlencoded`, `multipart/form-data`) turned into the value
 * their schema describes, by OpenAPI's rules: a repeated field is an array, text is typed by the
 * property's schema like a query parameter, a field whose `encoding.contentType` (or, for an object
 * property of a multipart body, the default `application/json`) is JSON is parsed, a url-encoded
 * field with an `encoding.style` is read like a query parameter of that style, and a part whose own
 * `Content-Type` is outside its `encoding.contentType` is reported. A multipart part's headers are
 * checked against its `encoding.headers`, and a field whose schema has a `contentEncoding` (base64,
 * …) must be valid in it; it stays the encoded text its string schema describes.
 */
import {
  coerce,
  escapePointerSegment,
  type IREncoding,
  type IRMediaType,
  type IRParameter,
  isJsonMediaType,
  type JsonSchema,
  joinPointer,
  mediaRangeCovers,
  mediaTypeEssence,
  readParameter,
  shapeOf,
} from "@contract/core";
import { contentEncodingProblem } from "./content-encoding.js";
import { boundaryOf, type RawPart, scanParts } from "./multipart-parts.js";
import { type CheckAt, parameterIssues } from "./parameter-issues.js";
import type { RequestIssue } from "./problem.js";
import { decodeQuery, parseQuery } from "./query.js";
import { itemsPointer, propertyPointer, stringKeyword } from "./schema-find.js";

/** One field of a form as it arrived. */
export interface FormField {
  name: string;
  text: string;
  /** A multipart part's own `Content-Type` (`application/octet-stream` counts as none). */
  contentType?: string;
  /** A part whose bytes are not text: kept as read, never typed as a number or boolean. */
  binary?: boolean;
  /** A multipart part's own headers, by lower-case name (absent for url-encoded fields). */
  headers?: Record<string, string>;
  /** A part's content as sent, where Node's parser decoded its `Content-Transfer-Encoding`. */
  encoded?: string;
}

/** Transfer encodings that leave the content as it is. */
const IDENTITY_TRANSFER = new Set(["7bit", "8bit", "binary"]);

/** A url-encoded body: its fields, and its pairs with values still encoded (for `encoding.style`). */
export interface UrlEncodedForm {
  fields: FormField[];
  pairs: [string, string][];
}

export function readUrlEncoded(text: string): UrlEncodedForm {
  const pairs = parseQuery(text);
  return { fields: pairs.map(([name, raw]) => ({ name, text: decodeQuery(raw) })), pairs };
}

/**
 * A multipart body's parts, read by the platform's own `multipart/form-data` parser (the one behind
 * `fetch`'s `Response.formData()`), loaded the first time a multipart body arrives. Throws when the
 * body is not multipart/form-data with the boundary its `Content-Type` names.
 */
export async function readMultipart(bytes: Uint8Array, contentType: string): Promise<FormField[]> {
  const form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { "content-type": contentType },
  }).formData();
  const entries = [...form];
  const parts = rawParts(bytes, contentType, entries.length);
  return Promise.all(entries.map(([name, value], index) => partField(name, value, parts?.[index])));
}

/**
 * The parts' headers and raw content, in the order of Node's entries: both parsers walk the same
 * delimiters. When they disagree on the number of parts, headers stay unknown (and unchecked)
 * rather than misassigned.
 */
function rawParts(bytes: Uint8Array, contentType: string, count: number): RawPart[] | undefined {
  const boundary = boundaryOf(contentType);
  const parts = boundary === undefined ? [] : scanParts(bytes, boundary);
  return parts.length === count ? parts : undefined;
}

async function partField(name: string, value: string | File, part: RawPart | undefined): Promise<FormField> {
  const transfer = part?.headers["content-transfer-encoding"]?.toLowerCase();
  const transferDecoded = transfer !== undefined && !IDENTITY_TRANSFER.has(transfer);
  // Node keeps the type of file parts only; a plain part's own Content-Type is in its headers.
  const type = mediaTypeEssence(typeof value === "string" ? part?.headers["content-type"] : value.type);
  const textual = type === "" || type.startsWith("text/") || isJsonMediaType(type);
  let text: string;
  if (typeof value === "string" && (textual || !part || transferDecoded)) text = value;
  else {
    const content =
      typeof value === "string" ? (part as RawPart).content : new Uint8Array(await value.arrayBuffer());
    // Bytes that are not text stay one character per byte, so lengths are byte counts.
    text = new TextDecoder(textual ? "utf-8" : "latin1").decode(content);
  }
  return {
    name,
    text,
    ...(type === "" || type === "application/octet-stream" ? {} : { contentType: type }),
    ...(textual ? {} : { binary: true }),
    ...(part ? { headers: part.headers } : {}),
    // Base64 and quoted-printable are ASCII: one character per byte keeps them as sent.
    ...(part && transferDecoded ? { encoded: Buffer.from(part.content).toString("latin1") } : {}),
  };
}

/** What reading a form needs besides the form: where issues go, the spec, and schema checks. */
export interface FormContext {
  issues: RequestIssue[];
  document: unknown;
  checkAt: CheckAt;
}

/** A form body as its schema sees it. */
export interface FormValue {
  value: Record<string, unknown>;
  /**
   * Pointers of fields already reported as unreadable (a JSON field that does not parse): they keep
   * their text, and the schema's verdict on that text would only repeat the report.
   */
  unreadable: string[];
}

/** The body as its schema sees it; problems the schema cannot see (JSON, part types) go to `issues`. */
export function formValue(
  media: IRMediaType,
  /** `pairs` for a url-encoded body; without them, a multipart one. */
  form: { fields: FormField[]; pairs?: [string, string][] },
  context: FormContext,
): FormValue {
  const { issues, document } = context;
  const properties = shapeOf(media.schema, document).properties;
  const encodings = media.encoding ?? {};
  const out: Record<string, unknown> = {};
  const unreadable: string[] = [];
  let fields = form.fields;
  if (form.pairs) {
    for (const [name, encoding] of Object.entries(encodings)) {
      const parameter = styledParameter(name, encoding, own(properties, name), media.pointer);
      if (!parameter) continue;
      const value = readParameter(
        parameter,
        { path: {}, query: form.pairs, headers: {}, cookies: {} },
        document,
      );
      if (value !== undefined) setOwn(out, name, value);
      const deep = `${name}[`;
      fields = fields.filter(
        (f) => f.name !== name && !(parameter.style === "deepObject" && f.name.startsWith(deep)),
      );
    }
  }
  const byName = new Map<string, FormField[]>();
  for (const field of fields) {
    const list = byName.get(field.name);
    if (list) list.push(field);
    else byName.set(field.name, [field]);
  }
  for (const [name, list] of byName) {
    const schema = own(properties, name);
    const encoding = own(encodings, name);
    const types = shapeOf(schema, document).types;
    const isList = types.has("array") && !types.has("string");
    const itemSchema = isList ? shapeOf(schema, document).items : schema;
    const at = `/body/${escapePointerSegment(name)}`;
    const valuePointer = schemaPointerOf(media, name, isList, document);
    const values = list.map((field, index) =>
      fieldValue(field, itemSchema, encoding, {
        at: isList || list.length > 1 ? `${at}/${index}` : at,
        fieldPointer: at,
        // A field without an encoding entry is read by the media type's defaults.
        encodingPointer: encoding ? joinPointer(media.pointer, "encoding", name) : media.pointer,
        ...(valuePointer !== undefined ? { schemaPointer: valuePointer } : {}),
        multipart: form.pairs === undefined,
        issues,
        unreadable,
        document,
        checkAt: context.checkAt,
      }),
    );
    setOwn(out, name, isList || values.length > 1 ? values : values[0]);
  }
  return { value: out, unreadable };
}

/** Where the schema of one value of field `name` is in the spec (its items' schema for a list). */
function schemaPointerOf(
  media: IRMediaType,
  name: string,
  isList: boolean,
  document: unknown,
): string | undefined {
  if (media.schemaPointer === undefined) return undefined;
  const property = propertyPointer(document, media.schemaPointer, name);
  if (property === undefined || !isList) return property;
  return itemsPointer(document, property);
}

/** A url-encoded property with a style of its own, as the query parameter it is read like. */
function styledParameter(
  name: string,
  encoding: IREncoding,
  schema: unknown,
  mediaPointer: string,
): IRParameter | undefined {
  if (encoding.style === undefined && encoding.explode === undefined) return undefined;
  const style = encoding.style ?? "form";
  const explode = encoding.explode ?? style === "form";
  // Form style, exploded, is what every field already is: a repeated field.
  if (style === "form" && explode) return undefined;
  return {
    name,
    in: "query",
    required: false,
    deprecated: false,
    style,
    explode,
    allowReserved: encoding.allowReserved ?? false,
    ...(schema !== undefined ? { schema: schema as JsonSchema } : {}),
    pointer: joinPointer(mediaPointer, "encoding", name),
  };
}

interface FieldContext {
  /** Pointer of this value in the body. */
  at: string;
  /** Pointer of the whole field (a repeated field's values share it). */
  fieldPointer: string;
  /** The field's Encoding Object, else the media type. */
  encodingPointer: string;
  /** The schema of this value in the spec, when the spec has one. */
  schemaPointer?: string;
  /** Parts of a multipart body have a default type by their schema; url-encoded fields are text. */
  multipart: boolean;
  issues: RequestIssue[];
  /** Where unreadable values are noted (see `FormValue.unreadable`). */
  unreadable: string[];
  document: unknown;
  checkAt: CheckAt;
}

function fieldValue(
  field: FormField,
  schema: unknown,
  encoding: IREncoding | undefined,
  context: FieldContext,
): unknown {
  const declared = encoding?.contentType;
  if (field.contentType !== undefined && declared !== undefined) {
    const ranges = declared.split(",").map((r) => r.trim());
    if (!ranges.some((range) => mediaRangeCovers(range, field.contentType as string)))
      context.issues.push({
        pointer: context.fieldPointer,
        specPointer: joinPointer(context.encodingPointer, "contentType"),
        message: `the part is ${field.contentType}; the contract encodes "${field.name}" as ${declared}`,
        keyword: "contentType",
      });
  }
  if (context.multipart) context.issues.push(...partHeaderIssues(field, encoding, context));
  const contentEncoding = keywordOf(context, "contentEncoding");
  if (contentEncoding) return encodedValue(field, contentEncoding, context);
  if (context.multipart && declared === undefined) checkContentMediaType(field, context);
  const effective =
    field.contentType ??
    singleType(declared) ??
    (context.multipart ? defaultPartType(schema, context.document) : undefined);
  if (effective !== undefined && isJsonMediaType(effective)) {
    try {
      return JSON.parse(field.text);
    } catch (error) {
      context.issues.push({
        pointer: context.at,
        specPointer: context.encodingPointer,
        message: `the field "${field.name}" is not valid JSON: ${(error as Error).message}`,
        keyword: "json",
      });
      context.unreadable.push(context.at);
      return field.text;
    }
  }
  if (field.binary) return field.text;
  // Form fields are text; their schema types them like query parameters.
  return coerce(field.text, schema, context.document);
}

function keywordOf(context: FieldContext, keyword: string): { value: string; pointer: string } | undefined {
  return context.schemaPointer === undefined
    ? undefined
    : stringKeyword(context.document, context.schemaPointer, keyword);
}

/**
 * The headers a part's Encoding Object declares (OpenAPI: multipart only; `Content-Type` is the
 * `contentType` field's job), reported at `<part>/header/<name>`. Unknown headers are not checked.
 */
function partHeaderIssues(
  field: FormField,
  encoding: IREncoding | undefined,
  context: FieldContext,
): RequestIssue[] {
  if (field.headers === undefined || !encoding?.headers) return [];
  const parts = { path: {}, query: [], headers: field.headers, cookies: {} };
  return encoding.headers
    .filter((header) => header.name.toLowerCase() !== "content-type")
    .flatMap((header) =>
      parameterIssues(
        header,
        parts,
        `${context.at}/header/${escapePointerSegment(header.name)}`,
        "part header",
        context.document,
        context.checkAt,
      ),
    );
}

/**
 * A value whose schema has a `contentEncoding`: its text must be valid in it, and it stays that text
 * (the string its schema describes). For a multipart part, OpenAPI 3.1 reads `contentEncoding` as a
 * `Content-Transfer-Encoding` of that value: a part that names another one is reported.
 */
function encodedValue(
  field: FormField,
  contentEncoding: { value: string; pointer: string },
  context: FieldContext,
): string {
  const transfer = field.headers?.["content-transfer-encoding"];
  if (
    context.multipart &&
    transfer !== undefined &&
    transfer.toLowerCase() !== contentEncoding.value.toLowerCase()
  )
    context.issues.push({
      pointer: `${context.at}/header/Content-Transfer-Encoding`,
      specPointer: contentEncoding.pointer,
      message: `the part is sent as ${transfer}; the schema of "${field.name}" says contentEncoding ${contentEncoding.value}`,
      keyword: "contentEncoding",
    });
  const text = field.encoded ?? field.text;
  const problem = contentEncodingProblem(text, contentEncoding.value, { lineBreaks: context.multipart });
  if (problem !== undefined)
    context.issues.push({
      pointer: context.at,
      specPointer: contentEncoding.pointer,
      message: `the field "${field.name}" is not valid ${contentEncoding.value}: ${problem}`,
      keyword: "contentEncoding",
    });
  return text;
}

/**
 * A part with a type of its own, and no `encoding.contentType`, must fit its schema's
 * `contentMediaType` (a part outside it is wrong whichever way OpenAPI's defaults are read).
 */
function checkContentMediaType(field: FormField, context: FieldContext): void {
  if (field.contentType === undefined) return;
  const declared = keywordOf(context, "contentMediaType");
  if (declared === undefined || mediaRangeCovers(declared.value, field.contentType)) return;
  context.issues.push({
    pointer: context.fieldPointer,
    specPointer: declared.pointer,
    message: `the part is ${field.contentType}; the schema of "${field.name}" says contentMediaType ${declared.value}`,
    keyword: "contentMediaType",
  });
}

/** `encoding.contentType` when it names one concrete type. */
function singleType(declared: string | undefined): string | undefined {
  if (declared === undefined || declared.includes(",") || declared.includes("*")) return undefined;
  return declared;
}

/** OpenAPI's default part type where it matters here: `application/json` for an object. */
function defaultPartType(schema: unknown, document: unknown): string | undefined {
  const types = shapeOf(schema, document).types;
  return types.has("object") && !types.has("string") ? "application/json" : undefined;
}

/** A field's entry, never one inherited from `Object.prototype` (a field named `constructor`). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `target[key] = value` that stays a plain own property even for a field named `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
