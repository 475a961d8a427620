/**
 * Headers OpenAPI says to ignore when a description lists them: a header parameter named Accept,
 * Content-Type or Authorization, and a response header named Content-Type. The media types and
 * the security schemes say those instead.
 */
const IGNORED_HEADER_PARAMETERS = new Set(["accept", "content-type", "authorization"]);

/** Whether a header parameter (`in: header`) of this name SHALL be ignored. */
export function isIgnoredHeaderParameter(name: string): boolean {
  return IGNORED_HEADER_PARAMETERS.has(name.toLowerCase());
}

/** Whether a response header of this name SHALL be ignored. */
export function isIgnoredResponseHeader(name: string): boolean {
  return name.toLowerCase() === "content-type";
}
