/** Media type classification shared by request serialization, response parsing and the types. */

/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string | null | undefined): string {
  if (!contentType) return "";
  const semi = contentType.indexOf(";");
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** `application/json`, any `+json` suffix, and `*\/*`-style wildcards whose schema is JSON. */
export function isJsonMedia(mediaType: string): boolean {
  const m = essence(mediaType);
  return m === "application/json" || m.endsWith("+json") || m === "application/json-seq" || m === "text/json";
}

/** Media types read as text: `text/*`, XML, YAML. */
export function isTextMedia(mediaType: string): boolean {
  const m = essence(mediaType);
  return (
    m.startsWith("text/") ||
    m === "application/xml" ||
    m.endsWith("+xml") ||
    m === "application/yaml" ||
    m === "application/x-yaml" ||
    m.endsWith("+yaml") ||
    m === "application/javascript"
  );
}

/**
 * Whether a declared media type (which may hold wildcards like `image/*` or `*\/*`) covers an actual
 * response content type.
 */
export function mediaMatches(declared: string, actual: string): boolean {
  const d = essence(declared);
  const a = essence(actual);
  if (d === a || d === "*/*") return true;
  if (d.endsWith("/*")) return a.startsWith(d.slice(0, -1));
  return false;
}
