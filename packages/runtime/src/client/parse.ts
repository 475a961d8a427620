/** Response body parsing by media type (or as the caller asks with `parseAs`). */
import { essence, isJsonMedia, isTextMedia } from "./media.js";

export type ParseAs = "auto" | "json" | "text" | "blob" | "arrayBuffer" | "stream";

/** Statuses that never carry a body. */
const EMPTY_STATUSES = new Set([204, 205, 304]);

export async function parseResponseBody(
  response: Response,
  parseAs: ParseAs,
  method: string,
): Promise<unknown> {
  if (EMPTY_STATUSES.has(response.status) || method === "head") {
    await response.body?.cancel();
    return undefined;
  }
  switch (parseAs) {
    case "stream":
      return response.body;
    case "json":
      return parseJson(await response.text());
    case "text":
      return response.text();
    case "blob":
      return response.blob();
    case "arrayBuffer":
      return response.arrayBuffer();
  }
  const contentType = essence(response.headers.get("content-type"));
  if (contentType === "") {
    // No declared type: JSON if it parses, else text; empty stays undefined.
    const text = await response.text();
    if (text === "") return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (isJsonMedia(contentType)) return parseJson(await response.text());
  if (isTextMedia(contentType) || contentType === "application/x-www-form-urlencoded") return response.text();
  return response.blob();
}

// Servers often send an empty body with a JSON content type (e.g. on 201/202): that is "no data".
const parseJson = (text: string): unknown => (text === "" ? undefined : JSON.parse(text));
