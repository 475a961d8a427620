/** Media types as `contract verify` and `contract mock` compare them: essence, JSON, ranges. */

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeEssence(contentType: string | null | undefined): string {
  if (!contentType) return "";
  const semi = contentType.indexOf(";");
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** A JSON body: `application/json`, any `+json` suffix, `text/json`. */
export function isJsonMediaType(mediaType: string): boolean {
  const m = mediaTypeEssence(mediaType);
  return m === "application/json" || m.endsWith("+json") || m === "text/json";
}

/** Whether `range` (a media type, `type/*`, `*\/*` or `*`) covers `mediaType`. */
export function mediaRangeCovers(range: string, mediaType: string): boolean {
  const r = mediaTypeEssence(range);
  const m = mediaTypeEssence(mediaType);
  if (r === m || r === "*/*" || r === "*") return true;
  if (r.endsWith("/*")) return m.startsWith(r.slice(0, -1));
  return false;
}
