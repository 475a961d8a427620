/**
 * Request body serialization per media type: JSON (and `+json`), `application/x-www-form-urlencoded`
 * honouring the encoding object, `multipart/form-data` (Blob/File parts), text, and binary.
 */
import { essence, isJsonMedia } from "./media.js";
import { type ParameterEncoding, scalarText, serializeParameter } from "./serialize.js";

/** The encoding object of a form or multipart body, by property name. */
export type BodyEncoding = Record<string, ParameterEncoding>;

export interface SerializedBody {
  body: BodyInit | undefined;
  /** Content-Type to send; `undefined` lets fetch set it (multipart needs fetch's boundary). */
  contentType: string | undefined;
  /** Whether the body can be sent again on a retry (a stream can be read once only). */
  replayable: boolean;
}

export function serializeBody(mediaType: string, value: unknown, encoding?: BodyEncoding): SerializedBody {
  const m = essence(mediaType);
  if (value === undefined) return { body: undefined, contentType: undefined, replayable: true };
  if (m === "multipart/form-data") {
    return { body: multipart(value, encoding), contentType: undefined, replayable: true };
  }
  if (isRawBody(value)) {
    // Already a wire body (Blob, bytes, stream, FormData, URLSearchParams): send as is.
    const replayable = !(typeof ReadableStream !== "undefined" && value instanceof ReadableStream);
    return { body: value as BodyInit, contentType: mediaType, replayable };
  }
  if (m === "application/x-www-form-urlencoded") {
    return { body: formUrlEncoded(value, encoding), contentType: mediaType, replayable: true };
  }
  if (isJsonMedia(m) || m.includes("*")) {
    return {
      body: JSON.stringify(value),
      contentType: m.includes("*") ? "application/json" : mediaType,
      replayable: true,
    };
  }
  return { body: scalarText(value), contentType: mediaType, replayable: true };
}

function isRawBody(value: unknown): boolean {
  return (
    (typeof Blob !== "undefined" && value instanceof Blob) ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) ||
    (typeof FormData !== "undefined" && value instanceof FormData) ||
    (typeof URLSearchParams !== "undefined" && value instanceof URLSearchParams)
  );
}

/**
 * Each property is serialized like a `form` query parameter (style `form`, explode `true` unless the
 * encoding object says otherwise); a property whose encoding names a JSON content type is sent as JSON.
 */
export function formUrlEncoded(value: unknown, encoding?: BodyEncoding): string {
  const parts: string[] = [];
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const e = encoding?.[name];
    // A style in the encoding object wins over its contentType (the property is then a form value).
    const text = serializeParameter("query", name, v, e?.style ? { ...e, contentType: undefined } : e);
    if (text) parts.push(text);
  }
  return parts.join("&");
}

function multipart(value: unknown, encoding?: BodyEncoding): FormData {
  const form = new FormData();
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    const contentType = encoding?.[name]?.contentType;
    // Arrays become repeated parts with the same name, as multipart has no array syntax of its own.
    for (const item of Array.isArray(v) ? v : [v]) form.append(name, part(item, contentType));
  }
  return form;
}

function part(value: unknown, contentType: string | undefined): string | Blob {
  if (typeof Blob !== "undefined" && value instanceof Blob) return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return new Blob([value as BlobPart], { type: contentType ?? "application/octet-stream" });
  }
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    // Objects are JSON parts by default (OpenAPI's default contentType for object properties).
    return new Blob([JSON.stringify(value)], { type: contentType ?? "application/json" });
  }
  if (contentType && isJsonMedia(contentType))
    return new Blob([JSON.stringify(value)], { type: contentType });
  return scalarText(value);
}
