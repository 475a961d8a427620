/** Media type matching of response content types against the declared ones. */

/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string | null | undefined): string {
  if (!contentType) return "";
  const semi = contentType.indexOf(";");
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

export function isJsonMedia(mediaType: string): boolean {
  const m = essence(mediaType);
  return m === "application/json" || m.endsWith("+json") || m === "text/json";
}

/** Whether a declared media type (wildcards allowed) covers an actual content type. */
export function mediaMatches(declared: string, actual: string): boolean {
  const d = essence(declared);
  const a = essence(actual);
  if (d === a || d === "*/*") return true;
  if (d.endsWith("/*")) return a.startsWith(d.slice(0, -1));
  return false;
}
